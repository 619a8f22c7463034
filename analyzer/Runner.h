//===- Runner.h - Analyse many files in parallel --------------------------===//
//
// The CLI's engine: for each file, find its compile command and its
// .corolint.yaml, parse it with Clang, run the checks the front end builds
// for that configuration, and hand back findings or a reason the file could
// not be analysed -- in the order the files were given, whatever order the
// work finished in.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_RUNNER_H
#define COROLINT_ANALYZER_RUNNER_H

#include "analyzer/BlockingSummary.h"
#include "analyzer/Check.h"
#include "analyzer/Compilation.h"
#include "analyzer/Config.h"
#include "analyzer/Diagnostic.h"
#include "analyzer/SummaryIndex.h"
#include "llvm/ADT/FunctionExtras.h"
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace corolint {

struct FileResult {
  std::string File;                 ///< As the user named it.
  std::vector<Diagnostic> Findings; ///< The checks' findings in File.
  std::string CompilerErrors;       ///< Clang's own errors, rendered.
  std::string Error;                ///< Why File could not be analysed.
  /// What File's functions reach, for the project's index.
  FileSummary Summary;
  /// Findings that wait for the project's index (resolved by analyzeFiles).
  std::vector<DeferredFinding> Deferred;
  /// The configuration File was analysed with.
  Config Settings;
  /// Whether the result came from the cache, without parsing File.
  bool FromCache = false;
  /// The files the analysis read: File and the headers it included (what
  /// `check --fix` may edit).
  std::vector<std::string> Dependencies;

  bool failed() const { return !Error.empty(); }
};

/// How much work a run did.
struct RunStats {
  std::atomic<unsigned> Parsed{0};
  std::atomic<unsigned> Cached{0};
  /// Files of the compile database not analysed in this run whose cached
  /// summaries joined the index.
  std::atomic<unsigned> Indexed{0};
};

/// Builds the checks for one file's configuration, or fails (an unknown
/// check name in the configuration).
using CheckFactory = std::function<llvm::Expected<CheckSet>(const Config &)>;

struct RunnerOptions {
  unsigned Jobs = 0;       ///< 0: one per core.
  std::string ExtraChecks; ///< --checks, applied after the config file's.
  /// --header-filter: replaces the config file's header-filter when set.
  std::optional<std::string> HeaderFilter;
  bool Color = false; ///< Colour in rendered compiler errors.
  /// The built-in blocking catalogue: with it, files are summarised and
  /// calls into other files of the run are followed.
  const Catalogue *Blocking = nullptr;
  /// Where per-file results are kept between runs; empty: no cache.
  std::string CacheDir;
  /// The most bytes the cache directory may hold (least recently used
  /// entries go first); 0: SummaryCache::DefaultLimit.
  uint64_t CacheLimit = 0;
  /// Whatever else changes results and is not in the configuration file
  /// (e.g. --strict), part of every cache key.
  std::string CacheSalt;
  /// If set, counts files parsed and taken from the cache.
  RunStats *Stats = nullptr;
  /// If set, told (from the worker threads, concurrently) when the analysis
  /// of a file starts and when it ends: what a progress display needs.
  std::function<void(llvm::StringRef File, bool Finished)> OnFile;
  /// Hand back findings that need other files' summaries unresolved, in
  /// FileResult::Deferred (a shard: `corolint merge` resolves them).
  bool LeaveDeferred = false;
};

/// Sets up the C library's allocator for a process that parses files one
/// after another and then exits (`corolint check`), as the compiler's heap
/// grows: see Runner.cpp. Not for a long-lived process (the language
/// server).
void prepareAllocatorForBatchRun();

/// Analyses one file (exposed for tests and the language server), through
/// the cache when Options.CacheDir is set. Findings that need other files'
/// summaries stay in FileResult::Deferred.
FileResult analyzeFile(Compilations &DB, const CheckFactory &Factory,
                       const RunnerOptions &Options, const std::string &File);

/// Completes the findings of Results that wait for other files' summaries,
/// given the summaries in Results and Others (files not in Results).
void resolveDeferred(std::vector<FileResult> &Results,
                     std::vector<FileSummary> &Others,
                     const CheckFactory &Factory);

/// Keeps each finding located in a header (a file other than the result's
/// own) with the first result that reports it, and drops its repeats: a
/// header's findings are reported once per run however many files include
/// it.
void reportHeaderFindingsOnce(std::vector<FileResult> &Results);

/// Analyses Files with Options.Jobs threads, then resolves the findings
/// that need the summaries of the other files; OnResult sees each result in
/// the order of Files. A finding in a header is reported once, with the
/// first file that includes it.
void analyzeFiles(Compilations &DB, const CheckFactory &Factory,
                  const RunnerOptions &Options,
                  const std::vector<std::string> &Files,
                  llvm::function_ref<void(FileResult &&)> OnResult);

} // namespace corolint

#endif
