//===- Catalogue.h - What blocks the thread, as data ----------------------===//
//
// The catalogue of blocking functions is a YAML document (the built-in one is
// checks/blocking-catalogue.yaml, embedded in the binary; users add entries
// in .corolint.yaml). This file loads it and answers "does this call block,
// and how?" for a call, a construction or a destruction in the AST.
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

struct BlockingCategory {
  std::string Id;      ///< e.g. "sleep"; categories are turned off by id.
  std::string Summary; ///< Completes "'NAME' <summary>": "sleeps the thread".
  std::string Title;   ///< A heading for documentation: "Sleeps".
};

/// A condition on one argument of a call.
struct ArgCondition {
  unsigned Index = 0;
  std::string Object;                ///< The argument names this variable...
  std::optional<int64_t> Value;      ///< ...or is this integer constant.
};

struct BlockingEntry {
  std::string Category;
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
  std::vector<std::string> UnlessArgTypes;

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

class Catalogue {
public:
  /// Parses a catalogue document. Errors name SourceName, line and key.
  static llvm::Expected<Catalogue> parse(llvm::StringRef YAML,
                                         llvm::StringRef SourceName);
  /// Adds Other's categories, entries and exemptions (user configuration
  /// extends the built-in catalogue).
  void extend(const Catalogue &Other);
  /// Adds entries whose categories this catalogue declares.
  void extendEntries(llvm::ArrayRef<BlockingEntry> More);
  /// Adds names that are known not to block.
  void addNonBlocking(llvm::ArrayRef<std::string> Names);

  llvm::ArrayRef<BlockingCategory> categories() const { return Categories; }
  llvm::ArrayRef<BlockingEntry> entries() const { return Entries; }
  const BlockingCategory *category(llvm::StringRef Id) const;

  /// Matches a CallExpr (free, member or operator call) or CXXConstructExpr.
  std::optional<BlockingMatch> matchCall(const clang::Expr *Call,
                                         const CatalogueFilter &Filter) const;
  /// Matches the destruction of an object of class RD.
  std::optional<BlockingMatch> matchDestructor(const clang::CXXRecordDecl *RD,
                                               const CatalogueFilter &Filter) const;
  /// Whether F is listed as known not to block.
  bool isNonBlocking(const clang::FunctionDecl *F) const;

private:
  void reindex();
  bool inForce(const BlockingEntry &E, const CatalogueFilter &Filter) const;
  std::optional<BlockingMatch> makeMatch(const BlockingEntry &E,
                                         std::string Name) const;

  std::vector<BlockingCategory> Categories;
  std::vector<BlockingEntry> Entries;
  std::vector<std::string> NonBlocking;
  // Entry indices by the unqualified name they can match, so a call only
  // tests the few entries that could name it.
  llvm::StringMap<std::vector<size_t>> ByFunction, ByConstructor, ByDestructor,
      ByObject;
  std::vector<size_t> WithPatterns;
};

} // namespace corolint

#endif
