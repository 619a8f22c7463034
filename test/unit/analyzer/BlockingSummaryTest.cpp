//===- BlockingSummaryTest.cpp - Blocking summaries on in-memory code -----===//
#include "analyzer/BlockingSummary.h"
#include "analyzer/Compilation.h"
#include "analyzer/CoroutineModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/Stmt.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace corolint;
using namespace clang;

namespace {

const char Code[] = R"(
namespace std {
template <class R, class... A> struct coroutine_traits { using promise_type = typename R::promise_type; };
template <class P = void> struct coroutine_handle {
  static coroutine_handle from_address(void *) noexcept { return {}; }
  void *address() const noexcept { return nullptr; }
  template <class Q> operator coroutine_handle<Q>() const noexcept { return {}; }
};
struct suspend_always {
  bool await_ready() const noexcept { return false; }
  void await_suspend(coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
enum class launch { async = 1, deferred = 2 };
template <class T> struct future { ~future(); T get(); };
template <class F> future<int> async(launch, F);
}
struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
struct Guard { ~Guard(); void release(); };
void releases() { Guard g; g.release(); }
void waits() { auto f = std::async(std::launch::async, [] { return 1; }); f.get(); }
void discards() { std::async(std::launch::async, [] { return 1; }); }
task user() { releases(); waits(); discards(); co_return; }
)";

/// Whether the AST's parent map (ASTContext::getParents) has been built.
/// It is built once, on the first question, from the AST as it is then: a
/// statement made afterwards has a parent only if the map is built now.
bool parentMapBuilt(ASTContext &AST, FunctionDecl *Host) {
  SourceLocation L = Host->getLocation();
  Stmt *Probe = new (AST) NullStmt(L);
  Host->setBody(CompoundStmt::Create(AST, {Probe}, FPOptionsOverride(), L, L));
  return AST.getParents(*Probe).empty();
}

FunctionDecl *function(ASTContext &AST, llvm::StringRef Name) {
  for (Decl *D : AST.getTranslationUnitDecl()->decls())
    if (auto *F = dyn_cast<FunctionDecl>(D); F && F->getName() == Name)
      return F;
  return nullptr;
}

TEST(BlockingSummary, SummarisesWithoutTheTranslationUnitsParentMap) {
  std::unique_ptr<ASTUnit> Unit = tooling::buildASTFromCodeWithArgs(
      Code, {"-std=c++20", "-resource-dir=" + clangResourceDir()}, "input.cpp");
  ASSERT_TRUE(Unit);
  ASTContext &AST = Unit->getASTContext();
  // The schema wants every declared category used by an entry.
  auto Cat = Catalogue::parse(
      "categories:\n"
      "  - {id: sync-over-async, summary: waits, title: Waits}\n"
      "entries:\n"
      "  - {category: sync-over-async, tier: 1, functions: [unused::wait]}\n",
      "cat.yaml");
  ASSERT_TRUE(bool(Cat)) << llvm::toString(Cat.takeError());
  CoroutineModel Model(AST);
  BlockingAnalysis Blocking(Model, *Cat, BlockingOptions{});
  FileSummary Summary = Blocking.fileSummary();

  // A std::async future that is waited for does not wait again when it
  // dies, and a guard released by a member call is not blocking either;
  // a discarded std::async future waits at once.
  std::vector<std::string> Blocks;
  for (const FunctionSummary &F : Summary.Functions)
    if (!F.Reaches.empty())
      Blocks.push_back(F.Name);
  EXPECT_EQ(Blocks, std::vector<std::string>{"discards"});

  // Indexing the parents of every node of the translation unit (every
  // function body of every header) costs more than the rest of the
  // analysis: each function's statements are looked up in its own map.
  FunctionDecl *Host = function(AST, "releases");
  ASSERT_TRUE(Host);
  EXPECT_FALSE(parentMapBuilt(AST, Host));
}

} // namespace
