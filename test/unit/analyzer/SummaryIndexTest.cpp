//===- SummaryIndexTest.cpp - Project-wide blocking summaries -------------===//
#include "analyzer/SummaryIndex.h"
#include "gtest/gtest.h"
#include <thread>

using namespace corolint;

namespace {

CallHop hop(std::string Caller, std::string Callee, std::string File,
            unsigned Line) {
  CallHop H{std::move(Caller), std::move(Callee), {}};
  H.Site.File = std::move(File);
  H.Site.Begin = {Line, 1, Line * 10};
  H.Site.End = H.Site.Begin;
  return H;
}

FunctionSummary sleeps(std::string USR, std::string Name, std::string File) {
  FunctionSummary F{USR, Name, {}, {}};
  BlockingReach R;
  R.Category = "sleep";
  R.Primitive = "std::this_thread::sleep_for";
  R.Chain.push_back(hop(Name, R.Primitive, File, 3));
  F.Reaches.push_back(std::move(R));
  return F;
}

FunctionSummary calls(std::string USR, std::string Name, std::string Callee,
                      std::string CalleeName, std::string File, unsigned Line) {
  FunctionSummary F{USR, Name, {}, {}};
  F.Externals.push_back(
      {std::move(Callee), CalleeName, {hop(Name, CalleeName, File, Line)}});
  return F;
}

} // namespace

TEST(SummaryIndex, FollowsCallsAcrossFiles) {
  SummaryIndex Index;
  Index.update(
      {"b.cpp",
       {calls("c:@F@helper", "helper", "c:@F@deeper", "deeper", "b.cpp", 4)}});
  Index.update({"c.cpp", {sleeps("c:@F@deeper", "deeper", "c.cpp")}});
  std::vector<BlockingReach> R = Index.reachesOf("c:@F@helper");
  ASSERT_EQ(R.size(), 1u);
  EXPECT_EQ(R[0].Primitive, "std::this_thread::sleep_for");
  ASSERT_EQ(R[0].Chain.size(), 2u);
  EXPECT_EQ(R[0].Chain[0].Callee, "deeper");
  EXPECT_EQ(R[0].Chain[0].Site.File, "b.cpp");
  EXPECT_EQ(R[0].Chain[1].Site.File, "c.cpp");
  EXPECT_TRUE(Index.reachesOf("c:@F@unknown").empty());
}

TEST(SummaryIndex, CyclesEndAndFindTheWayOut) {
  SummaryIndex Index;
  FunctionSummary Ping = calls("ping", "ping", "pong", "pong", "a.cpp", 1);
  FunctionSummary Pong = calls("pong", "pong", "ping", "ping", "b.cpp", 2);
  Index.update({"a.cpp", {Ping}});
  Index.update({"b.cpp", {Pong}});
  EXPECT_TRUE(Index.reachesOf("ping").empty()); // A cycle blocks nothing.

  Pong.Externals.push_back({"nap", "nap", {hop("pong", "nap", "b.cpp", 3)}});
  Index.update({"b.cpp", {Pong}});
  Index.update({"c.cpp", {sleeps("nap", "nap", "c.cpp")}});
  std::vector<BlockingReach> R = Index.reachesOf("ping");
  ASSERT_EQ(R.size(), 1u);
  EXPECT_EQ(R[0].Chain.size(), 3u); // ping → pong → nap → sleep_for
}

TEST(SummaryIndex, UpdateAndRemoveReplaceAFile) {
  SummaryIndex Index;
  Index.update({"b.cpp", {calls("h", "h", "d", "d", "b.cpp", 1)}});
  Index.update({"c.cpp", {sleeps("d", "d", "c.cpp")}});
  EXPECT_EQ(Index.reachesOf("h").size(), 1u);
  Index.update({"c.cpp", {}});
  EXPECT_TRUE(Index.reachesOf("h").empty());
  Index.update({"c.cpp", {sleeps("d", "d", "c.cpp")}});
  Index.remove("c.cpp");
  EXPECT_TRUE(Index.reachesOf("h").empty());
  EXPECT_EQ(Index.files(), 1u);
}

TEST(SummaryIndex, SavesAndLoads) {
  SummaryIndex Index;
  Index.update({"b.cpp", {calls("h", "h", "d", "d", "b.cpp", 1)}});
  Index.update({"c.cpp", {sleeps("d", "d", "c.cpp")}});
  auto Loaded = SummaryIndex::load(Index.save());
  ASSERT_TRUE(bool(Loaded)) << llvm::toString(Loaded.takeError());
  EXPECT_EQ((*Loaded)->files(), 2u);
  EXPECT_EQ((*Loaded)->functions(), 2u);
  EXPECT_EQ((*Loaded)->reachesOf("h"), Index.reachesOf("h"));
  EXPECT_FALSE(bool(SummaryIndex::load("{\"version\": 7}")));
  llvm::consumeError(SummaryIndex::load("not json").takeError());
}

TEST(SummaryIndex, FileSummaryJsonRoundTrip) {
  FileSummary S{"c.cpp", {sleeps("d", "d", "c.cpp")}};
  S.Functions[0].Reaches[0].Reason = "why";
  auto Back = fileSummaryFromJson(toJson(S));
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_EQ(*Back, S);
}

TEST(SummaryIndex, ReadsRunInParallel) {
  SummaryIndex Index;
  Index.update({"b.cpp", {calls("h", "h", "d", "d", "b.cpp", 1)}});
  Index.update({"c.cpp", {sleeps("d", "d", "c.cpp")}});
  std::vector<std::thread> Readers;
  std::atomic<unsigned> Found{0};
  for (int I = 0; I < 4; ++I)
    Readers.emplace_back([&] {
      for (int J = 0; J < 100; ++J)
        Found += Index.reachesOf("h").size();
    });
  for (std::thread &T : Readers)
    T.join();
  EXPECT_EQ(Found.load(), 400u);
}

TEST(SummaryIndex, MergeKeepsTheShortestChainPerCategoryAndTier) {
  std::vector<BlockingReach> Reaches;
  BlockingReach Long{
      "sleep", 1, "a", "", "", {hop("f", "g", "x", 1), hop("g", "a", "x", 2)}};
  BlockingReach Short{"sleep", 1, "b", "", "", {hop("f", "b", "x", 3)}};
  BlockingReach Other{
      "wait", 1, "c", "", "", {hop("f", "g", "x", 1), hop("g", "c", "x", 2)}};
  EXPECT_TRUE(mergeReach(Reaches, Long));
  EXPECT_TRUE(mergeReach(Reaches, Short));
  EXPECT_FALSE(mergeReach(Reaches, Long));
  EXPECT_TRUE(mergeReach(Reaches, Other));
  ASSERT_EQ(Reaches.size(), 2u);
  EXPECT_EQ(Reaches[0].Primitive, "b");
}
