//===- SummaryIndex.h - Blocking summaries of a whole project -------------===//
//
// What each function of a file reaches that blocks, as plain data that
// outlives the AST: the CLI caches it per file and merges the files of a
// project into a SummaryIndex, so a call in a.cpp to a helper defined in
// b.cpp is known to block; the language server keeps one index for its
// workspace. Functions are identified across translation units by their USR.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_SUMMARYINDEX_H
#define COROLINT_ANALYZER_SUMMARYINDEX_H

#include "analyzer/Diagnostic.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include <map>
#include <shared_mutex>
#include <string>
#include <vector>

namespace corolint {

/// One hop of a call chain: Caller calls (constructs, destroys) Callee at Site.
struct CallHop {
  std::string Caller;
  std::string Callee;
  FileRange Site;
  friend bool operator==(const CallHop &, const CallHop &) = default;
};

/// A blocking primitive a function reaches, and the shortest way there: the
/// first hop is in the function's own body, the last one calls Primitive.
struct BlockingReach {
  std::string Category;
  unsigned Tier = 1;
  std::string Primitive; ///< "std::this_thread::sleep_for", "~std::jthread".
  std::string Reason;    ///< Why it blocks, when the entry says.
  std::string Suggest;   ///< The catalogue's advice, if any.
  std::vector<CallHop> Chain;
  friend bool operator==(const BlockingReach &,
                         const BlockingReach &) = default;
};

/// A call to a function with no body in the translation unit: whether it
/// blocks is for the project's index to say. Chain ends with that call.
struct ExternalCall {
  std::string USR;
  std::string Callee;
  std::vector<CallHop> Chain;
  friend bool operator==(const ExternalCall &, const ExternalCall &) = default;
};

/// What one function reaches: at most one (the shortest) reach per
/// (category, tier), whatever the configuration's filter; the filter is
/// applied when a finding is made.
struct FunctionSummary {
  std::string USR;
  std::string Name;
  std::vector<BlockingReach> Reaches;
  std::vector<ExternalCall> Externals;
  friend bool operator==(const FunctionSummary &,
                         const FunctionSummary &) = default;
};

/// The summaries of the functions defined in one file's main file that
/// reach something (a blocking call, or a function of another file).
struct FileSummary {
  std::string File;
  std::vector<FunctionSummary> Functions;
  /// The USRs of the coroutines defined in the file that other files can
  /// call, sorted: a call elsewhere, which sees only a declaration, learns
  /// from them that its callee keeps its reference parameters in a frame.
  std::vector<std::string> Coroutines;
  friend bool operator==(const FileSummary &, const FileSummary &) = default;
};

/// Adds Candidate to Reaches unless a reach of the same category and tier
/// with a chain as short is there already. Returns whether it changed.
bool mergeReach(std::vector<BlockingReach> &Reaches, BlockingReach Candidate);

/// JSON round trip, for the cache and the language server's index.
std::string toJson(const FileSummary &S);
llvm::Expected<FileSummary> fileSummaryFromJson(llvm::StringRef Text);

/// The project's summaries, merged. Reads are thread-safe and may run
/// alongside each other; update() and remove() take an exclusive lock.
class SummaryIndex {
public:
  SummaryIndex() = default;
  SummaryIndex(const SummaryIndex &) = delete;
  SummaryIndex &operator=(const SummaryIndex &) = delete;

  /// Adds File's summaries, replacing what the index held for that file.
  void update(FileSummary S);
  void remove(llvm::StringRef File);

  /// What the function USR reaches, following calls into every file of the
  /// index (resolved bottom-up over strongly connected components, so
  /// recursion across files terminates). Empty for an unknown function.
  std::vector<BlockingReach> reachesOf(llvm::StringRef USR) const;
  /// Whether some file of the index defines the function USR as a
  /// coroutine.
  bool isCoroutine(llvm::StringRef USR) const;

  /// The number of files and functions indexed.
  size_t files() const;
  size_t functions() const;

  /// The whole index as one JSON document, and back.
  std::string save() const;
  static llvm::Expected<std::unique_ptr<SummaryIndex>>
  load(llvm::StringRef Text);

private:
  void resolveLocked() const;

  mutable std::shared_mutex Lock;
  std::map<std::string, FileSummary> Files;
  mutable bool Resolved = true;
  mutable llvm::StringMap<std::vector<BlockingReach>> ByUSR;
};

} // namespace corolint

#endif
