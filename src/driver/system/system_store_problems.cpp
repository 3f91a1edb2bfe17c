// SPDX-License-Identifier: LGPL-2.1-or-later
// How the system driver words the files of its store that hold no readable definition.
#include "driver/system/system_driver_private.h"

namespace ifkit::driver {

Error unreadableDefinition(const store::DefinitionStore& store, std::string_view file,
                           const Error& why) {
  // The store's own "operation failed: ..." need not be said twice.
  const std::string& reason =
      why.number == ErrorNumber::OperationFailed && !why.str2.empty() ? why.str2 : why.message;
  Error e = makeError(
      ErrorNumber::OperationFailed, kDomain,
      "cannot read the definition in '" + store.path() + "/" + std::string(file) + "': " + reason);
  e.sysErrno = why.sysErrno;
  return e;
}

}  // namespace ifkit::driver
