//===- Render.cpp - Diagnostics for people, tools (JSON) and GitHub -------===//
#include "analyzer/Render.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/LangOptions.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/TextDiagnostic.h"
#include "llvm/ADT/StringMap.h"
#include <nlohmann/json.hpp>

using namespace clang;

namespace corolint {

struct TextRenderer::Impl {
  llvm::raw_ostream &OS;
  IntrusiveRefCntPtr<DiagnosticOptions> Opts = new DiagnosticOptions();
  LangOptions Lang;
  FileManager Files{FileSystemOptions()};
  IntrusiveRefCntPtr<DiagnosticIDs> Ids = new DiagnosticIDs();
  DiagnosticsEngine Engine{Ids, Opts.get()};
  SourceManager SM{Engine, Files};
  llvm::StringMap<FileID> Loaded;
  std::unique_ptr<TextDiagnostic> Printer;

  Impl(llvm::raw_ostream &OS, bool Color) : OS(OS) {
    Opts->ShowColors = Color;
    Opts->ShowOptionNames = false;
    Lang.CPlusPlus = Lang.CPlusPlus20 = true;
    Printer = std::make_unique<TextDiagnostic>(OS, Lang, Opts.get());
  }

  FileID fileFor(llvm::StringRef Path) {
    auto It = Loaded.find(Path);
    if (It != Loaded.end())
      return It->second;
    FileID FID;
    if (auto Entry = Files.getOptionalFileRef(Path))
      FID = SM.createFileID(*Entry, SourceLocation(), SrcMgr::C_User);
    Loaded[Path] = FID;
    return FID;
  }

  SourceLocation locate(const FileRange &R, const FilePosition &P) {
    if (!R.valid() || P.Line == 0)
      return {};
    FileID FID = fileFor(R.File);
    if (FID.isInvalid())
      return {};
    // Prefer the offset (exact), but fall back to line and column if the
    // file changed under us.
    SourceLocation Loc = SM.translateLineCol(FID, P.Line, P.Column);
    return Loc;
  }

  CharSourceRange charRange(const FileRange &R) {
    SourceLocation B = locate(R, R.Begin), E = locate(R, R.End);
    if (B.isInvalid())
      return {};
    return CharSourceRange::getCharRange(B, E.isValid() ? E : B);
  }

  void emitPlain(DiagnosticsEngine::Level Level, const FileRange &R,
                 llvm::StringRef Message) {
    if (R.valid())
      OS << R.File << ":" << R.Begin.Line << ":" << R.Begin.Column << ": ";
    OS << (Level == DiagnosticsEngine::Note    ? "note: "
           : Level == DiagnosticsEngine::Error ? "error: "
                                               : "warning: ")
       << Message << "\n";
  }

  void emit(DiagnosticsEngine::Level Level, const FileRange &R,
            llvm::ArrayRef<FileRange> Extra, llvm::StringRef Message,
            llvm::ArrayRef<FixIt> Fixes) {
    SourceLocation Loc = locate(R, R.Begin);
    if (Loc.isInvalid()) {
      if (R.valid()) {
        emitPlain(Level, R, Message);
        return;
      }
      Printer->emitDiagnostic(FullSourceLoc(), Level, Message, {}, {});
      return;
    }
    llvm::SmallVector<CharSourceRange, 4> Ranges;
    if (R.End.Offset > R.Begin.Offset)
      Ranges.push_back(charRange(R));
    for (const FileRange &X : Extra)
      if (X.File == R.File)
        Ranges.push_back(charRange(X));
    llvm::SmallVector<FixItHint, 2> Hints;
    for (const FixIt &F : Fixes) {
      if (F.Range.File != R.File)
        continue;
      CharSourceRange FR = charRange(F.Range);
      if (FR.isInvalid())
        continue;
      if (F.Range.Begin.Offset == F.Range.End.Offset)
        Hints.push_back(
            FixItHint::CreateInsertion(FR.getBegin(), F.Replacement));
      else
        Hints.push_back(FixItHint::CreateReplacement(FR, F.Replacement));
    }
    Printer->emitDiagnostic(FullSourceLoc(Loc, SM), Level, Message, Ranges,
                            Hints);
  }
};

TextRenderer::TextRenderer(llvm::raw_ostream &OS, bool Color)
    : P(std::make_unique<Impl>(OS, Color)) {}
TextRenderer::~TextRenderer() = default;

void TextRenderer::render(const Diagnostic &D) {
  DiagnosticsEngine::Level Level =
      D.Level == Severity::Error  ? DiagnosticsEngine::Error
      : D.Level == Severity::Note ? DiagnosticsEngine::Note
                                  : DiagnosticsEngine::Warning;
  std::string Message = D.Message;
  if (!D.Check.empty())
    Message += " [" + D.Check + "]";
  P->emit(Level, D.Range, D.ExtraRanges, Message, D.Fixes);
  for (const DiagnosticNote &N : D.Notes)
    P->emit(DiagnosticsEngine::Note, N.Range, {}, N.Message, {});
  P->OS.flush();
}

static nlohmann::json rangeJson(const FileRange &R) {
  return {{"file", R.File},           {"line", R.Begin.Line},
          {"column", R.Begin.Column}, {"offset", R.Begin.Offset},
          {"endLine", R.End.Line},    {"endColumn", R.End.Column},
          {"endOffset", R.End.Offset}};
}

static nlohmann::json toJson(const Diagnostic &D) {
  nlohmann::json J = rangeJson(D.Range);
  J["check"] = D.Check;
  J["severity"] = severityName(D.Level);
  J["message"] = D.Message;
  nlohmann::json Notes = nlohmann::json::array();
  for (const DiagnosticNote &N : D.Notes) {
    nlohmann::json NJ =
        N.Range.valid() ? rangeJson(N.Range) : nlohmann::json::object();
    NJ["message"] = N.Message;
    Notes.push_back(std::move(NJ));
  }
  J["notes"] = std::move(Notes);
  nlohmann::json Fixes = nlohmann::json::array();
  for (const FixIt &F : D.Fixes) {
    nlohmann::json FJ = rangeJson(F.Range);
    FJ["replacement"] = F.Replacement;
    Fixes.push_back(std::move(FJ));
  }
  J["fixes"] = std::move(Fixes);
  return J;
}

/// A workflow command's message: "%", CR and LF are encoded (as GitHub's
/// @actions/core does), so that the command stays on one line.
static std::string escapeCommandData(llvm::StringRef Text) {
  std::string Out;
  for (char C : Text) {
    switch (C) {
    case '%':
      Out += "%25";
      break;
    case '\r':
      Out += "%0D";
      break;
    case '\n':
      Out += "%0A";
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

/// A workflow command's property value: as its message, and ":" and "," too,
/// which separate the properties.
static std::string escapeCommandProperty(llvm::StringRef Text) {
  std::string Out;
  for (char C : escapeCommandData(Text)) {
    if (C == ':')
      Out += "%3A";
    else if (C == ',')
      Out += "%2C";
    else
      Out += C;
  }
  return Out;
}

std::string renderGithub(const Diagnostic &D) {
  std::string Out = D.Level == Severity::Error  ? "::error"
                    : D.Level == Severity::Note ? "::notice"
                                                : "::warning";
  const FileRange &R = D.Range;
  std::vector<std::string> Props;
  if (!R.File.empty())
    Props.push_back("file=" + escapeCommandProperty(R.File));
  if (R.valid()) {
    bool OneLine = R.End.Line == 0 || R.End.Line == R.Begin.Line;
    Props.push_back("line=" + std::to_string(R.Begin.Line));
    // GitHub takes columns only for an annotation on one line.
    if (OneLine)
      Props.push_back("col=" + std::to_string(R.Begin.Column));
    if (R.End.Line != 0) {
      Props.push_back("endLine=" + std::to_string(R.End.Line));
      if (OneLine)
        Props.push_back("endColumn=" + std::to_string(R.End.Column));
    }
  }
  if (!D.Check.empty())
    Props.push_back("title=" + escapeCommandProperty(D.Check));
  for (size_t I = 0; I < Props.size(); ++I)
    Out += (I ? "," : " ") + Props[I];

  std::string Message = D.Message;
  for (const DiagnosticNote &N : D.Notes) {
    Message += "\n";
    if (N.Range.valid())
      Message += N.Range.File + ":" + std::to_string(N.Range.Begin.Line) + ":" +
                 std::to_string(N.Range.Begin.Column) + ": ";
    Message += "note: " + N.Message;
  }
  return Out + "::" + escapeCommandData(Message) + "\n";
}

std::string renderJson(llvm::ArrayRef<Diagnostic> Diags,
                       llvm::ArrayRef<Diagnostic> Errors) {
  nlohmann::json Doc;
  Doc["version"] = 1;
  Doc["tool"] = "corolint";
  nlohmann::json List = nlohmann::json::array();
  for (const Diagnostic &D : Diags)
    List.push_back(toJson(D));
  Doc["diagnostics"] = std::move(List);
  nlohmann::json Errs = nlohmann::json::array();
  for (const Diagnostic &E : Errors) {
    nlohmann::json J;
    J["file"] = E.Range.File;
    J["message"] = E.Message;
    Errs.push_back(std::move(J));
  }
  Doc["errors"] = std::move(Errs);
  return Doc.dump(2) + "\n";
}

} // namespace corolint
