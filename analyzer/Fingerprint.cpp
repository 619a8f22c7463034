//===- Fingerprint.cpp - Identities of findings that survive line shifts --===//
#include "analyzer/Fingerprint.h"
#include "analyzer/InputFile.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"

namespace corolint {

// A finding spanning a whole function body is identified by its first lines:
// an edit deep inside it should not make it a new finding.
static constexpr unsigned MaxFlaggedLines = 5;

std::optional<llvm::StringRef> SourceLines::line(llvm::StringRef Path,
                                                 unsigned N) {
  auto [It, Inserted] = Files.try_emplace(Path);
  File &F = It->second;
  if (Inserted) {
    // Read, not mapped: the file may be edited while the report is written.
    if (auto Contents = readRegularFile(Path, size_limit::Source)) {
      F.Buffer = llvm::MemoryBuffer::getMemBufferCopy(*Contents, Path);
      llvm::StringRef Text = F.Buffer->getBuffer();
      F.Starts.push_back(0);
      for (size_t I = 0; I < Text.size(); ++I)
        if (Text[I] == '\n' && I + 1 < Text.size())
          F.Starts.push_back(I + 1);
    } else {
      llvm::consumeError(Contents.takeError());
    }
  }
  if (!F.Buffer || N == 0 || N > F.Starts.size())
    return std::nullopt;
  llvm::StringRef Text = F.Buffer->getBuffer();
  size_t Begin = F.Starts[N - 1];
  size_t End = N < F.Starts.size() ? F.Starts[N] : Text.size();
  llvm::StringRef Line = Text.slice(Begin, End);
  Line.consume_back("\n");
  Line.consume_back("\r");
  return Line;
}

std::string absolutePath(llvm::StringRef Path) {
  llvm::SmallString<256> P(Path);
  llvm::sys::fs::make_absolute(P);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return P.str().str();
}

std::string pathBelow(llvm::StringRef Path, llvm::StringRef Root) {
  std::string P = absolutePath(Path), R = absolutePath(Root);
  llvm::StringRef Rel = P;
  // The root itself may end in a separator ("/").
  llvm::StringRef RootDir = llvm::StringRef(R).rtrim('/');
  if (!Rel.consume_front(RootDir) || !Rel.consume_front("/") || Rel.empty())
    return P;
  llvm::SmallString<256> Out(Rel);
  llvm::sys::path::native(Out, llvm::sys::path::Style::posix);
  return Out.str().str();
}

std::string normalizeSourceText(llvm::StringRef Text) {
  std::string Out;
  bool Space = false;
  for (char C : Text) {
    if (llvm::isSpace(C)) {
      Space = !Out.empty();
      continue;
    }
    if (Space)
      Out += ' ';
    Space = false;
    Out += C;
  }
  return Out;
}

std::string findingFingerprint(llvm::StringRef Check, llvm::StringRef Path,
                               llvm::StringRef Message,
                               llvm::StringRef FlaggedText) {
  llvm::SHA256 Hash;
  // NUL-separated, so that no two different tuples hash the same bytes.
  for (llvm::StringRef Part : {Check, Path, Message, FlaggedText}) {
    Hash.update(Part);
    Hash.update(llvm::ArrayRef<uint8_t>{0});
  }
  std::array<uint8_t, 32> Digest = Hash.final();
  return llvm::toHex(llvm::ArrayRef<uint8_t>(Digest).take_front(8),
                     /*LowerCase=*/true);
}

/// The normalised text of the lines D's range covers (a range ending at the
/// start of a line does not cover it).
static std::string flaggedText(const Diagnostic &D, SourceLines &Sources) {
  unsigned First = D.Range.Begin.Line, Last = D.Range.End.Line;
  if (Last > First && D.Range.End.Column <= 1)
    --Last;
  Last = std::clamp(Last, First, First + MaxFlaggedLines - 1);
  std::string Text;
  for (unsigned L = First; L <= Last; ++L)
    if (auto Line = Sources.line(D.Range.File, L))
      Text += (*Line + "\n").str();
  return normalizeSourceText(Text);
}

std::vector<FindingIdentity> identifyFindings(llvm::ArrayRef<Diagnostic> Diags,
                                              llvm::StringRef Root,
                                              SourceLines &Sources) {
  std::vector<FindingIdentity> Out;
  llvm::StringMap<unsigned> Seen;
  for (const Diagnostic &D : Diags) {
    FindingIdentity Id;
    Id.Path = pathBelow(D.Range.File, Root);
    Id.Fingerprint = findingFingerprint(D.Check, Id.Path, D.Message,
                                        flaggedText(D, Sources));
    Id.Occurrence = Seen[Id.Fingerprint]++;
    Out.push_back(std::move(Id));
  }
  return Out;
}

} // namespace corolint
