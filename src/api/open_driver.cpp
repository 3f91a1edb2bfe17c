// openDriver: pick the driver for a URI, declining what no driver serves, as libvirt words it.
#include "api/open_driver.h"

#include <utility>

#include "api/uri.h"
#include "driver/test_driver.h"

namespace ifkit::api {
namespace {

Error noDriver(std::string_view detail) {
  return makeError(ErrorNumber::NoConnect, ErrorDomain::None, detail);
}

// The test driver's own checks, in libvirt's order; `uri` already has scheme "test" and no
// server (a server would make it the remote driver's).
Result<std::unique_ptr<driver::InterfaceDriver>> openTest(const Uri& uri, std::string_view text) {
  if (uri.path.empty() || uri.path == "/")
    return makeError(ErrorNumber::InvalidArg, ErrorDomain::Test,
                     "testOpen: supply a path or use test:///default");
  if (uri.path != "/default")
    // libvirt would load a custom world from the file at that path; ifkit has no such loader.
    return makeError(ErrorNumber::ConfigUnsupported, ErrorDomain::Test,
                     "test driver files are not supported: " + std::string(text) +
                         " (use test:///default)");
  auto drv = driver::TestDriver::open();
  if (!drv) return std::move(drv).error();
  return std::unique_ptr<driver::InterfaceDriver>(std::move(drv).value());
}

}  // namespace

Result<std::unique_ptr<driver::InterfaceDriver>> openDriver(std::string_view text) {
  const Uri uri = parseUri(text);
  if (!uri.scheme)
    return noDriver("URI '" + std::string(text) + "' does not include a driver name");
  if (*uri.scheme == "test" && !uri.server) return openTest(uri, text);
  return noDriver(text);
}

}  // namespace ifkit::api
