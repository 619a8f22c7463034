//===- ColdPaths.cpp - The statements that run only on the way to a failure =//
//
// Part of BlockingAnalysis (BlockingSummary.h): which statements of a
// function run only once something has failed -- before a throw or a call
// that does not return, or in an [[unlikely]] / __builtin_expect-cold
// branch -- so that the summaries leave them out unless --strict asks.
//
//===----------------------------------------------------------------------===//
#include "analyzer/BlockingSummary.h"
#include "analyzer/CoroutineModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/Builtins.h"

using namespace clang;

namespace corolint {

namespace {

/// Finds the statements of one function that run only on the way to a
/// failure. A statement "fails" when every way through it ends in a throw
/// (not caught in the same function) or a call that does not return.
class ColdFinder {
public:
  ColdFinder(ASTContext &AST, llvm::DenseSet<const Stmt *> &Cold,
             llvm::function_ref<bool(const FunctionDecl *)> CalleeFails)
      : AST(AST), Cold(Cold), CalleeFails(CalleeFails) {}

  /// Whether S fails; marks the cold statements inside it.
  bool fails(const Stmt *S) {
    if (!S)
      return false;
    if (const auto *E = dyn_cast<Expr>(S)) {
      const Expr *X = E->IgnoreParenImpCasts();
      if (const auto *C = dyn_cast<ExprWithCleanups>(X))
        X = C->getSubExpr()->IgnoreParenImpCasts();
      if (isa<CXXThrowExpr>(X))
        return TryDepth == 0;
      if (const auto *Call = dyn_cast<CallExpr>(X))
        if (const FunctionDecl *F = Call->getDirectCallee())
          if (F->isNoReturn() || CalleeFails(F))
            return true;
      return false;
    }
    if (const auto *C = dyn_cast<CompoundStmt>(S)) {
      bool Escapes = false;
      unsigned I = 0;
      for (const Stmt *Child : C->body()) {
        bool ChildFails = fails(Child);
        if (ChildFails && !Escapes) {
          // Everything before it in the block leads here.
          unsigned J = 0;
          for (const Stmt *Before : C->body()) {
            if (J++ > I)
              break;
            markCold(Before);
          }
          return true;
        }
        Escapes = Escapes || jumpsOut(Child);
        ++I;
      }
      return false;
    }
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      bool ThenFails = fails(If->getThen());
      bool ElseFails = If->getElse() && fails(If->getElse());
      // [[unlikely]] branches, and __builtin_expect's cold side.
      if (isUnlikely(If->getThen()) || expects(If->getCond()) == 0)
        markCold(If->getThen());
      if (If->getElse() &&
          (isUnlikely(If->getElse()) || expects(If->getCond()) == 1))
        markCold(If->getElse());
      return ThenFails && ElseFails;
    }
    if (const auto *A = dyn_cast<AttributedStmt>(S))
      return fails(A->getSubStmt());
    if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
      ++TryDepth;
      fails(Try->getTryBlock());
      --TryDepth;
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
        fails(Try->getHandler(I)->getHandlerBlock());
      return false;
    }
    if (isa<LambdaExpr, DeclStmt>(S))
      return false;
    // Loops, switches and the rest: only what is inside them can be cold.
    for (const Stmt *Child : S->children())
      if (Child && !isa<Expr>(Child))
        fails(Child);
    return false;
  }

private:
  static bool isUnlikely(const Stmt *S) {
    const auto *A = dyn_cast_or_null<AttributedStmt>(S);
    return A && llvm::any_of(A->getAttrs(), [](const Attr *At) {
             return isa<UnlikelyAttr>(At);
           });
  }
  /// The value __builtin_expect(cond, V) expects, or -1.
  int expects(const Expr *Cond) const {
    if (!Cond)
      return -1;
    const auto *Call = dyn_cast<CallExpr>(Cond->IgnoreParenImpCasts());
    if (!Call || Call->getBuiltinCallee() != Builtin::BI__builtin_expect ||
        Call->getNumArgs() != 2)
      return -1;
    Expr::EvalResult R;
    if (Call->getArg(1)->isValueDependent() ||
        !Call->getArg(1)->EvaluateAsInt(R, AST))
      return -1;
    return R.Val.getInt().getBoolValue() ? 1 : 0;
  }
  static bool jumpsOut(const Stmt *S) {
    if (!S)
      return false;
    if (isa<ReturnStmt, CoreturnStmt, BreakStmt, ContinueStmt, GotoStmt,
            IndirectGotoStmt>(S))
      return true;
    if (isa<LambdaExpr>(S))
      return false;
    for (const Stmt *Child : S->children())
      if (jumpsOut(Child))
        return true;
    return false;
  }
  void markCold(const Stmt *S) {
    if (!S || !Cold.insert(S).second)
      return;
    if (isa<LambdaExpr>(S))
      return;
    for (const Stmt *Child : S->children())
      markCold(Child);
  }

  ASTContext &AST;
  llvm::DenseSet<const Stmt *> &Cold;
  llvm::function_ref<bool(const FunctionDecl *)> CalleeFails;
  unsigned TryDepth = 0;
};

} // namespace

const llvm::DenseSet<const Stmt *> &
BlockingAnalysis::coldStatements(const FunctionDecl *F) {
  auto [It, New] = Cold.try_emplace(F);
  if (!New)
    return It->second;
  llvm::DenseSet<const Stmt *> Found;
  const Stmt *Body = F->getBody();
  if (const auto *Coro = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    Body = Coro->getBody();
  auto CalleeFails = [&](const FunctionDecl *C) { return alwaysFails(C); };
  ColdFinder Finder(Model.ast(), Found, CalleeFails);
  if (Body && !F->isDependentContext())
    Finder.fails(Body);
  auto &Slot = Cold[F]; // The map may have grown.
  Slot = std::move(Found);
  return Slot;
}

bool BlockingAnalysis::alwaysFails(const FunctionDecl *F) {
  const FunctionDecl *Def = nullptr;
  if (!F || !F->hasBody(Def) || !Def || CoroutineModel::coroutineBody(Def) ||
      Def->isDependentContext())
    return false;
  auto [It, New] = Fails.try_emplace(Def, 0);
  if (!New)
    return It->second == 2;
  llvm::DenseSet<const Stmt *> Ignored;
  auto CalleeFails = [&](const FunctionDecl *C) { return alwaysFails(C); };
  ColdFinder Finder(Model.ast(), Ignored, CalleeFails);
  bool Result = Finder.fails(Def->getBody());
  Fails[Def] = Result ? 2 : 1;
  return Result;
}

} // namespace corolint
