// SPDX-License-Identifier: LGPL-2.1-or-later
// ifkit/error.h: the one error type of ifkit, carrying libvirt's numbers and wording.
//
// Every failure in ifkit is an `Error` value: libvirt's error number and domain, the complete
// message as libvirt would word it, and the extra fields that cross libvirt's wire protocol.
// Functions that can fail return `Result<T>` (or `Status` for no value), shaped like
// std::expected<T, Error>:
//
//   ifkit::Result<Interface> iface = conn.lookupByName("br0");
//   if (!iface) { std::cerr << iface.error().message << '\n'; return 1; }
//   std::string xml = iface->xmlDesc(0).value();
//
// Which number to pick:
//   XmlError          a document that is well-formed but describes no valid interface
//   XmlDetail         a document that is not well-formed XML (libxml2's own report)
//   OperationInvalid  the call is fine but the object is in the wrong state (start an active one)
//   OperationFailed   the host refused a change
//   NoInterface       a lookup found nothing
//   InvalidArg        bad flags or arguments to the call itself
//   OperationDenied   a change on a read-only connection
//   InternalError     a bug in ifkit; nothing else
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace ifkit {

// libvirt's virErrorNumber: the same values, so an error crosses the wire unchanged.
enum class ErrorNumber : int {
  Ok = 0,
  InternalError = 1,
  NoMemory = 2,
  NoSupport = 3,
  NoConnect = 5,
  InvalidConn = 6,
  InvalidArg = 8,
  OperationFailed = 9,
  XmlError = 27,
  OperationDenied = 29,
  XmlDetail = 35,
  SystemError = 38,
  Rpc = 39,
  InvalidMac = 44,
  AuthFailed = 45,
  OperationInvalid = 55,
  NoInterface = 57,
  InvalidInterface = 58,
  MultipleInterfaces = 59,
  ConfigUnsupported = 67,
  OperationTimeout = 68,
  OperationUnsupported = 84,
  XmlInvalidSchema = 92,
};

// libvirt's virErrorDomain: which part of the system raised the error.
enum class ErrorDomain : int {
  None = 0,
  Xml = 5,
  Rpc = 7,
  Test = 12,
  Remote = 13,
  Interface = 26,
};

// libvirt's virErrorLevel; ifkit raises only errors.
enum class ErrorLevel : int { None = 0, Warning = 1, Error = 2 };

struct Error {
  ErrorNumber number = ErrorNumber::InternalError;
  ErrorDomain domain = ErrorDomain::None;
  std::string message;  // complete text in libvirt's wording: "Interface not found: ..."
  int sysErrno = 0;     // errno of the syscall or netlink ack behind it, 0 if none
  // What virErrorPtr carries besides the message and travels on the wire: str1 is the
  // message template, str2 the detail; int1 and int2 are -1 unless a call site says otherwise.
  ErrorLevel level = ErrorLevel::Error;
  std::string str1, str2, str3;
  int int1 = -1, int2 = -1;

  bool operator==(const Error&) const = default;
};

// Builds an error whose message is libvirt's template for `number` filled with `detail`
// (or its detail-less form when `detail` is empty): makeError(NoInterface, Test, "no interface
// with matching name 'x'") gives "Interface not found: no interface with matching name 'x'".
Error makeError(ErrorNumber number, ErrorDomain domain, std::string_view detail = {});

// An error whose message is exactly `message`, with no template around it (libvirt's argument
// checks and XML syntax reports read this way).
Error makeBareError(ErrorNumber number, ErrorDomain domain, std::string message);

// The template libvirt uses for `number`: with a detail ("Interface not found: %s") or without.
std::string_view errorTemplate(ErrorNumber number, bool withDetail);

// Result<T>: a T or an Error. Must be used.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}   // NOLINT: implicit on purpose
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { assert(!ok()); return std::get<1>(v_); }
  Error&& error() && { assert(!ok()); return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

// Status: success, or an Error. Must be used.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT: implicit on purpose

  static Status success() { return Status(); }
  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { assert(failed_); return error_; }
  Error&& error() && { assert(failed_); return std::move(error_); }

 private:
  Error error_;
  bool failed_ = false;
};

}  // namespace ifkit
