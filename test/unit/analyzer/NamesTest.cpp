//===- NamesTest.cpp - Qualified-name matching as the catalogue uses it ---===//
#include "analyzer/Names.h"
#include "gtest/gtest.h"

using namespace corolint;

TEST(NameMatches, ExactAndSuffixAtScopeBoundary) {
  EXPECT_TRUE(nameMatches("asio::write", "asio::write"));
  EXPECT_TRUE(nameMatches("asio::write", "boost::asio::write"));
  EXPECT_FALSE(nameMatches("asio::write", "myasio::write"));
  EXPECT_FALSE(nameMatches("write", "async_write"));
  EXPECT_TRUE(nameMatches("write", "asio::write"));
}

TEST(NameMatches, LeadingColonsAnchorAtGlobalNamespace) {
  EXPECT_TRUE(nameMatches("::read", "read"));
  EXPECT_FALSE(nameMatches("::read", "lib::read"));
  EXPECT_FALSE(nameMatches("::read", "pread"));
}

TEST(UnqualifiedName, LastComponent) {
  EXPECT_EQ(unqualifiedName("std::future::get"), "get");
  EXPECT_EQ(unqualifiedName("sleep"), "sleep");
  EXPECT_EQ(unqualifiedName("std::operator>>"), "operator>>");
  EXPECT_EQ(unqualifiedName("std::basic_istream::operator>>"), "operator>>");
}
