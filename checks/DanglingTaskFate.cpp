//===- DanglingTaskFate.cpp - Where the task a call returns goes ----------===//
//
// Part of dangling-reference (DanglingScan.h): whether the task a call
// returns is awaited within its full-expression, dropped, or outlives it
// (stored, returned, handed off); and, for a local the task refers to,
// whether what the task is stored in outlives the local, and whether the
// caller waits before the local's scope ends.
//
//===----------------------------------------------------------------------===//
#include "analyzer/Names.h"
#include "checks/DanglingScan.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include <functional>

using namespace clang;

namespace corolint {

namespace {

TaskFate awaited() {
  TaskFate Fate;
  Fate.K = TaskFate::Awaited;
  return Fate;
}

/// The statement whose end ends the life of a local declared by DS: the
/// enclosing block, or the loop or selection statement that declares it.
const Stmt *scopeOf(const ParentMap &Parents, const Stmt *DS) {
  for (const Stmt *P = Parents.getParent(DS); P; P = Parents.getParent(P))
    if (isa<CompoundStmt, ForStmt, CXXForRangeStmt, WhileStmt, IfStmt,
            SwitchStmt>(P))
      return P;
  return nullptr;
}

/// The declaration statement of a local variable, found among the
/// parents' statements.
const Stmt *declStmtOf(const ParentMap &Parents, const Stmt *Body,
                       const VarDecl *V) {
  const Stmt *Found = nullptr;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Found)
      return;
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (D == V)
          Found = DS;
    for (const Stmt *C : S->children())
      Walk(C);
  };
  Walk(Body);
  return Found;
}

} // namespace

TaskFate fateOf(const CoroutineModel &Model, const ParentMap &Parents,
                const Expr *Call,
                llvm::function_ref<bool(const FunctionDecl *)> Waits) {
  TaskFate Fate;
  const Stmt *Child = Call;
  const Stmt *P = Parents.getParent(Call);
  bool Direct = true; // Still the task itself, not something built from it.
  for (; P; Child = P, P = Parents.getParent(P)) {
    if (isa<CoroutineSuspendExpr>(P))
      return awaited();
    if (const auto *C = dyn_cast<CallExpr>(P);
        C && (Model.waitsForCompletion(C->getDirectCallee()) ||
              Waits(C->getDirectCallee())))
      return awaited();
    // "f(tmp).get()": a member of the task that gives its result (not
    // another task or awaitable) waits for it within the full-expression.
    if (const auto *M = dyn_cast<MemberExpr>(P); M && Direct && !M->isArrow())
      if (const auto *Method = dyn_cast<CXXMethodDecl>(M->getMemberDecl())) {
        QualType R = Method->getReturnType();
        if (!isa<CXXConversionDecl>(Method) &&
            (R->isReferenceType() || Model.valueKind(R) == ValueKind::Ordinary))
          return awaited();
      }
    if (Fate.Message.empty()) {
      if (isa<ParenExpr, ImplicitCastExpr, MaterializeTemporaryExpr,
              CXXBindTemporaryExpr, ExprWithCleanups, CXXFunctionalCastExpr>(
              P) ||
          (isa<CXXConstructExpr>(P) && cast<CXXConstructExpr>(P)
                                           ->getConstructor()
                                           ->isCopyOrMoveConstructor())) {
        // The same task, rewrapped.
      } else if (const auto *R = dyn_cast<ReturnStmt>(P); R && Direct) {
        Fate.Returned = true;
        Fate.Where = R->getSourceRange();
        Fate.Message = "the task is returned here, and outlives the temporary";
      } else if (const auto *R = dyn_cast<CoreturnStmt>(P); R && Direct) {
        Fate.Where = R->getSourceRange();
        Fate.Message = "the task is returned here, and outlives the temporary";
      } else if (const auto *C = dyn_cast<CallExpr>(P)) {
        Fate.Where = C->getSourceRange();
        const FunctionDecl *F = C->getDirectCallee();
        if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(C);
            Op && Op->getOperator() == OO_Equal) {
          Fate.Message = "the task is stored here, and outlives the temporary";
          Fate.Receiver = Op->getArg(0);
        } else {
          if (const auto *M = dyn_cast<CXXMemberCallExpr>(C))
            Fate.Receiver = M->getImplicitObjectArgument();
          Fate.Message =
              "the task is handed to " +
              (F ? "'" + qualifiedName(F) + "'" : std::string("a call")) +
              " here, and outlives the temporary";
        }
        Direct = false;
      } else if (isa<CXXConstructExpr, InitListExpr>(P)) {
        Fate.Where = P->getSourceRange();
        Fate.Message = "the task is stored here, and outlives the temporary";
        Direct = false;
      } else if (!isa<Expr>(P)) {
        // A statement: the end of the full-expression.
        break;
      }
    }
    if (!isa<Expr>(P))
      break;
  }
  if (!Fate.Message.empty())
    return Fate;
  // The full-expression ended without a use: a variable's initializer, or
  // a statement that discards the task.
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(P))
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D); V && V->getInit() == Child) {
        Fate.Where = SourceRange(V->getLocation());
        Fate.Message = "the task is stored in '" + V->getNameAsString() +
                       "' here, and outlives the temporary";
        return Fate;
      }
  Fate.K = TaskFate::Discarded;
  return Fate;
}

bool outlives(const ParentMap &Parents, const Stmt *Body, const Expr *Receiver,
              const VarDecl *L) {
  if (!Receiver)
    return false;
  const Expr *E = ignoreWrappers(Receiver);
  while (const auto *M = dyn_cast<MemberExpr>(E))
    E = ignoreWrappers(M->getBase());
  if (isa<CXXThisExpr>(E))
    return true; // A member of the object outlives the call.
  const VarDecl *C = rootVariable(Receiver);
  if (!C || C == L)
    return false;
  if (!C->hasLocalStorage())
    return true;
  if (isa<ParmVarDecl>(C))
    return C->getType()->isReferenceType() || C->getType()->isPointerType();
  if (isa<ParmVarDecl>(L))
    return false; // L lives as long as any local.
  const Stmt *LDecl = declStmtOf(Parents, Body, L);
  const Stmt *CDecl = declStmtOf(Parents, Body, C);
  if (!LDecl || !CDecl)
    return false;
  const Stmt *LScope = scopeOf(Parents, LDecl);
  const Stmt *CScope = scopeOf(Parents, CDecl);
  if (!LScope || !CScope || LScope == CScope)
    return false;
  // C's scope encloses L's: L dies first.
  for (const Stmt *P = Parents.getParent(LScope); P; P = Parents.getParent(P))
    if (P == CScope)
      return true;
  return false;
}

bool waitsBeforeScopeEnds(
    const ParentMap &Parents, const Stmt *Body, const SourceManager &SM,
    const Expr *Call, const VarDecl *L,
    llvm::function_ref<bool(const FunctionDecl *)> Waits) {
  const Stmt *Scope = Body;
  if (!isa<ParmVarDecl>(L)) {
    const Stmt *Decl = declStmtOf(Parents, Body, L);
    Scope = Decl ? scopeOf(Parents, Decl) : nullptr;
  }
  if (!Scope)
    return true; // Not understood: say nothing.
  SourceLocation After = Call->getEndLoc();
  bool Found = false;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Found || isa<LambdaExpr>(S))
      return;
    if (SM.isBeforeInTranslationUnit(After, S->getBeginLoc())) {
      if (isa<CoroutineSuspendExpr, DependentCoawaitExpr>(S)) {
        Found = true;
        return;
      }
      if (const auto *C = dyn_cast<CallExpr>(S)) {
        const FunctionDecl *F = C->getDirectCallee();
        if (F && F->getDeclName().isIdentifier()) {
          llvm::StringRef Name = F->getName();
          if (Name.contains("wait") || Name == "join" || Name == "get" ||
              Name.contains("block_on") || Waits(F)) {
            Found = true;
            return;
          }
        }
      }
    }
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Scope);
  return Found;
}

} // namespace corolint
