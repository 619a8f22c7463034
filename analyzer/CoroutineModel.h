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
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/FunctionExtras.h"
#include <string>
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
class VarDecl;
} // namespace clang

namespace corolint {

class HeaderFilter;

/// How a task starts when the coroutine that makes it is called.
enum class TaskKind {
  NotATask, ///< Not a task (see ValueKind): an ordinary value, a generator...
  Lazy,     ///< initial_suspend() always suspends: nothing runs until awaited.
  Eager,    ///< Runs on the call: initial_suspend() never suspends, or its
            ///< awaiter hands the coroutine to an executor at once.
  Unknown,  ///< A promise, but its initial awaiter cannot be evaluated.
};

/// What a value is to the checks. The model decides it once, from the
/// promise and awaiter shapes (and the configuration's lazy-types and
/// eager-types), so that every check agrees on what must be awaited.
enum class ValueKind {
  Ordinary,  ///< None of the below.
  Task,      ///< A coroutine's result that is meant to be awaited.
  Awaitable, ///< Can be co_awaited but is no coroutine's result: an operation.
  Generator, ///< Its promise yields: it is iterated (each element perhaps
             ///< awaited), never awaited as a whole.
  Detached,  ///< A coroutine's result that cannot be awaited and whose frame
             ///< frees itself: fire-and-forget.
};

/// Whether a function is known to be a coroutine.
enum class Tristate { No, Yes, Unknown };

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

/// Types named by the configuration (.corolint.yaml's tasks section): their
/// start wins over what their promise says, for every check.
struct TaskOverrides {
  std::vector<std::string> LazyTypes;
  std::vector<std::string> EagerTypes;
  /// Coroutine result types that cannot be awaited (fire-and-forget).
  std::vector<std::string> DetachedTypes;
};

class CoroutineModel {
public:
  /// Analyses every function with a body in the main file of AST (and in
  /// the headers Headers reports, if given), template instantiations
  /// included (uninstantiated templates are skipped).
  explicit CoroutineModel(clang::ASTContext &AST, TaskOverrides Overrides = {},
                          const HeaderFilter *Headers = nullptr);
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
  /// What a value of type T is: a task, an awaitable operation, a
  /// generator, a detached coroutine's result, or an ordinary value. A type
  /// is a coroutine result only if its promise's get_return_object() makes
  /// it (an iterator naming its generator's promise is no task); a promise
  /// with yield_value() whose result cannot be awaited makes a generator.
  ValueKind valueKind(clang::QualType T) const;
  /// How a task of type T starts, as its promise says (NotATask unless
  /// valueKind(T) is Task). Coroutines whose promise depends on their
  /// parameters (an executor as the first one) are better asked by
  /// startOf().
  TaskKind taskKind(clang::QualType T) const;
  /// How the task that calling F gives starts: from the promise of F's
  /// definition when F is a coroutine defined in this translation unit
  /// (std::coroutine_traits may pick a promise by parameter types), else
  /// from F's return type.
  TaskKind startOf(const clang::FunctionDecl *F) const;
  /// The same for the task a call returns.
  TaskKind startOfCall(const clang::Expr *CallOrConstruct) const;
  /// Whether F is a coroutine whose caller can never wait for it: its
  /// result is detached (fire-and-forget), or it returns void.
  bool isDetachedCoroutine(const clang::FunctionDecl *F) const;
  /// Whether F's definition is a coroutine: Unknown when no definition is
  /// visible in this translation unit (the project's index may know).
  static Tristate isCoroutineDefinition(const clang::FunctionDecl *F);
  /// Whether an expression of type T can be the operand of co_await: it has
  /// await_ready/await_suspend/await_resume, or an operator co_await.
  bool isAwaitable(clang::QualType T) const;
  /// A lazy task, or an awaitable that is not an eager task: a value whose
  /// work is lost if it is dropped.
  bool mustBeAwaited(clang::QualType T) const;
  /// What co_await gives for an operand of type T (its await_resume's
  /// type, through operator co_await); null when unknown.
  clang::QualType awaitResultType(clang::QualType T) const;
  /// Whether F waits, blocking the thread, until the task or awaitable it
  /// is given has finished (sync-over-async): a function that is not a
  /// coroutine, takes a task or an awaitable and returns what awaiting it
  /// gives (sync_wait's shape, whatever its name and namespace), or one of
  /// the usual spellings (sync_wait, blocking_wait, block_on, run_sync...).
  bool waitsForCompletion(const clang::FunctionDecl *F) const;
  /// Whether Loc is inside the expression given to a test framework's
  /// "expect this to throw" assertion (CHECK_THROWS, REQUIRE_THROWS_AS,
  /// EXPECT_THROW, ASSERT_ANY_THROW, BOOST_CHECK_THROW...): code that is
  /// expected to fail, not the loop's normal work.
  bool isInExpectThrow(clang::SourceLocation Loc) const;
  /// Whether F asserts that what it is given throws (assert_throws,
  /// expect_throws_with_message...: its name says throw, not nothrow).
  static bool isExpectThrowFunction(const clang::FunctionDecl *F);
  /// Whether F is a lambda given to such a function (or written inside an
  /// expect-throw macro): its body is expected to fail.
  bool isExpectedToFail(const clang::FunctionDecl *F) const;
  /// Whether E is the value of a co_await that is a finished result rather
  /// than a new task: "co_await r.resolve()" gives r's own type back,
  /// ready; an eager task's result of co_await has run. (A co_await that
  /// gives a lazy task -- task<task<T>> -- gives a task that has not.)
  bool isFinishedResult(const clang::Expr *E) const;

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
  TaskKind startOfPromise(const clang::CXXRecordDecl *Promise) const;
  bool schedulesOnSuspend(clang::QualType Awaiter) const;
  ValueKind computeValueKind(clang::QualType T) const;
  const clang::CXXRecordDecl *overridden(clang::QualType T,
                                         TaskKind &Kind) const;

  clang::ASTContext &AST;
  const HeaderFilter *Headers;
  std::vector<FunctionInfo> Functions;
  llvm::DenseMap<const clang::FunctionDecl *, size_t> Index;
  llvm::DenseSet<const clang::Expr *> AwaitedOperands;
  llvm::DenseSet<const clang::LambdaExpr *> InPlaceLambdas;
  /// Closure classes of lambdas given to an expect-throw assertion.
  llvm::DenseSet<const clang::CXXRecordDecl *> ExpectThrowLambdas;
  /// Record types that have a non-member operator co_await.
  llvm::DenseSet<const clang::CXXRecordDecl *> FreeCoAwaitOperands;
  TaskOverrides Overrides;
  mutable llvm::DenseMap<const clang::Type *, TaskKind> TaskKinds;
  mutable llvm::DenseMap<const clang::Type *, ValueKind> ValueKinds;
  mutable llvm::DenseMap<const clang::CXXRecordDecl *, TaskKind> PromiseStarts;
};

/// The variable an object expression is rooted at: "r", "std::get<0>(rs)",
/// "rs[i]", "rs.at(i)", "p->x", a structured binding's holder; null when
/// it is none (a temporary, "this").
const clang::VarDecl *rootVariable(const clang::Expr *E);

/// E without parentheses, implicit casts, temporaries, cleanups and
/// constructor elidable copies: the expression a reader sees.
const clang::Expr *ignoreWrappers(const clang::Expr *E);

/// The operand of std::move(x) or std::forward<T>(x) -- also as a template's
/// pattern writes it, before the call is resolved -- or null when E (less
/// its wrappers) is no such call.
const clang::Expr *movedOperand(const clang::Expr *E);

} // namespace corolint

#endif
