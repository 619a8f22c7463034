//===- WorkspaceTest.cpp - The server's state and answers, in-process -----===//
//
// The workspace without a transport or Clang: a fake analyzer stands in for
// the parse, so each test states exactly what was found.
//
//===----------------------------------------------------------------------===//
#include "lsp/Workspace.h"
#include "gtest/gtest.h"
#include <mutex>

namespace corolint::lsp {
namespace {

using std::chrono::milliseconds;

/// What the fake analysis finds in a text: decided by the test.
using Finder = std::function<AnalysisResult(const ParseInputs &)>;

struct FakeAnalyzer : DocumentAnalyzer {
  explicit FakeAnalyzer(std::shared_ptr<Finder> Find) : Find(std::move(Find)) {}
  AnalysisResult analyze(const ParseInputs &Inputs,
                         const CancellationToken &) override {
    AnalysisResult R = (*Find)(Inputs);
    R.Contents = Inputs.Contents;
    return R;
  }
  std::shared_ptr<Finder> Find;
};

FixIt edit(const std::string &File, unsigned Line, unsigned Column,
           unsigned Offset, unsigned Length, std::string Text) {
  FixIt F;
  F.Range.File = File;
  F.Range.Begin = {Line, Column, Offset};
  F.Range.End = {Line, Column + Length, Offset + Length};
  F.Replacement = std::move(Text);
  return F;
}

corolint::Diagnostic finding(const std::string &File, unsigned Line,
                             unsigned Column, unsigned Offset, unsigned Length,
                             std::string Check = "unawaited-task") {
  corolint::Diagnostic D;
  D.Check = std::move(Check);
  D.Range.File = File;
  D.Range.Begin = {Line, Column, Offset};
  D.Range.End = {Line, Column + Length, Offset + Length};
  D.Message = "m";
  return D;
}

struct Harness {
  explicit Harness(WorkspaceSettings Defaults = {})
      : Pool(Loop, 1), IndexPool(Loop, 1),
        Find(std::make_shared<Finder>(
            [](const ParseInputs &) { return AnalysisResult(); })),
        Work(
            Loop, Pool, IndexPool,
            [this] { return std::make_unique<FakeAnalyzer>(Find); },
            std::move(Defaults), DebouncePolicy::fixed(milliseconds(0)),
            events()) {}

  Workspace::Callbacks events() {
    Workspace::Callbacks E;
    E.OnAnalysis = [this](const std::string &File,
                          std::shared_ptr<const AnalysisResult> R) {
      Analysed.emplace_back(File, R->Version);
    };
    E.OnRefresh = [this] { ++Refreshes; };
    return E;
  }
  /// Runs the loop until File's current draft is analysed.
  bool settle(const std::string &File) {
    return Loop.runUntil([&] { return Work.current(File) != nullptr; });
  }

  Executor Loop;
  WorkerPool Pool, IndexPool;
  std::shared_ptr<Finder> Find;
  std::vector<std::pair<std::string, int>> Analysed;
  unsigned Refreshes = 0;
  Workspace Work;
};

const std::string Main = "/project/main.cpp";
const std::string Header = "/project/util.h";

TEST(Workspace, DraftsFollowIncrementalEditsInTheNegotiatedEncoding) {
  Harness H;
  H.Work.setEncoding(OffsetEncoding::UTF16);
  H.Work.open(Main, 1, "int a; // \xF0\x9F\x98\x80 x\n");
  // The emoji is two UTF-16 units: "x" is at character 13.
  DraftChange C;
  C.Range.emplace(TextPosition{0, 13}, TextPosition{0, 14});
  C.Text = "y";
  ASSERT_FALSE(bool(H.Work.change(Main, 2, {C})));
  EXPECT_EQ(*H.Work.draft(Main)->Text, "int a; // \xF0\x9F\x98\x80 y\n");
  EXPECT_EQ(H.Work.draft(Main)->Version, 2);
  // A change that does not fit keeps the last good text.
  C.Range.emplace(TextPosition{5, 0}, TextPosition{5, 1});
  llvm::Error E = H.Work.change(Main, 3, {C});
  EXPECT_TRUE(bool(E));
  llvm::consumeError(std::move(E));
  EXPECT_EQ(H.Work.draft(Main)->Version, 2);
  H.Work.close(Main);
  EXPECT_EQ(H.Work.draft(Main), nullptr);
}

TEST(Workspace, AnalysesTheCurrentDraftAndItsDependents) {
  Harness H;
  *H.Find = [](const ParseInputs &In) {
    AnalysisResult R;
    R.Version = In.Version;
    if (In.File == Main)
      R.Includes = {Header};
    return R;
  };
  H.Work.open(Header, 1, "#pragma once\n");
  H.Work.open(Main, 1, "#include \"util.h\"\n");
  ASSERT_TRUE(H.settle(Main));
  ASSERT_TRUE(H.settle(Header));
  EXPECT_EQ(H.Work.dependents(Header), (std::vector<std::string>{Main}));
  // Editing the header analyses the file that includes it again.
  H.Analysed.clear();
  ASSERT_FALSE(bool(H.Work.change(Header, 2, {{std::nullopt, "int x;\n"}})));
  ASSERT_TRUE(H.Loop.runUntil([&] { return H.Analysed.size() == 2; }));
  EXPECT_TRUE(llvm::is_contained(H.Analysed, std::make_pair(Main, 1)));
  EXPECT_TRUE(llvm::is_contained(H.Analysed, std::make_pair(Header, 2)));
}

TEST(Workspace, FixAllChoosesEditsAsCheckFixDoes) {
  Harness H;
  // "f(); g();": two findings insert the same co_await before f (applied
  // once); a third inserts other text at the same place (left out); a fourth
  // fixes g.
  *H.Find = [](const ParseInputs &In) {
    AnalysisResult R;
    R.Version = In.Version;
    for (auto [Column, Text] :
         {std::pair{1u, "co_await "}, std::pair{1u, "co_await "},
          std::pair{1u, "(void)"}, std::pair{6u, "co_await "}}) {
      corolint::Diagnostic D = finding(Main, 1, Column, Column - 1, 3);
      D.Fixes = {edit(Main, 1, Column, Column - 1, 0, Text)};
      R.Findings.push_back(D);
    }
    return R;
  };
  H.Work.open(Main, 1, "f(); g();");
  ASSERT_TRUE(H.settle(Main));
  std::vector<FixIt> Fixes = H.Work.fixAll(Main);
  ASSERT_EQ(Fixes.size(), 2u);
  EXPECT_EQ(Fixes[0].Range.Begin.Offset, 0u);
  EXPECT_EQ(Fixes[0].Replacement, "co_await ");
  EXPECT_EQ(Fixes[1].Range.Begin.Offset, 5u);
  // An edit the analysis has not caught up with yet: nothing to fix.
  ASSERT_FALSE(bool(H.Work.change(Main, 2, {{std::nullopt, "h();"}})));
  EXPECT_TRUE(H.Work.fixAll(Main).empty());
}

TEST(Workspace, QuickFixesAndSuppressions) {
  Harness H;
  *H.Find = [](const ParseInputs &In) {
    AnalysisResult R;
    R.Version = In.Version;
    R.Findings.push_back(finding(Main, 2, 3, 13, 4, "blocking-call"));
    corolint::Diagnostic Nolint = finding(Main, 3, 1, 20, 0, "corolint-nolint");
    R.Findings.push_back(Nolint);
    return R;
  };
  H.Work.open(Main, 1, "void f() {\n  g(); // NOLINT(x)\n// NOLINTEND\n");
  ASSERT_TRUE(H.settle(Main));
  std::vector<QuickFix> Fixes = H.Work.quickFixes(Main, 2, 2);
  ASSERT_EQ(Fixes.size(), 1u);
  EXPECT_EQ(Fixes[0].Finding.Check, "blocking-call");
  // The check joins the line's NOLINT list.
  ASSERT_TRUE(Fixes[0].Suppress.has_value());
  EXPECT_EQ(Fixes[0].Suppress->Replacement, ",blocking-call");
  EXPECT_EQ(Fixes[0].Suppress->Range.Begin.Offset, 29u);
  // A NOLINT comment's own problem is not silenced by another.
  Fixes = H.Work.quickFixes(Main, 3, 3);
  ASSERT_EQ(Fixes.size(), 1u);
  EXPECT_FALSE(Fixes[0].Suppress.has_value());
  // A line without a comment gets one.
  std::optional<FixIt> New = H.Work.suppression(Main, 1, "unawaited-task");
  ASSERT_TRUE(New.has_value());
  EXPECT_EQ(New->Replacement, " // NOLINT(unawaited-task)");
  EXPECT_EQ(New->Range.Begin.Offset, 10u);
}

TEST(Workspace, HoverShowsTheFindingAndItsCheckPage) {
  Harness H;
  *H.Find = [](const ParseInputs &In) {
    AnalysisResult R;
    R.Version = In.Version;
    R.Findings.push_back(finding(Main, 1, 3, 2, 4, "blocking-call"));
    return R;
  };
  H.Work.open(Main, 1, "  g();\n");
  ASSERT_TRUE(H.settle(Main));
  std::optional<HoverInfo> Info = H.Work.hover(Main, 1, 4);
  ASSERT_TRUE(Info.has_value());
  EXPECT_EQ(Info->Finding.Check, "blocking-call");
  EXPECT_NE(Info->Documentation.find("## What it does"), std::string::npos);
  EXPECT_FALSE(H.Work.hover(Main, 1, 1).has_value());
  EXPECT_FALSE(H.Work.hover(Main, 2, 1).has_value());
}

TEST(Workspace, SettingsApplyAndReanalyse) {
  WorkspaceSettings Defaults;
  Defaults.Checks = "-*";
  Harness H(Defaults);
  H.Work.open(Main, 1, "x");
  ASSERT_TRUE(H.settle(Main));
  EXPECT_TRUE(H.Work.pushDiagnostics(/*ClientPulls=*/false));
  EXPECT_FALSE(H.Work.pushDiagnostics(/*ClientPulls=*/true));

  CorolintSettings Update;
  Update.checks = "blocking-call";
  Update.diagnosticMode = "push";
  Update.compilationDatabasePath = "/nowhere";
  H.Analysed.clear();
  H.Work.configure(Update);
  EXPECT_EQ(H.Work.settings().Checks, "blocking-call");
  EXPECT_EQ(H.Work.settings().CompilationDatabasePath,
            std::optional<std::string>("/nowhere"));
  EXPECT_TRUE(H.Work.pushDiagnostics(/*ClientPulls=*/true));
  // The open document is analysed again under the new settings.
  ASSERT_TRUE(H.Loop.runUntil([&] { return !H.Analysed.empty(); }));
  // An empty path searches upward again.
  Update = {};
  Update.compilationDatabasePath = "";
  H.Work.configure(Update);
  EXPECT_FALSE(H.Work.settings().CompilationDatabasePath.has_value());
}

TEST(Workspace, RefreshIsAskedForOnlyOnceIndexingMayRun) {
  Harness H;
  H.Work.open(Main, 1, "x");
  ASSERT_TRUE(H.settle(Main));
  H.Work.configure({});
  EXPECT_EQ(H.Refreshes, 0u) << "before the client is initialized";
  H.Work.startIndexing();
  H.Work.configure({});
  EXPECT_EQ(H.Refreshes, 1u);
}

} // namespace
} // namespace corolint::lsp
