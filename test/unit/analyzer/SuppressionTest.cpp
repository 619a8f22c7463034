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

TEST(Suppressions, UnmatchedEndIsAProblem) {
  Suppressions S("// NOLINTEND(blocking-call)\n");
  EXPECT_EQ(S.problems("f.cpp").size(), 1u);
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
