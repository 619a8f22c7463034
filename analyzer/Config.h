//===- Config.h - .corolint.yaml: which checks, and how they behave -------===//
//
// A project configures corolint with a .corolint.yaml file; the nearest one
// above a source file applies to it (like .clang-tidy). The command line's
// --checks adds to the file's list.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_CONFIG_H
#define COROLINT_ANALYZER_CONFIG_H

#include "analyzer/Catalogue.h"
#include "llvm/Support/Error.h"
#include <optional>
#include <string>
#include <vector>

namespace corolint {

struct BlockingCallOptions {
  /// Catalogue categories turned off, by id ("fs-metadata").
  std::vector<std::string> DisabledCategories;
  /// Functions added to the catalogue.
  std::vector<BlockingEntry> Extra;
  /// Functions known not to block, even if the catalogue lists them.
  std::vector<std::string> NonBlocking;
  /// Functions whose callable arguments run elsewhere (a thread pool), so a
  /// lambda handed to them is not part of the coroutine.
  std::vector<std::string> OffloadFunctions;
  /// Functions (or, ending in "::", namespaces and classes) that run only
  /// once something has failed -- a project's own assertion helpers: blocking
  /// calls reached through them are not the loop's normal work.
  std::vector<std::string> FailurePaths;
  /// Executors meant for blocking work (functions returning them, their
  /// classes): after "co_await resume_on(that)" a coroutine may block.
  std::vector<std::string> BlockingExecutors;
  /// Report the "async sibling" heuristic: X when async_X exists.
  bool AsyncSiblings = false;
};

struct TaskTypeOptions {
  /// Types to treat as lazy tasks or eager tasks whatever their promise says
  /// (every check reads them through the CoroutineModel).
  std::vector<std::string> LazyTypes;
  std::vector<std::string> EagerTypes;
  /// Coroutine result types that cannot be awaited (fire-and-forget).
  std::vector<std::string> DetachedTypes;
  /// Functions that take ownership of a task handed to them.
  std::vector<std::string> Consumers;
};

struct DanglingOptions {
  /// Functions and classes that keep a coroutine lambda's closure alive
  /// while its coroutine runs (seastar::coroutine::lambda-like wrappers).
  std::vector<std::string> ClosureOwners;
};

struct LockOptions {
  /// Extra lock or RAII types unsafe to hold across a suspension.
  std::vector<std::string> ExtraTypes;
  /// Types that look like locks but are fine (async mutex guards).
  std::vector<std::string> AllowedTypes;
};

struct Config {
  /// clang-tidy style globs, e.g. "-*,blocking-call"; applied after the
  /// default set.
  std::string Checks;
  /// The strict profile: catalogue tier 3 (locks, console output, single
  /// syscalls) on.
  bool Strict = false;
  BlockingCallOptions BlockingCall;
  TaskTypeOptions Tasks;
  LockOptions Locks;
  DanglingOptions Dangling;
  /// A regular expression: the non-system headers (by absolute path) whose
  /// findings are reported too, as clang-tidy's HeaderFilterRegex; empty:
  /// the main file only.
  std::string HeaderFilter;
  /// The file this configuration came from; empty for the defaults.
  std::string Source;

  unsigned maxTier() const { return Strict ? 3 : 2; }
};

/// Parses a .corolint.yaml document. Errors name Path, line, column and the
/// offending key.
llvm::Expected<Config> parseConfig(llvm::StringRef Text, llvm::StringRef Path);

/// "path:line:col" of the first occurrence of Value as a word in the file
/// Settings came from (to point at a value the YAML reader accepted but a
/// check refuses, such as an unknown category); the path alone if it is not
/// found, "configuration" for the defaults.
std::string configLocation(const Config &Settings, llvm::StringRef Value);

/// The name of the configuration file.
inline constexpr const char *ConfigFileName = ".corolint.yaml";

/// Finds the nearest .corolint.yaml at or above the directory of File, and
/// parses it; std::nullopt when there is none.
llvm::Expected<std::optional<Config>> loadConfigFor(llvm::StringRef File);

} // namespace corolint

#endif
