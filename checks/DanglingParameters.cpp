//===- DanglingParameters.cpp - Referents bound to a coroutine's parameters
//===//
//
// Part of dangling-reference (DanglingScan.h): a temporary, or a local of
// the caller, bound to a reference or view parameter of a coroutine whose
// task outlives it (a lazy coroutine reads it later; an eager one, after it
// suspends); a temporary object whose lazy member coroutine is called; and a
// coroutine nobody can await that reads a reference parameter after it
// suspends.
//
//===----------------------------------------------------------------------===//
#include "analyzer/BlockingSummary.h"
#include "analyzer/DiagnosticSink.h"
#include "analyzer/Names.h"
#include "checks/DanglingReferenceCheck.h"
#include "checks/DanglingScan.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace corolint {

namespace {

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

/// Where the eager coroutine F reads P after its first suspension, if it
/// does.
const DeclRefExpr *paramReadAfterSuspension(const FunctionDecl *F,
                                            const ParmVarDecl *P,
                                            ASTContext &AST) {
  FrameFlow Flow(F, AST);
  if (!Flow.valid())
    return nullptr;
  return firstAfterSuspension<DeclRefExpr>(
      Flow, [&](const Stmt *S) -> const DeclRefExpr * {
        const auto *Ref = dyn_cast<DeclRefExpr>(S);
        return Ref && Ref->getDecl() == P ? Ref : nullptr;
      });
}

/// The coroutine a call starts, as far as this translation unit shows it.
struct CalledCoroutine {
  TaskKind Kind = TaskKind::Lazy;    ///< Lazy or Eager.
  const FunctionDecl *Def = nullptr; ///< Its definition, when visible here.
  /// Defined in another file that the project's index has not summarised
  /// yet: the USR under which a finding waits for it.
  std::string RemoteUSR;
};

/// How the task Call returns starts, when Callee is a coroutine (or may be
/// one, defined in another file) -- only a coroutine keeps its reference
/// parameters in its frame.
std::optional<CalledCoroutine> calledCoroutine(const AnalysisContext &Ctx,
                                               const CallExpr *Call,
                                               const FunctionDecl *Callee) {
  const CoroutineModel &Model = Ctx.Model;
  TaskKind Kind = Model.startOfCall(Call);
  // A coroutine nobody can await runs on by itself, like an eager task
  // whose caller never waits.
  bool Detached = !Call->getType()->isReferenceType() &&
                  Model.valueKind(Call->getType()) == ValueKind::Detached;
  if (Detached)
    Kind = TaskKind::Eager;
  if (Kind != TaskKind::Lazy && Kind != TaskKind::Eager)
    return std::nullopt;
  // Only a coroutine keeps its reference parameters in its frame. A
  // function that is not one (its body visible here) returns a task made
  // elsewhere, from copies or not; one whose body is not visible may be
  // either: say nothing rather than guess.
  Tristate Coroutine = CoroutineModel::isCoroutineDefinition(Callee);
  if (Coroutine == Tristate::No)
    return std::nullopt;
  CalledCoroutine Called;
  Called.Kind = Kind;
  // Defined in another file: only the project's index can say. A lazy
  // task's type says the rest; an eager one's reads after suspension
  // cannot be known from here.
  if (Coroutine == Tristate::Unknown) {
    if (Kind != TaskKind::Lazy || !Callee->isExternallyVisible())
      return std::nullopt;
    Called.RemoteUSR = BlockingAnalysis::usrOf(Callee->getCanonicalDecl());
    if (Called.RemoteUSR.empty() ||
        (Ctx.Index && !Ctx.Index->isCoroutine(Called.RemoteUSR)) ||
        (!Ctx.Index && !Ctx.Deferred))
      return std::nullopt;
    if (Ctx.Index)
      Called.RemoteUSR.clear(); // Known now: report as usual.
  }
  Callee->hasBody(Called.Def);
  return Called;
}

/// A temporary or a local that the task of a call refers to.
struct Binding {
  const Expr *Temporary; ///< The temporary, or the argument naming the local.
  const VarDecl *Local;  ///< Instead of a temporary.
  std::string Param;     ///< "parameter 's'" or "'this'".
  SourceRange ParamRange;
  const DeclRefExpr *Read = nullptr; ///< Where an eager coroutine reads it.
};

/// The temporaries and locals that Call binds to Callee's reference and
/// view parameters (those an eager coroutine reads after it suspends), and
/// the temporary object whose lazy member coroutine Call calls.
llvm::SmallVector<Binding, 2> bindingsOf(DanglingScan &Scan,
                                         const CallExpr *Call,
                                         const FunctionDecl *Callee,
                                         const CalledCoroutine &Called) {
  llvm::SmallVector<Binding, 2> Found;
  unsigned Shift = isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee);
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
    if (Called.Kind == TaskKind::Eager) {
      Read = Scan.readAfterSuspension(Called.Def, Called.Def->getParamDecl(P));
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
      Member && Called.Kind == TaskKind::Lazy &&
      !isa<CXXConversionDecl>(Callee))
    if (const Expr *Object = Member->getImplicitObjectArgument())
      if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(skipCasts(Object));
          M && M->getStorageDuration() == SD_FullExpression)
        Found.push_back({M, nullptr, "'this'", Callee->getLocation(), nullptr});
  return Found;
}

/// Reports B, bound to the task of Call, which Fate says outlives the
/// full-expression (LeftRunning: an eager task nobody awaits) -- unless B is
/// a local that outlives the task all the same.
void reportBinding(DanglingScan &Scan, DiagnosticSink &Out,
                   const CallExpr *Call, const FunctionDecl *Callee,
                   TaskKind Kind, const Binding &B, const TaskFate &Fate,
                   bool LeftRunning) {
  const Stmt *Body = Scan.Current->Decl->getBody();
  // A local outlives the full-expression, but not the function that
  // returns a task referring to it, nor a container, member or outer
  // variable the task is stored in.
  bool Stored = B.Local && !Fate.Returned &&
                outlives(Scan.parents(), Body, Fate.Receiver, B.Local);
  // An eager task nobody awaits runs on while the caller goes on: past
  // the end of the local's scope, unless the caller waits for something
  // before it ends.
  bool Abandoned =
      B.Local && LeftRunning &&
      !waitsBeforeScopeEnds(
          Scan.parents(), Body, Scan.AST.getSourceManager(), Call, B.Local,
          [&](const FunctionDecl *F) { return Scan.blocksUntilDone(F); });
  if (B.Local && !Fate.Returned && !Stored && !Abandoned)
    return;
  std::string Name = qualifiedName(Callee);
  const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
  std::string Coroutine = Method && Method->getParent()->isLambda()
                              ? " coroutine lambda"
                              : " coroutine '" + Name + "'";
  std::string Referent = B.Local ? "local '" + B.Local->getNameAsString() + "'"
                                 : std::string("temporary");
  std::string Dies = Stored || Abandoned
                         ? " is destroyed at the end of its scope"
                     : B.Local ? " is destroyed when the function returns"
                               : " is destroyed at the end of the "
                                 "full-expression";
  Diagnostic &Diag = Out.report(
      Scan.Check.name(), SourceRange(Call->getBeginLoc(), Call->getEndLoc()),
      Referent + " bound to " + B.Param + " of " +
          (Kind == TaskKind::Lazy ? "lazy" : "eager") + Coroutine + Dies +
          ", but the task " +
          (Kind == TaskKind::Lazy ? "runs later and reads it"
                                  : "reads it after it suspends"));
  Diag.ExtraRanges.push_back(Out.toFileRange(B.Temporary->getSourceRange()));
  Out.note(Diag, B.ParamRange,
           B.Param == "'this'" ? "'" + Name + "' is a member of the temporary"
                               : B.Param + " is declared here");
  if (B.Local)
    Out.note(Diag, SourceRange(B.Local->getLocation()),
             "'" + B.Local->getNameAsString() + "' is declared here");
  if (B.Read)
    Out.note(Diag, B.Read->getSourceRange(),
             "read here, after a suspension point");
  Out.note(Diag, Fate.Where,
           Stored ? "the task is stored here, and outlives '" +
                        B.Local->getNameAsString() + "'"
           : Abandoned
               ? "the task is not awaited here: the coroutine runs on "
                 "after the statement, and nothing waits for it before '" +
                     B.Local->getNameAsString() + "' is destroyed"
           : B.Local ? "the task is returned here, and outlives '" +
                           B.Local->getNameAsString() + "'"
                     : Fate.Message);
  Out.note(Diag, SourceRange(),
           "co_await the task in the same full-expression, or pass a value "
           "the coroutine owns (take the parameter by value)");
}

} // namespace

const DeclRefExpr *DanglingScan::readAfterSuspension(const FunctionDecl *F,
                                                     const ParmVarDecl *P) {
  auto [It, New] = Reads.try_emplace(P, nullptr);
  if (New)
    It->second = paramReadAfterSuspension(F, P, AST);
  return It->second;
}

void DanglingScan::checkCall(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return;
  std::optional<CalledCoroutine> Called = calledCoroutine(Ctx, Call, Callee);
  if (!Called)
    return;
  llvm::SmallVector<Binding, 2> Found =
      bindingsOf(*this, Call, Callee, *Called);
  if (Found.empty())
    return;

  TaskFate Fate = fate(Call);
  bool LeftRunning =
      Fate.K == TaskFate::Discarded && Called->Kind == TaskKind::Eager;
  if (LeftRunning) {
    // Fire-and-forget: it runs on after the statement, unawaited.
    Fate.K = TaskFate::Outlives;
    Fate.Where = Call->getSourceRange();
    Fate.Message = "the task is not awaited here: the coroutine runs on after "
                   "the statement ends";
  }
  if (Fate.K != TaskFate::Outlives)
    return;
  // A callee defined in another file: the findings wait until the project's
  // index says it is a coroutine.
  std::optional<DiagnosticSink> Held;
  if (!Called->RemoteUSR.empty())
    Held.emplace(AST);
  for (const Binding &B : Found)
    reportBinding(*this, Held ? *Held : Out, Call, Callee, Called->Kind, B,
                  Fate, LeftRunning);
  if (Held)
    for (Diagnostic &Diag : Held->take()) {
      DeferredFinding Wait;
      Wait.Check = Check.name().str();
      Wait.Draft = std::move(Diag);
      Wait.Via.push_back({Called->RemoteUSR, qualifiedName(Callee), {}});
      Ctx.Deferred->push_back(std::move(Wait));
    }
}

void DanglingScan::checkDetached(const FunctionInfo &F) {
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
    const DeclRefExpr *Read = readAfterSuspension(F.Decl, P);
    if (!Read)
      continue;
    std::string Type = F.Decl->getReturnType()->isVoidType()
                           ? std::string("void")
                           : F.Decl->getReturnType()
                                 .getCanonicalType()
                                 .getUnqualifiedType()
                                 .getAsString(AST.getPrintingPolicy());
    Diagnostic &D = Out.report(
        Check.name(), Read->getSourceRange(),
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
}

} // namespace corolint
