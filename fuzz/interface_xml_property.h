// SPDX-License-Identifier: LGPL-2.1-or-later
// The property the XML fuzzer checks, shared with the regression test that replays the inputs
// it once found: for any bytes, parsing either fails cleanly or gives a model whose formatted
// text parses back to the same model and formats to the same text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ifkit::fuzz {

// Returns an empty string when the property holds, else what broke.
std::string checkInterfaceXmlProperty(const std::uint8_t* data, std::size_t size);

}  // namespace ifkit::fuzz
