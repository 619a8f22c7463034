//===- DanglingCaptures.cpp - Captures that die with a temporary closure --===//
//
// Part of dangling-reference (DanglingScan.h): a coroutine lambda keeps its
// captures in its closure, not in its frame. Called on a temporary closure
// (or on a local one whose task the function returns), or handed as a
// temporary to a function that calls it and returns -- the lambda-coroutine
// fiasco -- its captures die while the coroutine is suspended, and it reads
// them after it resumes.
//
//===----------------------------------------------------------------------===//
#include "analyzer/DiagnosticSink.h"
#include "analyzer/Names.h"
#include "checks/DanglingReferenceCheck.h"
#include "checks/DanglingScan.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include <functional>

using namespace clang;

namespace corolint {

namespace {

/// Where the coroutine lambda's body reads one of its captures (a captured
/// variable, or a member through a captured 'this') after a suspension
/// point, on any path; null if it never does.
const Expr *captureReadAfterSuspension(const CXXMethodDecl *Op,
                                       ASTContext &AST) {
  FrameFlow Flow(Op, AST);
  if (!Flow.valid())
    return nullptr;
  auto IsCapture = [](const Stmt *S) -> const Expr * {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
        Ref && Ref->refersToEnclosingVariableOrCapture())
      return Ref;
    if (const auto *This = dyn_cast<CXXThisExpr>(S))
      return This;
    return nullptr;
  };
  const Expr *Read = firstAfterSuspension<Expr>(Flow, IsCapture);
  if (Read)
    return Read;
  // Clang's CFG has no edges into catch handlers: a handler that follows a
  // suspension point in the body runs after it, too.
  const auto *Body = dyn_cast_or_null<CoroutineBodyStmt>(Op->getBody());
  if (!Body)
    return nullptr;
  const SourceManager &SM = AST.getSourceManager();
  SourceLocation FirstSuspension;
  std::function<void(const Stmt *, bool)> Walk = [&](const Stmt *S,
                                                     bool InHandler) {
    if (!S || Read || isa<LambdaExpr>(S))
      return;
    if (isa<CoroutineSuspendExpr>(S) &&
        (FirstSuspension.isInvalid() ||
         SM.isBeforeInTranslationUnit(S->getBeginLoc(), FirstSuspension)))
      FirstSuspension = S->getBeginLoc();
    if (InHandler && FirstSuspension.isValid())
      if (const Expr *R = IsCapture(S);
          R && SM.isBeforeInTranslationUnit(FirstSuspension, R->getBeginLoc()))
        Read = R;
    for (const Stmt *Child : S->children())
      Walk(Child, InHandler || isa<CXXCatchStmt>(S));
  };
  Walk(Body->getBody(), false);
  return Read;
}

/// E without std::move/std::forward and the wrappers ignoreWrappers removes.
const Expr *withoutMoves(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 4; ++Depth) {
    E = ignoreWrappers(E);
    const Expr *Operand = movedOperand(E);
    if (!Operand)
      return E;
    E = Operand;
  }
  return E;
}

/// The parameter of Call's callee that argument I binds (a member operator
/// call's first argument is the object); ~0u when there is none.
unsigned parameterIndex(const CallExpr *Call, unsigned I) {
  if (isa<CXXOperatorCallExpr>(Call) &&
      isa_and_nonnull<CXXMethodDecl>(Call->getDirectCallee()))
    return I == 0 ? ~0u : I - 1;
  return I;
}

/// Whether F keeps the closure it receives as parameter Index alive for as
/// long as the closure's coroutine runs: F, or a function F hands that
/// parameter on to (moved, forwarded or copied; at most Depth calls deep),
/// is a coroutine that takes it by value, so the closure lives in that
/// coroutine's frame. A structured-concurrency "start" that wraps the
/// callable in a coroutine of its own does this; a function that only calls
/// the closure, or stores it in an object that is freed once it has run,
/// does not.
bool handsClosureToCoroutine(const FunctionDecl *F, unsigned Index,
                             unsigned Depth) {
  if (!F || Index >= F->getNumParams())
    return false;
  if (!F->getParamDecl(Index)->getType()->isReferenceType() &&
      CoroutineModel::isCoroutineDefinition(F) == Tristate::Yes)
    return true;
  const FunctionDecl *Def = F->getDefinition();
  if (Depth == 0 || !Def || !Def->getBody())
    return false;
  const ParmVarDecl *P = Def->getParamDecl(Index);
  bool Found = false;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Found)
      return;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      for (unsigned I = 0; I < Call->getNumArgs() && !Found; ++I) {
        const auto *Ref = dyn_cast<DeclRefExpr>(withoutMoves(Call->getArg(I)));
        if (Ref && Ref->getDecl() == P)
          Found = handsClosureToCoroutine(Call->getDirectCallee(),
                                          parameterIndex(Call, I), Depth - 1);
      }
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Def->getBody());
  return Found;
}

/// Whether T names the closure type Closure among its template arguments,
/// or those of a class it is nested in (at any depth): an object of type T
/// holds the closure (a shared wrapper, a deferred starter), for as long as
/// it lives.
bool namesClosure(QualType T, const CXXRecordDecl *Closure, unsigned Depth) {
  const CXXRecordDecl *RD =
      T.isNull()
          ? nullptr
          : T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  if (!RD || Depth == 0)
    return false;
  if (RD->getCanonicalDecl() == Closure->getCanonicalDecl())
    return true;
  std::function<bool(const TemplateArgument &)> InArg =
      [&](const TemplateArgument &A) {
        if (A.getKind() == TemplateArgument::Pack)
          return llvm::any_of(A.pack_elements(), InArg);
        return A.getKind() == TemplateArgument::Type &&
               namesClosure(A.getAsType(), Closure, Depth - 1);
      };
  for (const DeclContext *DC = RD; DC; DC = DC->getParent())
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(DC))
      if (llvm::any_of(Spec->getTemplateArgs().asArray(), InArg))
        return true;
  return false;
}

} // namespace

void DanglingScan::checkLambda(const CXXOperatorCallExpr *Call) {
  if (Call->getOperator() != OO_Call || Call->getNumArgs() == 0)
    return;
  // The closure is a temporary, or a local of a function that returns
  // the task.
  const Expr *Callee = ignoreWrappers(Call->getArg(0));
  const auto *L = dyn_cast<LambdaExpr>(Callee);
  const VarDecl *Local = nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Callee)) {
    // A lambda of an enclosing function, captured by reference: its closure
    // is that function's, not destroyed when this one returns.
    if (Ref->refersToEnclosingVariableOrCapture())
      return;
    Local = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Local || !Local->hasLocalStorage() ||
        Local->getType()->isReferenceType() || !Local->getInit())
      return;
    L = dyn_cast<LambdaExpr>(ignoreWrappers(Local->getInit()));
  }
  if (!L || L->capture_begin() == L->capture_end())
    return;
  const CXXMethodDecl *Op = L->getCallOperator();
  if (!CoroutineModel::coroutineBody(Op))
    return;
  TaskKind Kind = Model.startOf(Op);
  const FunctionInfo *Info = Model.info(Op);
  if (Kind != TaskKind::Lazy &&
      !(Kind == TaskKind::Eager && Info && !Info->Suspensions.empty()))
    return;
  TaskFate Fate = fate(Call);
  if (Fate.K != TaskFate::Outlives || (Local && !Fate.Returned))
    return;
  std::string Reads = Kind == TaskKind::Lazy ? "runs later and reads them"
                                             : "reads them after it suspends";
  Diagnostic &D =
      Local ? Out.report(Check.name(), Call->getSourceRange(),
                         "coroutine lambda '" + Local->getNameAsString() +
                             "' with captures is called and its task "
                             "returned; its captures live in the closure, "
                             "which is destroyed when the function returns, "
                             "but the task " +
                             Reads)
            : Out.report(Check.name(),
                         SourceRange(L->getBeginLoc(),
                                     L->getIntroducerRange().getEnd()),
                         "coroutine lambda with captures is called on a "
                         "temporary; its captures live in the closure, "
                         "which is destroyed at the end of the "
                         "full-expression, but the task " +
                             Reads);
  if (Local)
    Out.note(D, SourceRange(Local->getLocation()),
             "'" + Local->getNameAsString() + "' is declared here");
  Out.note(D, Fate.Where,
           Local ? "the task is returned here, and outlives '" +
                       Local->getNameAsString() + "'"
                 : Fate.Message);
  Out.note(D, SourceRange(),
           "co_await it in the same expression, keep the lambda in a variable "
           "that outlives the task, or pass the captured values as parameters "
           "(taken by value)");
}

// The lambda-coroutine fiasco: the closure (where the captures live) dies
// with that function's parameter or the full-expression, while the
// coroutine is suspended.
void DanglingScan::checkHandedLambda(const Expr *Arg,
                                     const FunctionDecl *Callee,
                                     const Expr *Call) {
  const auto *L = dyn_cast<LambdaExpr>(ignoreWrappers(Arg));
  if (!L || L->capture_begin() == L->capture_end())
    return;
  const CXXMethodDecl *Op = L->getCallOperator();
  const FunctionInfo *Info = Model.info(Op);
  if (!CoroutineModel::coroutineBody(Op) || !Info || Info->Suspensions.empty())
    return;
  // A coroutine callee keeps its parameters (the closure) in its frame;
  // owners keep the closure as long as the coroutine runs.
  if (Callee &&
      (CoroutineModel::isCoroutineDefinition(Callee) == Tristate::Yes ||
       Check.isClosureOwner(Callee)))
    return;
  // The call's result holds the closure (its type names the closure's); or
  // the callee moves the closure into a coroutine's frame.
  if (namesClosure(Call->getType(), L->getLambdaClass(), 4))
    return;
  if (const auto *C = dyn_cast<CallExpr>(Call))
    for (unsigned I = 0; I < C->getNumArgs(); ++I)
      if (C->getArg(I) == Arg &&
          handsClosureToCoroutine(Callee, parameterIndex(C, I), 3))
        return;
  if (const auto *C = dyn_cast<CXXConstructExpr>(Call))
    for (unsigned I = 0; I < C->getNumArgs(); ++I)
      if (C->getArg(I) == Arg && handsClosureToCoroutine(Callee, I, 3))
        return;
  // Awaited (or run to completion) within the full-expression: the
  // temporary closure outlives the coroutine.
  if (fate(Call).K == TaskFate::Awaited)
    return;
  const Expr *Read = captureReadAfterSuspension(Op, AST);
  if (!Read)
    return;
  std::string Into = Callee && !isa<CXXConstructorDecl>(Callee)
                         ? "'" + qualifiedName(Callee) + "'"
                         : "'" +
                               Call->getType()
                                   .getCanonicalType()
                                   .getUnqualifiedType()
                                   .getAsString(AST.getPrintingPolicy()) +
                               "'";
  Diagnostic &D = Out.report(
      Check.name(),
      SourceRange(L->getBeginLoc(), L->getIntroducerRange().getEnd()),
      "coroutine lambda with captures is passed to " + Into +
          " as a temporary; its captures live in the closure, which can be "
          "destroyed while the coroutine is suspended, but the coroutine "
          "reads them after it suspends");
  Out.note(D, Read->getSourceRange(),
           isa<CXXThisExpr>(Read) ? "'this' is read here, after a suspension "
                                    "point"
                                  : "a capture is read here, after a "
                                    "suspension point");
  Out.note(D, SourceRange(),
           "pass what the coroutine needs as parameters (taken by value), "
           "keep the lambda in a variable that outlives the coroutine, or "
           "wrap it in a type that owns the closure (dangling-reference."
           "closure-owners)");
}

} // namespace corolint
