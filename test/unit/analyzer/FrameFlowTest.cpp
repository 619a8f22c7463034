//===- FrameFlowTest.cpp - Paths through a frame, on in-memory code -------===//
#include "analyzer/FrameFlow.h"
#include "analyzer/Compilation.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace corolint;
using namespace clang;
using namespace clang::ast_matchers;

namespace {

struct Parsed {
  std::unique_ptr<ASTUnit> Unit;
  ASTContext &ast() { return Unit->getASTContext(); }
  template <typename T> const T *find(llvm::StringRef Name) {
    auto Found = match(namedDecl(hasName(Name)).bind("d"), ast());
    return Found.empty() ? nullptr : Found[0].getNodeAs<T>("d");
  }
  unsigned line(SourceLocation L) {
    return ast().getSourceManager().getPresumedLineNumber(L);
  }
};

Parsed parse(llvm::StringRef Code) {
  Parsed P;
  P.Unit = tooling::buildASTFromCodeWithArgs(
      Code.str(),
      {"-std=c++20", "-fsyntax-only", "-resource-dir=" + clangResourceDir()},
      "input.cpp");
  return P;
}

/// The lines where each path from V's declaration leaves V's scope, or is
/// cut by a call to stop().
std::vector<unsigned> exits(Parsed &P, const FrameFlow &Flow,
                            const VarDecl *V) {
  std::vector<unsigned> Lines;
  std::optional<FrameFlow::Point> Start = Flow.declaration(V);
  if (!Start)
    return Lines;
  Flow.explore(*Start, 0,
               [&](const CFGElement &E, unsigned S) -> std::optional<unsigned> {
                 const Stmt *Trigger = nullptr;
                 if (FrameFlow::scopeEnd(E, &Trigger) == V) {
                   Lines.push_back(P.line(FrameFlow::exitLocation(Trigger)));
                   return std::nullopt;
                 }
                 if (auto St = E.getAs<CFGStmt>())
                   if (const auto *Call = dyn_cast<CallExpr>(St->getStmt()))
                     if (const FunctionDecl *F = Call->getDirectCallee();
                         F && F->getName() == "stop")
                       return std::nullopt;
                 return S;
               });
  llvm::sort(Lines);
  return Lines;
}

TEST(FrameFlow, FindsWherePathsLeaveAScope) {
  Parsed P = parse(R"(struct R { ~R(); };
void stop();
void f(bool a, bool b) {
  R r;
  if (a)
    return;
  if (b) {
    stop();
    return;
  }
  for (int i = 0; i < 3; ++i) {
    R inner;
    if (i)
      continue;
  }
}
)");
  ASSERT_TRUE(P.Unit);
  const auto *F = P.find<FunctionDecl>("f");
  ASSERT_TRUE(F);
  FrameFlow Flow(F, P.ast());
  ASSERT_TRUE(Flow.valid());
  EXPECT_EQ(exits(P, Flow, P.find<VarDecl>("r")),
            (std::vector<unsigned>{6, 16}));
  EXPECT_EQ(exits(P, Flow, P.find<VarDecl>("inner")),
            (std::vector<unsigned>{14, 15}));
}

TEST(FrameFlow, SeesPathsReachTheEndFromTheEntry) {
  Parsed P = parse(R"(void stop();
void f(bool a) {
  if (a)
    stop();
}
)");
  ASSERT_TRUE(P.Unit);
  FrameFlow Flow(P.find<FunctionDecl>("f"), P.ast());
  ASSERT_TRUE(Flow.valid());
  // State 1 once stop() was called: both states reach the end.
  std::vector<unsigned> AtEnd;
  Flow.explore(
      Flow.entry(), 0,
      [&](const CFGElement &E, unsigned S) -> std::optional<unsigned> {
        if (auto St = E.getAs<CFGStmt>())
          if (isa<CallExpr>(St->getStmt()))
            return 1u;
        return S;
      },
      [&](unsigned S) { AtEnd.push_back(S); });
  llvm::sort(AtEnd);
  EXPECT_EQ(AtEnd, (std::vector<unsigned>{0, 1}));
}

TEST(FrameFlow, SemanticParentSkipsImplicitNodes) {
  Parsed P = parse(R"(struct T { T(); T(T &&); ~T(); };
void take(T);
void f() {
  T t;
  take(static_cast<T &&>(t));
}
)");
  ASSERT_TRUE(P.Unit);
  const auto *F = P.find<FunctionDecl>("f");
  FrameFlow Flow(F, P.ast());
  ASSERT_TRUE(Flow.valid());
  auto Refs = match(
      functionDecl(hasName("f"),
                   forEachDescendant(
                       declRefExpr(to(varDecl(hasName("t")))).bind("ref"))),
      P.ast());
  ASSERT_EQ(Refs.size(), 1u);
  const auto *Ref = Refs[0].getNodeAs<DeclRefExpr>("ref");
  const Expr *Child = nullptr;
  const Stmt *Parent = Flow.semanticParent(Ref, Child);
  ASSERT_TRUE(Parent);
  EXPECT_TRUE(isa<CXXStaticCastExpr>(Parent));
  EXPECT_TRUE(Flow.find(Ref).has_value());
}

TEST(FrameFlow, InvalidWithoutABody) {
  Parsed P = parse("void g();");
  ASSERT_TRUE(P.Unit);
  FrameFlow Flow(P.find<FunctionDecl>("g"), P.ast());
  EXPECT_FALSE(Flow.valid());
}

} // namespace
