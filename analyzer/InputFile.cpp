//===- InputFile.cpp - Reading what a project supplies, safely ------------===//
#include "analyzer/InputFile.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Errno.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace corolint {

namespace {

std::string describeSize(uint64_t Bytes) {
  if (Bytes >= (1ull << 30) && Bytes % (1ull << 30) == 0)
    return std::to_string(Bytes >> 30) + " GiB";
  if (Bytes >= (1ull << 20) && Bytes % (1ull << 20) == 0)
    return std::to_string(Bytes >> 20) + " MiB";
  return std::to_string(Bytes) + " bytes";
}

const char *describeType(mode_t Mode) {
  if (S_ISDIR(Mode))
    return "a directory";
  if (S_ISFIFO(Mode))
    return "a FIFO";
  if (S_ISCHR(Mode))
    return "a character device";
  if (S_ISBLK(Mode))
    return "a block device";
  if (S_ISSOCK(Mode))
    return "a socket";
  return "not a regular file";
}

llvm::Error readError(llvm::StringRef Kind, llvm::StringRef Path,
                      const llvm::Twine &Why) {
  return llvm::createStringError(
      std::make_error_code(std::errc::invalid_argument),
      "cannot read " + Kind + (Kind.empty() ? "'" : " '") + Path + "': " + Why);
}

/// Closes a descriptor when it goes out of scope.
struct FileDescriptor {
  int FD;
  ~FileDescriptor() {
    if (FD >= 0)
      ::close(FD);
  }
};

} // namespace

llvm::Expected<std::string> readRegularFile(const llvm::Twine &PathTwine,
                                            uint64_t MaxBytes,
                                            llvm::StringRef Kind) {
  llvm::SmallString<256> Storage;
  llvm::StringRef Path = PathTwine.toNullTerminatedStringRef(Storage);
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
  // writer forever. It does not change how a regular file reads.
  FileDescriptor F{llvm::sys::RetryAfterSignal(-1, [&] {
    return ::open(Path.data(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  })};
  if (F.FD < 0)
    return readError(Kind, Path, llvm::sys::StrError(errno));
  struct stat St;
  if (::fstat(F.FD, &St) != 0)
    return readError(Kind, Path, llvm::sys::StrError(errno));
  if (!S_ISREG(St.st_mode))
    return readError(Kind, Path,
                     llvm::Twine("it is ") + describeType(St.st_mode) +
                         ", not a regular file");
  auto TooLarge = [&] {
    return readError(
        Kind, Path, "it is larger than the limit of " + describeSize(MaxBytes));
  };
  if (static_cast<uint64_t>(St.st_size) > MaxBytes)
    return TooLarge();
  std::string Text;
  Text.reserve(St.st_size);
  char Chunk[64 * 1024];
  while (true) {
    ssize_t N = llvm::sys::RetryAfterSignal(
        -1, [&] { return ::read(F.FD, Chunk, sizeof(Chunk)); });
    if (N < 0)
      return readError(Kind, Path, llvm::sys::StrError(errno));
    if (N == 0)
      break;
    if (Text.size() + N > MaxBytes)
      return TooLarge(); // It grew while it was read.
    Text.append(Chunk, N);
  }
  return Text;
}

llvm::Error checkNesting(llvm::StringRef Text, llvm::StringRef Path,
                         bool Indentation, unsigned MaxDepth) {
  unsigned Flow = 0, Line = 1;
  llvm::SmallVector<size_t, 16> Indents; // Open block levels' columns.
  char Quote = 0;                        // Inside a quoted string.
  bool AtLineStart = true;
  unsigned LineIndicators = 0; // Block indicators seen on this line.
  auto TooDeep = [&] {
    return llvm::createStringError(
        std::errc::invalid_argument,
        "%s:%u: nested deeper than %u levels; not read", Path.str().c_str(),
        Line, MaxDepth);
  };
  auto Depth = [&] { return Flow + Indents.size() + LineIndicators; };
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (C == '\n') {
      ++Line;
      AtLineStart = true;
      LineIndicators = 0;
      continue;
    }
    if (Quote) {
      AtLineStart = false; // A quoted scalar's lines are not block structure.
      if (C == '\\' && Quote == '"')
        ++I; // An escaped character, whatever it is.
      else if (C == Quote)
        Quote = 0;
      continue;
    }
    if (AtLineStart && Indentation && Flow == 0) {
      // The block level of this line: its indentation among the open ones.
      size_t Column = 0;
      while (I + Column < Text.size() && Text[I + Column] == ' ')
        ++Column;
      char First = I + Column < Text.size() ? Text[I + Column] : '\n';
      if (First != '\n' && First != '\r' && First != '#') {
        while (!Indents.empty() && Indents.back() > Column)
          Indents.pop_back();
        if (Indents.empty() || Indents.back() < Column)
          Indents.push_back(Column);
      }
      I += Column;
      AtLineStart = false;
      if (I >= Text.size())
        break;
      C = Text[I];
      if (C == '\n') {
        --I; // Let the loop see the end of the line.
        continue;
      }
    }
    AtLineStart = false;
    char Prev = I > 0 ? Text[I - 1] : ' ';
    bool TokenStart = Prev == ' ' || Prev == '\t' || Prev == '\n' ||
                      Prev == '[' || Prev == '{' || Prev == ',' || Prev == ':';
    switch (C) {
    case '"':
      // JSON strings are double-quoted wherever they are; YAML's quoted
      // scalars start a token ("it's" is a plain scalar).
      if (TokenStart || !Indentation)
        Quote = C;
      break;
    case '\'':
      if (TokenStart && Indentation)
        Quote = C;
      break;
    case '#':
      if (Indentation && (Prev == ' ' || Prev == '\t' || I == 0 ||
                          Prev == '\n')) // A comment, to the end of the line.
        while (I + 1 < Text.size() && Text[I + 1] != '\n')
          ++I;
      break;
    case '[':
    case '{':
      ++Flow;
      break;
    case ']':
    case '}':
      if (Flow)
        --Flow;
      break;
    case '-':
    case '?':
    case ':': {
      char Next = I + 1 < Text.size() ? Text[I + 1] : '\n';
      if (Indentation && Flow == 0 &&
          (Next == ' ' || Next == '\n' || Next == '\r' || Next == '\t'))
        ++LineIndicators;
      break;
    }
    default:
      break;
    }
    if (Depth() > MaxDepth)
      return TooDeep();
  }
  return llvm::Error::success();
}

namespace {

/// A file of the source view: its buffer is always read, never mapped.
class ReadIntoMemoryFile : public llvm::vfs::File {
public:
  explicit ReadIntoMemoryFile(std::unique_ptr<llvm::vfs::File> Inner)
      : Inner(std::move(Inner)) {}
  llvm::ErrorOr<llvm::vfs::Status> status() override { return Inner->status(); }
  llvm::ErrorOr<std::string> getName() override { return Inner->getName(); }
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>>
  getBuffer(const llvm::Twine &Name, int64_t FileSize,
            bool RequiresNullTerminator, bool /*IsVolatile*/) override {
    return Inner->getBuffer(Name, FileSize, RequiresNullTerminator,
                            /*IsVolatile=*/true);
  }
  std::error_code close() override { return Inner->close(); }

private:
  std::unique_ptr<llvm::vfs::File> Inner;
};

class SourceFileSystem : public llvm::vfs::ProxyFileSystem {
public:
  using ProxyFileSystem::ProxyFileSystem;

  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
  openFileForRead(const llvm::Twine &Path) override {
    // Opening a FIFO would block until a writer comes, a device may never
    // end: only regular files (and directories, which Clang only stats).
    if (auto St = getUnderlyingFS().status(Path);
        St && St->getType() != llvm::sys::fs::file_type::regular_file &&
        St->getType() != llvm::sys::fs::file_type::directory_file)
      return std::make_error_code(std::errc::invalid_argument);
    auto F = ProxyFileSystem::openFileForRead(Path);
    if (!F)
      return F.getError();
    return std::unique_ptr<llvm::vfs::File>(
        new ReadIntoMemoryFile(std::move(*F)));
  }
};

} // namespace

llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>
createSourceFileSystem(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> Base) {
  return llvm::makeIntrusiveRefCnt<SourceFileSystem>(std::move(Base));
}

} // namespace corolint
