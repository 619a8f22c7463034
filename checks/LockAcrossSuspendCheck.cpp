//===- LockAcrossSuspendCheck.cpp - A lock held across co_await/co_yield --===//
//
// The check's options and its run: which locals and calls of a coroutine
// hold a lock (LockTypes.h says which types are locks), and the paths on
// which one is still held at a suspension point -- or a reference into
// thread_local storage is used after one.
//
//===----------------------------------------------------------------------===//
#include "checks/LockAcrossSuspendCheck.h"
#include "analyzer/CoroutineModel.h"
#include "analyzer/DiagnosticSink.h"
#include "analyzer/FrameFlow.h"
#include "analyzer/Names.h"
#include "checks/LockTypes.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/FoldingSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include <functional>

using namespace clang;

namespace corolint {

/// Thread-affine lock guards: unlocking on another thread is undefined, and
/// holding one while suspended blocks every other user of the mutex.
static const char *const DefaultLockTypes[] = {
    "std::lock_guard",   "std::scoped_lock",  "std::unique_lock",
    "std::shared_lock",  "boost::lock_guard", "boost::unique_lock",
    "boost::shared_lock"};

namespace {
/// The check's section of .corolint.yaml.
struct LockOptions {
  std::vector<std::string> ExtraTypes;
  std::vector<std::string> AllowedTypes;
};
} // namespace
} // namespace corolint

template <> struct llvm::yaml::MappingTraits<corolint::LockOptions> {
  static void mapping(IO &IO, corolint::LockOptions &O) {
    IO.mapOptional("extra-types", O.ExtraTypes);
    IO.mapOptional("allowed-types", O.AllowedTypes);
  }
};

namespace corolint {

llvm::Expected<std::unique_ptr<Check>>
LockAcrossSuspendCheck::create(const Config &Settings) {
  LockOptions O;
  if (llvm::Error E = Settings.options(Name).read(O))
    return std::move(E);
  std::unique_ptr<LockAcrossSuspendCheck> C(new LockAcrossSuspendCheck());
  C->DefaultTypes.assign(std::begin(DefaultLockTypes),
                         std::end(DefaultLockTypes));
  C->ExtraTypes = std::move(O.ExtraTypes);
  C->AllowedTypes = std::move(O.AllowedTypes);
  return std::unique_ptr<Check>(std::move(C));
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

/// Whether V holds a lock that awaiting gave it ("auto l = co_await
/// m.scoped_lock();"): an async mutex's guard, which a coroutine holds
/// across suspensions by design.
bool obtainedByAwait(const VarDecl *V) {
  const Expr *Init = V->getInit() ? ignoreWrappers(V->getInit()) : nullptr;
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Init);
      Construct && Construct->getNumArgs() == 1)
    Init = ignoreWrappers(Construct->getArg(0));
  return Init && isa<CoawaitExpr>(Init);
}

/// Whether S hands the object that Matches accepts to a call or constructor
/// as a reference or pointer it may change ("cv.wait(lock)").
bool passesByReference(const Stmt *S,
                       llvm::function_ref<bool(const Expr *)> Matches) {
  auto Check = [&](const FunctionDecl *Callee,
                   llvm::ArrayRef<const Expr *> Args) {
    if (!Callee)
      return false;
    for (unsigned I = 0; I < Args.size() && I < Callee->getNumParams(); ++I) {
      QualType P = Callee->getParamDecl(I)->getType();
      bool Mutable = (P->isLValueReferenceType() || P->isPointerType()) &&
                     !P->getPointeeType().isConstQualified();
      const Expr *A = Args[I]->IgnoreParenImpCasts();
      if (const auto *Addr = dyn_cast<UnaryOperator>(A);
          Addr && Addr->getOpcode() == UO_AddrOf)
        A = Addr->getSubExpr();
      if (Mutable && Matches(A))
        return true;
    }
    return false;
  };
  if (const auto *Call = dyn_cast<CallExpr>(S))
    return Check(Call->getDirectCallee(),
                 llvm::ArrayRef(Call->getArgs(), Call->getNumArgs()));
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
    return Check(Construct->getConstructor(),
                 llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs()));
  // An aggregate's reference member bound to it ("Waiter{*this, lock}").
  if (const auto *List = dyn_cast<InitListExpr>(S)) {
    const RecordDecl *RD = List->getType()->getAsRecordDecl();
    if (!RD)
      return false;
    // The bases' initializers come first.
    const auto *Class = dyn_cast<CXXRecordDecl>(RD);
    unsigned I = Class ? Class->getNumBases() : 0;
    for (const FieldDecl *F : RD->fields()) {
      if (I >= List->getNumInits())
        break;
      QualType T = F->getType();
      if (T->isLValueReferenceType() &&
          !T->getPointeeType().isConstQualified() &&
          Matches(List->getInit(I)->IgnoreParenImpCasts()))
        return true;
      ++I;
    }
  }
  return false;
}

/// Whether the awaited expression of Suspend hands the lock that Matches
/// accepts to the awaiter ("co_await cv.wait(lock)"), and the awaiter's
/// await_suspend releases it, as far as its body is visible: a condition
/// variable's wait gives the mutex back while the coroutine is suspended.
bool handsToAwaiter(const CoroutineSuspendExpr *Suspend,
                    llvm::function_ref<bool(const Expr *)> Matches,
                    const CoroutineModel &Model) {
  bool Handed = false, ToTask = false;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Handed)
      return;
    if (passesByReference(S, Matches)) {
      Handed = true;
      // A task given the lock ("co_await cv.wait(mutex, pred)", a coroutine
      // of its own) waits with it the way its library means: its awaiters
      // are its business.
      if (const auto *Call = dyn_cast<CallExpr>(S))
        ToTask = !Call->getType()->isReferenceType() &&
                 Model.valueKind(Call->getType()) == ValueKind::Task;
      return;
    }
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Suspend->getOperand());
  if (!Handed)
    return false;
  if (ToTask)
    return true;
  // await_suspend defined out of line (in a library's .cpp) is trusted; a
  // visible one must give something back.
  const CXXMemberCallExpr *AwaitSuspend = nullptr;
  std::function<void(const Stmt *)> FindCall = [&](const Stmt *S) {
    if (!S || AwaitSuspend)
      return;
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
        Call && methodName(Call) == "await_suspend") {
      AwaitSuspend = Call;
      return;
    }
    for (const Stmt *Child : S->children())
      FindCall(Child);
  };
  FindCall(Suspend->getSuspendExpr());
  const FunctionDecl *Def = AwaitSuspend && AwaitSuspend->getMethodDecl()
                                ? AwaitSuspend->getMethodDecl()->getDefinition()
                                : nullptr;
  if (!Def || !Def->getBody())
    return true;
  bool Releases = false;
  forEachMemberCall(Def->getBody(), AwaitSuspend->getMethodDecl()->getParent(),
                    2, [&](const CXXMemberCallExpr *Call) {
                      llvm::StringRef N = methodName(Call);
                      Releases |= N == "unlock" || N == "unlock_shared" ||
                                  N == "release";
                    });
  // Or it moves a lock it holds out of itself ("auto l = std::move(m_lock);"
  // unlocks when l goes away).
  std::function<void(const Stmt *)> FindMove = [&](const Stmt *S) {
    if (!S || Releases)
      return;
    if (const auto *Call = dyn_cast<CallExpr>(S);
        Call && Call->isCallToStdMove() && Call->getNumArgs() == 1)
      if (const auto *M =
              dyn_cast<MemberExpr>(Call->getArg(0)->IgnoreParenImpCasts());
          M && isa<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts())) {
        Releases = true;
        return;
      }
    for (const Stmt *Child : S->children())
      FindMove(Child);
  };
  FindMove(Def->getBody());
  return Releases;
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

/// Whether Call takes a thread-affine mutex by hand ("m.lock();"), for as
/// long as the paths after it do not unlock it.
static bool isManualLock(const CXXMemberCallExpr *Call, LockTypes &Types,
                         const CoroutineModel &Model) {
  llvm::StringRef Name = methodName(Call);
  if (Name != "lock" && Name != "lock_shared")
    return false;
  const Expr *Object = Call->getImplicitObjectArgument();
  if (!Object || !Types.blocks(Call->getMethodDecl()) ||
      Model.isAwaitedDirectly(Call))
    return false;
  // A guard's own lock() is followed with the guard.
  QualType T = objectType(Object);
  return !Types.isGuard(T) && Types.isThreadAffineMutex(T);
}

/// Whether an expression names the same object as Of: the same tree of
/// declarations and members, parentheses and implicit casts aside.
class SameObject {
public:
  SameObject(const Expr *Of, const ASTContext &AST) : AST(AST) {
    Of->IgnoreParenImpCasts()->Profile(Key, AST, /*Canonical=*/true);
  }
  bool operator()(const Expr *E) const {
    llvm::FoldingSetNodeID Other;
    E->IgnoreParenImpCasts()->Profile(Other, AST, /*Canonical=*/true);
    return Other == Key;
  }

private:
  const ASTContext &AST;
  llvm::FoldingSetNodeID Key;
};

/// The suspensions in HeldThrough, in source order, as one finding's notes.
static void noteSuspensions(DiagnosticSink &Out, Diagnostic &D,
                            llvm::ArrayRef<const Expr *> HeldThrough) {
  for (const Expr *S : HeldThrough)
    Out.note(D, SourceRange(S->getBeginLoc()),
             std::string("held across this ") +
                 (isa<CoyieldExpr>(S) ? "co_yield" : "co_await"));
}

static std::string suspensionCount(size_t Count) {
  return Count == 1 ? "a suspension point"
                    : std::to_string(Count) + " suspension points";
}

namespace {

/// What one coroutine's frame holds that the check follows.
struct Candidates {
  /// Locals that are locks (not those that awaiting gave).
  llvm::SmallVector<const VarDecl *, 4> Locks;
  /// References and pointers into thread_local storage, with their referent.
  llvm::SmallVector<std::pair<const VarDecl *, const VarDecl *>, 2> IntoTLS;
  /// Thread-affine mutexes locked by hand.
  llvm::SmallVector<const CXXMemberCallExpr *, 2> ManualLocks;

  bool empty() const {
    return Locks.empty() && IntoTLS.empty() && ManualLocks.empty();
  }
};

/// The locks, references into thread_local storage and mutexes locked by
/// hand in F's frame.
Candidates candidatesIn(const FunctionInfo &F, const CoroutineModel &Model,
                        LockTypes &Types) {
  Candidates C;
  Model.forEachStmtInFrame(F.Decl, [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
      if (isManualLock(Call, Types, Model))
        C.ManualLocks.push_back(Call);
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls()) {
        const auto *V = dyn_cast<VarDecl>(D);
        if (!V || !V->hasLocalStorage())
          continue;
        if (!V->getType()->isReferenceType() && Types.isLock(V->getType())) {
          if (!obtainedByAwait(V))
            C.Locks.push_back(V);
        } else if (const VarDecl *TLS = threadLocalReferent(V)) {
          C.IntoTLS.push_back({V, TLS});
        }
      }
  });
  return C;
}

void sortBySource(const SourceManager &SM,
                  llvm::SmallVectorImpl<const Expr *> &Exprs) {
  llvm::sort(Exprs, [&](const Expr *A, const Expr *B) {
    return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
  });
}

/// The suspension points that the lock V is held across on some path, in
/// source order.
llvm::SmallVector<const Expr *, 4>
lockHeldThrough(const FrameFlow &Flow, const VarDecl *V, LockTypes &Types,
                const CoroutineModel &Model, const ASTContext &AST) {
  llvm::SmallVector<const Expr *, 4> HeldThrough;
  std::optional<FrameFlow::Point> Start = Flow.declaration(V);
  if (!Start)
    return HeldThrough;
  // The guard, or the mutex it was made with: "co_await cv.wait(mutex,
  // pred)" gives the guard's mutex to the awaiter as well.
  const Expr *GuardedMutex = nullptr;
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(
          V->getInit() ? ignoreWrappers(V->getInit()) : nullptr);
      Construct && Construct->getNumArgs() >= 1 &&
      !Construct->getConstructor()->isCopyOrMoveConstructor())
    GuardedMutex = Construct->getArg(0)->IgnoreParenImpCasts();
  std::optional<SameObject> IsGuardedMutex;
  if (GuardedMutex)
    IsGuardedMutex.emplace(GuardedMutex, AST);
  auto IsV = [&, V](const Expr *E) {
    return refersTo(E, V) || (IsGuardedMutex && (*IsGuardedMutex)(E));
  };
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
              !Types.isAllowed(Suspend->getOperand()->getType()) &&
              !handsToAwaiter(Suspend, IsV, Model) &&
              !llvm::is_contained(HeldThrough, Suspend))
            HeldThrough.push_back(Suspend);
          return State;
        }
        if (std::optional<LockState> Effect = effectOn(St, V))
          return *Effect;
        return State;
      });
  sortBySource(AST.getSourceManager(), HeldThrough);
  return HeldThrough;
}

/// The statements inside F's awaited expressions: what they are handed is
/// the awaiter's business, judged at the suspension.
llvm::DenseSet<const Stmt *> awaitedStatements(const FunctionInfo &F) {
  llvm::DenseSet<const Stmt *> Awaited;
  std::function<void(const Stmt *)> Collect = [&](const Stmt *S) {
    if (!S || !Awaited.insert(S).second)
      return;
    for (const Stmt *Child : S->children())
      Collect(Child);
  };
  for (const SuspensionPoint &P : F.Suspensions)
    if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(P.E))
      Collect(Suspend->getOperand());
  return Awaited;
}

/// The suspension points at which the mutex that Lock locks by hand is
/// still held on some path, in source order.
llvm::SmallVector<const Expr *, 4> manualLockHeldThrough(
    const FunctionInfo &F, const FrameFlow &Flow, const CXXMemberCallExpr *Lock,
    const llvm::DenseSet<const Stmt *> &Awaited, LockTypes &Types,
    const CoroutineModel &Model, const ASTContext &AST) {
  llvm::SmallVector<const Expr *, 4> HeldThrough;
  std::optional<FrameFlow::Point> Start = Flow.find(Lock);
  if (!Start)
    return HeldThrough;
  SameObject IsMutex(Lock->getImplicitObjectArgument(), AST);
  const char *Release = releaseFor(methodName(Lock));
  auto Unlocks = [&](const Stmt *S) {
    const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
    return Call && methodName(Call) == Release &&
           Call->getImplicitObjectArgument() &&
           IsMutex(Call->getImplicitObjectArgument());
  };
  // A coroutine that never gives the mutex back, nor hands it to
  // something that does, holds no critical section across the
  // suspension: the mutex is a hand-off between threads (unlocked by
  // someone else) or a test that means to block.
  bool GivenBack = false;
  Model.forEachStmtInFrame(F.Decl, [&](const Stmt *S) {
    if (Unlocks(S) || (S != Lock && passesByReference(S, IsMutex)))
      GivenBack = true;
  });
  if (!GivenBack)
    return HeldThrough;
  Flow.explore(
      *Start, Held,
      [&](const CFGElement &E, unsigned State) -> std::optional<unsigned> {
        auto S = E.getAs<CFGStmt>();
        if (!S)
          return State;
        const Stmt *St = S->getStmt();
        if (St == Lock)
          return std::nullopt; // Around a loop: that path is done.
        if (Unlocks(St))
          return std::nullopt; // Unlocked.
        if (const auto *Suspend = dyn_cast<CoroutineSuspendExpr>(St)) {
          // The final suspend: a mutex still locked there is never
          // unlocked at all, another bug.
          if (const auto *Await = dyn_cast<CoawaitExpr>(Suspend);
              Await && Await->isImplicit())
            return State;
          if (Suspend->getOperand() &&
              !Types.isAllowed(Suspend->getOperand()->getType()) &&
              !handsToAwaiter(Suspend, IsMutex, Model) &&
              !llvm::is_contained(HeldThrough, Suspend))
            HeldThrough.push_back(Suspend);
          return State;
        }
        // Handed on: a guard adopts it, a function unlocks it.
        if (!Awaited.contains(St) && passesByReference(St, IsMutex))
          return std::nullopt;
        return State;
      });
  sortBySource(AST.getSourceManager(), HeldThrough);
  return HeldThrough;
}

/// Reports the lock V, held across the suspension points HeldThrough.
void reportLock(DiagnosticSink &Out, llvm::StringRef Check,
                const PrintingPolicy &Policy, const VarDecl *V,
                llvm::ArrayRef<const Expr *> HeldThrough) {
  std::string Type =
      V->getType().getCanonicalType().getUnqualifiedType().getAsString(Policy);
  Diagnostic &D = Out.report(
      Check, SourceRange(V->getLocation()),
      "lock '" + V->getNameAsString() + "' of type '" + Type +
          "' is held across " + suspensionCount(HeldThrough.size()) +
          "; the coroutine may resume on another thread, and everything "
          "else that needs the mutex waits while it is suspended");
  noteSuspensions(Out, D, HeldThrough);
  Out.note(D, SourceRange(),
           "release it before suspending: end its scope first, or use a "
           "unique_lock and unlock() it; to guard state across a "
           "suspension use an async mutex");
}

/// Reports the mutex that Lock locks by hand, still held at the suspension
/// points HeldThrough.
void reportManualLock(DiagnosticSink &Out, llvm::StringRef Check,
                      const ASTContext &AST, const CXXMemberCallExpr *Lock,
                      llvm::ArrayRef<const Expr *> HeldThrough) {
  const Expr *Mutex = Lock->getImplicitObjectArgument();
  llvm::StringRef Text = Lexer::getSourceText(
      CharSourceRange::getTokenRange(Mutex->getSourceRange()),
      AST.getSourceManager(), AST.getLangOpts());
  std::string What =
      Text.empty() || Text.size() > 40 ? "the mutex" : "'" + Text.str() + "'";
  Diagnostic &D = Out.report(
      Check, Lock->getSourceRange(),
      What + " is locked here and still held at " +
          suspensionCount(HeldThrough.size()) +
          "; the coroutine may resume on another thread, and everything "
          "else that needs the mutex waits while it is suspended");
  noteSuspensions(Out, D, HeldThrough);
  Out.note(D, SourceRange(),
           std::string("call ") + releaseFor(methodName(Lock)) +
               "() before suspending, on every path; to guard state "
               "across a suspension use an async mutex");
}

} // namespace

void LockAcrossSuspendCheck::run(const AnalysisContext &Ctx,
                                 DiagnosticSink &Out) {
  const CoroutineModel &Model = Ctx.Model;
  LockTypes Types(Model, DefaultTypes, ExtraTypes, AllowedTypes);
  PrintingPolicy Policy = Ctx.AST.getPrintingPolicy();
  Policy.SuppressTagKeyword = true;
  for (const FunctionInfo &F : Model.functions()) {
    if (!F.Coroutine || F.Suspensions.empty())
      continue;
    Candidates C = candidatesIn(F, Model, Types);
    if (C.empty())
      continue;
    FrameFlow Flow(F.Decl, Ctx.AST);
    if (!Flow.valid())
      continue;
    for (const auto &[V, TLS] : C.IntoTLS)
      checkThreadLocalReference(Flow, V, TLS, Ctx, Out);
    for (const VarDecl *V : C.Locks) {
      llvm::SmallVector<const Expr *, 4> HeldThrough =
          lockHeldThrough(Flow, V, Types, Model, Ctx.AST);
      if (!HeldThrough.empty())
        reportLock(Out, name(), Policy, V, HeldThrough);
    }
    if (C.ManualLocks.empty())
      continue;
    llvm::DenseSet<const Stmt *> Awaited = awaitedStatements(F);
    for (const CXXMemberCallExpr *Lock : C.ManualLocks) {
      llvm::SmallVector<const Expr *, 4> HeldThrough =
          manualLockHeldThrough(F, Flow, Lock, Awaited, Types, Model, Ctx.AST);
      if (!HeldThrough.empty())
        reportManualLock(Out, name(), Ctx.AST, Lock, HeldThrough);
    }
  }
}

} // namespace corolint
