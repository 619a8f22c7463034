//===- SummaryCache.h - Per-file analysis results kept on disk ------------===//
//
// A re-run on an unchanged project parses nothing: each file's findings, its
// blocking summaries and its deferred findings are stored under a key made
// of everything the analysis read -- the file's contents, its compile
// command, its configuration, the tool and the catalogue -- and an entry
// counts only while every header the translation unit included still has
// the contents it had.
//
// The cache directory may come with the project (./.corolint-cache can be
// committed), so an entry is data to check, not to trust: a checksum over
// its contents, its key, and every path it names confined to the files its
// analysis read, or it is ignored with a warning. The directory is bounded:
// past a size limit the least recently used entries are removed. A failure
// to write is a warning; the run's results stand.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_SUMMARYCACHE_H
#define COROLINT_ANALYZER_SUMMARYCACHE_H

#include "analyzer/BlockingSummary.h"
#include "analyzer/Diagnostic.h"
#include "analyzer/SummaryIndex.h"
#include "llvm/ADT/StringMap.h"
#include <cstdint>
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
  /// The files the analysis read (set by lookup): the main file and the
  /// headers it included, each still as it was.
  std::vector<std::string> Dependencies;
};

class SummaryCache {
public:
  /// The size limit when none is given: far above what a large project's
  /// entries take, far below a disk.
  static constexpr uint64_t DefaultLimit = 1ull << 30;

  /// Dir is created on the first store; its entries are kept below Limit
  /// bytes in all.
  explicit SummaryCache(std::string Dir, uint64_t Limit = DefaultLimit);

  /// The key of File analysed with Inputs (command line, configuration text,
  /// anything else that changes the result); empty if File cannot be read.
  std::string keyFor(llvm::StringRef File, llvm::ArrayRef<std::string> Inputs);
  /// The entry stored under Key for File, if it is intact, names only files
  /// its analysis read (its findings and fixes: File alone), and every file
  /// it depended on is unchanged. A damaged or foreign entry is reported on
  /// stderr and removed.
  std::optional<CachedAnalysis> lookup(llvm::StringRef Key,
                                       llvm::StringRef File);
  /// Stores an analysis that read Dependencies (paths, the main file too),
  /// then removes the least recently used entries while the directory is
  /// over its limit. A failure is reported once, on stderr.
  void store(llvm::StringRef Key, const CachedAnalysis &A,
             llvm::ArrayRef<std::string> Dependencies);

  const std::string &directory() const { return Dir; }

private:
  /// The digest of a file's contents (memoized for the run); empty if it
  /// cannot be read.
  std::string digestOf(llvm::StringRef Path);
  /// Path with symlinks and dots resolved (memoized); empty if it does not
  /// exist.
  std::string identityOf(llvm::StringRef Path);
  /// Removes the least recently used entries until the directory holds at
  /// most Limit bytes (less a margin, so that this is not done per store).
  void evict();
  void warnOnce(const llvm::Twine &Message);
  void ignoreEntry(llvm::StringRef Path, const llvm::Twine &Why);

  std::string Dir;
  uint64_t Limit;
  std::mutex Lock;
  llvm::StringMap<std::string> Digests;
  llvm::StringMap<std::string> Identities;
  bool Warned = false;
};

} // namespace corolint

#endif
