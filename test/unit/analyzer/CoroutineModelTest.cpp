//===- CoroutineModelTest.cpp - The coroutine model on in-memory code -----===//
#include "analyzer/CoroutineModel.h"
#include "analyzer/Compilation.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace corolint;
using namespace clang;

namespace {

// A self-contained <coroutine> stand-in, so the tests need no system headers.
const char Prelude[] = R"(
namespace std {
template <class R, class... A> struct coroutine_traits { using promise_type = typename R::promise_type; };
template <class P = void> struct coroutine_handle {
  static coroutine_handle from_address(void *) noexcept { return {}; }
  void *address() const noexcept { return nullptr; }
  template <class Q> operator coroutine_handle<Q>() const noexcept { return {}; }
  static coroutine_handle from_promise(P &) { return {}; }
  P &promise() const;
};
struct suspend_always {
  constexpr bool await_ready() const noexcept { return false; }
  constexpr void await_suspend(coroutine_handle<>) const noexcept {}
  constexpr void await_resume() const noexcept {}
};
struct suspend_never {
  constexpr bool await_ready() const noexcept { return true; }
  constexpr void await_suspend(coroutine_handle<>) const noexcept {}
  constexpr void await_resume() const noexcept {}
};
}
template <class Initial> struct basic_task {
  struct promise_type {
    basic_task get_return_object() { return {}; }
    Initial initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};
using lazy = basic_task<std::suspend_always>;
using eager = basic_task<std::suspend_never>;
struct awaiter { bool await_ready(); void await_suspend(std::coroutine_handle<>); int await_resume(); };
struct plain {};
)";

struct Parsed {
  std::unique_ptr<ASTUnit> Unit;
  std::unique_ptr<CoroutineModel> Model;

  const FunctionDecl *function(llvm::StringRef Name) const {
    for (const FunctionInfo &F : Model->functions())
      if (F.Decl->getNameAsString() == Name)
        return F.Decl;
    return nullptr;
  }
  QualType returnType(llvm::StringRef Name) const {
    const FunctionDecl *F = function(Name);
    return F ? F->getReturnType() : QualType();
  }
};

Parsed parse(llvm::StringRef Code) {
  Parsed P;
  P.Unit = tooling::buildASTFromCodeWithArgs(
      (Prelude + Code).str(),
      {"-std=c++20", "-fsyntax-only", "-resource-dir=" + clangResourceDir()},
      "input.cpp");
  if (P.Unit)
    P.Model = std::make_unique<CoroutineModel>(P.Unit->getASTContext());
  return P;
}

TEST(CoroutineModel, FindsCoroutinesAndTheirSuspensionPoints) {
  Parsed P = parse(R"(
lazy a() { co_return; }
lazy b() { co_await a(); co_await a(); }
void c() {}
)");
  ASSERT_TRUE(P.Unit);
  const FunctionInfo *A = P.Model->info(P.function("a"));
  const FunctionInfo *B = P.Model->info(P.function("b"));
  const FunctionInfo *C = P.Model->info(P.function("c"));
  ASSERT_TRUE(A && B && C);
  EXPECT_NE(A->Coroutine, nullptr);
  EXPECT_NE(B->Coroutine, nullptr);
  EXPECT_EQ(C->Coroutine, nullptr);
  EXPECT_EQ(B->Suspensions.size(), 2u);
  EXPECT_EQ(A->Suspensions.size(), 0u);
}

TEST(CoroutineModel, ClassifiesTasksFromTheirPromise) {
  Parsed P = parse(R"(
lazy l() { co_return; }
eager e() { co_return; }
awaiter w();
plain p();
int i();
)");
  ASSERT_TRUE(P.Unit);
  EXPECT_EQ(P.Model->taskKind(P.returnType("l")), TaskKind::Lazy);
  EXPECT_EQ(P.Model->taskKind(P.returnType("e")), TaskKind::Eager);
  EXPECT_EQ(P.Model->taskKind(P.returnType("p")), TaskKind::NotATask);
  EXPECT_EQ(P.Model->taskKind(P.returnType("i")), TaskKind::NotATask);
  EXPECT_TRUE(P.Model->mustBeAwaited(P.returnType("l")));
  EXPECT_FALSE(P.Model->mustBeAwaited(P.returnType("e")));
}

TEST(CoroutineModel, TellsTasksFromGeneratorsIteratorsAndDetached) {
  Parsed P = parse(R"(
template <class T> struct gen {
  struct promise_type {
    gen get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T) { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
// Names its generator's promise for its handle; no coroutine returns it.
struct iter { using promise_type = gen<int>::promise_type; };
struct fire {
  struct promise_type {
    fire get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
gen<int> g() { co_yield 1; }
iter it() { return {}; }
fire f() { co_return; }
lazy l() { co_return; }
awaiter w() { return {}; }
plain p() { return {}; }
)");
  ASSERT_TRUE(P.Unit);
  EXPECT_EQ(P.Model->valueKind(P.returnType("g")), ValueKind::Generator);
  EXPECT_EQ(P.Model->valueKind(P.returnType("it")), ValueKind::Ordinary);
  EXPECT_EQ(P.Model->valueKind(P.returnType("f")), ValueKind::Detached);
  EXPECT_EQ(P.Model->valueKind(P.returnType("l")), ValueKind::Task);
  EXPECT_EQ(P.Model->valueKind(P.returnType("w")), ValueKind::Awaitable);
  EXPECT_EQ(P.Model->valueKind(P.returnType("p")), ValueKind::Ordinary);
  EXPECT_EQ(P.Model->taskKind(P.returnType("g")), TaskKind::NotATask);
  EXPECT_FALSE(P.Model->mustBeAwaited(P.returnType("g")));
  EXPECT_FALSE(P.Model->mustBeAwaited(P.returnType("it")));
  EXPECT_FALSE(P.Model->mustBeAwaited(P.returnType("f")));
}

TEST(CoroutineModel, AnExecutorFirstMakesTheTaskEager) {
  Parsed P = parse(R"(
struct executor { void post(std::coroutine_handle<>); };
struct scheduled_promise {
  scheduled_promise(executor &ex) : ex(ex) {}
  struct post_awaiter {
    executor &ex;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { ex.post(h); }
    void await_resume() const noexcept {}
  };
  lazy get_return_object() { return {}; }
  post_awaiter initial_suspend() noexcept { return {ex}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void return_void() {}
  void unhandled_exception() {}
  executor &ex;
};
template <class... A> struct std::coroutine_traits<lazy, executor &, A...> {
  using promise_type = scheduled_promise;
};
lazy plain_lazy() { co_return; }
lazy posted(executor &ex) { co_return; }
)");
  ASSERT_TRUE(P.Unit);
  EXPECT_EQ(P.Model->startOf(P.function("plain_lazy")), TaskKind::Lazy);
  EXPECT_EQ(P.Model->startOf(P.function("posted")), TaskKind::Eager);
  // The type alone says what a coroutine without an executor gets.
  EXPECT_EQ(P.Model->taskKind(P.returnType("posted")), TaskKind::Lazy);
}

TEST(CoroutineModel, OverridesApplyToEveryQuestion) {
  Parsed P = parse(R"(
lazy l() { co_return; }
eager e() { co_return; }
)");
  ASSERT_TRUE(P.Unit);
  CoroutineModel Model(P.Unit->getASTContext(),
                       TaskOverrides{{"basic_task"}, {}});
  EXPECT_EQ(Model.taskKind(P.returnType("e")), TaskKind::Lazy);
  EXPECT_EQ(Model.startOf(P.function("e")), TaskKind::Lazy);
  EXPECT_TRUE(Model.mustBeAwaited(P.returnType("e")));
}

TEST(CoroutineModel, RecognisesAwaitables) {
  Parsed P = parse(R"(
struct member_op { awaiter operator co_await(); };
struct free_op {};
awaiter operator co_await(free_op);
awaiter w() { return {}; }
member_op m() { return {}; }
free_op f() { return {}; }
plain p() { return {}; }
)");
  ASSERT_TRUE(P.Unit);
  EXPECT_TRUE(P.Model->isAwaitable(P.returnType("w")));
  EXPECT_TRUE(P.Model->isAwaitable(P.returnType("m")));
  EXPECT_TRUE(P.Model->isAwaitable(P.returnType("f")));
  EXPECT_FALSE(P.Model->isAwaitable(P.returnType("p")));
}

TEST(CoroutineModel, FramesSkipLambdasThatRunElsewhere) {
  Parsed P = parse(R"(
void g(int);
template <class F> void run_later(F);
lazy h() {
  [] { g(1); }();
  run_later([] { g(2); });
  co_return;
}
)");
  ASSERT_TRUE(P.Unit);
  std::vector<int> Args;
  P.Model->forEachStmtInFrame(P.function("h"), [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *F = Call->getDirectCallee();
          F && F->getNameAsString() == "g")
        if (const auto *Lit =
                dyn_cast<IntegerLiteral>(Call->getArg(0)->IgnoreImpCasts()))
          Args.push_back(Lit->getValue().getZExtValue());
  });
  EXPECT_EQ(Args, std::vector<int>{1});
}

} // namespace
