//===- FrameFlow.h - Paths through one function's frame, for flow checks --===//
//
// The control-flow graph of one function (Clang's CFG, with implicit
// destructors and lifetime ends, so every path shows where each local's scope
// ends), the parent of every statement in it, and one way to walk the paths
// that start at a point. Flow-sensitive checks ("is this task awaited on every
// path?", "is this lock still held at that co_await?") are a small step
// function over these paths.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_FRAMEFLOW_H
#define COROLINT_ANALYZER_FRAMEFLOW_H

#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/FunctionExtras.h"
#include <memory>
#include <optional>

namespace clang {
class ASTContext;
class FunctionDecl;
class ParentMap;
class VarDecl;
} // namespace clang

namespace corolint {

class FrameFlow {
public:
  /// A position in the CFG: element Index of Block.
  struct Point {
    const clang::CFGBlock *Block = nullptr;
    unsigned Index = 0;
  };

  /// Builds the CFG of F's body (a coroutine's too). valid() is false when
  /// Clang cannot build one (a body with errors).
  FrameFlow(const clang::FunctionDecl *F, clang::ASTContext &AST);
  ~FrameFlow();

  bool valid() const { return Graph != nullptr; }
  const clang::CFG &cfg() const { return *Graph; }

  /// The parent of S in the body, or null.
  const clang::Stmt *parent(const clang::Stmt *S) const;
  /// The nearest ancestor of E that is not a parenthesis, implicit cast,
  /// temporary, cleanup or opaque value; Child is set to the child of that
  /// ancestor on the way up from E.
  const clang::Stmt *semanticParent(const clang::Expr *E,
                                    const clang::Expr *&Child) const;

  /// Where V's declaration is an element: the start of V's lifetime.
  std::optional<Point> declaration(const clang::VarDecl *V) const;
  /// Where S is an element, if it is one.
  std::optional<Point> find(const clang::Stmt *S) const;

  /// Walks the paths that start just after From, once per (block, state)
  /// pair. Step sees each element with the path's state (a small value the
  /// caller defines) and returns the state after it, or std::nullopt to end
  /// the path there. AtExit, if given, sees the state of each path that
  /// reaches the end of the function.
  void explore(Point From, unsigned State,
               llvm::function_ref<
                   std::optional<unsigned>(const clang::CFGElement &, unsigned)>
                   Step,
               llvm::function_ref<void(unsigned)> AtExit = nullptr) const;
  /// The point just before the first element of the function, for explore.
  Point entry() const { return {&Graph->getEntry(), ~0u}; }

  /// The variable whose scope ends at element E (its destructor or the end
  /// of its lifetime), with the statement that ends it (a return, a break,
  /// the closing brace's block), or null.
  static const clang::VarDecl *scopeEnd(const clang::CFGElement &E,
                                        const clang::Stmt **Trigger = nullptr);
  /// Where a reader sees a scope end that Trigger causes: the closing brace
  /// of a block, the return or break statement.
  static clang::SourceLocation exitLocation(const clang::Stmt *Trigger);

private:
  std::unique_ptr<clang::CFG> Graph;
  std::unique_ptr<clang::ParentMap> Parents;
  llvm::DenseMap<const clang::Stmt *, Point> Elements;
  llvm::DenseMap<const clang::VarDecl *, Point> Declarations;
};

} // namespace corolint

#endif
