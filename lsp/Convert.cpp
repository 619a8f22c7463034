//===- Convert.cpp - corolint's findings and edits as LSP structures ------===//
#include "lsp/Convert.h"
#include "checks/Registry.h"

namespace corolint::lsp {

Range toLSPRange(const FileRange &R, const std::string *Text,
                 OffsetEncoding Encoding) {
  auto Pos = [&](const FilePosition &P) {
    if (!Text)
      return Position{static_cast<int>(P.Line) - 1,
                      static_cast<int>(P.Column) - 1};
    return Position::fromText(
        lineColumnToPosition(*Text, P.Line, P.Column, Encoding));
  };
  Range Out{Pos(R.Begin), Pos(R.Begin)};
  if (R.End.Line != 0 && !(R.End < R.Begin))
    Out.end = Pos(R.End);
  return Out;
}

std::vector<Diagnostic>
toLSPDiagnostics(llvm::ArrayRef<corolint::Diagnostic> Findings,
                 const std::string &File, const std::string &Contents,
                 int Version,
                 const std::map<std::string, std::shared_ptr<const std::string>>
                     &NoteSources,
                 const ConversionContext &Ctx) {
  std::vector<Diagnostic> Result;
  for (const corolint::Diagnostic &D : Findings) {
    Diagnostic Out;
    Out.range = toLSPRange(D.Range, &Contents, Ctx.Encoding);
    Out.severity = D.Level == Severity::Error ? DiagnosticSeverity::Error
                   : D.Level == Severity::Warning
                       ? DiagnosticSeverity::Warning
                       : DiagnosticSeverity::Information;
    Out.code = D.Check;
    if (findCheck(D.Check) && !Ctx.DocsUrl.empty() && Ctx.CodeDescription)
      Out.codeDescription = llvm::StringRef(Ctx.DocsUrl).rtrim('/').str() +
                            "/checks/" + D.Check + ".md";
    // Like every front end's, the message ends in the check's name (Neovim
    // 0.7, for one, shows the message but not the code).
    Out.message =
        D.Check.empty() ? D.Message : D.Message + " [" + D.Check + "]";
    for (const DiagnosticNote &N : D.Notes) {
      if (!N.Range.valid() || !Ctx.RelatedInformation) {
        Out.message += "\n" + N.Message;
        continue;
      }
      // A note's columns are counted in its own file's text: the analysed
      // one, another open draft, or what the analysis read from disk.
      std::shared_ptr<const std::string> Other;
      const std::string *In = &Contents;
      if (N.Range.File != File) {
        if (Ctx.OpenText)
          Other = Ctx.OpenText(N.Range.File);
        if (!Other)
          if (auto It = NoteSources.find(N.Range.File); It != NoteSources.end())
            Other = It->second;
        In = Other.get();
      }
      Out.relatedInformation.push_back(
          {{URI::fromPath(N.Range.File), toLSPRange(N.Range, In, Ctx.Encoding)},
           N.Message});
    }
    DiagnosticData Data{Version, {}};
    for (const FixIt &F : D.Fixes) {
      if (!F.Range.File.empty() && F.Range.File != File)
        continue;
      Data.fixes.push_back(TextEdit{
          toLSPRange(F.Range, &Contents, Ctx.Encoding), F.Replacement});
    }
    if (!Data.fixes.empty())
      Out.data = std::move(Data);
    Result.push_back(std::move(Out));
  }
  return Result;
}

std::vector<Diagnostic> toLSPDiagnostics(const AnalysisResult &R,
                                         const std::string &File,
                                         bool ShowCompilerErrors,
                                         const ConversionContext &Ctx) {
  std::vector<corolint::Diagnostic> All;
  if (ShowCompilerErrors || R.Crashed)
    All = R.CompilerErrors;
  llvm::append_range(All, R.Findings);
  return toLSPDiagnostics(All, File, *R.Contents, R.Version, R.NoteSources,
                          Ctx);
}

std::vector<TextEdit> toLSPEdits(llvm::ArrayRef<FixIt> Fixes,
                                 const std::string &Text,
                                 OffsetEncoding Encoding) {
  std::vector<TextEdit> Out;
  for (const FixIt &F : Fixes)
    Out.push_back({toLSPRange(F.Range, &Text, Encoding), F.Replacement});
  return Out;
}

bool editsFit(llvm::ArrayRef<TextEdit> Edits, llvm::StringRef Text,
              OffsetEncoding Encoding) {
  for (const TextEdit &E : Edits) {
    auto Begin = positionToOffset(Text, E.range.start.toText(), Encoding);
    auto End = positionToOffset(Text, E.range.end.toText(), Encoding);
    bool Ok = Begin && End && *Begin <= *End;
    if (!Begin)
      llvm::consumeError(Begin.takeError());
    if (!End)
      llvm::consumeError(End.takeError());
    if (!Ok)
      return false;
  }
  return true;
}

std::string describeEdits(llvm::ArrayRef<TextEdit> Edits) {
  std::string Title;
  for (const TextEdit &E : Edits) {
    bool Empty = E.range.start == E.range.end;
    std::string One = Empty               ? "insert '" + E.newText + "'"
                      : E.newText.empty() ? "remove code"
                                          : "replace with '" + E.newText + "'";
    Title += Title.empty() ? One : ", " + One;
  }
  return Title;
}

Hover toLSPHover(const HoverInfo &Info, const Diagnostic &Shown,
                 bool Markdown) {
  Hover H;
  H.markdown = Markdown;
  H.value = Markdown ? "**corolint: " + Shown.code + "** — " + Shown.message
                     : "corolint: " + Shown.code + " — " + Shown.message;
  if (!Info.Documentation.empty())
    H.value += (Markdown ? "\n\n---\n\n" : "\n\n") + Info.Documentation;
  H.range = Shown.range;
  return H;
}

} // namespace corolint::lsp
