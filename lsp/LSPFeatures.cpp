//===- LSPFeatures.cpp - The LSP server's answers -------------------------===//
//
// Diagnostics (pushed, pulled per document and for the workspace), code
// actions, fix-all and hover: the Workspace's answers, converted (Convert.h).
//
//===----------------------------------------------------------------------===//
#include "lsp/Convert.h"
#include "lsp/LSPServer.h"

namespace corolint::lsp {

//===----------------------------------------------------------------------===//
// Diagnostics
//===----------------------------------------------------------------------===//

ConversionContext LSPServer::conversion() const {
  ConversionContext Ctx;
  Ctx.Encoding = Work->encoding();
  Ctx.RelatedInformation = Caps.diagnosticRelatedInformation;
  Ctx.CodeDescription = Caps.diagnosticCodeDescription;
  Ctx.DocsUrl = Work->settings().DocsUrl;
  Ctx.OpenText =
      [this](const std::string &Path) -> std::shared_ptr<const std::string> {
    const Draft *D = Work->draft(Path);
    return D ? D->Text : nullptr;
  };
  return Ctx;
}

std::vector<Diagnostic> LSPServer::toLSP(const AnalysisResult &R,
                                         const std::string &File) const {
  std::vector<corolint::Diagnostic> All;
  if (Work->settings().ShowCompilerErrors || R.Crashed)
    All = R.CompilerErrors;
  // Findings in headers are shown in those headers; this file's own, and
  // those that the files including it found here, are shown here.
  llvm::append_range(All, Work->shownFindings(R, File));
  return toLSPDiagnostics(All, File, *R.Contents, R.Version, R.NoteSources,
                          conversion());
}

void LSPServer::onAnalysis(const std::string &File,
                           std::shared_ptr<const AnalysisResult> R) {
  const Draft *D = Work->draft(File);
  // Never publish for a closed file or a version the editor has moved past.
  if (!D || D->Version != R->Version || D->Text != R->Contents)
    return;
  if (!pushDiagnostics())
    return;
  auto Publish = [&](const std::string &Path, const AnalysisResult &Of) {
    PublishDiagnosticsParams P;
    P.uri = uriOf(Path);
    P.version = Of.Version;
    P.diagnostics = toLSP(Of, Path);
    notify("textDocument/publishDiagnostics", toJSON(P));
  };
  Publish(File, *R);
  // The open headers this file includes show what it found in them (or no
  // longer finds), with their own findings.
  for (const auto &[Header, Own] : Work->headersShowing(File, *R))
    Publish(Header, *Own);
}

Task<LSPServer::Reply> LSPServer::pullDiagnostics(const json &Params,
                                                  CancellationToken Token) {
  std::string Error;
  auto P = parseParams<DocumentDiagnosticParams>(Params, Error);
  if (!P)
    co_return Reply::error(ErrorCode::InvalidParams, Error);
  std::string File = P->textDocument.uri.path();
  if (!Work->draft(File))
    // Asked before didOpen (or after didClose): the client asks again once
    // the document is open (LSP 3.17, DiagnosticServerCancellationData).
    co_return Reply::error(ErrorCode::ServerCancelled,
                           "document is not open: " + P->textDocument.uri.Text,
                           {{"retriggerRequest", true}});
  Scheduler::WaitOutcome W = co_await Work->waitForCurrent(File, Token);
  switch (W.Status) {
  case Scheduler::WaitOutcome::Cancelled:
    co_return Reply::error(ErrorCode::RequestCancelled, "request cancelled");
  case Scheduler::WaitOutcome::Superseded:
  case Scheduler::WaitOutcome::Closed:
    co_return Reply::error(ErrorCode::ContentModified,
                           "the document changed before its diagnostics "
                           "were ready");
  case Scheduler::WaitOutcome::Ready:
    break;
  }
  DocumentDiagnosticReport Report;
  // What the files including it found here is part of the result too.
  Report.resultId = Work->resultId(*W.Result, File);
  if (P->previousResultId && *P->previousResultId == Report.resultId)
    Report.unchanged = true;
  else
    Report.items = toLSP(*W.Result, File);
  co_return Reply{toJSON(Report), std::nullopt};
}

Task<LSPServer::Reply>
LSPServer::workspaceDiagnostics(const json &Params, CancellationToken Token) {
  std::string Error;
  auto P = parseParams<WorkspaceDiagnosticParams>(Params, Error);
  if (!P)
    co_return Reply::error(ErrorCode::InvalidParams, Error);
  auto Previous = [&](const URI &Uri) -> std::optional<std::string> {
    for (const PreviousResultId &R : P->previousResultIds)
      if (R.uri.path() == Uri.path())
        return R.value;
    return std::nullopt;
  };
  WorkspaceDiagnosticReport Out;
  // The open documents, as their current drafts are analysed.
  std::vector<std::string> Open;
  for (const auto &Entry : Work->drafts())
    Open.push_back(Entry.getKey().str());
  llvm::sort(Open);
  for (const std::string &File : Open) {
    Scheduler::WaitOutcome W = co_await Work->waitForCurrent(File, Token);
    if (W.Status == Scheduler::WaitOutcome::Cancelled)
      co_return Reply::error(ErrorCode::RequestCancelled, "request cancelled");
    if (W.Status != Scheduler::WaitOutcome::Ready)
      continue; // Changed or closed meanwhile: the next pull has it.
    WorkspaceDocumentDiagnosticReport Doc;
    Doc.uri = uriOf(File);
    Doc.version = W.Result->Version;
    Doc.report.resultId = Work->resultId(*W.Result, File);
    Doc.report.unchanged = Previous(Doc.uri) == Doc.report.resultId;
    if (!Doc.report.unchanged)
      Doc.report.items = toLSP(*W.Result, File);
    Out.items.push_back(std::move(Doc));
  }
  // The project's other files, as the background index found them.
  ConversionContext Ctx = conversion();
  for (const auto &Found : Work->indexedFindings()) {
    if (Work->draft(Found->File))
      continue;
    WorkspaceDocumentDiagnosticReport Doc;
    Doc.uri = URI::fromPath(Found->File);
    Doc.report.resultId = "index-" + std::to_string(Found->Id);
    Doc.report.unchanged = Previous(Doc.uri) == Doc.report.resultId;
    if (!Doc.report.unchanged && Found->Text)
      Doc.report.items = toLSPDiagnostics(Found->Findings, Found->File,
                                          *Found->Text, 0, {}, Ctx);
    Out.items.push_back(std::move(Doc));
  }
  co_return Reply{toJSON(Out), std::nullopt};
}

//===----------------------------------------------------------------------===//
// Code actions and hover
//===----------------------------------------------------------------------===//

LSPServer::Reply LSPServer::codeActions(const json &Params) {
  std::string Error;
  auto P = parseParams<CodeActionParams>(Params, Error);
  if (!P)
    return Reply::error(ErrorCode::InvalidParams, Error);
  std::string File = P->textDocument.uri.path();
  const Draft *D = Work->draft(File);
  if (!D)
    return Reply{json::array(), std::nullopt};
  if (P->context.only) {
    bool WantsQuickFix = false, WantsFixAll = false;
    for (const std::string &K : *P->context.only) {
      WantsQuickFix |= K == "quickfix" || K.empty();
      WantsFixAll |= K == "source" || K == "source.fixAll" ||
                     K == "source.fixAll.corolint";
    }
    if (WantsFixAll)
      return fixAll(File, P->textDocument.uri);
    if (!WantsQuickFix)
      return Reply{json::array(), std::nullopt};
  }

  // The diagnostics to fix: those the client sent back, or, for clients
  // that drop `data`, ours for the current version overlapping the range.
  // What the client sends back in `data` is only trusted when we have no
  // result of our own for this version: ours replaces it.
  std::vector<Diagnostic> Diags;
  for (const Diagnostic &Diag : P->context.diagnostics)
    if (Diag.source == "corolint" && !Diag.code.empty())
      Diags.push_back(Diag);
  if (std::shared_ptr<const AnalysisResult> Current = Work->current(File)) {
    for (Diagnostic &Sent : Diags)
      Sent.data.reset();
    for (Diagnostic &Ours : toLSP(*Current, File)) {
      if (Ours.code.empty())
        continue;
      bool Overlaps = !(Ours.range.end < P->range.start) &&
                      !(P->range.end < Ours.range.start);
      bool AlreadySent = false;
      // Same finding: same check on the same line, at the same range or
      // with the same message (Neovim 0.7 sends ranges back in bytes).
      for (Diagnostic &Sent : Diags)
        if (Sent.code == Ours.code &&
            Sent.range.start.line == Ours.range.start.line &&
            (Sent.range == Ours.range || Sent.message == Ours.message)) {
          Sent.data = Ours.data;
          AlreadySent = true;
        }
      if (Overlaps && !AlreadySent && P->context.diagnostics.empty())
        Diags.push_back(std::move(Ours));
    }
  }

  json Actions = json::array();
  for (const Diagnostic &Diag : Diags) {
    if (Diag.data && Diag.data->version == D->Version &&
        !Diag.data->fixes.empty() &&
        editsFit(Diag.data->fixes, *D->Text, Work->encoding())) {
      CodeAction A;
      A.title = describeEdits(Diag.data->fixes) + " [" + Diag.code + "]";
      A.diagnostics = {Diag};
      A.isPreferred = true;
      A.edit.changes.emplace_back(P->textDocument.uri, Diag.data->fixes);
      Actions.push_back(toJSON(A));
    }

    // Suppress: add the check to a NOLINT on the finding's line.
    auto Suppress = Work->suppression(
        File, static_cast<unsigned>(Diag.range.start.line) + 1, Diag.code);
    if (!Suppress)
      continue;
    CodeAction A;
    A.title = "suppress with NOLINT(" + Diag.code + ")";
    A.diagnostics = {Diag};
    A.edit.changes.emplace_back(
        P->textDocument.uri,
        toLSPEdits({*Suppress}, *D->Text, Work->encoding()));
    Actions.push_back(toJSON(A));
  }
  return Reply{std::move(Actions), std::nullopt};
}

LSPServer::Reply LSPServer::fixAll(const std::string &File, const URI &Uri) {
  json Actions = json::array();
  std::shared_ptr<const AnalysisResult> Current = Work->current(File);
  std::vector<FixIt> Fixes = Work->fixAll(File);
  if (!Current || Fixes.empty())
    return Reply{std::move(Actions), std::nullopt};
  CodeAction A;
  A.title = "apply every corolint fix in the file";
  A.kind = "source.fixAll.corolint";
  A.edit.changes.emplace_back(
      Uri, toLSPEdits(Fixes, *Current->Contents, Work->encoding()));
  Actions.push_back(toJSON(A));
  return Reply{std::move(Actions), std::nullopt};
}

LSPServer::Reply LSPServer::hover(const json &Params) {
  std::string Error;
  auto P = parseParams<TextDocumentPositionParams>(Params, Error);
  if (!P)
    return Reply::error(ErrorCode::InvalidParams, Error);
  std::string File = P->textDocument.uri.path();
  std::shared_ptr<const AnalysisResult> Current = Work->current(File);
  if (!Current)
    return Reply{nullptr, std::nullopt};
  // The position as a line and byte column of the analysed text.
  auto Offset = positionToOffset(*Current->Contents, P->position.toText(),
                                 Work->encoding());
  if (!Offset) {
    llvm::consumeError(Offset.takeError());
    return Reply{nullptr, std::nullopt};
  }
  llvm::StringRef Before =
      llvm::StringRef(*Current->Contents).take_front(*Offset);
  size_t LineStart = Before.rfind('\n');
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  std::optional<HoverInfo> Info =
      Work->hover(File, P->position.line + 1, *Offset - LineStart + 1);
  if (!Info)
    return Reply{nullptr, std::nullopt};
  std::vector<Diagnostic> Shown =
      toLSPDiagnostics({Info->Finding}, File, *Current->Contents,
                       Current->Version, Current->NoteSources, conversion());
  return Reply{toJSON(toLSPHover(*Info, Shown.front(), Caps.hoverMarkdown)),
               std::nullopt};
}

} // namespace corolint::lsp
