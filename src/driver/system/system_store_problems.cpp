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

std::optional<Error> definitionProblem(const store::DefinitionStore& store, std::string_view name) {
  auto file = store::definitionFileName(name);
  if (!file) return std::nullopt;  // no file can have that name
  auto stored = store.load(name);
  if (!stored) return unreadableDefinition(store, *file, stored.error());
  return std::nullopt;
}

Error unknownName(const store::DefinitionStore& store, std::string_view name) {
  if (auto problem = definitionProblem(store, name)) return std::move(*problem);
  return noSuchName(name);
}

}  // namespace ifkit::driver
