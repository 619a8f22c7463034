//===- FixesTest.cpp - Applying fix-its to contents, and writing files ----===//
#include "analyzer/Fixes.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "gtest/gtest.h"
#include <map>

namespace corolint {
namespace {

FixIt fix(const std::string &File, unsigned Begin, unsigned End,
          std::string Text) {
  FixIt F;
  F.Range.File = File;
  F.Range.Begin = {1, Begin + 1, Begin};
  F.Range.End = {1, End + 1, End};
  F.Replacement = std::move(Text);
  return F;
}

Diagnostic finding(std::vector<FixIt> Fixes, unsigned Column = 1) {
  Diagnostic D;
  D.Check = "unawaited-task";
  D.Range.File = "a.cpp";
  D.Range.Begin = {1, Column, Column - 1};
  D.Range.End = D.Range.Begin;
  D.Message = "m";
  D.Fixes = std::move(Fixes);
  return D;
}

struct Files {
  std::map<std::string, std::string> Contents;
  FixOutcome apply(llvm::ArrayRef<Diagnostic> Diags) {
    return applyFixes(
        Diags, [&](llvm::StringRef Path) -> llvm::Expected<std::string> {
          auto It = Contents.find(Path.str());
          if (It == Contents.end())
            return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                           "no file '%s'", Path.str().c_str());
          return It->second;
        });
  }
};

// Which fixes of one file apply together: the one rule both `check --fix`
// and the language server's fix-all follow (planFixes). Each case is one
// line of text and findings in order; a finding is its edits.
struct Ed {
  unsigned Begin, End;
  const char *Text;
};
struct FixCase {
  const char *Name;
  const char *Text;
  std::vector<std::vector<Ed>> Findings;
  const char *Expected;          ///< The text with the chosen fixes.
  std::vector<unsigned> Skipped; ///< Indices of findings left out.
  const char *Reason = "";       ///< The first skipped one's reason.
};

const FixCase FixCases[] = {
    {"edits apply from the end",
     "f(); g(); std::ignore = h();",
     {{{0, 0, "co_await "}}, {{5, 5, "co_await "}}, {{10, 24, "co_await "}}},
     "co_await f(); co_await g(); co_await h();",
     {}},
    {"identical edits apply once",
     "f();",
     {{{0, 0, "co_await "}}, {{0, 0, "co_await "}}},
     "co_await f();",
     {}},
    {"insertions that touch conflict (which text would come first?)",
     "f();",
     {{{0, 0, "co_await "}}, {{0, 0, "(void)"}}},
     "co_await f();",
     {1},
     "its fix overlaps the fix of the finding at a.cpp:1:1"},
    {"an insertion touching a replacement conflicts",
     "std::ignore = h();",
     {{{0, 14, "co_await "}}, {{14, 14, "(void)"}}},
     "co_await h();",
     {1},
     "its fix overlaps the fix of the finding at a.cpp:1:1"},
    {"replacements that touch do not conflict",
     "abcdef",
     {{{0, 3, "ABC"}}, {{3, 6, "DEF"}}},
     "ABCDEF",
     {}},
    {"overlapping edits conflict, the first wins",
     "std::ignore = h();",
     {{{0, 14, "co_await "}}, {{5, 5, "x"}}, {{2, 8, "y"}}},
     "co_await h();",
     {1, 2},
     "its fix overlaps the fix of the finding at a.cpp:1:1"},
    {"a finding's edits go together or not at all",
     "abcdef",
     {{{1, 2, "B"}}, {{4, 4, "<"}, {1, 3, "?"}}, {{5, 6, "F"}}},
     "aBcdeF",
     {1},
     "its fix overlaps the fix of the finding at a.cpp:1:1"},
    {"a finding's own edits may touch: an insertion goes first",
     "read(s);",
     {{{0, 0, "co_await "}, {0, 4, "async_read"}, {6, 6, ", use_awaitable"}}},
     "co_await async_read(s, use_awaitable);",
     {}},
    {"... whatever order the finding lists them in",
     "read(s);",
     {{{0, 4, "async_read"}, {0, 0, "co_await "}}},
     "co_await async_read(s);",
     {}},
    {"a finding's own edits must not overlap",
     "abcdef",
     {{{0, 4, "x"}, {2, 6, "y"}}},
     "abcdef",
     {0},
     "its fixes overlap each other"},
    {"an edit beyond the end of the file",
     "abc",
     {{{2, 9, "x"}}},
     "abc",
     {0},
     "'a.cpp' changed after it was analysed"},
};

TEST(FixesTest, OneRuleForWhichFixesApplyTogether) {
  for (const FixCase &C : FixCases) {
    SCOPED_TRACE(C.Name);
    std::vector<Diagnostic> Diags;
    for (const std::vector<Ed> &Edits : C.Findings) {
      std::vector<FixIt> Fixes;
      for (const Ed &E : Edits)
        Fixes.push_back(fix("a.cpp", E.Begin, E.End, E.Text));
      // Each finding at its own column, to tell them apart.
      Diags.push_back(finding(std::move(Fixes), Diags.size() + 1));
    }
    std::string Text = C.Text;
    FixPlan Plan =
        planFixes(Diags, [&](llvm::StringRef) -> llvm::Expected<std::string> {
          return Text;
        });
    std::vector<unsigned> Skipped;
    for (const SkippedFix &S : Plan.Skipped)
      for (unsigned I = 0; I < Diags.size(); ++I)
        if (Diags[I].Range == S.Where)
          Skipped.push_back(I);
    EXPECT_EQ(Skipped, C.Skipped);
    if (!Plan.Skipped.empty())
      EXPECT_EQ(Plan.Skipped[0].Reason, C.Reason);
    EXPECT_EQ(Plan.Findings, Diags.size() - C.Skipped.size());
    // The chosen edits are in offset order, and apply as applyFixes does.
    for (const FileEdits &F : Plan.Files)
      for (size_t I = 1; I < F.Edits.size(); ++I)
        EXPECT_LE(F.Edits[I - 1].Range.Begin.Offset,
                  F.Edits[I].Range.Begin.Offset);
    Files F{{{"a.cpp", Text}}};
    FixOutcome Out = F.apply(Diags);
    EXPECT_EQ(Out.Files.empty() ? Text : Out.Files[0].Contents, C.Expected);
  }
}

TEST(FixesTest, AFindingsFixesGoTogetherOrNotAtAll) {
  Files F{{{"a.cpp", "abcdef"}, {"b.h", "xyz"}}};
  FixOutcome Out =
      F.apply({finding({fix("a.cpp", 1, 2, "B")}),
               finding({fix("b.h", 0, 0, "<"), fix("a.cpp", 1, 3, "?")}),
               finding({fix("b.h", 3, 3, ">"), fix("a.cpp", 5, 6, "F")})});
  ASSERT_EQ(Out.Files.size(), 2u);
  EXPECT_EQ(Out.Files[0].Path, "a.cpp");
  EXPECT_EQ(Out.Files[0].Contents, "aBcdeF");
  EXPECT_EQ(Out.Files[1].Contents, "xyz>");
  ASSERT_EQ(Out.Skipped.size(), 1u);
}

TEST(FixesTest, UnreadableOrStaleFilesAreSkipped) {
  Files F{{{"a.cpp", "abc"}}};
  FixOutcome Out = F.apply({finding({fix("gone.cpp", 0, 0, "x")}),
                            finding({fix("a.cpp", 2, 9, "x")})});
  EXPECT_TRUE(Out.Files.empty());
  ASSERT_EQ(Out.Skipped.size(), 2u);
  EXPECT_EQ(Out.Skipped[0].Reason, "no file 'gone.cpp'");
  EXPECT_EQ(Out.Skipped[1].Reason, "'a.cpp' changed after it was analysed");
}

TEST(FixesTest, APositionThatNoLongerMatchesIsSkipped) {
  Files F{{{"a.cpp", "// a new first line\nf();"}}};
  FixIt Stale = fix("a.cpp", 0, 0, "co_await ");
  FixIt Current = fix("a.cpp", 20, 20, "co_await ");
  Current.Range.Begin.Line = Current.Range.End.Line = 2;
  Current.Range.Begin.Column = Current.Range.End.Column = 1;
  FixOutcome Out = F.apply({finding({Current}, 2)});
  ASSERT_EQ(Out.Files.size(), 1u);
  EXPECT_EQ(Out.Files[0].Contents, "// a new first line\nco_await f();");
  EXPECT_EQ(Out.Skipped.size(), 0u);

  // Offset 3 is not line 1, column 1 any more... nor was it ever.
  Stale.Range.Begin.Offset = Stale.Range.End.Offset = 3;
  Out = F.apply({finding({Stale})});
  EXPECT_TRUE(Out.Files.empty());
  ASSERT_EQ(Out.Skipped.size(), 1u);
  EXPECT_EQ(Out.Skipped[0].Reason, "'a.cpp' changed after it was analysed");
}

TEST(FixesTest, WritesAtomicallyAndFailsWithoutHarm) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("corolint-fixes", Dir));
  llvm::SmallString<128> Path(Dir);
  llvm::sys::path::append(Path, "a.cpp");
  ASSERT_FALSE(llvm::errorToBool(writeFileAtomically(Path, "one")));
  ASSERT_FALSE(llvm::errorToBool(writeFileAtomically(Path, "two")));
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  ASSERT_TRUE(bool(Buffer));
  EXPECT_EQ((*Buffer)->getBuffer(), "two");

  llvm::SmallString<128> Missing(Dir);
  llvm::sys::path::append(Missing, "no", "such.cpp");
  llvm::Error E = writeFileAtomically(Missing, "x");
  ASSERT_TRUE(bool(E));
  EXPECT_NE(llvm::toString(std::move(E)).find("cannot create a temporary file"),
            std::string::npos);

  std::error_code EC;
  unsigned Entries = 0;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC))
    ++Entries;
  EXPECT_EQ(Entries, 1u); // No temporary file left behind.
  llvm::sys::fs::remove_directories(Dir);
}

TEST(FixesTest, ExportsClangApplyReplacementsYaml) {
  Diagnostic D = finding({fix("/p/a.cpp", 4, 4, "co_await ")});
  D.Range.File = "/p/a.cpp";
  std::string Y = exportFixesYaml({D}, "/p/a.cpp", "/p");
  EXPECT_NE(Y.find("MainSourceFile:  '/p/a.cpp'"), std::string::npos) << Y;
  EXPECT_NE(Y.find("DiagnosticName:  unawaited-task"), std::string::npos) << Y;
  EXPECT_NE(Y.find("ReplacementText: 'co_await '"), std::string::npos) << Y;
  EXPECT_NE(Y.find("Offset:          4"), std::string::npos) << Y;
}

} // namespace
} // namespace corolint
