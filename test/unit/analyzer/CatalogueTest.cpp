//===- CatalogueTest.cpp - Loading catalogue documents --------------------===//
#include "analyzer/Catalogue.h"
#include "analyzer/Config.h"
#include "checks/Registry.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
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
    title: "Sleeps"
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
  // The catalogue states every entry's tier.
  E = errorOf("categories: [{id: s, summary: t, title: T}]\nentries:\n"
              "  - category: s\n    functions: [f]\n");
  EXPECT_NE(E.find("missing required key 'tier'"), std::string::npos) << E;

  E = errorOf("categories: [{id: s, summary: t, title: T}]\nentries:\n  - "
              "category: s\n  "
              "  tier: 7\n    functions: [f]\n");
  EXPECT_NE(E.find("'tier' must be 1, 2 or 3"), std::string::npos) << E;

  E = errorOf("entries:\n  - category: missing\n    tier: 1\n"
              "    functions: [f]\n");
  EXPECT_NE(E.find("undeclared category 'missing'"), std::string::npos) << E;

  E = errorOf("categories: [{id: s, summary: t, title: T}]\nentries:\n  - "
              "category: s\n    tier: 1\n");
  EXPECT_NE(E.find("needs at least one of"), std::string::npos) << E;

  E = errorOf("categories: [{id: s, summary: t, title: T}]\nentries:\n"
              "  - category: s\n    tier: 1\n    patterns: ['(']\n");
  EXPECT_NE(E.find("invalid pattern"), std::string::npos) << E;

  E = errorOf("version: 2\n");
  EXPECT_NE(E.find("unsupported catalogue version 2"), std::string::npos) << E;

  E = errorOf("[unclosed\n");
  EXPECT_NE(E.find("cat.yaml:"), std::string::npos) << E;
}

TEST(Catalogue, ArgumentConditionsAdviceAndOffload) {
  auto C = Catalogue::parse(R"(
categories:
  - {id: file-io, summary: "performs synchronous file I/O", title: "Files"}
  - {id: user, summary: "blocks the thread", title: "Configured"}
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
  CatalogueAdditions Added;
  BlockingEntry Extra;
  Extra.Functions = {"legacy::fetch"};
  Added.Extra = {Extra};
  EXPECT_TRUE(C->additionsProblem(Added, {}).Message.empty());
  Catalogue More = C->extendedWith(Added);
  EXPECT_NE(More.fingerprint(), Before);
  EXPECT_EQ(More.entries().back().Category, "user");
  Added.Extra[0].Category = "nope";
  Catalogue::AdditionsProblem Bad = C->additionsProblem(Added, {});
  EXPECT_EQ(Bad.List, "extra");
  EXPECT_EQ(Bad.Message, "unknown category 'nope'");
  EXPECT_EQ(Bad.Value, "nope");
}

TEST(Catalogue, ConditionAndAdviceErrors) {
  std::string E =
      errorOf("categories: [{id: s, summary: t, title: T}]\nentries:\n"
              "  - category: s\n    tier: 1\n    functions: [f]\n"
              "    arg: {index: 0, object: x, type: y}\n");
  EXPECT_NE(E.find("exactly one of 'object', 'value' and 'type'"),
            std::string::npos)
      << E;
  E = errorOf("categories: [{id: s, summary: t, title: T}]\nentries:\n"
              "  - category: s\n    tier: 1\n    functions: [f]\n"
              "    for-coroutine:\n"
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

//===----------------------------------------------------------------------===//
// The schema's rules, each met by a user's entry in .corolint.yaml (where
// the blocking-call check's reader finds it, with the YAML mapping and then
// Catalogue::additionsProblem) as by the built-in catalogue.
//===----------------------------------------------------------------------===//

namespace {

/// A small catalogue standing in for the built-in one.
const Catalogue &base() {
  static const Catalogue C = [] {
    auto Parsed = Catalogue::parse(R"(
categories:
  - {id: sleep, summary: "sleeps the thread", title: "Sleeps"}
  - {id: user, summary: "blocks the thread", title: "Configured"}
entries:
  - {category: sleep, tier: 1, functions: ["::usleep"]}
)",
                                   "builtin.yaml");
    EXPECT_TRUE(bool(Parsed)) << llvm::toString(Parsed.takeError());
    return std::move(*Parsed);
  }();
  return C;
}

/// The error a .corolint.yaml gets, from reading it or from extending the
/// catalogue with it; "" when it is accepted.
std::string userError(llvm::StringRef Yaml) {
  // On disk, so that errors found after reading can be located in it.
  llvm::SmallString<128> Path;
  int FD;
  if (llvm::sys::fs::createTemporaryFile("corolint", "yaml", FD, Path))
    return "cannot create a temporary file";
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Yaml;
  }
  auto Remove = llvm::make_scope_exit([&] { llvm::sys::fs::remove(Path); });
  auto Settings = parseConfig(Yaml, Path);
  if (!Settings)
    return llvm::toString(Settings.takeError());
  auto Made = createChecks(*Settings);
  if (!Made)
    return llvm::toString(Made.takeError());
  return "";
}

/// The error of a catalogue document with one entry of category 'sleep'
/// whose body (the keys after category and tier) is Entry.
std::string catalogueError(llvm::StringRef Entry) {
  return errorOf(("categories:\n"
                  "  - {id: sleep, summary: \"sleeps the thread\", title: S}\n"
                  "entries:\n"
                  "  - category: sleep\n"
                  "    tier: 1\n" +
                  Entry)
                     .str());
}

struct Rule {
  const char *Name;
  const char *Entry;   ///< An entry's keys, indented by four spaces.
  const char *Message; ///< Part of the error both documents get.
};

const Rule EntryRules[] = {
    {"template arguments", "    functions: [\"std::vector<int>::at\"]\n",
     "write names without template arguments"},
    {"spaces", "    functions: [\"my lib::f\"]\n", "no spaces in names"},
    {"malformed function", "    functions: [\"a::1b\"]\n",
     "'a::1b' is not a well-formed function name"},
    {"malformed class", "    constructors: [\"a::operator()\"]\n",
     "is not a well-formed class name"},
    {"inline namespace", "    functions: [\"std::__1::fopen\"]\n",
     "inline namespace '__1' is ignored when matching"},
    {"ambiguous", "    functions: [\"std::remove\"]\n",
     "also names the algorithm std::remove"},
    {"Perl pattern", "    patterns: [\"lib::\\\\w+\"]\n", "Perl-only syntax"},
    {"anchored pattern", "    patterns: [\"^lib::.*\"]\n",
     "patterns are anchored implicitly"},
    {"bad regex", "    patterns: [\"(unclosed\"]\n",
     "invalid pattern '(unclosed'"},
    {"tier", "    tier: 4\n    functions: [f]\n", "'tier' must be 1, 2 or 3"},
    {"no names", "    suggest: \"x\"\n", "an entry needs at least one of"},
    {"min-args", "    functions: [f]\n    min-args: 2\n",
     "'min-args' applies to constructors only"},
    {"arg", "    functions: [f]\n    arg: {index: 0, object: x, value: 1}\n",
     "exactly one of 'object', 'value' and 'type'"},
    {"unless-arg", "    functions: [f]\n    unless-arg: [{index: 0}]\n",
     "exactly one of 'object', 'value' and 'type'"},
    {"arg type", "    functions: [f]\n    arg: {index: 0, type: \"a b\"}\n",
     "no spaces in names"},
    {"unless-arg-type twice",
     "    constructors: [C]\n    unless-arg-type: [C, C]\n",
     "'unless-arg-type' lists 'C' twice"},
    {"advice",
     "    functions: [f]\n    for-coroutine:\n"
     "      - {coroutine: a, replace: x, rename: y}\n",
     "'replace' and 'rename' cannot be combined"},
    {"advice type",
     "    functions: [f]\n    for-coroutine:\n"
     "      - {coroutine: \"a<int>\"}\n",
     "write names without template arguments"},
    {"suggest", "    functions: [f]\n    suggest: \"one\\ntwo\"\n",
     "'suggest' is one line"},
};

} // namespace

TEST(CatalogueSchema, EntryRulesHoldForTheCatalogueAndForUsers) {
  for (const Rule &R : EntryRules) {
    SCOPED_TRACE(R.Name);
    std::string Entry = R.Entry;
    // A tier inside the rule's keys replaces the catalogue's.
    std::string Catalogue = llvm::StringRef(Entry).contains("tier:")
                                ? errorOf("categories:\n  - {id: sleep, "
                                          "summary: \"s\", title: S}\n"
                                          "entries:\n  - category: sleep\n" +
                                          Entry)
                                : catalogueError(Entry);
    EXPECT_NE(Catalogue.find(R.Message), std::string::npos) << Catalogue;
    // A configuration's entries sit two columns further in.
    std::string Indented;
    llvm::SmallVector<llvm::StringRef, 4> Lines;
    llvm::StringRef(Entry).split(Lines, '\n', -1, false);
    for (llvm::StringRef L : Lines)
      Indented += "  " + L.str() + "\n";
    std::string User = userError(
        "blocking-call:\n  extra:\n    - category: sleep\n" + Indented);
    EXPECT_NE(User.find(R.Message), std::string::npos) << User;
    // Both locate the problem.
    EXPECT_NE(User.find(":3:"), std::string::npos) << User;
  }
}

TEST(CatalogueSchema, WellFormedNamesAreAccepted) {
  EXPECT_EQ(userError(R"yaml(
blocking-call:
  extra:
    - functions: ["::read", "std::basic_ostream::operator<<",
                  "lib::operator()", "operator\"\"_kb", "operator+="]
      constructors: ["std::thread"]
      objects: ["std::cin"]
      patterns: ["throttle::.*_wait"]
      arg: {index: 1, type: "std::basic_ifstream"}
  nonblocking: ["metrics::lock"]
  offload-functions: ["pool::submit"]
)yaml"),
            "");
}

TEST(CatalogueSchema, NamesListedTwiceInACategory) {
  std::string E = userError(R"(
blocking-call:
  extra:
    - functions: ["legacy::fetch"]
    - functions: ["legacy::fetch"]
)");
  EXPECT_NE(E.find("function 'legacy::fetch' is listed twice in category "
                   "'user'"),
            std::string::npos)
      << E;
  // The same name under another condition, or in another category, is not
  // a duplicate.
  EXPECT_EQ(userError(R"(
blocking-call:
  extra:
    - functions: ["legacy::fetch"]
    - functions: ["legacy::fetch"]
      arg: {index: 0, value: 1}
    - category: sleep
      functions: ["legacy::fetch"]
)"),
            "");
  E = catalogueError("    functions: [\"::usleep\", \"::usleep\"]\n");
  EXPECT_NE(E.find("function '::usleep' is listed twice in category 'sleep'"),
            std::string::npos)
      << E;
}

TEST(CatalogueSchema, Exemptions) {
  std::string E = userError(R"(
blocking-call:
  extra:
    - functions: ["legacy::fetch"]
  nonblocking: ["legacy::fetch"]
)");
  EXPECT_NE(E.find("'legacy::fetch' is both an entry and a nonblocking "
                   "exemption"),
            std::string::npos)
      << E;
  // Exempting a built-in entry is what 'nonblocking' is for.
  EXPECT_EQ(userError("blocking-call:\n  nonblocking: [\"::usleep\"]\n"), "");
  E = userError("blocking-call:\n  nonblocking: [a::f, a::f]\n");
  EXPECT_NE(E.find("nonblocking: 'a::f' is listed twice"), std::string::npos)
      << E;
  E = userError("blocking-call:\n  nonblocking: [\"a<int>::f\"]\n");
  EXPECT_NE(E.find("nonblocking: 'a<int>::f': write names without template"),
            std::string::npos)
      << E;
  E = userError("blocking-call:\n  offload-functions: [\"std::__1::async\"]\n");
  EXPECT_NE(E.find("offload-functions: 'std::__1::async': inline namespace"),
            std::string::npos)
      << E;
  E = errorOf("categories: [{id: s, summary: t, title: T}]\n"
              "nonblocking: [f]\n"
              "entries: [{category: s, tier: 1, functions: [f]}]\n");
  EXPECT_NE(E.find("'f' is both an entry and a nonblocking exemption"),
            std::string::npos)
      << E;
}

TEST(CatalogueSchema, FailurePathsAndBlockingExecutors) {
  // A name, or (ending in "::") a namespace or class and all it encloses.
  EXPECT_EQ(userError("blocking-call:\n  failure-paths: [\"MyTest::\", "
                      "\"my::fail\"]\n  blocking-executors: [\"pool::io\"]\n"),
            "");
  std::string E = userError(
      "blocking-call:\n  failure-paths: [\"Catch::\", \"Catch::\"]\n");
  EXPECT_NE(E.find("failure-paths: 'Catch::' is listed twice"),
            std::string::npos)
      << E;
  E = userError("blocking-call:\n  blocking-executors: [\"pool<int>::io\"]\n");
  EXPECT_NE(E.find("blocking-executors: 'pool<int>::io': write names without "
                   "template arguments"),
            std::string::npos)
      << E;
  E = errorOf("categories: [{id: s, summary: t, title: T}]\n"
              "failure-paths: [\"a b::\"]\n"
              "entries: [{category: s, tier: 1, functions: [f]}]\n");
  EXPECT_NE(E.find("failure-paths: 'a b::': no spaces in names"),
            std::string::npos)
      << E;
  // The configuration's lists reach the file's catalogue.
  auto Settings = parseConfig(
      "blocking-call:\n  blocking-executors: [pool::io]\n", "c.yaml");
  ASSERT_TRUE(bool(Settings));
  auto Made = createChecks(*Settings);
  ASSERT_TRUE(bool(Made)) << llvm::toString(Made.takeError());
  EXPECT_FALSE(Made->Engine.Blocking.empty());
  Catalogue C = base().extendedWith(Made->Engine.Blocking);
  EXPECT_TRUE(C.isBlockingExecutor("pool::io"));
  EXPECT_FALSE(base().isBlockingExecutor("pool::io"));
}

TEST(CatalogueSchema, UnknownCategories) {
  std::string E = userError(
      "blocking-call:\n  extra:\n    - category: nap\n      functions: [f]\n");
  EXPECT_NE(E.find(":3:17: blocking-call.extra: unknown category 'nap'"),
            std::string::npos)
      << E;
  E = userError("blocking-call:\n  disabled-categories: [sleep, naps]\n");
  EXPECT_NE(E.find("blocking-call.disabled-categories: unknown category "
                   "'naps'"),
            std::string::npos)
      << E;
}

TEST(CatalogueSchema, Categories) {
  EXPECT_NE(errorOf("categories: [{id: Sleep, summary: s, title: T}]\n")
                .find("category id 'Sleep' must be kebab-case"),
            std::string::npos);
  EXPECT_NE(errorOf("categories: [{id: a, summary: \"Sleeps\", title: T}]\n")
                .find("start it in lower case"),
            std::string::npos);
  EXPECT_NE(errorOf("categories: [{id: a, summary: \"sleeps.\", title: T}]\n")
                .find("one line without a final period"),
            std::string::npos);
  EXPECT_NE(errorOf("categories: [{id: a, summary: s}]\n")
                .find("category 'a' needs a title"),
            std::string::npos);
  EXPECT_NE(errorOf("categories: [{id: user, summary: s, title: T},\n"
                    "             {id: user, summary: s, title: T}]\n")
                .find("category 'user' is declared twice"),
            std::string::npos);
  std::string E = errorOf("categories: [{id: nap, summary: s, title: T}]\n");
  EXPECT_NE(E.find("cat.yaml:1:15: category 'nap' is declared but no entry "
                   "uses it"),
            std::string::npos)
      << E;
  E = catalogueError("    functions: [f]\n    reason: \"why\"\n");
  EXPECT_NE(E.find("'reason' is for configured entries"), std::string::npos)
      << E;
}

// The built-in catalogue meets the schema (builtinCatalogue() also refuses
// to start with one that does not), and its category ids are part of the
// interface: configurations turn them off by id.
TEST(CatalogueSchema, BuiltinCatalogue) {
  auto Buffer = llvm::MemoryBuffer::getFile(COROLINT_BUILTIN_CATALOGUE);
  ASSERT_TRUE(bool(Buffer));
  auto C = Catalogue::parse((*Buffer)->getBuffer(), COROLINT_BUILTIN_CATALOGUE);
  ASSERT_TRUE(bool(C)) << llvm::toString(C.takeError());
  std::vector<std::string> Ids;
  for (const BlockingCategory &Cat : C->categories())
    Ids.push_back(Cat.Id);
  EXPECT_EQ(
      Ids, (std::vector<std::string>{
               "sleep", "input", "console-output", "http", "subprocess",
               "file-io", "fs-metadata", "network", "dns", "lock", "wait",
               "sync-over-async", "threads", "misc", "user", "async-sibling"}));
  EXPECT_GT(C->entries().size(), 100u);
}
