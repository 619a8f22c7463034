//===- CallGraph.h - What each function's frame calls, builds and destroys ===//
//
// The edges the blocking analysis follows: calls (free, member, operator,
// virtual calls only when devirtualizable), constructions, and destructions
// of locals and temporaries, each with the site a chain note points at.
// Lambdas invoked in place belong to the frame (CoroutineModel decides);
// lambdas handed elsewhere do not. Also the strongly-connected-components
// walk that summaries are computed with, bottom-up.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_CALLGRAPH_H
#define COROLINT_ANALYZER_CALLGRAPH_H

#include "clang/AST/Type.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/FunctionExtras.h"
#include <vector>

namespace clang {
class Expr;
class FunctionDecl;
class VarDecl;
} // namespace clang

namespace corolint {

class CoroutineModel;

struct CallSite {
  enum Kind {
    Call,      ///< A CallExpr: free, member or operator call.
    Construct, ///< A CXXConstructExpr.
    Destroy,   ///< A local or temporary of Destroyed type dies.
  } K = Call;
  /// The CallExpr or CXXConstructExpr; for Destroy, the temporary's
  /// expression or null for a variable.
  const clang::Expr *E = nullptr;
  /// The function that runs: the direct callee (devirtualized when
  /// possible), the constructor, or the destructor. May be null.
  const clang::FunctionDecl *Callee = nullptr;
  /// Destroy: the variable (null for a temporary) and its type.
  const clang::VarDecl *Var = nullptr;
  clang::QualType Destroyed;
  /// Where the hop is shown; for a variable, its declaration.
  clang::SourceRange Range;
  /// Destroy of a variable: the end of its scope, where it dies.
  clang::SourceLocation ScopeEnd;
};

class CallGraph {
public:
  explicit CallGraph(const CoroutineModel &Model);
  /// The sites in F's frame, in source order (memoized). For a destructor,
  /// also the destruction of its members and bases.
  llvm::ArrayRef<CallSite> sitesOf(const clang::FunctionDecl *F);

private:
  const CoroutineModel &Model;
  llvm::DenseMap<const clang::FunctionDecl *, std::vector<CallSite>> Sites;
};

/// Visits the strongly connected components of a graph of N nodes, callees
/// before callers (Tarjan). Each component is visited once.
void forEachSCCBottomUp(
    unsigned N,
    llvm::function_ref<void(unsigned, std::vector<unsigned> &)> Successors,
    llvm::function_ref<void(llvm::ArrayRef<unsigned>)> Visit);

} // namespace corolint

#endif
