//===- DanglingReferenceCheck.cpp - A coroutine outliving its referents ---===//
#include "checks/DanglingReferenceCheck.h"
#include "analyzer/CoroutineModel.h"
#include "analyzer/DiagnosticSink.h"
#include "analyzer/FrameFlow.h"
#include "analyzer/Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace corolint {

llvm::Expected<std::unique_ptr<Check>>
DanglingReferenceCheck::create(const Config &) {
  return std::unique_ptr<Check>(new DanglingReferenceCheck());
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
  SourceRange Where;     ///< Where it is stored, returned or handed off.
  std::string Message;   ///< The note that says so.
};

/// Calls that run a task to completion before they return.
bool runsToCompletion(const FunctionDecl *F) {
  if (!F || !F->getIdentifier())
    return false;
  return llvm::StringSwitch<bool>(F->getName())
      .Cases("sync_wait", "blockingWait", "blocking_wait", "block_on", true)
      .Default(false);
}

TaskFate awaited() {
  TaskFate Fate;
  Fate.K = TaskFate::Awaited;
  return Fate;
}

/// Follows the task Call returns up its full-expression, with the parents
/// of the function body it is in.
TaskFate fateOf(const ParentMap &Parents, const Expr *Call) {
  TaskFate Fate;
  const Stmt *Child = Call;
  const Stmt *P = Parents.getParent(Call);
  bool Direct = true; // Still the task itself, not something built from it.
  for (; P; Child = P, P = Parents.getParent(P)) {
    if (isa<CoroutineSuspendExpr>(P))
      return awaited();
    if (const auto *C = dyn_cast<CallExpr>(P);
        C && runsToCompletion(C->getDirectCallee()))
      return awaited();
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
            Op && Op->getOperator() == OO_Equal)
          Fate.Message = "the task is stored here, and outlives the temporary";
        else
          Fate.Message =
              "the task is handed to " +
              (F ? "'" + qualifiedName(F) + "'" : std::string("a call")) +
              " here, and outlives the temporary";
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

/// Where the eager coroutine F reads P after its first suspension, if it
/// does.
const DeclRefExpr *readAfterSuspension(const FunctionDecl *F,
                                       const ParmVarDecl *P, ASTContext &AST) {
  FrameFlow Flow(F, AST);
  if (!Flow.valid())
    return nullptr;
  const DeclRefExpr *Read = nullptr;
  for (const CFGBlock *B : Flow.cfg())
    for (unsigned I = 0; I < B->size() && !Read; ++I) {
      auto S = (*B)[I].getAs<CFGStmt>();
      if (!S || !isa<CoroutineSuspendExpr>(S->getStmt()))
        continue;
      Flow.explore(
          {B, I}, 0,
          [&](const CFGElement &E, unsigned State) -> std::optional<unsigned> {
            if (auto St = E.getAs<CFGStmt>())
              if (const auto *Ref = dyn_cast<DeclRefExpr>(St->getStmt());
                  Ref && Ref->getDecl() == P) {
                if (!Read)
                  Read = Ref;
                return std::nullopt;
              }
            return State;
          });
    }
  return Read;
}

} // namespace

void DanglingReferenceCheck::run(const AnalysisContext &Ctx,
                                 DiagnosticSink &Out) {
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
    TaskKind Kind = Model.taskKind(Callee->getReturnType());
    if (Kind != TaskKind::Lazy && Kind != TaskKind::Eager)
      return;
    const FunctionDecl *Def = nullptr;
    bool HasBody = Callee->hasBody(Def) && Def;
    bool IsCoroutine = HasBody && CoroutineModel::coroutineBody(Def);
    // A function with a visible body that is not a coroutine returns a task
    // made elsewhere, from copies or not: out of our sight.
    if (HasBody && !IsCoroutine)
      return;
    if (Kind == TaskKind::Eager && !IsCoroutine)
      return;

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

    TaskFate Fate = fateOf(Parents(), Call);
    if (Fate.K == TaskFate::Discarded && Kind == TaskKind::Eager) {
      // Fire-and-forget: it runs on after the statement, unawaited.
      Fate.K = TaskFate::Outlives;
      Fate.Where = Call->getSourceRange();
      Fate.Message =
          "the task is not awaited here: the coroutine runs on after "
          "the statement ends";
    }
    if (Fate.K != TaskFate::Outlives)
      return;
    for (const Dangling &D : Found) {
      // A local outlives the full-expression, but not the function that
      // returns a task referring to it.
      if (D.Local && !Fate.Returned)
        continue;
      std::string Name = qualifiedName(Callee);
      const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
      std::string Coroutine = Method && Method->getParent()->isLambda()
                                  ? " coroutine lambda"
                                  : " coroutine '" + Name + "'";
      std::string Referent = D.Local
                                 ? "local '" + D.Local->getNameAsString() + "'"
                                 : std::string("temporary");
      std::string Dies = D.Local ? " is destroyed when the function returns"
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
               D.Local ? "the task is returned here, and outlives '" +
                             D.Local->getNameAsString() + "'"
                       : Fate.Message);
      Out.note(Diag, SourceRange(),
               "co_await the task in the same full-expression, or pass a value "
               "the coroutine owns (take the parameter by value)");
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
    TaskKind Kind = Model.taskKind(Op->getReturnType());
    const FunctionInfo *Info = Model.info(Op);
    if (Kind != TaskKind::Lazy &&
        !(Kind == TaskKind::Eager && Info && !Info->Suspensions.empty()))
      return;
    TaskFate Fate = fateOf(Parents(), Call);
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

  for (const FunctionInfo &F : Model.functions()) {
    Current = &F;
    Body.reset();
    Model.forEachStmtInFrame(F.Decl, [&](const Stmt *S) {
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
        CheckLambda(Op);
      if (const auto *Call = dyn_cast<CallExpr>(S))
        CheckCall(Call);
    });
  }
}

} // namespace corolint
