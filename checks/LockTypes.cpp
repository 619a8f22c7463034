//===- LockTypes.cpp - What lock-across-suspend counts as a lock ----------===//
//
// Part of lock-across-suspend (LockTypes.h): locks by configuration, by
// Clang's scoped_lockable, by the standard guards' mutex argument, or by
// shape (a constructor that takes a blocking lock and a destructor that
// gives it back); thread-affine mutexes by their blocking lock and its
// matching release.
//
//===----------------------------------------------------------------------===//
#include "checks/LockTypes.h"
#include "analyzer/CoroutineModel.h"
#include "analyzer/Names.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace corolint {

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

const char *releaseFor(llvm::StringRef Acquire) {
  return llvm::StringSwitch<const char *>(Acquire)
      .Cases("lock", "try_lock", "try_lock_for", "try_lock_until", "unlock")
      .Cases("lock_shared", "try_lock_shared", "try_lock_shared_for",
             "try_lock_shared_until", "unlock_shared")
      .Cases("acquire", "try_acquire", "try_acquire_for", "try_acquire_until",
             "release")
      .Default(nullptr);
}

llvm::StringRef methodName(const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *M = Call->getMethodDecl();
  return M && M->getIdentifier() ? M->getName() : llvm::StringRef();
}

QualType objectType(const Expr *E) {
  QualType T = E->getType().getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return T;
}

void forEachMemberCall(const Stmt *S, const CXXRecordDecl *Class,
                       unsigned Depth,
                       llvm::function_ref<void(const CXXMemberCallExpr *)> Fn) {
  if (!S)
    return;
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
    Fn(Call);
    const CXXMethodDecl *M = Call->getMethodDecl();
    if (Depth > 0 && M &&
        M->getParent()->getCanonicalDecl() == Class->getCanonicalDecl())
      if (const FunctionDecl *Def = M->getDefinition())
        forEachMemberCall(Def->getBody(), Class, Depth - 1, Fn);
  }
  for (const Stmt *Child : S->children())
    forEachMemberCall(Child, Class, Depth, Fn);
}

/// Whether E names what a guard's constructor C holds on to: a member of
/// *this, the pointee of one, or a parameter of C.
static bool isGuardedObject(const Expr *E, const CXXConstructorDecl *C) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Deref = dyn_cast<UnaryOperator>(E);
      Deref && Deref->getOpcode() == UO_Deref)
    E = Deref->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *M = dyn_cast<MemberExpr>(E))
    return isa<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts());
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return llvm::is_contained(C->parameters(), Ref->getDecl());
  return false;
}

bool LockTypes::isAllowed(QualType T) const {
  const CXXRecordDecl *RD = recordOf(T);
  return RD && matchesAny(Allowed, RD);
}

bool LockTypes::isLock(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || isAllowed(T))
    return false;
  // Configured and annotated locks are locks because the user says so.
  if (matchesAny(Extra, RD))
    return true;
  // Clang's thread-safety analysis marks RAII lock holders scoped_lockable
  // (absl::MutexLock, annotated project types).
  if (RD->hasAttr<ScopedLockableAttr>())
    return true;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    if (const ClassTemplateDecl *T = Spec->getSpecializedTemplate();
        T && T->getTemplatedDecl()->hasAttr<ScopedLockableAttr>())
      return true;
  // A standard guard, or any class shaped like one, is thread-affine only
  // over a mutex that is: a std::unique_lock that adopted an async mutex
  // (locked with co_await) is how coroutine mutexes are meant to be used.
  if (matchesAny(Defaults, RD)) {
    const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
    if (!Spec)
      return false;
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
      if (Arg.getKind() == TemplateArgument::Type &&
          isThreadAffineMutex(Arg.getAsType()))
        return true;
      if (Arg.getKind() == TemplateArgument::Pack)
        for (const TemplateArgument &P : Arg.pack_elements())
          if (P.getKind() == TemplateArgument::Type &&
              isThreadAffineMutex(P.getAsType()))
            return true;
    }
    return false;
  }
  std::optional<QualType> Mutex = guardedMutex(RD);
  return Mutex && isThreadAffineMutex(*Mutex);
}

bool LockTypes::isGuard(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD)
    return false;
  if (matchesAny(Defaults, RD) || matchesAny(Extra, RD) ||
      RD->hasAttr<ScopedLockableAttr>())
    return true;
  return guardedMutex(RD).has_value();
}

bool LockTypes::blocks(const FunctionDecl *Lock) const {
  QualType R = Lock->getReturnType();
  return !R->isDependentType() && !Model.isAwaitable(R) &&
         Model.taskKind(R) == TaskKind::NotATask;
}

bool LockTypes::isThreadAffineMutex(QualType T) const {
  const CXXRecordDecl *RD = recordOf(T);
  RD = RD ? RD->getDefinition() : nullptr;
  if (!RD)
    return false;
  std::string Name = qualifiedName(RD);
  llvm::StringRef N(Name);
  if (N.starts_with("std::") || N.starts_with("boost::"))
    return N.contains("mutex") || N.contains("semaphore");
  llvm::StringSet<> Blocking, Releases;
  auto Visit = [&](const CXXRecordDecl *C) {
    for (const CXXMethodDecl *M : C->methods()) {
      if (!M->getIdentifier())
        continue;
      llvm::StringRef Method = M->getName();
      if ((Method == "lock" || Method == "lock_shared" ||
           Method == "acquire") &&
          blocks(M))
        Blocking.insert(Method);
      else if (Method == "unlock" || Method == "unlock_shared" ||
               Method == "release")
        Releases.insert(Method);
    }
    return true;
  };
  Visit(RD);
  RD->forallBases(Visit);
  return llvm::any_of(Blocking.keys(), [&](llvm::StringRef Lock) {
    return Releases.contains(releaseFor(Lock));
  });
}

std::optional<QualType> LockTypes::guardedMutex(const CXXRecordDecl *RD) {
  RD = RD->getDefinition();
  if (!RD || RD->isLambda())
    return std::nullopt;
  auto Known = ShapeGuards.find(RD->getCanonicalDecl());
  if (Known != ShapeGuards.end())
    return Known->second;
  std::optional<QualType> Mutex = findGuardedMutex(RD);
  ShapeGuards[RD->getCanonicalDecl()] = Mutex;
  return Mutex;
}

std::optional<QualType>
LockTypes::findGuardedMutex(const CXXRecordDecl *RD) const {
  const CXXDestructorDecl *Dtor = RD->getDestructor();
  const FunctionDecl *DtorDef = Dtor ? Dtor->getDefinition() : nullptr;
  if (!DtorDef || !DtorDef->getBody())
    return std::nullopt;
  llvm::SmallVector<llvm::StringRef, 2> Releases;
  forEachMemberCall(DtorDef->getBody(), RD, 2,
                    [&](const CXXMemberCallExpr *Call) {
                      Releases.push_back(methodName(Call));
                    });
  if (Releases.empty())
    return std::nullopt;
  std::optional<QualType> Mutex;
  for (const CXXConstructorDecl *Ctor : RD->ctors()) {
    if (Ctor->isCopyOrMoveConstructor())
      continue;
    const FunctionDecl *Def = Ctor->getDefinition();
    if (!Def || !Def->getBody())
      continue;
    const auto *CtorDef = cast<CXXConstructorDecl>(Def);
    forEachMemberCall(
        Def->getBody(), RD, 1, [&](const CXXMemberCallExpr *Call) {
          const char *Release = releaseFor(methodName(Call));
          const Expr *Object = Call->getImplicitObjectArgument();
          if (!Mutex && Release && Object &&
              llvm::is_contained(Releases, Release) &&
              isGuardedObject(Object, CtorDef) && blocks(Call->getMethodDecl()))
            Mutex = objectType(Object);
        });
    if (Mutex)
      break;
  }
  return Mutex;
}

} // namespace corolint
