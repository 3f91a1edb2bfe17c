// SPDX-License-Identifier: LGPL-2.1-or-later
// dumpXPath: what `iface-dumpxml --xpath EXPR [--wrap]` prints for a document.
#pragma once

#include <string>
#include <string_view>

#include "ifkit/error.h"

namespace ifkit::cli {

// Evaluates `expr` on `xml` (context node: the root element) and returns what virsh prints:
// each node of the resulting set serialized and followed by a line feed, or with `wrap` all of
// them copied under one <nodes> element. An expression libxml2 cannot compile is reported by
// libxml2 itself on standard error ("XPath error : Invalid expression") and selects nothing,
// as in virsh. One whose value is not a node set (count(), string()) fails with libvirt's
// "internal error: Incorrect xpath 'EXPR'". A failure with an empty message has nothing to
// print (virsh prints nothing either).
Result<std::string> dumpXPath(std::string_view xml, const std::string& expr, bool wrap);

}  // namespace ifkit::cli
