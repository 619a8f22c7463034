//===- LockAcrossSuspendCheck.cpp - A lock held across co_await/co_yield --===//
#include "checks/LockAcrossSuspendCheck.h"
#include "analyzer/CoroutineModel.h"
#include "analyzer/DiagnosticSink.h"
#include "analyzer/FrameFlow.h"
#include "analyzer/Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace corolint {

/// Thread-affine lock guards: unlocking on another thread is undefined, and
/// holding one while suspended blocks every other user of the mutex.
static const char *const DefaultLockTypes[] = {
    "std::lock_guard",   "std::scoped_lock",  "std::unique_lock",
    "std::shared_lock",  "boost::lock_guard", "boost::unique_lock",
    "boost::shared_lock"};

llvm::Expected<std::unique_ptr<Check>>
LockAcrossSuspendCheck::create(const Config &Settings) {
  return std::unique_ptr<Check>(new LockAcrossSuspendCheck(Settings));
}

LockAcrossSuspendCheck::LockAcrossSuspendCheck(const Config &Settings)
    : LockTypes(std::begin(DefaultLockTypes), std::end(DefaultLockTypes)),
      AllowedTypes(Settings.Locks.AllowedTypes) {
  llvm::append_range(LockTypes, Settings.Locks.ExtraTypes);
}

static const CXXRecordDecl *recordOf(QualType T) {
  return T.isNull()
             ? nullptr
             : T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
}

static bool matchesAny(llvm::ArrayRef<std::string> Patterns,
                       const NamedDecl *D) {
  std::string Name = qualifiedName(D);
  return llvm::any_of(
      Patterns, [&](const std::string &P) { return nameMatches(P, Name); });
}

bool LockAcrossSuspendCheck::isAllowed(QualType T) const {
  const CXXRecordDecl *RD = recordOf(T);
  return RD && matchesAny(AllowedTypes, RD);
}

bool LockAcrossSuspendCheck::isLock(QualType T) const {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || isAllowed(T))
    return false;
  if (matchesAny(LockTypes, RD))
    return true;
  // Clang's thread-safety analysis marks RAII lock holders scoped_lockable
  // (absl::MutexLock, annotated project types).
  if (RD->hasAttr<ScopedLockableAttr>())
    return true;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    if (const ClassTemplateDecl *T = Spec->getSpecializedTemplate())
      return T->getTemplatedDecl()->hasAttr<ScopedLockableAttr>();
  return false;
}

namespace {

enum LockState : unsigned { Released = 0, Held = 1 };

/// Whether V's initializer leaves it holding its mutex: not when it is
/// default-constructed or constructed with std::defer_lock.
LockState initialState(const VarDecl *V) {
  const Expr *Init = V->getInit();
  if (!Init)
    return Released;
  const auto *Construct = dyn_cast<CXXConstructExpr>(ignoreWrappers(Init));
  if (!Construct)
    return Held;
  if (Construct->getNumArgs() == 0)
    return Released;
  for (const Expr *Arg : Construct->arguments())
    if (const CXXRecordDecl *RD = Arg->getType()->getAsCXXRecordDecl())
      if (RD->getName() == "defer_lock_t")
        return Released;
  return Held;
}

bool refersTo(const Expr *E, const VarDecl *V) {
  const auto *Ref =
      dyn_cast_or_null<DeclRefExpr>(E ? ignoreWrappers(E) : nullptr);
  return Ref && Ref->getDecl() == V;
}

/// What element S does to the lock V: unlock/release it, lock it again, move
/// from it, or nothing.
std::optional<LockState> effectOn(const Stmt *S, const VarDecl *V) {
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
    if (!refersTo(Call->getImplicitObjectArgument(), V) ||
        !Call->getMethodDecl() || !Call->getMethodDecl()->getIdentifier())
      return std::nullopt;
    return llvm::StringSwitch<std::optional<LockState>>(
               Call->getMethodDecl()->getName())
        .Cases("unlock", "release", "unlock_shared", Released)
        .Cases("lock", "try_lock", "try_lock_for", "try_lock_until", Held)
        .Default(std::nullopt);
  }
  // std::move(lock) hands the mutex to another owner.
  if (const auto *Call = dyn_cast<CallExpr>(S);
      Call && Call->getNumArgs() == 1 && Call->getDirectCallee() &&
      Call->getDirectCallee()->getIdentifier() &&
      Call->getDirectCallee()->getName() == "move" &&
      refersTo(Call->getArg(0), V) &&
      qualifiedName(Call->getDirectCallee()) == "std::move")
    return Released;
  return std::nullopt;
}

} // namespace

/// The thread_local variable that V, a reference or pointer, is initialized
/// to refer into ("auto &buf = tls_buffer;", "int *p = &tls_count;").
static const VarDecl *threadLocalReferent(const VarDecl *V) {
  if (!V->getType()->isReferenceType() && !V->getType()->isPointerType())
    return nullptr;
  const Expr *Init = V->getInit();
  if (!Init)
    return nullptr;
  Init = Init->IgnoreParenImpCasts();
  if (const auto *Addr = dyn_cast<UnaryOperator>(Init);
      Addr && Addr->getOpcode() == UO_AddrOf)
    Init = Addr->getSubExpr()->IgnoreParenImpCasts();
  // Through members and subscripts: "&tls_state.buffer[0]".
  while (true) {
    if (const auto *M = dyn_cast<MemberExpr>(Init))
      Init = M->getBase()->IgnoreParenImpCasts();
    else if (const auto *A = dyn_cast<ArraySubscriptExpr>(Init))
      Init = A->getBase()->IgnoreParenImpCasts();
    else
      break;
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(Init);
  const auto *Target = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Target && Target->getTLSKind() != VarDecl::TLS_None ? Target : nullptr;
}

void LockAcrossSuspendCheck::checkThreadLocalReference(
    const FrameFlow &Flow, const VarDecl *V, const VarDecl *TLS,
    const AnalysisContext &Ctx, DiagnosticSink &Out) const {
  std::optional<FrameFlow::Point> Start = Flow.declaration(V);
  if (!Start)
    return;
  // State: 0 before any suspension, 1 after one. A use in state 1 reads
  // the thread_local of the thread the coroutine started on.
  const Expr *Suspension = nullptr;
  const DeclRefExpr *Use = nullptr;
  Flow.explore(
      *Start, 0,
      [&](const CFGElement &E, unsigned State) -> std::optional<unsigned> {
        if (Use || FrameFlow::scopeEnd(E) == V)
          return std::nullopt;
        auto S = E.getAs<CFGStmt>();
        if (!S)
          return State;
        if (const auto *Suspend =
                dyn_cast<CoroutineSuspendExpr>(S->getStmt())) {
          if (!Suspension)
            Suspension = Suspend;
          return 1u;
        }
        if (const auto *Ref = dyn_cast<DeclRefExpr>(S->getStmt());
            Ref && Ref->getDecl() == V && State == 1) {
          Use = Ref;
          return std::nullopt;
        }
        return State;
      });
  if (!Use || !Suspension)
    return;
  Diagnostic &D = Out.report(
      name(), SourceRange(V->getLocation()),
      std::string(V->getType()->isPointerType() ? "pointer" : "reference") +
          " '" + V->getNameAsString() + "' into thread_local '" +
          TLS->getNameAsString() +
          "' is used after a suspension point; the coroutine may resume on "
          "another thread, and it still refers to the first thread's object");
  Out.note(D, SourceRange(Suspension->getBeginLoc()),
           "the coroutine may change threads here");
  Out.note(D, Use->getSourceRange(), "used here");
  Out.note(D, SourceRange(),
           "name the thread_local again after the suspension, so that it "
           "refers to the current thread's object");
}

void LockAcrossSuspendCheck::run(const AnalysisContext &Ctx,
                                 DiagnosticSink &Out) {
  const CoroutineModel &Model = Ctx.Model;
  PrintingPolicy Policy = Ctx.AST.getPrintingPolicy();
  Policy.SuppressTagKeyword = true;
  for (const FunctionInfo &F : Model.functions()) {
    if (!F.Coroutine || F.Suspensions.empty())
      continue;
    llvm::SmallVector<const VarDecl *, 4> Locks;
    llvm::SmallVector<std::pair<const VarDecl *, const VarDecl *>, 2> IntoTLS;
    Model.forEachStmtInFrame(F.Decl, [&](const Stmt *S) {
      if (const auto *DS = dyn_cast<DeclStmt>(S))
        for (const Decl *D : DS->decls()) {
          const auto *V = dyn_cast<VarDecl>(D);
          if (!V || !V->hasLocalStorage())
            continue;
          if (!V->getType()->isReferenceType() && isLock(V->getType()))
            Locks.push_back(V);
          else if (const VarDecl *TLS = threadLocalReferent(V))
            IntoTLS.push_back({V, TLS});
        }
    });
    if (Locks.empty() && IntoTLS.empty())
      continue;
    FrameFlow Flow(F.Decl, Ctx.AST);
    if (!Flow.valid())
      continue;
    for (const auto &[V, TLS] : IntoTLS)
      checkThreadLocalReference(Flow, V, TLS, Ctx, Out);
    for (const VarDecl *V : Locks) {
      std::optional<FrameFlow::Point> Start = Flow.declaration(V);
      if (!Start)
        continue;
      llvm::SmallVector<const Expr *, 4> HeldThrough;
      Flow.explore(
          *Start, initialState(V),
          [&](const CFGElement &E, unsigned State) -> std::optional<unsigned> {
            if (FrameFlow::scopeEnd(E) == V)
              return std::nullopt;
            auto S = E.getAs<CFGStmt>();
            if (!S)
              return State;
            const Stmt *St = S->getStmt();
            if (const auto *DS = dyn_cast<DeclStmt>(St);
                DS && DS->isSingleDecl() && DS->getSingleDecl() == V)
              return std::nullopt; // A new iteration starts afresh.
            if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(St)) {
              if (State == Held && Suspend->getOperand() &&
                  !isAllowed(Suspend->getOperand()->getType()) &&
                  !llvm::is_contained(HeldThrough, Suspend))
                HeldThrough.push_back(Suspend);
              return State;
            }
            if (std::optional<LockState> Effect = effectOn(St, V))
              return *Effect;
            return State;
          });
      if (HeldThrough.empty())
        continue;
      const SourceManager &SM = Ctx.AST.getSourceManager();
      llvm::sort(HeldThrough, [&](const Expr *A, const Expr *B) {
        return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
      });
      std::string Type =
          V->getType().getCanonicalType().getUnqualifiedType().getAsString(
              Policy);
      size_t Count = HeldThrough.size();
      Diagnostic &D = Out.report(
          name(), SourceRange(V->getLocation()),
          "lock '" + V->getNameAsString() + "' of type '" + Type +
              "' is held across " +
              (Count == 1 ? "a suspension point"
                          : std::to_string(Count) + " suspension points") +
              "; the coroutine may resume on another thread, and everything "
              "else that needs the mutex waits while it is suspended");
      for (const Expr *S : HeldThrough)
        Out.note(D, SourceRange(S->getBeginLoc()),
                 std::string("held across this ") +
                     (isa<CoyieldExpr>(S) ? "co_yield" : "co_await"));
      Out.note(D, SourceRange(),
               "release it before suspending: end its scope first, or use a "
               "unique_lock and unlock() it; to guard state across a "
               "suspension use an async mutex");
    }
  }
}

} // namespace corolint
