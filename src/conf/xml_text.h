// SPDX-License-Identifier: LGPL-2.1-or-later
// Whether XML can carry a text at all, for values that come from outside a document.
//
// Every value ifkit parses came out of XML, so writing it back is always well-formed (D1 escapes
// the rest). The kernel's link names did not: a name may hold any byte but '/', ':', whitespace
// and NUL, and XML 1.0 has no way, raw or as a character reference, to write a control
// character other than tab, LF and CR, nor bytes that are not UTF-8. Such a name cannot be
// described in XML that is well-formed.
//
//   if (const std::string* name = firstNameXmlCannotCarry(def)) return refuse(*name);
#pragma once

#include <string>
#include <string_view>

#include "conf/interface_def.h"

namespace ifkit::conf {

// `text` is UTF-8 made only of XML 1.0's characters (its Char production).
bool isXmlText(std::string_view text);

// The first name in `def` that XML cannot carry: its own, its bridge members', bond slaves' (and
// theirs), its VLAN parent's; nullptr when there is none.
const std::string* firstNameXmlCannotCarry(const InterfaceDef& def);
// The answer points into `def`: a temporary would leave it dangling.
const std::string* firstNameXmlCannotCarry(InterfaceDef&& def) = delete;

}  // namespace ifkit::conf
