// SPDX-License-Identifier: LGPL-2.1-or-later
// The one table of libvirt's error texts, and the constructors that fill it in.
#include "ifkit/error.h"

#include <array>

namespace ifkit {
namespace {

struct ErrorText {
  ErrorNumber number;
  std::string_view bare;        // used when there is no detail
  std::string_view withDetail;  // "%s" marks where the detail goes
};

// libvirt's wording (virerror.c), for the numbers ifkit raises. Keep in enum order.
constexpr std::array kErrorTexts{
    ErrorText{ErrorNumber::Ok, "", "%s"},
    ErrorText{ErrorNumber::InternalError, "internal error", "internal error: %s"},
    ErrorText{ErrorNumber::NoMemory, "out of memory", "out of memory: %s"},
    ErrorText{ErrorNumber::NoSupport, "this function is not supported by the connection driver",
              "this function is not supported by the connection driver: %s"},
    ErrorText{ErrorNumber::NoConnect, "no connection driver available",
              "no connection driver available for %s"},
    ErrorText{ErrorNumber::InvalidConn, "invalid connection pointer in",
              "invalid connection pointer in %s"},
    ErrorText{ErrorNumber::InvalidArg, "invalid argument", "invalid argument: %s"},
    ErrorText{ErrorNumber::OperationFailed, "operation failed", "operation failed: %s"},
    ErrorText{ErrorNumber::XmlError, "XML description is invalid or not well formed",
              "XML error: %s"},
    ErrorText{ErrorNumber::OperationDenied, "operation forbidden for read only access",
              "operation forbidden: %s"},
    ErrorText{ErrorNumber::XmlDetail, "parser error", "%s"},
    ErrorText{ErrorNumber::SystemError, "system call error", "%s"},
    ErrorText{ErrorNumber::Rpc, "RPC error", "%s"},
    ErrorText{ErrorNumber::InvalidMac, "invalid MAC address", "invalid MAC address: %s"},
    ErrorText{ErrorNumber::AuthFailed, "authentication failed", "authentication failed: %s"},
    ErrorText{ErrorNumber::OperationInvalid, "Requested operation is not valid",
              "Requested operation is not valid: %s"},
    ErrorText{ErrorNumber::NoInterface, "Interface not found", "Interface not found: %s"},
    ErrorText{ErrorNumber::InvalidInterface, "invalid interface pointer in",
              "invalid interface pointer in %s"},
    ErrorText{ErrorNumber::MultipleInterfaces, "multiple matching interfaces found",
              "multiple matching interfaces found: %s"},
    ErrorText{ErrorNumber::ConfigUnsupported, "unsupported configuration",
              "unsupported configuration: %s"},
    ErrorText{ErrorNumber::OperationTimeout, "Timed out during operation",
              "Timed out during operation: %s"},
    ErrorText{ErrorNumber::OperationUnsupported, "Operation not supported",
              "Operation not supported: %s"},
    ErrorText{ErrorNumber::XmlInvalidSchema, "XML document failed to validate against schema",
              "XML document failed to validate against schema: %s"},
};

constexpr bool tableIsSorted() {
  for (std::size_t i = 1; i < kErrorTexts.size(); ++i)
    if (kErrorTexts[i - 1].number >= kErrorTexts[i].number) return false;
  return true;
}
static_assert(tableIsSorted(), "kErrorTexts must be in ascending enum order, without repeats");
// Every enumerator has a row: the last one closes the table, and the count matches the enum.
static_assert(kErrorTexts.back().number == ErrorNumber::XmlInvalidSchema);
static_assert(kErrorTexts.size() == 23, "add a row to kErrorTexts for each new ErrorNumber");

const ErrorText* findText(ErrorNumber number) {
  for (const auto& row : kErrorTexts)
    if (row.number == number) return &row;
  return nullptr;
}

}  // namespace

std::string_view errorTemplate(ErrorNumber number, bool withDetail) {
  const ErrorText* row = findText(number);
  if (row == nullptr) return withDetail ? "%s" : "unknown error";
  return withDetail ? row->withDetail : row->bare;
}

Error makeError(ErrorNumber number, ErrorDomain domain, std::string_view detail) {
  Error e;
  e.number = number;
  e.domain = domain;
  std::string_view tmpl = errorTemplate(number, !detail.empty());
  e.str1 = std::string(tmpl);
  if (detail.empty()) {
    e.message = std::string(tmpl);
  } else {
    e.str2 = std::string(detail);
    const auto at = tmpl.find("%s");
    e.message = std::string(tmpl.substr(0, at));
    e.message += detail;
    e.message += tmpl.substr(at + 2);
  }
  return e;
}

Error makeBareError(ErrorNumber number, ErrorDomain domain, std::string message) {
  Error e;
  e.number = number;
  e.domain = domain;
  e.message = std::move(message);
  return e;
}

}  // namespace ifkit
