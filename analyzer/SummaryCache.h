//===- SummaryCache.h - Per-file analysis results kept on disk ------------===//
//
// A re-run on an unchanged project parses nothing: each file's findings, its
// blocking summaries and its deferred findings are stored under a key made
// of everything the analysis read -- the file's contents, its compile
// command, its configuration, the tool and the catalogue -- and an entry
// counts only while every header the translation unit included still has
// the contents it had.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_SUMMARYCACHE_H
#define COROLINT_ANALYZER_SUMMARYCACHE_H

#include "analyzer/BlockingSummary.h"
#include "analyzer/Diagnostic.h"
#include "analyzer/SummaryIndex.h"
#include "llvm/ADT/StringMap.h"
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace corolint {

/// What the cache keeps of one file's analysis.
struct CachedAnalysis {
  std::vector<Diagnostic> Findings;
  FileSummary Summary;
  std::vector<DeferredFinding> Deferred;
};

class SummaryCache {
public:
  /// Dir is created on the first store.
  explicit SummaryCache(std::string Dir);

  /// The key of File analysed with Inputs (command line, configuration text,
  /// anything else that changes the result); empty if File cannot be read.
  std::string keyFor(llvm::StringRef File, llvm::ArrayRef<std::string> Inputs);
  /// The entry stored under Key, if every file it depended on is unchanged.
  std::optional<CachedAnalysis> lookup(llvm::StringRef Key);
  /// Stores an analysis that read Dependencies (paths, the main file too).
  void store(llvm::StringRef Key, const CachedAnalysis &A,
             llvm::ArrayRef<std::string> Dependencies);

  const std::string &directory() const { return Dir; }

private:
  /// The digest of a file's contents (memoized for the run); empty if it
  /// cannot be read.
  std::string digestOf(llvm::StringRef Path);

  std::string Dir;
  std::mutex Lock;
  llvm::StringMap<std::string> Digests;
};

/// JSON round trips of findings, for the cache.
std::string diagnosticsToJson(llvm::ArrayRef<Diagnostic> Diags);

} // namespace corolint

#endif
