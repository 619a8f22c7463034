//===- CoroutineModel.h - What the AST says about coroutines --------------===//
//
// The one place that answers, for every check: which functions are
// coroutines, which types are tasks and whether they are lazy or eager, which
// expressions are awaitables, where the suspension points are, and which
// statements run in a function's own frame (not in a lambda that runs
// elsewhere). Everything is derived from the AST -- promise types found the
// way std::coroutine_traits finds them, laziness from the initial awaiter's
// await_ready() -- never from type names.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_COROUTINEMODEL_H
#define COROLINT_ANALYZER_COROUTINEMODEL_H

#include "clang/AST/Type.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/FunctionExtras.h"
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class CoroutineBodyStmt;
class CXXRecordDecl;
class Expr;
class FunctionDecl;
class LambdaExpr;
class Stmt;
} // namespace clang

namespace corolint {

/// How a type behaves as the result of a coroutine call.
enum class TaskKind {
  NotATask, ///< No promise type: an ordinary type.
  Lazy,     ///< initial_suspend() always suspends: nothing runs until awaited.
  Eager,    ///< initial_suspend() never suspends: runs on the call.
  Unknown,  ///< A promise, but its initial awaiter cannot be evaluated.
};

const char *taskKindName(TaskKind K);

/// A co_await or co_yield in a coroutine body.
struct SuspensionPoint {
  const clang::Expr *E; ///< The CoawaitExpr or CoyieldExpr.
  bool IsYield;
};

/// A function with a body that the checks look at.
struct FunctionInfo {
  const clang::FunctionDecl *Decl;
  /// Non-null when Decl is a coroutine.
  const clang::CoroutineBodyStmt *Coroutine;
  /// co_await / co_yield expressions in Decl's own frame, in source order.
  std::vector<SuspensionPoint> Suspensions;
};

class CoroutineModel {
public:
  /// Analyses every function with a body in the main file of AST, template
  /// instantiations included (uninstantiated templates are skipped).
  explicit CoroutineModel(clang::ASTContext &AST);
  ~CoroutineModel();

  clang::ASTContext &ast() const { return AST; }

  /// Functions with bodies in the main file, in source order.
  llvm::ArrayRef<FunctionInfo> functions() const { return Functions; }
  /// The info for F, or null if F is not one of functions().
  const FunctionInfo *info(const clang::FunctionDecl *F) const;

  /// The coroutine body of F, or null if F is not a coroutine.
  static const clang::CoroutineBodyStmt *
  coroutineBody(const clang::FunctionDecl *F);

  /// The promise type of T as std::coroutine_traits<T, ...> finds it: an
  /// explicit specialization of std::coroutine_traits for T, else the member
  /// T::promise_type. Null if T has none.
  const clang::CXXRecordDecl *promiseType(clang::QualType T) const;
  /// Whether T is a coroutine result type, and whether it is lazy or eager.
  TaskKind taskKind(clang::QualType T) const;
  /// Whether an expression of type T can be the operand of co_await: it has
  /// await_ready/await_suspend/await_resume, or an operator co_await.
  bool isAwaitable(clang::QualType T) const;
  /// A lazy task, or an awaitable that is not an eager task: a value whose
  /// work is lost if it is dropped.
  bool mustBeAwaited(clang::QualType T) const;

  /// Whether E (ignoring parentheses and implicit nodes) is the operand of a
  /// co_await or co_yield: the call that makes the awaitable, not a blocking
  /// call.
  bool isAwaitedDirectly(const clang::Expr *E) const;

  /// Whether L is a non-coroutine lambda called in place ("[&] { ... }()"),
  /// whose body therefore runs in the enclosing frame.
  bool isInvokedInPlace(const clang::LambdaExpr *L) const;

  /// Calls Fn for every statement that runs in F's own frame: its body, the
  /// bodies of lambdas invoked in place, but not other lambdas (they run
  /// elsewhere), local classes, or unevaluated operands (sizeof, decltype,
  /// noexcept, requires, typeid of a non-polymorphic type).
  void
  forEachStmtInFrame(const clang::FunctionDecl *F,
                     llvm::function_ref<void(const clang::Stmt *)> Fn) const;

private:
  void collect();
  bool readyIsConstant(clang::QualType Awaiter, bool &Value) const;

  clang::ASTContext &AST;
  std::vector<FunctionInfo> Functions;
  llvm::DenseMap<const clang::FunctionDecl *, size_t> Index;
  llvm::DenseSet<const clang::Expr *> AwaitedOperands;
  llvm::DenseSet<const clang::LambdaExpr *> InPlaceLambdas;
  /// Record types that have a non-member operator co_await.
  llvm::DenseSet<const clang::CXXRecordDecl *> FreeCoAwaitOperands;
  mutable llvm::DenseMap<const clang::Type *, TaskKind> TaskKinds;
};

/// E without parentheses, implicit casts, temporaries, cleanups and
/// constructor elidable copies: the expression a reader sees.
const clang::Expr *ignoreWrappers(const clang::Expr *E);

} // namespace corolint

#endif
