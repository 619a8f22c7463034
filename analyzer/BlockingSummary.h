//===- BlockingSummary.h - What blocks, through which chain of calls ------===//
//
// Given a catalogue (as a value: the analyzer knows no check), classifies
// every site of a function's frame -- a catalogued blocking call, a helper
// whose body is followed, a function defined in another file -- and
// computes, bottom-up over the strongly connected components of the call
// graph, what each function reaches. Also the blocking that no list names:
// the destructor of a joining thread or of std::async's future, containers
// of such objects, annotated functions and, optionally, synchronous
// functions with an async_ sibling.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_BLOCKINGSUMMARY_H
#define COROLINT_ANALYZER_BLOCKINGSUMMARY_H

#include "analyzer/CallGraph.h"
#include "analyzer/Catalogue.h"
#include "analyzer/DiagnosticSink.h"
#include "analyzer/SummaryIndex.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include <initializer_list>
#include <memory>
#include <optional>

namespace clang {
class CallExpr;
class Stmt;
} // namespace clang

namespace corolint {

class CoroutineModel;

struct BlockingOptions {
  /// Report X when the same class or namespace declares async_X / XAsync.
  bool AsyncSiblings = false;
  /// Follow calls that sit only on failure paths (ending in a throw or a
  /// noreturn call, or in an [[unlikely]] branch) -- the strict profile.
  bool ColdPaths = false;
};

/// One site of a frame and what it reaches: a catalogued call (a one-hop
/// chain), or through a followed helper (chains that start at this site), or
/// functions of other files.
struct BlockingSite {
  const CallSite *Raw = nullptr;
  std::vector<BlockingReach> Reaches;
  std::vector<ExternalCall> Externals;
  /// The helper followed, if any.
  const clang::FunctionDecl *Followed = nullptr;
  /// The catalogue entries that matched this very call, best first.
  std::vector<BlockingMatch> Matches;
};

/// A finding that waits for the project's SummaryIndex: a call whose callee
/// (or a helper of it) is defined in another file. The check that made it
/// turns it into a Diagnostic once the index knows what the callee reaches.
struct DeferredFinding {
  std::string Check;
  /// The finding's location, the check's own data (e.g. the coroutine's
  /// name) in Message, and notes about the site.
  Diagnostic Draft;
  /// More of the check's own words about the site.
  std::string Context;
  std::vector<ExternalCall> Via;
  /// The categories and tier in force for the file that made it.
  unsigned MaxTier = 2;
  std::vector<std::string> DisabledCategories;
  friend bool operator==(const DeferredFinding &,
                         const DeferredFinding &) = default;
};

class BlockingAnalysis {
public:
  BlockingAnalysis(const CoroutineModel &Model, const Catalogue &Blocking,
                   BlockingOptions Options);
  ~BlockingAnalysis();

  /// The classified sites of F's frame, in source order.
  const std::vector<BlockingSite> &sitesOf(const clang::FunctionDecl *F);
  /// What F reaches (empty for functions not followed: coroutines, system
  /// headers, unknown bodies).
  const FunctionSummary &summaryOf(const clang::FunctionDecl *F);
  /// The summaries of the main file's functions that other files can call.
  FileSummary fileSummary();

  /// How chains and messages name F: "ns::helper", "Widget::Widget".
  static std::string displayName(const clang::FunctionDecl *F);
  /// The USR of D, or an empty string.
  static std::string usrOf(const clang::Decl *D);
  /// "blocking" / "nonblocking" annotations: [[clang::annotate(...)]].
  enum class Annotation { None, Blocking, NonBlocking };
  static Annotation annotationOf(const clang::FunctionDecl *F,
                                 std::string *Category = nullptr);

  const DiagnosticSink &ranges() const { return Ranges; }
  /// The file's catalogue this analysis matches calls against.
  const Catalogue &catalogue() const { return Blocking; }
  /// Whether failure paths are followed (the strict profile).
  bool followsColdPaths() const { return Options.ColdPaths; }

private:
  struct Node;
  Node &node(const clang::FunctionDecl *F);
  void classify(const clang::FunctionDecl *F, const CallSite &S,
                BlockingSite &Out);
  bool followable(const clang::FunctionDecl *F) const;
  /// The statements of F that run only on the way to a failure: before a
  /// throw or a noreturn call that nothing between escapes, or in an
  /// [[unlikely]] / __builtin_expect-cold branch.
  const llvm::DenseSet<const clang::Stmt *> &
  coldStatements(const clang::FunctionDecl *F);
  /// Whether every path through F's body ends in a throw or a noreturn
  /// call: calling it is a failure, whatever it is declared as.
  bool alwaysFails(const clang::FunctionDecl *F);
  void solveFrom(const clang::FunctionDecl *Root);
  std::optional<BlockingReach> asyncFutureWaits(const clang::FunctionDecl *F,
                                                const clang::CallExpr *Call);
  std::optional<BlockingMatch> blockingDestructor(clang::QualType T) const;
  /// Whether F moves V away, or calls one of Members on it.
  bool releasedIn(const clang::FunctionDecl *F, const clang::VarDecl *V,
                  std::initializer_list<llvm::StringRef> Members);
  std::optional<std::string>
  asyncSibling(const clang::FunctionDecl *Callee) const;
  CallHop hop(const clang::FunctionDecl *Caller, std::string Callee,
              clang::SourceRange Site) const;
  /// The one-hop reach of a catalogue match at Site in F.
  BlockingReach reachOf(const clang::FunctionDecl *F, const BlockingMatch &M,
                        clang::SourceRange Site) const;

  const CoroutineModel &Model;
  const Catalogue &Blocking;
  BlockingOptions Options;
  CallGraph Graph;
  DiagnosticSink Ranges;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<Node>> Nodes;
  llvm::DenseMap<const clang::FunctionDecl *,
                 llvm::DenseSet<const clang::Stmt *>>
      Cold;
  /// 0: being computed (a recursive call is not a failure), 1: no, 2: yes.
  llvm::DenseMap<const clang::FunctionDecl *, unsigned> Fails;
  /// Per function: the locals moved away (as "std::move") and the members
  /// called on each.
  llvm::DenseMap<const clang::FunctionDecl *,
                 llvm::DenseMap<const clang::VarDecl *, llvm::StringSet<>>>
      Uses;
};

} // namespace corolint

#endif
