// SPDX-License-Identifier: LGPL-2.1-or-later
// Uri: a connection URI split into the parts that decide which driver opens it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ifkit::api {

// "test:///default" -> scheme "test", no server, path "/default".
// "interface+unix:///system?socket=/run/x" -> scheme, path "/system", query "socket=/run/x".
struct Uri {
  std::optional<std::string> scheme;  // absent when the text has no "name:" prefix
  std::optional<std::string> server;  // the authority's host, absent when empty
  std::optional<std::string> user;    // user info before '@', if any
  std::optional<std::string> port;    // after the host's ':', if any
  std::string path;
  std::string query;
};

// The value of `key` in the query ("socket=/run/x&mode=direct"), %XX-decoded; nullopt if absent.
std::optional<std::string> queryParam(const Uri& uri, std::string_view key);

// Splits `text` as RFC 3986 does (scheme, //authority, path, ?query, #fragment). It never
// fails: what is not a scheme is a path, like a relative reference.
Uri parseUri(std::string_view text);

}  // namespace ifkit::api
