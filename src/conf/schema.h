// SPDX-License-Identifier: LGPL-2.1-or-later
// Validation of a parsed document against libvirt's RelaxNG schema (VIR_INTERFACE_DEFINE_VALIDATE).
#pragma once

#include <libxml/tree.h>

#include <string>

#include "ifkit/error.h"

namespace ifkit::conf {

// Code 92 with libvirt's message: "Unable to validate doc against PATH", a line feed, then
// libxml2's RelaxNG messages, each ending in a line feed.
Status validateAgainstSchema(xmlDoc* doc, const std::string& schemaPath);

}  // namespace ifkit::conf
