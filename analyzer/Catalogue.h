//===- Catalogue.h - What blocks the thread, as data ----------------------===//
//
// The catalogue of blocking functions is a YAML document (the built-in one is
// checks/blocking-catalogue.yaml, embedded in the binary; users add entries
// in .corolint.yaml). This file loads it, holds both to one schema (the same
// rules for the built-in entries and the users'), and answers "does this
// call block, and how?" for a call, a construction or a destruction in the
// AST.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_CATALOGUE_H
#define COROLINT_ANALYZER_CATALOGUE_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/Regex.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class CXXRecordDecl;
class Expr;
class FunctionDecl;
} // namespace clang

namespace corolint {

struct Config;

struct BlockingCategory {
  std::string Id;      ///< e.g. "sleep"; categories are turned off by id.
  std::string Summary; ///< Completes "'NAME' <summary>": "sleeps the thread".
  std::string Title;   ///< A heading for documentation: "Sleeps".
};

/// A condition on one argument of a call.
struct ArgCondition {
  unsigned Index = 0;
  std::string Object;           ///< The argument names this variable...
  std::optional<int64_t> Value; ///< ...or is this integer constant...
  std::string Type; ///< ...or has this class type (or one derived from it).
};

/// Advice for one ecosystem: used when the coroutine's return type is (or
/// derives from) Coroutine, e.g. "asio::awaitable".
struct CoroutineAdvice {
  std::string Coroutine;
  std::string Suggest; ///< Replaces the entry's generic suggestion.
  /// A mechanical rewrite, either the new text of the whole call (with
  /// {0}..{9} for the arguments' text and {args} for all of them) ...
  std::string Replace;
  /// ... or a rename of the callee ("async_{name}"), an argument appended
  /// ("asio::use_awaitable") and "co_await " put before the call.
  std::string Rename;
  std::string AppendArg;
  bool Await = false;
};

struct BlockingEntry {
  std::string Category = "user"; ///< Configured entries default to "user".
  unsigned Tier = 1;
  std::string Suggest;
  std::string Reason; ///< Why a user-configured entry blocks.
  std::vector<std::string> Functions;
  std::vector<std::string> Patterns;
  std::vector<std::string> Constructors;
  std::vector<std::string> Destructors;
  std::vector<std::string> Objects;
  unsigned MinArgs = 0;
  std::optional<ArgCondition> Arg;
  /// No match if any of these holds (fprintf(stderr, ...) is not file I/O).
  std::vector<ArgCondition> UnlessArgs;
  std::vector<std::string> UnlessArgTypes;
  std::vector<CoroutineAdvice> Advice;

  /// Patterns compiled at load time, anchored at both ends.
  std::vector<std::shared_ptr<llvm::Regex>> Compiled;
};

/// Which entries are in force: tiers up to MaxTier, minus disabled
/// categories.
struct CatalogueFilter {
  unsigned MaxTier = 2;
  llvm::StringSet<> DisabledCategories;
};

/// A call that blocks, and why.
struct BlockingMatch {
  const BlockingEntry *Entry = nullptr;
  const BlockingCategory *Category = nullptr;
  std::string Name; ///< The name the entry matched, as the user reads it.
};

/// The names an asynchronous sibling of the function Name may have:
/// async_X (Asio, Beast), XAsync (cpr, C#-style), X_async and asyncX.
std::vector<std::string> asyncSiblingNames(llvm::StringRef Name);

/// What a configuration adds to the built-in catalogue (the blocking-call
/// check reads them from its section of .corolint.yaml).
struct CatalogueAdditions {
  /// Functions added to the catalogue.
  std::vector<BlockingEntry> Extra;
  /// Functions known not to block, even if the catalogue lists them.
  std::vector<std::string> NonBlocking;
  /// Functions whose callable arguments run elsewhere (a thread pool), so a
  /// lambda handed to them is not part of the coroutine.
  std::vector<std::string> Offload;
  /// Functions (or, ending in "::", namespaces and classes) that run only
  /// once something has failed -- a project's own assertion helpers.
  std::vector<std::string> FailurePaths;
  /// Executors meant for blocking work (functions returning them, their
  /// classes): after "co_await resume_on(that)" a coroutine may block.
  std::vector<std::string> BlockingExecutors;

  bool empty() const {
    return Extra.empty() && NonBlocking.empty() && Offload.empty() &&
           FailurePaths.empty() && BlockingExecutors.empty();
  }
};

class Catalogue {
public:
  /// Parses a catalogue document. Errors name SourceName, line and key.
  static llvm::Expected<Catalogue> parse(llvm::StringRef YAML,
                                         llvm::StringRef SourceName);
  /// A problem of a configuration's additions.
  struct AdditionsProblem {
    std::string List;    ///< The list it is in ("extra"), "" for several.
    std::string Message; ///< "" when there is none.
    std::string Value;   ///< The value that shows where it is, or "".
  };
  /// The first problem of Additions against this catalogue (an unknown
  /// category, a name listed twice, an entry that is also exempt...);
  /// Disabled are category ids that must exist.
  AdditionsProblem additionsProblem(const CatalogueAdditions &Additions,
                                    llvm::ArrayRef<std::string> Disabled) const;
  /// This catalogue extended by Additions (additionsProblem found nothing in
  /// them): what one file is analysed with.
  Catalogue extendedWith(const CatalogueAdditions &Additions) const;

  llvm::ArrayRef<BlockingCategory> categories() const { return Categories; }
  llvm::ArrayRef<BlockingEntry> entries() const { return Entries; }
  const BlockingCategory *category(llvm::StringRef Id) const;

  /// Every entry that matches Call, whatever the filter, best first, at most
  /// one per (category, tier): what a filter-independent summary records.
  std::vector<BlockingMatch> matchAll(const clang::Expr *Call) const;
  /// Matches the destruction of an object of class RD.
  std::optional<BlockingMatch>
  matchDestructor(const clang::CXXRecordDecl *RD,
                  const CatalogueFilter &Filter) const;
  /// Whether F is listed as known not to block.
  bool isNonBlocking(const clang::FunctionDecl *F) const;
  /// Whether F runs its callable arguments elsewhere (a thread, a pool).
  bool isOffload(const clang::FunctionDecl *F) const;
  /// Whether F runs only once something has failed: the assertion and
  /// reporting machinery of a test framework. A name ending in "::" names a
  /// whole namespace or class ("Catch::").
  bool isFailurePath(const clang::FunctionDecl *F) const;
  /// Whether a qualified name (a function that returns an executor, an
  /// executor's class, a variable) names an executor meant for blocking
  /// work: a coroutine that switches to it may block.
  bool isBlockingExecutor(llvm::StringRef Qualified) const;
  /// Whether the entry is in force under Filter.
  static bool inForce(const BlockingEntry &E, const CatalogueFilter &Filter);
  /// A digest of everything that decides a match, for cache keys.
  const std::string &fingerprint() const { return Fingerprint; }

private:
  void reindex();
  BlockingMatch makeMatch(const BlockingEntry &E, std::string Name) const;
  /// Candidates for Call in file order (not yet ranked or filtered).
  void collect(const clang::Expr *Call,
               std::vector<std::pair<size_t, std::string>> &Out) const;

  std::vector<BlockingCategory> Categories;
  std::vector<BlockingEntry> Entries;
  std::vector<std::string> NonBlocking;
  std::vector<std::string> Offload;
  std::vector<std::string> FailurePaths;
  std::vector<std::string> BlockingExecutors;
  std::string Fingerprint;
  // Entry indices by the unqualified name they can match, so a call only
  // tests the few entries that could name it.
  llvm::StringMap<std::vector<size_t>> ByFunction, ByConstructor, ByDestructor,
      ByObject;
  std::vector<size_t> WithPatterns;
};

} // namespace corolint

#endif
