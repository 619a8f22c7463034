//===- CatalogueTest.cpp - Loading catalogue documents --------------------===//
#include "analyzer/Catalogue.h"
#include "gtest/gtest.h"

using namespace corolint;

static std::string errorOf(llvm::StringRef Yaml) {
  auto C = Catalogue::parse(Yaml, "cat.yaml");
  if (C)
    return "";
  return llvm::toString(C.takeError());
}

TEST(Catalogue, ParsesCategoriesEntriesAndExemptions) {
  auto C = Catalogue::parse(R"(
version: 1
categories:
  - id: sleep
    summary: "sleeps the thread"
nonblocking: ["std::this_thread::yield"]
entries:
  - category: sleep
    tier: 1
    suggest: "use a timer"
    functions: ["std::this_thread::sleep_for", "::usleep"]
)",
                            "cat.yaml");
  ASSERT_TRUE(bool(C)) << llvm::toString(C.takeError());
  ASSERT_EQ(C->categories().size(), 1u);
  ASSERT_EQ(C->entries().size(), 1u);
  EXPECT_EQ(C->entries()[0].Functions.size(), 2u);
  EXPECT_EQ(C->category("sleep")->Summary, "sleeps the thread");
  EXPECT_EQ(C->category("nope"), nullptr);
}

TEST(Catalogue, ErrorsNameFileAndLine) {
  std::string E = errorOf("categories:\n  - id: x\n    summary: y\n    colour: red\n");
  EXPECT_NE(E.find("cat.yaml:4:"), std::string::npos) << E;
  EXPECT_NE(E.find("unknown key 'colour'"), std::string::npos) << E;

  E = errorOf("categories: [{id: s, summary: t}]\nentries:\n  - category: s\n    tier: 7\n    functions: [f]\n");
  EXPECT_NE(E.find("'tier' must be 1, 2 or 3"), std::string::npos) << E;

  E = errorOf("entries:\n  - category: missing\n    functions: [f]\n");
  EXPECT_NE(E.find("undeclared category 'missing'"), std::string::npos) << E;

  E = errorOf("categories: [{id: s, summary: t}]\nentries:\n  - category: s\n");
  EXPECT_NE(E.find("needs at least one of"), std::string::npos) << E;

  E = errorOf("categories: [{id: s, summary: t}]\nentries:\n  - category: s\n    patterns: ['(']\n");
  EXPECT_NE(E.find("invalid pattern"), std::string::npos) << E;

  E = errorOf("version: 2\n");
  EXPECT_NE(E.find("unsupported catalogue version 2"), std::string::npos) << E;

  E = errorOf("[unclosed\n");
  EXPECT_NE(E.find("cat.yaml:"), std::string::npos) << E;
}
