//===- Convert.h - corolint's findings and edits as LSP structures --------===//
//
// The conversion layer between the workspace (plain corolint data: 1-based
// lines, byte columns) and the protocol (0-based lines, columns in the
// negotiated encoding, URIs, markup). Pure functions of their inputs: the
// texts positions are counted in are handed in, never read here.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_LSP_CONVERT_H
#define COROLINT_LSP_CONVERT_H

#include "analyzer/Diagnostic.h"
#include "lsp/Protocol.h"
#include "lsp/Scheduler.h"
#include "lsp/Workspace.h"
#include <functional>

namespace corolint::lsp {

/// What a conversion needs besides the data: the encoding, what the client
/// can show, and where to find the texts of files other than the one
/// converted.
struct ConversionContext {
  OffsetEncoding Encoding = OffsetEncoding::UTF16;
  bool RelatedInformation = false;
  bool CodeDescription = false;
  std::string DocsUrl;
  /// The text of another file that is open in the editor, or null.
  std::function<std::shared_ptr<const std::string>(const std::string &Path)>
      OpenText;
};

/// R as LSP positions counted in Text; byte columns as they are when Text is
/// null (a file whose text is not known).
Range toLSPRange(const FileRange &R, const std::string *Text,
                 OffsetEncoding Encoding);

/// The findings (and, when ShowCompilerErrors or the analysis crashed,
/// Clang's errors) of an analysis of File, whose text is Contents. Notes in
/// other files are located against their open drafts, else the texts the
/// analysis read (NoteSources). Each fix of the file travels in `data`.
std::vector<Diagnostic>
toLSPDiagnostics(llvm::ArrayRef<corolint::Diagnostic> Findings,
                 const std::string &File, const std::string &Contents,
                 int Version,
                 const std::map<std::string, std::shared_ptr<const std::string>>
                     &NoteSources,
                 const ConversionContext &Ctx);

/// The same for a whole analysis result.
std::vector<Diagnostic> toLSPDiagnostics(const AnalysisResult &R,
                                         const std::string &File,
                                         bool ShowCompilerErrors,
                                         const ConversionContext &Ctx);

/// Edits of the file whose text is Text.
std::vector<TextEdit> toLSPEdits(llvm::ArrayRef<FixIt> Fixes,
                                 const std::string &Text,
                                 OffsetEncoding Encoding);

/// Whether every edit lies inside Text, its start before its end (edits a
/// client hands back are not trusted).
bool editsFit(llvm::ArrayRef<TextEdit> Edits, llvm::StringRef Text,
              OffsetEncoding Encoding);

/// "insert 'co_await '" / "replace with 'x'" / "remove code".
std::string describeEdits(llvm::ArrayRef<TextEdit> Edits);

/// The hover over a finding: its message and its check's page, as markdown
/// or plain text.
Hover toLSPHover(const HoverInfo &Info, const Diagnostic &Shown, bool Markdown);

} // namespace corolint::lsp

#endif
