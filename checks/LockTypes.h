//===- LockTypes.h - What lock-across-suspend counts as a lock ------------===//
//
// Internal to lock-across-suspend: which types are locks the check follows
// (the standard guards over a mutex threads own, configured and
// scoped_lockable types, classes shaped like a guard), which mutexes are
// thread-affine, and the member-call helpers the check's flow shares.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_CHECKS_LOCKTYPES_H
#define COROLINT_CHECKS_LOCKTYPES_H

#include "clang/AST/Type.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace clang {
class CXXMemberCallExpr;
class CXXRecordDecl;
class Expr;
class FunctionDecl;
class Stmt;
} // namespace clang

namespace corolint {

class CoroutineModel;

/// The methods that take a lock, and the one that gives it back (null for
/// any other method).
const char *releaseFor(llvm::StringRef Acquire);

/// The name of the method Call calls; empty when it has none.
llvm::StringRef methodName(const clang::CXXMemberCallExpr *Call);

/// The class whose objects E's member calls lock: E's type, or its pointee.
clang::QualType objectType(const clang::Expr *E);

/// Calls Fn for each member call in S, and in the bodies of the methods of
/// Class that S calls, Depth levels down ("~QMutexLocker() { unlock(); }").
void forEachMemberCall(
    const clang::Stmt *S, const clang::CXXRecordDecl *Class, unsigned Depth,
    llvm::function_ref<void(const clang::CXXMemberCallExpr *)> Fn);

/// What the check learns about the types of one translation unit: which
/// are locks, and which mutexes are thread-affine. Built per run, since
/// declarations do not outlive their AST.
class LockTypes {
public:
  LockTypes(const CoroutineModel &Model, llvm::ArrayRef<std::string> Defaults,
            llvm::ArrayRef<std::string> Extra,
            llvm::ArrayRef<std::string> Allowed)
      : Model(Model), Defaults(Defaults), Extra(Extra), Allowed(Allowed) {}

  /// Whether the configuration allows a lock or awaitable of type T.
  bool isAllowed(clang::QualType T) const;
  /// Whether a local of type T is a lock this check follows.
  bool isLock(clang::QualType T);
  /// Whether T holds a lock for its lifetime, whatever it locks.
  bool isGuard(clang::QualType T);
  /// Whether calling Lock blocks the thread until it returns: its result is
  /// not something to co_await.
  bool blocks(const clang::FunctionDecl *Lock) const;
  /// Whether T is a mutex that threads own: a standard or Boost mutex, or
  /// a class whose lock()/lock_shared()/acquire() blocks and that has the
  /// matching unlock()/unlock_shared()/release(). An async mutex has no
  /// blocking lock at all, or its lock() returns an awaitable; a class with
  /// a lock() and nothing to undo it is no mutex (`std::weak_ptr::lock()`
  /// makes a shared_ptr), nor are the standard library's classes other
  /// than its mutexes and semaphores.
  bool isThreadAffineMutex(clang::QualType T) const;

private:
  /// The mutex a class shaped like a lock guard holds: its constructor
  /// takes a blocking lock on a member, the pointee of one or a parameter,
  /// and its destructor gives it back. std::nullopt for any other class.
  std::optional<clang::QualType> guardedMutex(const clang::CXXRecordDecl *RD);
  std::optional<clang::QualType>
  findGuardedMutex(const clang::CXXRecordDecl *RD) const;

  const CoroutineModel &Model;
  llvm::ArrayRef<std::string> Defaults, Extra, Allowed;
  llvm::DenseMap<const clang::CXXRecordDecl *, std::optional<clang::QualType>>
      ShapeGuards;
};

} // namespace corolint

#endif
