//===- InputFileTest.cpp - Reading project files: kinds, sizes, nesting ---===//
#include "analyzer/InputFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <sys/stat.h>

namespace corolint {
namespace {

class InputFileTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("corolint-input", Dir));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }

  std::string path(llvm::StringRef Name) {
    llvm::SmallString<128> P(Dir);
    llvm::sys::path::append(P, Name);
    return std::string(P);
  }
  std::string write(llvm::StringRef Name, llvm::StringRef Text) {
    std::string P = path(Name);
    std::error_code EC;
    llvm::raw_fd_ostream OS(P, EC);
    OS << Text;
    return P;
  }
  static std::string error(llvm::Expected<std::string> R) {
    return R ? "" : llvm::toString(R.takeError());
  }

  llvm::SmallString<128> Dir;
};

TEST_F(InputFileTest, ReadsARegularFile) {
  std::string P = write("a.yaml", "checks: '-*'\n");
  auto Text = readRegularFile(P, 100);
  ASSERT_TRUE(bool(Text));
  EXPECT_EQ(*Text, "checks: '-*'\n");
}

TEST_F(InputFileTest, RefusesAFifoWithoutWaitingForAWriter) {
  std::string P = path("fifo");
  ASSERT_EQ(::mkfifo(P.c_str(), 0600), 0);
  EXPECT_EQ(error(readRegularFile(P, 100, "configuration")),
            "cannot read configuration '" + P +
                "': it is a FIFO, not a regular file");
}

TEST_F(InputFileTest, RefusesDevicesAndDirectories) {
  std::string Zero = path("zero");
  ASSERT_FALSE(llvm::sys::fs::create_link("/dev/zero", Zero));
  EXPECT_EQ(error(readRegularFile(Zero, 1 << 20)),
            "cannot read '" + Zero +
                "': it is a character device, not a regular file");
  EXPECT_EQ(error(readRegularFile(Dir, 100)),
            "cannot read '" + Dir.str().str() +
                "': it is a directory, not a regular file");
  EXPECT_NE(error(readRegularFile(path("missing"), 100)).find("No such file"),
            std::string::npos);
}

TEST_F(InputFileTest, RefusesAFileOverTheLimit) {
  std::string P = write("big.json", std::string(2048, ' '));
  EXPECT_TRUE(bool(readRegularFile(P, 2048)));
  EXPECT_EQ(error(readRegularFile(P, 1024)),
            "cannot read '" + P +
                "': it is larger than the limit of 1024 bytes");
  EXPECT_EQ(error(readRegularFile(P, 1)), "cannot read '" + P +
                                              "': it is larger than the limit "
                                              "of 1 bytes");
}

TEST_F(InputFileTest, NestingIsLimitedBeforeParsing) {
  std::string Deep = "checks: " + std::string(40000, '[');
  llvm::Error E = checkNesting(Deep, "c.yaml", /*Indentation=*/true);
  ASSERT_TRUE(bool(E));
  EXPECT_EQ(llvm::toString(std::move(E)),
            "c.yaml:1: nested deeper than 100 levels; not read");
  // Block sequences nest without a bracket: "- - - - x".
  std::string Dashes = "a:\n";
  for (int I = 0; I < 300; ++I)
    Dashes += "- ";
  Dashes += "x\n";
  E = checkNesting(Dashes, "d.yaml", /*Indentation=*/true);
  ASSERT_TRUE(bool(E));
  EXPECT_EQ(llvm::toString(std::move(E)),
            "d.yaml:2: nested deeper than 100 levels; not read");
  // JSON: brackets inside strings are text.
  EXPECT_FALSE(bool(checkNesting("[\"" + std::string(500, '[') + "\"]", "j",
                                 /*Indentation=*/false)));
  E = checkNesting(std::string(101, '[') + std::string(101, ']'), "j", false);
  EXPECT_TRUE(bool(E));
  llvm::consumeError(std::move(E));
  EXPECT_FALSE(bool(checkNesting(std::string(100, '{'), "j", false)));
}

TEST_F(InputFileTest, OrdinaryConfigurationsAreNotTooDeep) {
  const char *Config = R"(# a comment with [[[[ brackets
checks: '-*,blocking-call,unawaited-task'
strict: false
blocking-call:
  disabled-categories: [fs-metadata]
  extra:
    - functions: [app::read_config, "app::wait[]"]
      reason: it's a 'quote' inside a plain scalar [[[
      tier: 2
      for-coroutine:
        - coroutine: app::async_read_config
          await: true
unawaited-task:
  lazy-types: ['test::task']
)";
  EXPECT_FALSE(bool(checkNesting(Config, "c.yaml", /*Indentation=*/true)));
}

TEST_F(InputFileTest, SourcesAreReadNotMapped) {
  // A buffer mapped from a file dies with SIGBUS when another process
  // truncates the file; the source view reads it into memory instead.
  std::string P = write("big.cpp", std::string((1 << 20) + 100, 'x'));
  auto Real = llvm::vfs::getRealFileSystem();
  auto Mapped = Real->getBufferForFile(P);
  ASSERT_TRUE(bool(Mapped));
  ASSERT_EQ((*Mapped)->getBufferKind(), llvm::MemoryBuffer::MemoryBuffer_MMap)
      << "this file system maps large files; the test needs one that does";
  auto FS = createSourceFileSystem(Real);
  auto Read = FS->getBufferForFile(P);
  ASSERT_TRUE(bool(Read));
  EXPECT_EQ((*Read)->getBufferKind(), llvm::MemoryBuffer::MemoryBuffer_Malloc);
  EXPECT_EQ((*Read)->getBufferSize(), (1u << 20) + 100);
}

TEST_F(InputFileTest, SourceViewRefusesFifos) {
  std::string P = path("header.h");
  ASSERT_EQ(::mkfifo(P.c_str(), 0600), 0);
  auto FS = createSourceFileSystem(llvm::vfs::getRealFileSystem());
  auto F = FS->openFileForRead(P);
  EXPECT_FALSE(bool(F));
}

} // namespace
} // namespace corolint
