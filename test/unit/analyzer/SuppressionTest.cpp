//===- SuppressionTest.cpp - NOLINT comments and check globs --------------===//
#include "analyzer/Suppression.h"
#include "gtest/gtest.h"

using namespace corolint;

TEST(Suppressions, SameLineAndNextLine) {
  Suppressions S("a(); // NOLINT\n"
                 "b(); // NOLINT(blocking-call)\n"
                 "// NOLINTNEXTLINE(unawaited-*)\n"
                 "c();\n"
                 "d();\n");
  EXPECT_TRUE(S.suppresses("blocking-call", 1));
  EXPECT_TRUE(S.suppresses("unawaited-task", 1));
  EXPECT_TRUE(S.suppresses("blocking-call", 2));
  EXPECT_FALSE(S.suppresses("unawaited-task", 2));
  EXPECT_TRUE(S.suppresses("unawaited-task", 4));
  EXPECT_FALSE(S.suppresses("blocking-call", 4));
  EXPECT_FALSE(S.suppresses("unawaited-task", 5));
}

TEST(Suppressions, Regions) {
  Suppressions S("x\n"
                 "// NOLINTBEGIN(blocking-call)\n"
                 "y\n"
                 "// NOLINTEND(blocking-call)\n"
                 "z\n");
  EXPECT_FALSE(S.suppresses("blocking-call", 1));
  EXPECT_TRUE(S.suppresses("blocking-call", 3));
  EXPECT_FALSE(S.suppresses("unawaited-task", 3));
  EXPECT_FALSE(S.suppresses("blocking-call", 5));
  EXPECT_TRUE(S.problems("f.cpp").empty());
}

TEST(Suppressions, UnmatchedCommentsAreProblemsAsInClangTidy) {
  Suppressions S("int a;\n"
                 "  // NOLINTEND(blocking-call)\n"
                 "// NOLINTBEGIN(unawaited-task)\n"
                 "f();\n");
  std::vector<Diagnostic> P = S.problems("f.cpp");
  ASSERT_EQ(P.size(), 2u);
  EXPECT_EQ(P[0].Check, NolintCheckName);
  EXPECT_EQ(P[0].Level, Severity::Error);
  EXPECT_EQ(P[0].Range.File, "f.cpp");
  EXPECT_EQ(P[0].Range.Begin, (FilePosition{2, 6, 12}));
  EXPECT_EQ(P[0].Message, "unmatched 'NOLINTEND' comment without a previous "
                          "'NOLINTBEGIN' comment");
  EXPECT_EQ(P[1].Range.Begin, (FilePosition{3, 4, 40}));
  EXPECT_EQ(P[1].Message, "unmatched 'NOLINTBEGIN' comment without a "
                          "subsequent 'NOLINTEND' comment");
  // An unmatched region silences nothing.
  EXPECT_FALSE(S.suppresses("unawaited-task", 4));
  // A NOLINTEND must name the checks its NOLINTBEGIN named.
  EXPECT_EQ(Suppressions("// NOLINTBEGIN(a)\n// NOLINTEND(b)\n")
                .problems("f.cpp")
                .size(),
            2u);
}

TEST(Suppressions, OnlyCommentsCount) {
  // Markers spelled in string literals are text, not comments.
  Suppressions S("const char *A = \"unmatched 'NOLINTEND' comment\";\n"
                 "const char *B = \"// NOLINTBEGIN\"; f();\n"
                 "auto C = R\"x(NOLINT /* NOLINTBEGIN\n"
                 ")x\"; g(); /* NOLINT(blocking-call)\n"
                 "   NOLINTNEXTLINE */ int D = 1'0;\n"
                 "h(); // \"NOLINT\"\n"
                 "char Q = '\"'; i(); // NOLINT\n");
  EXPECT_TRUE(S.problems("f.cpp").empty());
  EXPECT_FALSE(S.suppresses("blocking-call", 2));
  EXPECT_FALSE(S.suppresses("blocking-call", 3));
  // A block comment's markers count, on every line it spans.
  EXPECT_TRUE(S.suppresses("blocking-call", 4));
  EXPECT_FALSE(S.suppresses("unawaited-task", 4));
  EXPECT_TRUE(S.suppresses("unawaited-task", 6));
  EXPECT_TRUE(S.suppresses("unawaited-task", 7));
}

TEST(Suppressions, TheSuppressActionWritesWhatTheReaderReads) {
  struct Case {
    const char *Line;
    const char *Expected;
  } Cases[] = {
      {"  f();", "  f(); // NOLINT(blocking-call)"},
      {"  f(); // why", "  f(); // why NOLINT(blocking-call)"},
      {"  f(); // NOLINT(unawaited-task)",
       "  f(); // NOLINT(unawaited-task,blocking-call)"},
  };
  for (const Case &C : Cases) {
    SCOPED_TRACE(C.Line);
    std::string Line = C.Line;
    SuppressionEdit E = suppressionEdit(Line, "blocking-call");
    Line.insert(E.Offset, E.Text);
    EXPECT_EQ(Line, C.Expected);
    EXPECT_TRUE(Suppressions(Line).suppresses("blocking-call", 1));
  }
}

TEST(CheckGlobs, LeftToRight) {
  EXPECT_TRUE(checkEnabledByGlobs("blocking-call", "", true));
  EXPECT_FALSE(checkEnabledByGlobs("blocking-call", "-*", true));
  EXPECT_TRUE(checkEnabledByGlobs("blocking-call", "-*,blocking-call", true));
  EXPECT_FALSE(checkEnabledByGlobs("unawaited-task", "-*,blocking-call", true));
  EXPECT_TRUE(checkEnabledByGlobs("unawaited-task", "-*,*-task", true));
  EXPECT_FALSE(
      checkEnabledByGlobs("unawaited-task", "*,-unawaited-task", false));
}
