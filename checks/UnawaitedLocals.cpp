//===- UnawaitedLocals.cpp - A local task some path leaves unawaited ------===//
//
// Part of unawaited-task: a lazy task or an awaitable operation kept in a
// local (or a lazy task taken by value) that some path through the function
// leaves -- or overwrites -- without awaiting, moving, returning or handing
// it off. What each use of the local does to it is classify()'s answer.
//
//===----------------------------------------------------------------------===//
#include "analyzer/DiagnosticSink.h"
#include "analyzer/FrameFlow.h"
#include "checks/UnawaitedTaskCheck.h"
#include "checks/UnawaitedValues.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace corolint {

using namespace unawaited;

namespace {

/// Whether parameter I of F (as written, before deduction) is a forwarding
/// reference: an lvalue argument binds to it, yet F may take it over.
bool isForwardingParam(const FunctionDecl *F, unsigned I) {
  const FunctionDecl *Pattern = F->getTemplateInstantiationPattern();
  if (!Pattern || I >= Pattern->getNumParams())
    return false;
  QualType T = Pattern->getParamDecl(I)->getType();
  if (const auto *R = T->getAs<RValueReferenceType>())
    return R->getPointeeType()->isDependentType();
  return T->isDependentType() && !T->isReferenceType();
}

/// Whether a task of type T can be copied: then a const& parameter may keep
/// a copy (a container of shared tasks), and is a hand-off too.
bool isCopyable(QualType T) {
  const CXXRecordDecl *RD =
      T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  for (const CXXConstructorDecl *C : RD->ctors())
    if (C->isCopyConstructor() && !C->isDeleted())
      return true;
  return RD->needsImplicitCopyConstructor() &&
         !RD->defaultedCopyConstructorIsDeleted();
}

/// Whether a parameter of type T takes the argument over: by value, by
/// rvalue reference or by non-const lvalue reference, but not by const
/// reference.
bool takesOver(const FunctionDecl *F, unsigned I, QualType Task) {
  if (!F || I >= F->getNumParams())
    return true; // Variadic or unknown: assume so.
  QualType T = F->getParamDecl(I)->getType();
  if (T->isLValueReferenceType() && T.getNonReferenceType().isConstQualified())
    return isForwardingParam(F, I) || isCopyable(Task);
  return true;
}

/// The locals of F's frame that hold a value to await, and the lazy tasks
/// it takes by value (a task taken by value is this function's to run or
/// hand on, too).
llvm::SmallVector<const VarDecl *, 4> taskLocals(const CoroutineModel &Model,
                                                 const FunctionInfo &F) {
  llvm::SmallVector<const VarDecl *, 4> Locals;
  Model.forEachStmtInFrame(F.Decl, [&](const Stmt *S) {
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D);
            V && V->hasLocalStorage() && !isa<ParmVarDecl>(V) &&
            !V->getType()->isReferenceType() &&
            Model.mustBeAwaited(V->getType()))
          Locals.push_back(V);
  });
  for (const ParmVarDecl *P : F.Decl->parameters())
    if (P->getIdentifier() && !P->getType()->isReferenceType() &&
        kindOf(Model, P->getType()) == TaskKind::Lazy)
      Locals.push_back(P);
  return Locals;
}

/// Where a local gets a task.
struct Definition {
  FrameFlow::Point At;
  SourceLocation Loc;
};

/// Whether E is moved out of a local other than V that holds nothing
/// (default-constructed, or itself moved from an empty one): nothing
/// arrives.
bool movesFromEmpty(const Expr *E, const VarDecl *V) {
  const VarDecl *From = E ? rootVariable(E) : nullptr;
  if (!From || From == V || !From->hasLocalStorage() || !From->getInit())
    return false;
  const Expr *I = ignoreWrappers(From->getInit());
  return (isa<CXXConstructExpr>(I) &&
          cast<CXXConstructExpr>(I)->getNumArgs() == 0) ||
         (isa<InitListExpr>(I) && cast<InitListExpr>(I)->getNumInits() == 0);
}

/// Whether E makes its value here: a call (other than std::move and
/// std::forward) or a co_await.
bool madeHere(const Expr *E) {
  E = E ? ignoreWrappers(E) : nullptr;
  if (const auto *C = dyn_cast_or_null<CallExpr>(E))
    return !(C->getDirectCallee() && C->getDirectCallee()->getIdentifier() &&
             (C->getDirectCallee()->getName() == "move" ||
              C->getDirectCallee()->getName() == "forward"));
  return E && isa<CoawaitExpr>(E);
}

/// Where V gets a task it must await: a real initializer (not a default
/// construction) at its declaration Decl, and each assignment.
llvm::SmallVector<Definition, 2> definitionsOf(const CoroutineModel &Model,
                                               const FrameFlow &Flow,
                                               const VarDecl *V,
                                               FrameFlow::Point Decl) {
  llvm::SmallVector<Definition, 2> Definitions;
  bool Param = isa<ParmVarDecl>(V);
  const Expr *Init = V->getInit() ? ignoreWrappers(V->getInit()) : nullptr;
  // An awaitable that is not a task is followed only when a call made it
  // (an operation); one constructed in place is an object that others
  // wait on (an event, a latch) and may well never be awaited here.
  bool Task = kindOf(Model, V->getType()) == TaskKind::Lazy;
  // An empty, default-constructed result holds no task; nor does the
  // finished result of a co_await.
  bool Empty =
      Init && ((isa<CXXConstructExpr>(Init) &&
                (cast<CXXConstructExpr>(Init)->getNumArgs() == 0 || !Task)) ||
               (isa<InitListExpr>(Init) &&
                cast<InitListExpr>(Init)->getNumInits() == 0));
  if (Init && !Empty && !Param && isa<CallExpr, CoawaitExpr>(Init) &&
      !mustBeAwaitedValue(Model, Init))
    Empty = true;
  // Of an operation (an awaitable that is no task) or a copyable handle
  // (shared_result, shared_task), only what a call makes here is this
  // variable's own: a copy or a move of another variable is that one's.
  bool OnlyMade = !Task || isCopyable(V->getType());
  if (Param || (Init && !Empty && (!OnlyMade || madeHere(Init))))
    Definitions.push_back({Decl, V->getLocation()});
  for (const CFGBlock *B : Flow.cfg())
    for (unsigned I = 0; I < B->size(); ++I)
      if (auto S = (*B)[I].getAs<CFGStmt>())
        if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S->getStmt());
            Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
            refersTo(Op->getArg(0), V) && !movesFromEmpty(Op->getArg(1), V) &&
            rootVariable(Op->getArg(1)) != V &&
            (!OnlyMade || madeHere(Op->getArg(1))))
          Definitions.push_back({{B, I}, Op->getOperatorLoc()});
  return Definitions;
}

/// Where a path leaves V's scope without awaiting it, or (true) overwrites
/// it first.
using Leak = std::pair<SourceLocation, bool>;

/// The paths from Def on which V is neither awaited nor handed on, in
/// source order; Classify says what a use of V does to it.
llvm::SmallVector<Leak, 2> leaksFrom(
    const FrameFlow &Flow, const VarDecl *V, const Definition &Def,
    const Stmt *Body, const SourceManager &SM,
    llvm::function_ref<UnawaitedTaskCheck::Use(const DeclRefExpr *)> Classify) {
  using Use = UnawaitedTaskCheck::Use;
  bool Param = isa<ParmVarDecl>(V);
  llvm::SmallVector<Leak, 2> Leaks;
  Flow.explore(
      Def.At, 1,
      [&](const CFGElement &E, unsigned State) -> std::optional<unsigned> {
        const Stmt *Trigger = nullptr;
        if (FrameFlow::scopeEnd(E, &Trigger) == V) {
          Leaks.push_back({FrameFlow::exitLocation(Trigger), false});
          return std::nullopt;
        }
        auto S = E.getAs<CFGStmt>();
        if (!S)
          return State;
        const Stmt *St = S->getStmt();
        // A parameter's scope is the whole function: a return leaves it.
        if (Param && isa<ReturnStmt, CoreturnStmt>(St)) {
          Leaks.push_back({St->getBeginLoc(), false});
          return std::nullopt;
        }
        // Paths that leave by an exception or never return do not count.
        if (isa<CXXThrowExpr>(St))
          return std::nullopt;
        if (const auto *Call = dyn_cast<CallExpr>(St);
            Call && Call->getDirectCallee() &&
            Call->getDirectCallee()->isNoReturn())
          return std::nullopt;
        if (const auto *DS = dyn_cast<DeclStmt>(St);
            DS && DS->isSingleDecl() && DS->getSingleDecl() == V)
          return std::nullopt;
        if (const auto *L = dyn_cast<LambdaExpr>(St)) {
          for (const LambdaCapture &C : L->captures())
            if (C.capturesVariable() && C.getCapturedVar() == V)
              return std::nullopt;
          return State;
        }
        const auto *Ref = dyn_cast<DeclRefExpr>(St);
        if (!Ref || Ref->getDecl() != V)
          return State;
        switch (Classify(Ref)) {
        case Use::Consumes:
          return std::nullopt;
        case Use::Assigns:
          Leaks.push_back({Ref->getBeginLoc(), true});
          return std::nullopt;
        case Use::Neutral:
        case Use::Tests:
          return State;
        }
        return State;
      },
      [&](unsigned) {
        // Falling off the end of the function.
        if (Param && Body)
          Leaks.push_back({Body->getEndLoc(), false});
      });
  llvm::sort(Leaks, [&](const auto &A, const auto &B) {
    return SM.isBeforeInTranslationUnit(A.first, B.first);
  });
  Leaks.erase(std::unique(Leaks.begin(), Leaks.end()), Leaks.end());
  return Leaks;
}

/// Reports V, given a task at Def, as left unawaited on the paths Leaks.
void reportLeaks(DiagnosticSink &Out, llvm::StringRef Check,
                 const CoroutineModel &Model, const PrintingPolicy &Policy,
                 const VarDecl *V, const Definition &Def,
                 llvm::ArrayRef<Leak> Leaks) {
  QualType T = V->getType();
  bool Lazy = kindOf(Model, T) == TaskKind::Lazy;
  std::string Type =
      T.getCanonicalType().getUnqualifiedType().getAsString(Policy);
  bool Assigned = Def.Loc != V->getLocation();
  Diagnostic &D = Out.report(
      Check, SourceRange(Def.Loc),
      std::string(Lazy ? "lazy task" : "awaitable") +
          (isa<ParmVarDecl>(V) ? " parameter '" : " '") + V->getNameAsString() +
          "' of type '" + Type + "'" + (Assigned ? " assigned here" : "") +
          " is not awaited, moved, returned or handed off on every path; " +
          (Lazy ? "on those paths it never runs"
                : "on those paths its work and "
                  "errors are lost"));
  for (const auto &[Loc, Overwritten] : Leaks)
    Out.note(D, SourceRange(Loc),
             Overwritten ? "it is overwritten here before being awaited"
                         : "this path leaves its scope without awaiting it");
}

} // namespace

UnawaitedTaskCheck::Use
UnawaitedTaskCheck::classify(const CoroutineModel &Model, const FrameFlow &Flow,
                             const DeclRefExpr *Ref) const {
  if (Model.isAwaitedDirectly(Ref))
    return Use::Consumes;
  const Expr *Child = nullptr;
  const Stmt *P = Flow.semanticParent(Ref, Child);
  if (!P)
    return Use::Consumes;
  if (Model.isAwaitedDirectly(Child))
    return Use::Consumes;
  if (const auto *Cast = dyn_cast<ImplicitCastExpr>(P))
    return Cast->getType()->isBooleanType() ? Use::Tests : Use::Consumes;
  if (const auto *Member = dyn_cast<MemberExpr>(P)) {
    const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(Flow.parent(Member));
    const CXXMethodDecl *M = Call ? Call->getMethodDecl() : nullptr;
    if (!M)
      return Use::Consumes;
    if (const auto *Conv = dyn_cast<CXXConversionDecl>(M);
        Conv && Conv->getConversionType()->isBooleanType())
      return Use::Tests;
    // A member whose result is awaited, or that gives another awaitable,
    // task or generator (task.when_ready(), std::move(task).result(), a
    // generator's operator()), runs the task: so does one that changes it.
    if (!M->isConst() || Model.isAwaitedDirectly(Call))
      return Use::Consumes;
    QualType R = M->getReturnType();
    if (!R->isReferenceType() && Model.valueKind(R) != ValueKind::Ordinary)
      return Use::Consumes;
    // Asking its state (is_ready(), done()) is managing it: a finished task
    // needs no awaiting, and the code has looked.
    if (R->isBooleanType())
      return Use::Consumes;
    return Use::Neutral;
  }
  if (const auto *Call = dyn_cast<CallExpr>(P)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (isConsumer(Callee))
      return Use::Consumes;
    unsigned Index = 0;
    while (Index < Call->getNumArgs() && Call->getArg(Index) != Child)
      ++Index;
    if (Index == Call->getNumArgs())
      return Use::Consumes; // The callee itself: invoking a task object.
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
        Op && isa_and_nonnull<CXXMethodDecl>(Callee)) {
      if (Index == 0) {
        // "t = std::move(t)": the task stays where it was.
        if (Op->getOperator() == OO_Equal)
          return rootVariable(Op->getArg(1)) == Ref->getDecl() ? Use::Neutral
                                                               : Use::Assigns;
        return cast<CXXMethodDecl>(Callee)->isConst() ? Use::Neutral
                                                      : Use::Consumes;
      }
      --Index;
    }
    return takesOver(Callee, Index, Ref->getType()) ? Use::Consumes
                                                    : Use::Neutral;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(P)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (Ctor->isCopyOrMoveConstructor())
      return Use::Consumes;
    for (unsigned I = 0; I < Construct->getNumArgs(); ++I)
      if (Construct->getArg(I) == Child)
        return takesOver(Ctor, I, Ref->getType()) ? Use::Consumes
                                                  : Use::Neutral;
    return Use::Consumes;
  }
  // Awaited, returned, captured, bound to a reference, its address taken,
  // stored in an aggregate: it is no longer this frame's to drop.
  return Use::Consumes;
}

void UnawaitedTaskCheck::checkLocals(const AnalysisContext &Ctx,
                                     const FunctionInfo &F,
                                     DiagnosticSink &Out) {
  const CoroutineModel &Model = Ctx.Model;
  llvm::SmallVector<const VarDecl *, 4> Locals = taskLocals(Model, F);
  if (Locals.empty())
    return;
  FrameFlow Flow(F.Decl, Ctx.AST);
  if (!Flow.valid())
    return;
  const SourceManager &SM = Ctx.AST.getSourceManager();
  PrintingPolicy Policy = Ctx.AST.getPrintingPolicy();
  Policy.SuppressTagKeyword = true;
  auto Classify = [&](const DeclRefExpr *Ref) {
    return classify(Model, Flow, Ref);
  };

  const Stmt *Body = F.Coroutine ? F.Coroutine->getBody() : F.Decl->getBody();
  // The locals consumed inside an "expect this to throw" assertion: the test
  // means that use to fail, and the macro's other branches are the
  // framework's, not paths that leave the local unawaited.
  llvm::SmallPtrSet<const VarDecl *, 4> ConsumedWhereExpectedToThrow;
  Model.forEachStmtInFrame(F.Decl, [&](const Stmt *S) {
    const auto *Ref = dyn_cast<DeclRefExpr>(S);
    const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (V && llvm::is_contained(Locals, V) &&
        Model.isInExpectThrow(Ref->getBeginLoc()) &&
        Classify(Ref) == Use::Consumes)
      ConsumedWhereExpectedToThrow.insert(V);
  });
  for (const VarDecl *V : Locals) {
    if (ConsumedWhereExpectedToThrow.contains(V))
      continue;
    std::optional<FrameFlow::Point> Decl =
        isa<ParmVarDecl>(V) ? std::optional(Flow.entry()) : Flow.declaration(V);
    if (!Decl)
      continue;
    for (const Definition &Def : definitionsOf(Model, Flow, V, *Decl)) {
      llvm::SmallVector<Leak, 2> Leaks =
          leaksFrom(Flow, V, Def, Body, SM, Classify);
      if (!Leaks.empty())
        reportLeaks(Out, name(), Model, Policy, V, Def, Leaks);
    }
  }
}

} // namespace corolint
