//===- Fixes.cpp - Apply fix-its to file contents, export them as YAML ----===//
#include "analyzer/Fixes.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <map>

namespace corolint {

namespace {

struct Edit {
  unsigned Begin, End;
  std::string Text;
  bool operator==(const Edit &O) const {
    return Begin == O.Begin && End == O.End && Text == O.Text;
  }
};

/// Whether two different edits cannot both be applied with one meaning. An
/// insertion that touches another edit is ambiguous (which text comes
/// first?), so it conflicts too.
bool conflicts(const Edit &A, const Edit &B) {
  if (A == B)
    return false;
  if (A.Begin == A.End || B.Begin == B.End)
    return A.Begin <= B.End && B.Begin <= A.End;
  return A.Begin < B.End && B.Begin < A.End;
}

/// Whether P's line and column agree with its offset in Text: if not, the
/// file changed after it was analysed.
bool consistent(llvm::StringRef Text, const FilePosition &P) {
  if (P.Line == 0)
    return true;
  llvm::StringRef Before = Text.take_front(P.Offset);
  size_t LineStart = Before.rfind('\n');
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  return Before.count('\n') + 1 == P.Line &&
         P.Offset - LineStart + 1 == P.Column;
}

std::string where(const FileRange &R) {
  return R.File + ":" + std::to_string(R.Begin.Line) + ":" +
         std::to_string(R.Begin.Column);
}

} // namespace

FixOutcome applyFixes(llvm::ArrayRef<Diagnostic> Diags, FileReader Read) {
  FixOutcome Out;
  struct FileState {
    std::string Original;
    std::string Error; ///< Why the file cannot be fixed.
    std::vector<Edit> Taken;
    std::vector<FileRange> TakenFrom; ///< The finding each edit came from.
  };
  std::map<std::string, FileState> Files;
  auto State = [&](const std::string &Path) -> FileState & {
    auto [It, New] = Files.try_emplace(Path);
    if (New) {
      if (auto Contents = Read(Path))
        It->second.Original = std::move(*Contents);
      else
        It->second.Error = llvm::toString(Contents.takeError());
    }
    return It->second;
  };

  for (const Diagnostic &D : Diags) {
    if (D.Fixes.empty())
      continue;
    std::string Reason;
    for (const FixIt &F : D.Fixes) {
      if (!F.Range.valid()) {
        Reason = "the fix has no place";
        break;
      }
      FileState &S = State(F.Range.File);
      Edit E{F.Range.Begin.Offset, F.Range.End.Offset, F.Replacement};
      if (!S.Error.empty()) {
        Reason = S.Error;
        break;
      }
      if (E.End < E.Begin || E.End > S.Original.size() ||
          !consistent(S.Original, F.Range.Begin) ||
          !consistent(S.Original, F.Range.End)) {
        Reason = "'" + F.Range.File + "' changed after it was analysed";
        break;
      }
      for (size_t I = 0; I < S.Taken.size() && Reason.empty(); ++I)
        if (conflicts(E, S.Taken[I]))
          Reason = "its fix overlaps the fix of the finding at " +
                   where(S.TakenFrom[I]);
      if (!Reason.empty())
        break;
    }
    if (!Reason.empty()) {
      Out.Skipped.push_back({D.Check, D.Range, std::move(Reason)});
      continue;
    }
    for (const FixIt &F : D.Fixes) {
      FileState &S = Files[F.Range.File];
      Edit E{F.Range.Begin.Offset, F.Range.End.Offset, F.Replacement};
      if (llvm::is_contained(S.Taken, E))
        continue;
      S.Taken.push_back(std::move(E));
      S.TakenFrom.push_back(D.Range);
    }
    ++Out.Findings;
  }

  for (auto &[Path, S] : Files) {
    if (S.Taken.empty())
      continue;
    // From the end backwards, so earlier offsets stay valid.
    std::vector<Edit> Edits = S.Taken;
    llvm::stable_sort(
        Edits, [](const Edit &A, const Edit &B) { return A.Begin > B.Begin; });
    FixedFile Fixed{Path, S.Original, 0};
    for (const Edit &E : Edits) {
      Fixed.Contents.replace(E.Begin, E.End - E.Begin, E.Text);
      ++Fixed.Applied;
    }
    Out.Files.push_back(std::move(Fixed));
  }
  return Out;
}

llvm::Error writeFileAtomically(llvm::StringRef Path,
                                llvm::StringRef Contents) {
  llvm::SmallString<256> Model(Path);
  Model += ".corolint-%%%%%%.tmp";
  int FD = -1;
  llvm::SmallString<256> Temp;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, Temp))
    return llvm::createStringError(
        EC, "cannot create a temporary file next to '%s': %s",
        Path.str().c_str(), EC.message().c_str());
  auto Fail = [&](std::error_code EC, const char *What) {
    llvm::sys::fs::remove(Temp);
    return llvm::createStringError(EC, "cannot %s '%s': %s", What,
                                   Path.str().c_str(), EC.message().c_str());
  };
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Contents;
    OS.close();
    if (OS.has_error()) {
      std::error_code EC = OS.error();
      OS.clear_error();
      return Fail(EC, "write the new contents of");
    }
  }
  if (auto Perms = llvm::sys::fs::getPermissions(Path))
    llvm::sys::fs::setPermissions(Temp, *Perms);
  if (std::error_code EC = llvm::sys::fs::rename(Temp, Path))
    return Fail(EC, "replace");
  return llvm::Error::success();
}

std::string exportFixesYaml(llvm::ArrayRef<Diagnostic> Diags,
                            llvm::StringRef MainSourceFile,
                            llvm::StringRef BuildDirectory) {
  using namespace clang::tooling;
  TranslationUnitDiagnostics TU;
  TU.MainSourceFile = MainSourceFile.str();
  auto Message = [](const std::string &Text, const FileRange &R) {
    DiagnosticMessage M;
    M.Message = Text;
    if (R.valid()) {
      M.FilePath = R.File;
      M.FileOffset = R.Begin.Offset;
    }
    return M;
  };
  for (const Diagnostic &D : Diags) {
    if (D.Check.empty())
      continue;
    clang::tooling::Diagnostic Out;
    Out.DiagnosticName = D.Check;
    Out.Message = Message(D.Message, D.Range);
    for (const FixIt &F : D.Fixes) {
      Replacement R(F.Range.File, F.Range.Begin.Offset,
                    F.Range.End.Offset - F.Range.Begin.Offset, F.Replacement);
      // Two fixes of one finding never overlap: the checks build them so.
      llvm::consumeError(Out.Message.Fix[F.Range.File].add(R));
    }
    for (const DiagnosticNote &N : D.Notes)
      Out.Notes.push_back(Message(N.Message, N.Range));
    Out.DiagLevel = D.Level == Severity::Error
                        ? clang::tooling::Diagnostic::Error
                        : clang::tooling::Diagnostic::Warning;
    Out.BuildDirectory = BuildDirectory.str();
    TU.Diagnostics.push_back(std::move(Out));
  }
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  llvm::yaml::Output YAML(OS);
  YAML << TU;
  OS.flush();
  return Text;
}

} // namespace corolint
