//===- Registry.h - Every check, by name, with its documentation ----------===//
//
// The one list of checks: names (part of the interface: diagnostics end in
// "[name]"), one-line summaries, documentation pages (docs/checks/NAME.md,
// embedded), and how to build each for a configuration.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_CHECKS_REGISTRY_H
#define COROLINT_CHECKS_REGISTRY_H

#include "analyzer/Catalogue.h"
#include "analyzer/Check.h"
#include "analyzer/Config.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

namespace corolint {

struct CheckInfo {
  llvm::StringRef Name; ///< The check class's own Name.
  llvm::StringRef Summary;
  bool EnabledByDefault;
  /// Builds the check; it reads its options from its section of the Config.
  llvm::Expected<std::unique_ptr<Check>> (*Create)(const Config &);
  /// What the check's section sets of the shared engine's options (null when
  /// nothing); applied whether the check is on or not.
  llvm::Error (*ConfigureEngine)(const Config &, EngineOptions &);
};

llvm::ArrayRef<CheckInfo> registeredChecks();
const CheckInfo *findCheck(llvm::StringRef Name);

/// The check's documentation page (What it does / Why is this bad? /
/// Example / Use instead), or an empty string for an unknown check.
llvm::StringRef checkDocumentation(llvm::StringRef Name);

/// The checks Globs turns on ("-*,blocking-call"), in registry order. A name
/// without wildcards that is not a check is an error naming it.
llvm::Expected<std::vector<const CheckInfo *>>
selectChecks(llvm::StringRef Globs);

/// Builds the checks that Settings.Checks selects, and the engine's options
/// that every check's section sets. A section named after no check is an
/// error naming it.
llvm::Expected<CheckSet> createChecks(const Config &Settings);

/// The catalogue of blocking functions built into the binary.
const Catalogue &builtinCatalogue();

} // namespace corolint

#endif
