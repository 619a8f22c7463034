//===- SummaryCacheTest.cpp - Cache entries: validation and the size bound ===//
#include "analyzer/SummaryCache.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <fcntl.h>
#include <sys/stat.h>

namespace corolint {
namespace {

class SummaryCacheTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("corolint-cache", Dir));
    llvm::SmallString<128> C(Dir);
    llvm::sys::path::append(C, "cache");
    CacheDir = std::string(C);
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }

  std::string write(llvm::StringRef Name, llvm::StringRef Text) {
    llvm::SmallString<128> P(Dir);
    llvm::sys::path::append(P, Name);
    std::error_code EC;
    llvm::raw_fd_ostream OS(P, EC);
    OS << Text;
    return std::string(P);
  }
  std::string entryPath(llvm::StringRef Key) {
    llvm::SmallString<128> P(CacheDir);
    llvm::sys::path::append(P, Key + ".json");
    return std::string(P);
  }
  /// A finding in File whose fix edits FixFile.
  static CachedAnalysis withFix(const std::string &File,
                                const std::string &FixFile) {
    Diagnostic D;
    D.Check = "unawaited-task";
    D.Range.File = File;
    D.Range.Begin = D.Range.End = {1, 1, 0};
    D.Message = "lazy task";
    FixIt F;
    F.Range.File = FixFile;
    F.Range.Begin = F.Range.End = {1, 1, 0};
    F.Replacement = "co_await ";
    D.Fixes.push_back(F);
    CachedAnalysis A;
    A.Findings.push_back(D);
    A.Summary.File = File;
    return A;
  }
  static void setAge(const std::string &Path, time_t SecondsAgo) {
    struct timespec Times[2];
    clock_gettime(CLOCK_REALTIME, &Times[0]);
    Times[0].tv_sec -= SecondsAgo;
    Times[1] = Times[0];
    ASSERT_EQ(::utimensat(AT_FDCWD, Path.c_str(), Times, 0), 0);
  }
  static uint64_t bytesIn(const std::string &Dir) {
    uint64_t Total = 0;
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
         It.increment(EC)) {
      uint64_t Size = 0;
      if (!llvm::sys::fs::file_size(It->path(), Size))
        Total += Size;
    }
    return Total;
  }

  llvm::SmallString<128> Dir;
  std::string CacheDir;
};

TEST_F(SummaryCacheTest, RoundTrip) {
  std::string A = write("a.cpp", "task<> f();\n");
  SummaryCache Cache(CacheDir);
  std::string Key = Cache.keyFor(A, {"-std=c++20"});
  ASSERT_FALSE(Key.empty());
  Cache.store(Key, withFix(A, A), {A});
  SummaryCache Later(CacheDir);
  auto Hit = Later.lookup(Key, A);
  ASSERT_TRUE(Hit.has_value());
  ASSERT_EQ(Hit->Findings.size(), 1u);
  EXPECT_EQ(Hit->Findings[0].Fixes[0].Range.File, A);
  EXPECT_EQ(Hit->Dependencies, std::vector<std::string>{A});
}

TEST_F(SummaryCacheTest, AFixOutsideTheFileIsNotBelieved) {
  // An entry whose checksum holds but whose fix edits another file (one
  // its analysis even read): ignored, and removed.
  std::string A = write("a.cpp", "task<> f();\n");
  std::string Elsewhere = write("elsewhere.cpp", "int x;\n");
  SummaryCache Cache(CacheDir);
  std::string Key = Cache.keyFor(A, {});
  Cache.store(Key, withFix(A, Elsewhere), {A, Elsewhere});
  EXPECT_FALSE(SummaryCache(CacheDir).lookup(Key, A).has_value());
  EXPECT_FALSE(llvm::sys::fs::exists(entryPath(Key)));
}

TEST_F(SummaryCacheTest, AFindingInAFileNotReadIsNotBelieved) {
  std::string A = write("a.cpp", "task<> f();\n");
  std::string Other = write("other.cpp", "int x;\n");
  SummaryCache Cache(CacheDir);
  std::string Key = Cache.keyFor(A, {});
  CachedAnalysis Entry = withFix(A, A);
  Entry.Findings[0].Notes.push_back({{Other, {1, 1, 0}, {1, 1, 0}}, "here"});
  Cache.store(Key, Entry, {A});
  EXPECT_FALSE(SummaryCache(CacheDir).lookup(Key, A).has_value());
}

TEST_F(SummaryCacheTest, AnEntryMadeForAnotherFileIsNotBelieved) {
  std::string A = write("a.cpp", "task<> f();\n");
  std::string B = write("b.cpp", "task<> g();\n");
  SummaryCache Cache(CacheDir);
  std::string Key = Cache.keyFor(A, {});
  Cache.store(Key, withFix(A, A), {A});
  EXPECT_FALSE(SummaryCache(CacheDir).lookup(Key, B).has_value());
}

TEST_F(SummaryCacheTest, AnEditedEntryIsNotBelieved) {
  std::string A = write("a.cpp", "task<> f();\n");
  SummaryCache Cache(CacheDir);
  std::string Key = Cache.keyFor(A, {});
  Cache.store(Key, withFix(A, A), {A});
  auto Text = llvm::MemoryBuffer::getFile(entryPath(Key));
  ASSERT_TRUE(bool(Text));
  std::string Edited = (*Text)->getBuffer().str();
  size_t At = Edited.find("co_await ");
  ASSERT_NE(At, std::string::npos);
  Edited.replace(At, 9, "system(); ");
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(entryPath(Key), EC);
    OS << Edited;
  }
  EXPECT_FALSE(SummaryCache(CacheDir).lookup(Key, A).has_value());
}

TEST_F(SummaryCacheTest, AStaleEntryIsAMiss) {
  std::string A = write("a.cpp", "task<> f();\n");
  std::string H = write("a.h", "int x;\n");
  SummaryCache Cache(CacheDir);
  std::string Key = Cache.keyFor(A, {});
  Cache.store(Key, withFix(A, A), {A, H});
  ASSERT_TRUE(SummaryCache(CacheDir).lookup(Key, A).has_value());
  write("a.h", "int y;\n");
  EXPECT_FALSE(SummaryCache(CacheDir).lookup(Key, A).has_value());
}

TEST_F(SummaryCacheTest, AFifoEntryIsAMissNotAHang) {
  std::string A = write("a.cpp", "task<> f();\n");
  SummaryCache Cache(CacheDir);
  std::string Key = Cache.keyFor(A, {});
  ASSERT_FALSE(llvm::sys::fs::create_directories(CacheDir));
  ASSERT_EQ(::mkfifo(entryPath(Key).c_str(), 0600), 0);
  EXPECT_FALSE(Cache.lookup(Key, A).has_value());
  // The next store replaces it.
  Cache.store(Key, withFix(A, A), {A});
  EXPECT_TRUE(SummaryCache(CacheDir).lookup(Key, A).has_value());
}

TEST_F(SummaryCacheTest, AFailedWriteLeavesNothingBehind) {
  // The entry's name is taken by a directory: the write fails, quietly for
  // the caller (a warning on stderr), and no temporary file is left.
  std::string A = write("a.cpp", "task<> f();\n");
  SummaryCache Cache(CacheDir);
  std::string Key = Cache.keyFor(A, {});
  ASSERT_FALSE(llvm::sys::fs::create_directories(entryPath(Key) + "/x"));
  Cache.store(Key, withFix(A, A), {A});
  std::error_code EC;
  unsigned Entries = 0;
  for (llvm::sys::fs::directory_iterator It(CacheDir, EC), End;
       It != End && !EC; It.increment(EC))
    ++Entries;
  EXPECT_EQ(Entries, 1u);
}

TEST_F(SummaryCacheTest, StaysBelowItsLimitEvictingTheLeastRecentlyUsed) {
  std::vector<std::string> Files, Keys;
  for (char C : std::string("abcd")) {
    std::string Name = std::string(1, C) + ".cpp";
    Files.push_back(write(Name, "task<> f" + std::string(1, C) + "();\n"));
  }
  // Measure one entry, then allow three and a half.
  uint64_t One;
  {
    SummaryCache Probe(CacheDir);
    std::string K = Probe.keyFor(Files[0], {"probe"});
    Probe.store(K, withFix(Files[0], Files[0]), {Files[0]});
    One = bytesIn(CacheDir);
    llvm::sys::fs::remove(entryPath(K));
  }
  uint64_t Limit = One * 7 / 2;
  SummaryCache Cache(CacheDir, Limit);
  for (int I = 0; I < 3; ++I) {
    Keys.push_back(Cache.keyFor(Files[I], {}));
    Cache.store(Keys[I], withFix(Files[I], Files[I]), {Files[I]});
  }
  // a is older than b, b older than c; then a is used again.
  setAge(entryPath(Keys[0]), 300);
  setAge(entryPath(Keys[1]), 200);
  setAge(entryPath(Keys[2]), 100);
  ASSERT_TRUE(Cache.lookup(Keys[0], Files[0]).has_value());
  // A fourth entry passes the limit: b, the least recently used, goes.
  Keys.push_back(Cache.keyFor(Files[3], {}));
  Cache.store(Keys[3], withFix(Files[3], Files[3]), {Files[3]});
  EXPECT_TRUE(llvm::sys::fs::exists(entryPath(Keys[0])));
  EXPECT_FALSE(llvm::sys::fs::exists(entryPath(Keys[1])));
  EXPECT_TRUE(llvm::sys::fs::exists(entryPath(Keys[2])));
  EXPECT_TRUE(llvm::sys::fs::exists(entryPath(Keys[3])));
  EXPECT_LE(bytesIn(CacheDir), Limit);
}

TEST_F(SummaryCacheTest, KeysSeparateCheckoutsAndBuilds) {
  // The same contents at two paths (two checkouts), or one path analysed
  // with two commands or configurations, never share an entry.
  std::string A = write("a.cpp", "task<> f();\n");
  std::string B = write("b.cpp", "task<> f();\n");
  SummaryCache Cache(CacheDir);
  EXPECT_NE(Cache.keyFor(A, {"-std=c++20"}), Cache.keyFor(B, {"-std=c++20"}));
  EXPECT_NE(Cache.keyFor(A, {"-std=c++20"}), Cache.keyFor(A, {"-std=c++23"}));
  EXPECT_EQ(Cache.keyFor(A, {"-std=c++20"}), Cache.keyFor(A, {"-std=c++20"}));
}

} // namespace
} // namespace corolint
