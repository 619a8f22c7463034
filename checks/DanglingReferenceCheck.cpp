//===- DanglingReferenceCheck.cpp - A coroutine outliving its referents ---===//
#include "checks/DanglingReferenceCheck.h"
#include "analyzer/BlockingSummary.h"
#include "analyzer/CoroutineModel.h"
#include "analyzer/DiagnosticSink.h"
#include "analyzer/FrameFlow.h"
#include "analyzer/Names.h"
#include "analyzer/SummaryIndex.h"
#include "checks/DanglingAwaitResult.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"
#include <functional>

using namespace clang;

namespace corolint {

namespace {
/// The check's section of .corolint.yaml.
struct DanglingOptions {
  /// Functions and classes that keep a coroutine lambda's closure alive
  /// while its coroutine runs (seastar::coroutine::lambda-like wrappers).
  std::vector<std::string> ClosureOwners;
};
} // namespace
} // namespace corolint

template <> struct llvm::yaml::MappingTraits<corolint::DanglingOptions> {
  static void mapping(IO &IO, corolint::DanglingOptions &O) {
    IO.mapOptional("closure-owners", O.ClosureOwners);
  }
};

namespace corolint {

llvm::Expected<std::unique_ptr<Check>>
DanglingReferenceCheck::create(const Config &Settings) {
  DanglingOptions O;
  if (llvm::Error E = Settings.options(Name).read(O))
    return std::move(E);
  std::unique_ptr<DanglingReferenceCheck> C(new DanglingReferenceCheck());
  // Keep the closure (or the function object) for as long as the coroutine
  // it starts runs: co_spawn's entry point owns it; these wrappers exist for
  // exactly that.
  C->ClosureOwners = {"asio::co_spawn", "folly::coro::co_invoke",
                      "seastar::coroutine::lambda"};
  llvm::append_range(C->ClosureOwners, O.ClosureOwners);
  return std::unique_ptr<Check>(std::move(C));
}

bool DanglingReferenceCheck::isClosureOwner(const FunctionDecl *F) const {
  std::string Name = qualifiedName(F);
  std::string Class;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
    Class = qualifiedName(Ctor->getParent());
  return llvm::any_of(ClosureOwners, [&](const std::string &P) {
    return nameMatches(P, Name) || (!Class.empty() && nameMatches(P, Class));
  });
}

namespace {

/// Where the task a call returns goes, as far as the full-expression shows.
struct TaskFate {
  enum Kind {
    Awaited,   ///< co_awaited (perhaps inside when_all) or sync_wait-ed.
    Discarded, ///< Dropped unawaited: unawaited-task's finding, not ours.
    Outlives,  ///< Stored, returned, handed off.
  } K = Outlives;
  bool Returned = false; ///< By a return statement of the caller.
  /// What the task is stored into: the object a member is called on
  /// (a container's push_back), or the left side of an assignment.
  const Expr *Receiver = nullptr;
  SourceRange Where;   ///< Where it is stored, returned or handed off.
  std::string Message; ///< The note that says so.
};

TaskFate awaited() {
  TaskFate Fate;
  Fate.K = TaskFate::Awaited;
  return Fate;
}

/// Follows the task Call returns up its full-expression, with the parents
/// of the function body it is in; Waits says whether a function the task is
/// handed to blocks until it is done.
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

/// Whether what Receiver names (a member, a global, a container the caller
/// was given by reference, or a local of an enclosing scope) outlives the
/// local L.
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

/// Whether the caller, after Call and before the local L's life ends,
/// suspends (co_await, co_yield) or blocks in a wait (a call named like one,
/// or one that Waits says blocks): it may be waiting for the task Call left
/// running, so L may well outlive it.
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

bool isView(QualType T) {
  const CXXRecordDecl *RD =
      T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  if (!RD)
    return false;
  std::string Name = qualifiedName(RD);
  return Name == "std::basic_string_view" || Name == "std::span";
}

/// A temporary inside E that dies at the end of the full-expression and that
/// a view built from E would point into.
const MaterializeTemporaryExpr *viewedTemporary(const Expr *E) {
  if (!E || isa<LambdaExpr>(E))
    return nullptr;
  if (const auto *D = dyn_cast<CXXDefaultArgExpr>(E))
    return viewedTemporary(D->getExpr());
  if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E);
      M && M->getStorageDuration() == SD_FullExpression &&
      !isView(M->getType()))
    return M;
  for (const Stmt *Child : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child))
      if (const MaterializeTemporaryExpr *M = viewedTemporary(CE))
        return M;
  return nullptr;
}

/// E without parentheses and implicit casts, but not past the
/// MaterializeTemporaryExpr that Expr::IgnoreParenImpCasts also skips.
const Expr *skipCasts(const Expr *E) {
  while (true) {
    if (const auto *P = dyn_cast<ParenExpr>(E))
      E = P->getSubExpr();
    else if (const auto *C = dyn_cast<ImplicitCastExpr>(E))
      E = C->getSubExpr();
    else if (const auto *D = dyn_cast<CXXDefaultArgExpr>(E))
      E = D->getExpr();
    else
      return E;
  }
}

/// A local variable of the caller (or a parameter it took by value) that
/// Arg refers to, or that a view built from Arg points into.
const VarDecl *boundLocal(const Expr *Arg, QualType T) {
  auto IsLocal = [](const Expr *E) -> const VarDecl * {
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    // A lambda's capture (by reference: the enclosing frame's variable; by
    // copy: the closure's) is no local of the lambda's own frame.
    if (Ref && Ref->refersToEnclosingVariableOrCapture())
      return nullptr;
    const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!V || !V->hasLocalStorage() || V->getType()->isReferenceType() ||
        V->getType()->isPointerType() || isView(V->getType()))
      return nullptr;
    return V;
  };
  if (T->isReferenceType())
    return IsLocal(skipCasts(Arg));
  if (!isView(T))
    return nullptr;
  // string_view(s), span(v): through conversions and copies of the view.
  const Expr *E = skipCasts(Arg);
  while (E) {
    if (const VarDecl *V = IsLocal(E))
      return V;
    if (const auto *C = dyn_cast<CXXConstructExpr>(E))
      E = C->getNumArgs() >= 1 ? skipCasts(C->getArg(0)) : nullptr;
    else if (const auto *M = dyn_cast<CXXMemberCallExpr>(E);
             M && isa<CXXConversionDecl>(M->getMethodDecl()))
      E = skipCasts(M->getImplicitObjectArgument());
    else if (isa<MaterializeTemporaryExpr, CXXBindTemporaryExpr>(E))
      E = skipCasts(cast<Expr>(*E->child_begin()));
    else
      return nullptr;
  }
  return nullptr;
}

/// The temporary that argument Arg binds to a parameter of type T, if it
/// dies at the end of the full-expression.
const Expr *boundTemporary(const Expr *Arg, QualType T) {
  if (T->isReferenceType()) {
    const auto *M = dyn_cast<MaterializeTemporaryExpr>(skipCasts(Arg));
    if (M && M->getStorageDuration() == SD_FullExpression)
      return M;
    return nullptr;
  }
  if (isView(T))
    return viewedTemporary(Arg);
  return nullptr;
}

/// The first statement of F's body that Match accepts on a path after a
/// suspension point, or null.
template <typename T>
const T *
firstAfterSuspension(const FrameFlow &Flow,
                     llvm::function_ref<const T *(const Stmt *)> Match) {
  const T *Found = nullptr;
  for (const CFGBlock *B : Flow.cfg())
    for (unsigned I = 0; I < B->size() && !Found; ++I) {
      auto S = (*B)[I].getAs<CFGStmt>();
      if (!S || !isa<CoroutineSuspendExpr>(S->getStmt()))
        continue;
      Flow.explore(
          {B, I}, 0,
          [&](const CFGElement &E, unsigned State) -> std::optional<unsigned> {
            if (auto St = E.getAs<CFGStmt>())
              if (const T *Hit = Match(St->getStmt())) {
                if (!Found)
                  Found = Hit;
                return std::nullopt;
              }
            return State;
          });
    }
  return Found;
}

/// Where the eager coroutine F reads P after its first suspension, if it
/// does.
const DeclRefExpr *readAfterSuspension(const FunctionDecl *F,
                                       const ParmVarDecl *P, ASTContext &AST) {
  FrameFlow Flow(F, AST);
  if (!Flow.valid())
    return nullptr;
  return firstAfterSuspension<DeclRefExpr>(
      Flow, [&](const Stmt *S) -> const DeclRefExpr * {
        const auto *Ref = dyn_cast<DeclRefExpr>(S);
        return Ref && Ref->getDecl() == P ? Ref : nullptr;
      });
}

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

} // namespace

std::optional<Diagnostic>
DanglingReferenceCheck::resolveDeferred(const DeferredFinding &D,
                                        const SummaryIndex &Index) const {
  if (D.Via.empty() || !Index.isCoroutine(D.Via.front().USR))
    return std::nullopt;
  return D.Draft;
}

void DanglingReferenceCheck::run(const AnalysisContext &Ctx,
                                 DiagnosticSink &Sink) {
  DiagnosticSink &Out = Sink;
  checkDanglingAwaitResults(Ctx, Out, name());
  const CoroutineModel &Model = Ctx.Model;
  ASTContext &AST = Ctx.AST;
  // Eager callees' reads after suspension, computed once per parameter.
  llvm::DenseMap<const ParmVarDecl *, const DeclRefExpr *> Reads;
  auto ReadAfterSuspension = [&](const FunctionDecl *F, const ParmVarDecl *P) {
    auto [It, New] = Reads.try_emplace(P, nullptr);
    if (New)
      It->second = readAfterSuspension(F, P, AST);
    return It->second;
  };

  // A helper that takes the task and blocks until it is done (it reaches a
  // wait on a future, a latch, a condition variable): the task does not
  // outlive the full-expression that calls it.
  auto BlocksUntilDone = [&](const FunctionDecl *F) {
    if (!F || !Ctx.Blocking ||
        CoroutineModel::isCoroutineDefinition(F) != Tristate::No)
      return false;
    const FunctionDecl *Def = nullptr;
    F->hasBody(Def);
    for (const BlockingReach &R : Ctx.Blocking->summaryOf(Def).Reaches)
      if (R.Category == "sync-over-async" || R.Category == "wait")
        return true;
    return false;
  };

  // The parents of the current function's body, built when first needed.
  const FunctionInfo *Current = nullptr;
  std::unique_ptr<ParentMap> Body;
  auto Parents = [&]() -> const ParentMap & {
    if (!Body)
      Body = std::make_unique<ParentMap>(Current->Decl->getBody());
    return *Body;
  };

  auto CheckCall = [&](const CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return;
    TaskKind Kind = Model.startOfCall(Call);
    // A coroutine nobody can await runs on by itself, like an eager task
    // whose caller never waits.
    bool Detached = !Call->getType()->isReferenceType() &&
                    Model.valueKind(Call->getType()) == ValueKind::Detached;
    if (Detached)
      Kind = TaskKind::Eager;
    if (Kind != TaskKind::Lazy && Kind != TaskKind::Eager)
      return;
    // Only a coroutine keeps its reference parameters in its frame. A
    // function that is not one (its body visible here) returns a task made
    // elsewhere, from copies or not; one whose body is not visible may be
    // either: say nothing rather than guess.
    const FunctionDecl *Def = nullptr;
    Tristate Coroutine = CoroutineModel::isCoroutineDefinition(Callee);
    if (Coroutine == Tristate::No)
      return;
    // Defined in another file: only the project's index can say. A lazy
    // task's type says the rest; an eager one's reads after suspension
    // cannot be known from here.
    std::string RemoteUSR;
    if (Coroutine == Tristate::Unknown) {
      if (Kind != TaskKind::Lazy || !Callee->isExternallyVisible())
        return;
      RemoteUSR = BlockingAnalysis::usrOf(Callee->getCanonicalDecl());
      if (RemoteUSR.empty() ||
          (Ctx.Index && !Ctx.Index->isCoroutine(RemoteUSR)) ||
          (!Ctx.Index && !Ctx.Deferred))
        return;
      if (Ctx.Index)
        RemoteUSR.clear(); // Known now: report as usual.
    }
    Callee->hasBody(Def);

    struct Dangling {
      const Expr *Temporary;
      const VarDecl *Local; ///< Instead of a temporary.
      std::string Param;    ///< "parameter 's'" or "'this'".
      SourceRange ParamRange;
      const DeclRefExpr *Read = nullptr;
    };
    llvm::SmallVector<Dangling, 2> Found;
    unsigned Shift =
        isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee);
    for (unsigned I = Shift; I < Call->getNumArgs(); ++I) {
      unsigned P = I - Shift;
      if (P >= Callee->getNumParams())
        break;
      const ParmVarDecl *Param = Callee->getParamDecl(P);
      const Expr *Temp = boundTemporary(Call->getArg(I), Param->getType());
      const VarDecl *Local =
          Temp ? nullptr : boundLocal(Call->getArg(I), Param->getType());
      if (!Temp && !Local)
        continue;
      const DeclRefExpr *Read = nullptr;
      if (Kind == TaskKind::Eager) {
        Read = ReadAfterSuspension(Def, Def->getParamDecl(P));
        if (!Read)
          continue;
      }
      std::string What =
          Param->getType()->isReferenceType() ? "reference" : "view";
      Found.push_back({Temp ? Temp : Call->getArg(I), Local,
                       What + " parameter '" + Param->getNameAsString() + "'",
                       SourceRange(Param->getLocation()), Read});
    }
    // A member coroutine of a temporary object reads it through 'this'.
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
        Member && Kind == TaskKind::Lazy && !isa<CXXConversionDecl>(Callee))
      if (const Expr *Object = Member->getImplicitObjectArgument())
        if (const auto *M =
                dyn_cast<MaterializeTemporaryExpr>(skipCasts(Object));
            M && M->getStorageDuration() == SD_FullExpression)
          Found.push_back(
              {M, nullptr, "'this'", Callee->getLocation(), nullptr});
    if (Found.empty())
      return;

    TaskFate Fate = fateOf(Model, Parents(), Call, BlocksUntilDone);
    bool LeftRunning = Fate.K == TaskFate::Discarded && Kind == TaskKind::Eager;
    if (LeftRunning) {
      // Fire-and-forget: it runs on after the statement, unawaited.
      Fate.K = TaskFate::Outlives;
      Fate.Where = Call->getSourceRange();
      Fate.Message =
          "the task is not awaited here: the coroutine runs on after "
          "the statement ends";
    }
    if (Fate.K != TaskFate::Outlives)
      return;
    std::optional<DiagnosticSink> Held;
    if (!RemoteUSR.empty())
      Held.emplace(AST);
    DiagnosticSink &Out = Held ? *Held : Sink;
    for (const Dangling &D : Found) {
      // A local outlives the full-expression, but not the function that
      // returns a task referring to it, nor a container, member or outer
      // variable the task is stored in.
      bool Stored =
          D.Local && !Fate.Returned &&
          outlives(Parents(), Current->Decl->getBody(), Fate.Receiver, D.Local);
      // An eager task nobody awaits runs on while the caller goes on: past
      // the end of the local's scope, unless the caller waits for something
      // before it ends.
      bool Abandoned =
          D.Local && LeftRunning &&
          !waitsBeforeScopeEnds(Parents(), Current->Decl->getBody(),
                                AST.getSourceManager(), Call, D.Local,
                                BlocksUntilDone);
      if (D.Local && !Fate.Returned && !Stored && !Abandoned)
        continue;
      std::string Name = qualifiedName(Callee);
      const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
      std::string Coroutine = Method && Method->getParent()->isLambda()
                                  ? " coroutine lambda"
                                  : " coroutine '" + Name + "'";
      std::string Referent = D.Local
                                 ? "local '" + D.Local->getNameAsString() + "'"
                                 : std::string("temporary");
      std::string Dies = Stored || Abandoned
                             ? " is destroyed at the end of its scope"
                         : D.Local ? " is destroyed when the function returns"
                                   : " is destroyed at the end of the "
                                     "full-expression";
      Diagnostic &Diag = Out.report(
          name(), SourceRange(Call->getBeginLoc(), Call->getEndLoc()),
          Referent + " bound to " + D.Param + " of " +
              (Kind == TaskKind::Lazy ? "lazy" : "eager") + Coroutine + Dies +
              ", but the task " +
              (Kind == TaskKind::Lazy ? "runs later and reads it"
                                      : "reads it after it suspends"));
      Diag.ExtraRanges.push_back(
          Out.toFileRange(D.Temporary->getSourceRange()));
      Out.note(Diag, D.ParamRange,
               D.Param == "'this'"
                   ? "'" + Name + "' is a member of the temporary"
                   : D.Param + " is declared here");
      if (D.Local)
        Out.note(Diag, SourceRange(D.Local->getLocation()),
                 "'" + D.Local->getNameAsString() + "' is declared here");
      if (D.Read)
        Out.note(Diag, D.Read->getSourceRange(),
                 "read here, after a suspension point");
      Out.note(Diag, Fate.Where,
               Stored ? "the task is stored here, and outlives '" +
                            D.Local->getNameAsString() + "'"
               : Abandoned
                   ? "the task is not awaited here: the coroutine runs on "
                     "after the statement, and nothing waits for it before '" +
                         D.Local->getNameAsString() + "' is destroyed"
               : D.Local ? "the task is returned here, and outlives '" +
                               D.Local->getNameAsString() + "'"
                         : Fate.Message);
      Out.note(Diag, SourceRange(),
               "co_await the task in the same full-expression, or pass a value "
               "the coroutine owns (take the parameter by value)");
    }
    if (Held)
      for (Diagnostic &Diag : Held->take()) {
        DeferredFinding Wait;
        Wait.Check = name().str();
        Wait.Draft = std::move(Diag);
        Wait.Via.push_back({RemoteUSR, qualifiedName(Callee), {}});
        Ctx.Deferred->push_back(std::move(Wait));
      }
  };

  auto CheckLambda = [&](const CXXOperatorCallExpr *Call) {
    if (Call->getOperator() != OO_Call || Call->getNumArgs() == 0)
      return;
    // The closure is a temporary, or a local of a function that returns
    // the task.
    const Expr *Callee = ignoreWrappers(Call->getArg(0));
    const auto *L = dyn_cast<LambdaExpr>(Callee);
    const VarDecl *Local = nullptr;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Callee)) {
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
    TaskFate Fate = fateOf(Model, Parents(), Call, BlocksUntilDone);
    if (Fate.K != TaskFate::Outlives || (Local && !Fate.Returned))
      return;
    std::string Reads = Kind == TaskKind::Lazy ? "runs later and reads them"
                                               : "reads them after it suspends";
    Diagnostic &D =
        Local ? Out.report(name(), Call->getSourceRange(),
                           "coroutine lambda '" + Local->getNameAsString() +
                               "' with captures is called and its task "
                               "returned; its captures live in the closure, "
                               "which is destroyed when the function returns, "
                               "but the task " +
                               Reads)
              : Out.report(name(),
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
    Out.note(
        D, SourceRange(),
        "co_await it in the same expression, keep the lambda in a variable "
        "that outlives the task, or pass the captured values as parameters "
        "(taken by value)");
  };

  // The lambda-coroutine fiasco: a coroutine lambda with captures handed,
  // as a temporary, to a function that calls it and returns. The closure
  // (where the captures live) dies with that function's parameter or the
  // full-expression, while the coroutine is suspended.
  auto CheckHandedLambda = [&](const Expr *Arg, const FunctionDecl *Callee,
                               const Expr *Call) {
    const auto *L = dyn_cast<LambdaExpr>(ignoreWrappers(Arg));
    if (!L || L->capture_begin() == L->capture_end())
      return;
    const CXXMethodDecl *Op = L->getCallOperator();
    const FunctionInfo *Info = Model.info(Op);
    if (!CoroutineModel::coroutineBody(Op) || !Info ||
        Info->Suspensions.empty())
      return;
    // A coroutine callee keeps its parameters (the closure) in its frame;
    // owners keep the closure as long as the coroutine runs.
    if (Callee &&
        (CoroutineModel::isCoroutineDefinition(Callee) == Tristate::Yes ||
         isClosureOwner(Callee)))
      return;
    // Awaited (or run to completion) within the full-expression: the
    // temporary closure outlives the coroutine.
    if (fateOf(Model, Parents(), Call, BlocksUntilDone).K == TaskFate::Awaited)
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
        name(), SourceRange(L->getBeginLoc(), L->getIntroducerRange().getEnd()),
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
  };

  // A coroutine nobody can await that reads a reference parameter after it
  // suspends: whoever called it has moved on by then (MSVC's C26811, only
  // where no caller can keep the referent alive by awaiting).
  auto CheckDetached = [&](const FunctionInfo &F) {
    if (!F.Coroutine || F.Suspensions.empty() ||
        !Model.isDetachedCoroutine(F.Decl))
      return;
    for (const ParmVarDecl *P : F.Decl->parameters()) {
      QualType T = P->getType();
      if (!P->getIdentifier() || !(T->isReferenceType() || isView(T)))
        continue;
      // An rvalue reference to a task or a callable is usually moved from
      // at once; a reference to a lock-free atomic or a scheduler is the
      // caller's long-lived state: both are out of reach here, so only the
      // read after a suspension decides.
      const DeclRefExpr *Read = ReadAfterSuspension(F.Decl, P);
      if (!Read)
        continue;
      std::string Type = F.Decl->getReturnType()->isVoidType()
                             ? std::string("void")
                             : F.Decl->getReturnType()
                                   .getCanonicalType()
                                   .getUnqualifiedType()
                                   .getAsString(AST.getPrintingPolicy());
      Diagnostic &D = Out.report(
          name(), Read->getSourceRange(),
          std::string(T->isReferenceType() ? "reference" : "view") +
              " parameter '" + P->getNameAsString() + "' of coroutine '" +
              qualifiedName(F.Decl) +
              "' is read after a suspension point, but its result '" + Type +
              "' cannot be awaited: its caller has moved on, and what '" +
              P->getNameAsString() + "' refers to may be gone");
      Out.note(D, SourceRange(P->getLocation()),
               "'" + P->getNameAsString() + "' is declared here");
      Out.note(D, SourceRange(),
               "take the parameter by value, so the coroutine owns a copy");
    }
  };

  for (const FunctionInfo &F : Model.functions()) {
    if (Model.isExpectedToFail(F.Decl))
      continue;
    Current = &F;
    Body.reset();
    Model.forEachStmtInFrame(F.Decl, [&](const Stmt *S) {
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
        CheckLambda(Op);
      if (const auto *Call = dyn_cast<CallExpr>(S)) {
        CheckCall(Call);
        const FunctionDecl *Callee = Call->getDirectCallee();
        unsigned First = isa<CXXOperatorCallExpr>(Call) ? 1 : 0;
        for (unsigned I = First; I < Call->getNumArgs(); ++I)
          CheckHandedLambda(Call->getArg(I), Callee, Call);
      }
      // Converted into a std::function-like wrapper or another owner.
      if (const auto *Construct = dyn_cast<CXXConstructExpr>(S);
          Construct && !Construct->getConstructor()->isCopyOrMoveConstructor())
        for (const Expr *Arg : Construct->arguments())
          CheckHandedLambda(Arg, Construct->getConstructor(), Construct);
    });
    CheckDetached(F);
  }
}

} // namespace corolint
