//===- ShardTest.cpp - Assigning files to shards, and shard files ---------===//
#include "analyzer/Shard.h"
#include "gtest/gtest.h"
#include <algorithm>

using namespace corolint;

namespace {

/// A project of N files with sizes spread like real ones (a few large).
std::vector<ShardInput> project(unsigned N, unsigned Seed = 7) {
  std::vector<ShardInput> Files;
  uint64_t X = Seed;
  for (unsigned I = 0; I < N; ++I) {
    X = X * 6364136223846793005ULL + 1442695040888963407ULL;
    uint64_t Size = 500 + (X >> 33) % 4000;
    if (I % 17 == 0)
      Size *= 6;
    Files.push_back({"src/file" + std::to_string(I) + ".cpp", Size});
  }
  return Files;
}

std::vector<uint64_t> loads(llvm::ArrayRef<ShardInput> Files,
                            llvm::ArrayRef<unsigned> Shards, unsigned Count) {
  std::vector<uint64_t> L(Count, 0);
  for (size_t I = 0; I < Files.size(); ++I)
    L[Shards[I]] += Files[I].Weight;
  return L;
}

} // namespace

TEST(Shard, ParsesSpec) {
  auto S = parseShardSpec("2/5");
  ASSERT_TRUE(bool(S));
  EXPECT_EQ(S->Index, 2u);
  EXPECT_EQ(S->Count, 5u);
  for (const char *Bad : {"0/3", "4/3", "1/0", "2", "a/b", "1/2/3", "", "/"}) {
    auto E = parseShardSpec(Bad);
    EXPECT_FALSE(bool(E)) << Bad;
    if (!E)
      EXPECT_NE(llvm::toString(E.takeError()).find("K/N"), std::string::npos);
  }
}

TEST(Shard, OneShardTakesEverything) {
  auto Files = project(20);
  for (unsigned S : assignShards(Files, 1))
    EXPECT_EQ(S, 0u);
}

TEST(Shard, BalancedBySize) {
  auto Files = project(120);
  uint64_t Total = 0;
  for (const ShardInput &F : Files)
    Total += F.Weight;
  for (unsigned N : {2u, 3u, 4u, 8u}) {
    std::vector<unsigned> Shards = assignShards(Files, N);
    std::vector<uint64_t> L = loads(Files, Shards, N);
    for (unsigned K = 0; K < N; ++K) {
      // No file here exceeds a tenth of a share: every shard keeps to an
      // even share plus the slack.
      EXPECT_LE(L[K], (Total * 11 + 10 * N - 1) / (10 * N)) << N;
      EXPECT_GT(L[K], 0u) << N;
    }
  }
}

TEST(Shard, DependsOnlyOnTheFilesNotTheirOrder) {
  auto Files = project(60);
  std::vector<unsigned> Before = assignShards(Files, 3);
  std::vector<ShardInput> Reversed(Files.rbegin(), Files.rend());
  std::vector<unsigned> After = assignShards(Reversed, 3);
  for (size_t I = 0; I < Files.size(); ++I)
    EXPECT_EQ(Before[I], After[Files.size() - 1 - I]) << Files[I].Name;
}

TEST(Shard, AddingAFileMovesFewOthers) {
  for (unsigned N : {2u, 3u, 4u}) {
    unsigned Moved = 0, Trials = 0;
    for (unsigned Seed = 1; Seed <= 20; ++Seed) {
      auto Files = project(100, Seed);
      std::vector<unsigned> Before = assignShards(Files, N);
      Files.push_back({"src/new.cpp", 1500});
      std::vector<unsigned> After = assignShards(Files, N);
      for (size_t I = 0; I + 1 < Files.size(); ++I)
        Moved += Before[I] != After[I];
      ++Trials;
    }
    // On average a handful of the 100 files, against N-1 in N for a
    // partition by position in a sorted list.
    EXPECT_LE(Moved, Trials * 10) << N;
  }
}

TEST(Shard, FileRoundTrip) {
  ShardFile S;
  S.Spec = {2, 3};
  S.Options = "checks=;strict=no";
  S.TotalFiles = 5;
  FileResult R;
  R.File = "/p/src/a.cpp";
  Diagnostic D;
  D.Check = "blocking-call";
  D.Range.File = R.File;
  D.Range.Begin = {4, 3, 40};
  D.Range.End = {4, 9, 46};
  D.Message = "blocks";
  D.Notes.push_back({D.Range, "via"});
  D.Fixes.push_back({D.Range, "co_await "});
  R.Findings.push_back(D);
  R.Summary.File = R.File;
  R.Summary.Functions.push_back({"c:@F@f#", "f", {}, {}});
  DeferredFinding W;
  W.Check = "blocking-call";
  W.Draft = D;
  W.Context = "in coroutine 'g'";
  W.Via.push_back({"c:@F@h#", "h", {{"g", "h", D.Range}}});
  W.MaxTier = 3;
  W.DisabledCategories = {"sleep"};
  R.Deferred.push_back(W);
  S.Results.push_back(R);
  S.Positions.push_back(4);

  std::string Path = ::testing::TempDir() + "/corolint-shard-test.json";
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC);
    ASSERT_FALSE(EC);
    OS << shardToJson(S);
  }
  auto Back = loadShardFile(Path);
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_EQ(Back->Spec.Index, 2u);
  EXPECT_EQ(Back->Spec.Count, 3u);
  EXPECT_EQ(Back->Options, S.Options);
  EXPECT_EQ(Back->TotalFiles, 5u);
  ASSERT_EQ(Back->Results.size(), 1u);
  EXPECT_EQ(Back->Positions, S.Positions);
  EXPECT_EQ(Back->Results[0].File, R.File);
  EXPECT_EQ(Back->Results[0].Findings, R.Findings);
  EXPECT_EQ(Back->Results[0].Summary, R.Summary);
  EXPECT_EQ(Back->Results[0].Deferred, R.Deferred);
}
