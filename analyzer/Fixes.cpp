//===- Fixes.cpp - Apply fix-its to file contents, export them as YAML ----===//
#include "analyzer/Fixes.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Errno.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <fcntl.h>
#include <map>
#include <sys/stat.h>
#include <unistd.h>

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

Edit toEdit(const FixIt &F) {
  return {F.Range.Begin.Offset, F.Range.End.Offset, F.Replacement};
}

std::string where(const FileRange &R) {
  return R.File + ":" + std::to_string(R.Begin.Line) + ":" +
         std::to_string(R.Begin.Column);
}

} // namespace

FixPlan planFixes(llvm::ArrayRef<Diagnostic> Diags, FileReader Read) {
  FixPlan Out;
  struct FileState {
    std::string Original;
    std::string Error; ///< Why the file cannot be fixed.
    std::vector<Edit> Taken;
    std::vector<FileRange> TakenFrom; ///< The finding each edit came from.
    std::vector<const FixIt *> TakenFix;
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
    for (size_t N = 0; N < D.Fixes.size() && Reason.empty(); ++N) {
      const FixIt &F = D.Fixes[N];
      if (!F.Range.valid()) {
        Reason = "the fix has no place";
        break;
      }
      FileState &S = State(F.Range.File);
      Edit E = toEdit(F);
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
      // The finding's own fixes may touch ("co_await " before a callee
      // that is renamed) but not overlap.
      for (size_t M = 0; M < N && Reason.empty(); ++M) {
        const FixIt &G = D.Fixes[M];
        if (G.Range.File == F.Range.File && !(E == toEdit(G)) &&
            E.Begin < G.Range.End.Offset && G.Range.Begin.Offset < E.End)
          Reason = "its fixes overlap each other";
      }
    }
    if (!Reason.empty()) {
      Out.Skipped.push_back({D.Check, D.Range, std::move(Reason)});
      continue;
    }
    for (const FixIt &F : D.Fixes) {
      FileState &S = Files[F.Range.File];
      Edit E = toEdit(F);
      if (llvm::is_contained(S.Taken, E))
        continue;
      S.Taken.push_back(std::move(E));
      S.TakenFrom.push_back(D.Range);
      S.TakenFix.push_back(&F);
    }
    ++Out.Findings;
  }

  for (auto &[Path, S] : Files) {
    if (S.Taken.empty())
      continue;
    FileEdits Chosen{Path, std::move(S.Original), {}};
    for (const FixIt *F : S.TakenFix)
      Chosen.Edits.push_back(*F);
    // At one offset, an insertion goes before the text a replacement
    // starting there puts: applied from the end, the replacement is first.
    llvm::stable_sort(Chosen.Edits, [](const FixIt &A, const FixIt &B) {
      auto Key = [](const FixIt &F) {
        return std::make_pair(F.Range.Begin.Offset,
                              F.Range.Begin.Offset != F.Range.End.Offset);
      };
      return Key(A) < Key(B);
    });
    Out.Files.push_back(std::move(Chosen));
  }
  return Out;
}

FixOutcome applyFixes(llvm::ArrayRef<Diagnostic> Diags, FileReader Read) {
  FixPlan Plan = planFixes(Diags, Read);
  FixOutcome Out;
  Out.Skipped = std::move(Plan.Skipped);
  Out.Findings = Plan.Findings;
  for (FileEdits &F : Plan.Files) {
    FixedFile Fixed{F.Path, std::move(F.Original), 0};
    // From the end backwards, so earlier offsets stay valid.
    for (const FixIt &E : llvm::reverse(F.Edits)) {
      Fixed.Contents.replace(E.Range.Begin.Offset,
                             E.Range.End.Offset - E.Range.Begin.Offset,
                             E.Replacement);
      ++Fixed.Applied;
    }
    Out.Files.push_back(std::move(Fixed));
  }
  return Out;
}

llvm::Error writeFileAtomically(llvm::StringRef Path,
                                llvm::StringRef Contents) {
  auto Fail = [&](const llvm::Twine &Why) {
    return llvm::createStringError(
        std::make_error_code(std::errc::invalid_argument),
        "cannot write '" + Path + "': " + Why);
  };
  // A symlink stays a symlink: the file it names is the one rewritten.
  llvm::SmallString<256> Target;
  struct stat St;
  bool Exists = !llvm::sys::fs::real_path(Path, Target);
  if (!Exists) {
    Target = Path; // A new file.
  } else {
    if (::stat(Target.c_str(), &St) != 0)
      return Fail(llvm::sys::StrError(errno));
    if (!S_ISREG(St.st_mode))
      return Fail("it is not a regular file");
    // Checked on the mode, not with access(): root may write anywhere, but
    // a file marked read-only is not meant to be edited by a tool.
    if ((St.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0)
      return Fail("it is read-only; left unchanged");
  }

  // The new contents first go to a temporary file beside the target, so a
  // full disk shows before the file is touched.
  llvm::SmallString<256> Model(Target), Temp;
  Model += ".corolint-%%%%%%.tmp";
  int FD = -1;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, Temp))
    return llvm::createStringError(EC,
                                   "cannot create a temporary file next to '" +
                                       Path + "': " + EC.message());
  auto FailRemoving = [&](const llvm::Twine &Why) {
    llvm::sys::fs::remove(Temp);
    return Fail(Why);
  };
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Contents;
    OS.close();
    if (OS.has_error()) {
      std::error_code EC = OS.error();
      OS.clear_error();
      return FailRemoving("cannot write its new contents: " + EC.message());
    }
  }
  uint64_t Written = 0;
  if (llvm::sys::fs::file_size(Temp, Written) || Written != Contents.size())
    return FailRemoving("its new contents could not be written in full");

  // Renaming the copy over the file replaces it atomically, but makes a new
  // file: only right when no other name shares the file (hard links) and
  // the copy can take the file's owner. Otherwise the file is rewritten in
  // place, from the verified copy's contents.
  if (!Exists) {
    // What open(2) would have made of it (the temporary file is private).
    mode_t Mask = ::umask(0);
    ::umask(Mask);
    St.st_mode = 0666 & ~Mask;
  }
  bool InPlace = Exists && St.st_nlink > 1;
  if (Exists && !InPlace && ::chown(Temp.c_str(), St.st_uid, St.st_gid) != 0)
    InPlace = true;
  if (!InPlace) {
    if (::chmod(Temp.c_str(), St.st_mode & 07777) != 0)
      return FailRemoving("cannot give the new file its mode: " +
                          llvm::sys::StrError(errno));
    if (std::error_code EC = llvm::sys::fs::rename(Temp, Target))
      return FailRemoving("cannot replace it: " + EC.message());
    return llvm::Error::success();
  }
  int Out = llvm::sys::RetryAfterSignal(
      -1, [&] { return ::open(Target.c_str(), O_WRONLY | O_CLOEXEC); });
  if (Out < 0)
    return FailRemoving(llvm::sys::StrError(errno));
  bool Ok = true;
  for (size_t Done = 0; Ok && Done < Contents.size();) {
    ssize_t N = llvm::sys::RetryAfterSignal(-1, [&] {
      return ::pwrite(Out, Contents.data() + Done, Contents.size() - Done,
                      Done);
    });
    if (N <= 0)
      Ok = false;
    else
      Done += N;
  }
  Ok = Ok && ::ftruncate(Out, Contents.size()) == 0;
  int Errno = errno;
  ::close(Out);
  if (!Ok)
    // The copy holds the whole new contents: say where, do not remove it.
    return Fail("writing it in place failed (" + llvm::sys::StrError(Errno) +
                "); its fixed contents are in '" + Temp + "'");
  llvm::sys::fs::remove(Temp);
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
