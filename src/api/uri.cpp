// SPDX-License-Identifier: LGPL-2.1-or-later
// parseUri: split a connection URI into scheme, server, path and query.
#include "api/uri.h"

#include <cctype>
#include <string>

namespace ifkit::api {
namespace {

bool isSchemeChar(char c, bool first) {
  const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (first) return alpha;
  return alpha || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

}  // namespace

Uri parseUri(std::string_view text) {
  Uri uri;
  std::string_view rest = text;
  const auto colon = rest.find(':');
  bool schemeOk = colon != std::string_view::npos && colon > 0;
  for (std::size_t i = 0; schemeOk && i < colon; ++i) schemeOk = isSchemeChar(rest[i], i == 0);
  if (schemeOk) {
    uri.scheme = std::string(rest.substr(0, colon));
    rest.remove_prefix(colon + 1);
  }
  if (const auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  if (const auto q = rest.find('?'); q != std::string_view::npos) {
    uri.query = std::string(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  if (rest.starts_with("//")) {
    rest.remove_prefix(2);
    const auto slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
      uri.user = std::string(authority.substr(0, at));
      authority.remove_prefix(at + 1);
    }
    if (const auto port = authority.rfind(':'); port != std::string_view::npos &&
                                                authority.find(']', port) == std::string_view::npos) {
      uri.port = std::string(authority.substr(port + 1));
      authority = authority.substr(0, port);
    }
    if (!authority.empty()) uri.server = std::string(authority);
  }
  uri.path = std::string(rest);
  return uri;
}

std::optional<std::string> queryParam(const Uri& uri, std::string_view key) {
  std::string_view rest = uri.query;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) != key) continue;
    const std::string_view raw = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    std::string value;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '%' && i + 2 < raw.size() &&
          std::isxdigit(static_cast<unsigned char>(raw[i + 1])) &&
          std::isxdigit(static_cast<unsigned char>(raw[i + 2]))) {
        value += static_cast<char>(std::stoi(std::string(raw.substr(i + 1, 2)), nullptr, 16));
        i += 2;
      } else {
        value += raw[i];
      }
    }
    return value;
  }
  return std::nullopt;
}

}  // namespace ifkit::api
