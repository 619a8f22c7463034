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

TEST(FixesTest, InsertsAndReplacesFromTheEnd) {
  Files F{{{"a.cpp", "f(); g(); std::ignore = h();"}}};
  FixOutcome Out = F.apply({finding({fix("a.cpp", 0, 0, "co_await ")}),
                            finding({fix("a.cpp", 5, 5, "co_await ")}, 6),
                            finding({fix("a.cpp", 10, 24, "co_await ")}, 11)});
  ASSERT_EQ(Out.Files.size(), 1u);
  EXPECT_EQ(Out.Files[0].Contents, "co_await f(); co_await g(); co_await h();");
  EXPECT_EQ(Out.Files[0].Applied, 3u);
  EXPECT_EQ(Out.Findings, 3u);
  EXPECT_TRUE(Out.Skipped.empty());
}

TEST(FixesTest, OverlappingFixIsSkippedWithItsNeighbour) {
  Files F{{{"a.cpp", "std::ignore = h();"}}};
  FixOutcome Out = F.apply({finding({fix("a.cpp", 0, 14, "co_await ")}),
                            finding({fix("a.cpp", 5, 5, "x")}, 6),
                            finding({fix("a.cpp", 14, 14, "(void)")}, 15)});
  ASSERT_EQ(Out.Files.size(), 1u);
  EXPECT_EQ(Out.Files[0].Contents, "co_await h();");
  ASSERT_EQ(Out.Skipped.size(), 2u);
  EXPECT_EQ(Out.Skipped[0].Reason,
            "its fix overlaps the fix of the finding at a.cpp:1:1");
  EXPECT_EQ(Out.Skipped[1].Where.Begin.Column, 15u);
}

TEST(FixesTest, IdenticalFixesApplyOnce) {
  Files F{{{"a.cpp", "f();"}}};
  FixOutcome Out = F.apply({finding({fix("a.cpp", 0, 0, "co_await ")}),
                            finding({fix("a.cpp", 0, 0, "co_await ")})});
  ASSERT_EQ(Out.Files.size(), 1u);
  EXPECT_EQ(Out.Files[0].Contents, "co_await f();");
  EXPECT_TRUE(Out.Skipped.empty());
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
