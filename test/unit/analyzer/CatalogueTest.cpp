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
  std::string E =
      errorOf("categories:\n  - id: x\n    summary: y\n    colour: red\n");
  EXPECT_NE(E.find("cat.yaml:4:"), std::string::npos) << E;
  EXPECT_NE(E.find("unknown key 'colour'"), std::string::npos) << E;

  E = errorOf("categories: [{id: s, summary: t}]\nentries:\n  - category: s\n  "
              "  tier: 7\n    functions: [f]\n");
  EXPECT_NE(E.find("'tier' must be 1, 2 or 3"), std::string::npos) << E;

  E = errorOf("entries:\n  - category: missing\n    functions: [f]\n");
  EXPECT_NE(E.find("undeclared category 'missing'"), std::string::npos) << E;

  E = errorOf("categories: [{id: s, summary: t}]\nentries:\n  - category: s\n");
  EXPECT_NE(E.find("needs at least one of"), std::string::npos) << E;

  E = errorOf("categories: [{id: s, summary: t}]\nentries:\n  - category: s\n  "
              "  patterns: ['(']\n");
  EXPECT_NE(E.find("invalid pattern"), std::string::npos) << E;

  E = errorOf("version: 2\n");
  EXPECT_NE(E.find("unsupported catalogue version 2"), std::string::npos) << E;

  E = errorOf("[unclosed\n");
  EXPECT_NE(E.find("cat.yaml:"), std::string::npos) << E;
}

TEST(Catalogue, ArgumentConditionsAdviceAndOffload) {
  auto C = Catalogue::parse(R"(
categories:
  - {id: file-io, summary: "performs synchronous file I/O"}
  - {id: user, summary: "blocks the thread"}
offload-functions: ["pool::submit"]
entries:
  - category: file-io
    tier: 2
    functions: ["std::getline"]
    arg: {index: 0, type: "std::basic_ifstream"}
  - category: file-io
    tier: 2
    functions: ["::fprintf"]
    unless-arg: [{index: 0, object: "::stderr"}, {index: 0, object: "::stdout"}]
    for-coroutine:
      - coroutine: "asio::awaitable"
        rename: "async_{name}"
        append-arg: "asio::use_awaitable"
        await: true
)",
                            "cat.yaml");
  ASSERT_TRUE(bool(C)) << llvm::toString(C.takeError());
  ASSERT_EQ(C->entries().size(), 2u);
  EXPECT_EQ(C->entries()[0].Arg->Type, "std::basic_ifstream");
  ASSERT_EQ(C->entries()[1].UnlessArgs.size(), 2u);
  EXPECT_EQ(C->entries()[1].UnlessArgs[1].Object, "::stdout");
  ASSERT_EQ(C->entries()[1].Advice.size(), 1u);
  EXPECT_TRUE(C->entries()[1].Advice[0].Await);
  EXPECT_EQ(C->entries()[1].Advice[0].Rename, "async_{name}");

  // Extending changes the fingerprint a cache key is made of; a user entry
  // without a category is in 'user'.
  std::string Before = C->fingerprint();
  BlockingEntry Extra;
  Extra.Functions = {"legacy::fetch"};
  auto More = C->withOptions({Extra}, {}, {}, "cfg");
  ASSERT_TRUE(bool(More)) << llvm::toString(More.takeError());
  EXPECT_NE(More->fingerprint(), Before);
  EXPECT_EQ(More->entries().back().Category, "user");
  Extra.Category = "nope";
  auto Bad = C->withOptions({Extra}, {}, {}, "cfg");
  ASSERT_FALSE(bool(Bad));
  EXPECT_NE(llvm::toString(Bad.takeError()).find("unknown category 'nope'"),
            std::string::npos);
}

TEST(Catalogue, ConditionAndAdviceErrors) {
  std::string E = errorOf("categories: [{id: s, summary: t}]\nentries:\n"
                          "  - category: s\n    functions: [f]\n"
                          "    arg: {index: 0, object: x, type: y}\n");
  EXPECT_NE(E.find("exactly one of 'object', 'value' and 'type'"),
            std::string::npos)
      << E;
  E = errorOf("categories: [{id: s, summary: t}]\nentries:\n"
              "  - category: s\n    functions: [f]\n    for-coroutine:\n"
              "      - {coroutine: a, replace: x, rename: y}\n");
  EXPECT_NE(E.find("'replace' and 'rename' cannot be combined"),
            std::string::npos)
      << E;
}

TEST(Catalogue, AsyncSiblingNames) {
  EXPECT_EQ(asyncSiblingNames("read_some"),
            (std::vector<std::string>{"async_read_some", "read_someAsync",
                                      "read_some_async", "asyncRead_some"}));
  EXPECT_EQ(asyncSiblingNames("Get")[1], "GetAsync");
  EXPECT_TRUE(asyncSiblingNames("").empty());
}
