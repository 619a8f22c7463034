//===- Protocol.h - The parts of LSP 3.17 corolint speaks, as plain structs
//===//
//
// Each struct mirrors one interface of the specification, with the same
// field names, plus fromJSON (never throws; reports what is wrong) and toJSON.
// Nothing else lives here: no behaviour, no server state.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_LSP_PROTOCOL_H
#define COROLINT_LSP_PROTOCOL_H

#include "lsp/SourceText.h"
#include "lsp/Transport.h"
#include <optional>
#include <string>
#include <vector>

namespace corolint::lsp {

/// JSON-RPC and LSP error codes.
enum class ErrorCode {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  RequestFailed = -32803,
  ServerCancelled = -32802,
  ContentModified = -32801,
  RequestCancelled = -32800,
};

struct ResponseError {
  ErrorCode Code = ErrorCode::InternalError;
  std::string Message;
  json data; ///< Null when absent.
};
json toJSON(const ResponseError &E);

/// fromJSON reports problems as "params.textDocument.uri: expected a string".
class JSONPath {
public:
  explicit JSONPath(std::string Root = "params") : Where(std::move(Root)) {}
  JSONPath field(llvm::StringRef Name) const {
    return JSONPath(Where + "." + Name.str());
  }
  JSONPath index(size_t I) const {
    return JSONPath(Where + "[" + std::to_string(I) + "]");
  }
  /// Records the first problem; returns false for use in `return`.
  bool fail(llvm::StringRef What, std::string &Error) const {
    if (Error.empty())
      Error = Where + ": " + What.str();
    return false;
  }

private:
  std::string Where;
};

/// Reads a request's or notification's params into T, or says what is
/// wrong (for InvalidParams).
template <typename T>
std::optional<T> parseParams(const json &Params, std::string &Error);

/// A file:// URI and the path it names.
struct URI {
  std::string Text;
  /// The absolute path of a file: URI; empty for other schemes.
  std::string path() const;
  static URI fromPath(llvm::StringRef AbsolutePath);
  friend bool operator==(const URI &, const URI &) = default;
};

//===----------------------------------------------------------------------===//
// Basic structures
//===----------------------------------------------------------------------===//

struct Position {
  int line = 0;
  int character = 0;
  TextPosition toText() const {
    return {static_cast<unsigned>(line), static_cast<unsigned>(character)};
  }
  static Position fromText(TextPosition P) {
    return {static_cast<int>(P.Line), static_cast<int>(P.Character)};
  }
  friend bool operator==(const Position &, const Position &) = default;
  friend auto operator<=>(const Position &A, const Position &B) {
    return A.line != B.line ? A.line <=> B.line : A.character <=> B.character;
  }
};
bool fromJSON(const json &J, Position &Out, const JSONPath &P,
              std::string &Error);
json toJSON(const Position &V);

struct Range {
  Position start;
  Position end;
  bool contains(Position P) const { return start <= P && P <= end; }
  friend bool operator==(const Range &, const Range &) = default;
};
bool fromJSON(const json &J, Range &Out, const JSONPath &P, std::string &Error);
json toJSON(const Range &V);

struct Location {
  URI uri;
  Range range;
};
json toJSON(const Location &V);

struct TextEdit {
  Range range;
  std::string newText;
  friend bool operator==(const TextEdit &, const TextEdit &) = default;
};
bool fromJSON(const json &J, TextEdit &Out, const JSONPath &P,
              std::string &Error);
json toJSON(const TextEdit &V);

struct TextDocumentIdentifier {
  URI uri;
};
bool fromJSON(const json &J, TextDocumentIdentifier &Out, const JSONPath &P,
              std::string &Error);

struct TextDocumentItem {
  URI uri;
  std::string languageId;
  int version = 0;
  std::string text;
};
bool fromJSON(const json &J, TextDocumentItem &Out, const JSONPath &P,
              std::string &Error);

struct VersionedTextDocumentIdentifier {
  URI uri;
  int version = 0;
};
bool fromJSON(const json &J, VersionedTextDocumentIdentifier &Out,
              const JSONPath &P, std::string &Error);

struct TextDocumentPositionParams {
  TextDocumentIdentifier textDocument;
  Position position;
};
bool fromJSON(const json &J, TextDocumentPositionParams &Out, const JSONPath &P,
              std::string &Error);

//===----------------------------------------------------------------------===//
// Lifecycle
//===----------------------------------------------------------------------===//

/// What we read of ClientCapabilities.
struct ClientCapabilities {
  std::vector<std::string> positionEncodings; ///< general.positionEncodings
  /// The encodings came from clangd's pre-standard `offsetEncoding`; such a
  /// client reads the choice from the result's `offsetEncoding`.
  bool offsetEncodingExtension = false;
  bool diagnosticRelatedInformation = false;
  bool diagnosticCodeDescription = false;
  bool pullDiagnostics = false;   ///< textDocument.diagnostic present
  bool diagnosticRefresh = false; ///< workspace.diagnostics.refreshSupport
  /// The first of textDocument.hover.contentFormat that we can write is
  /// markdown (absent: plain text, which every client shows).
  bool hoverMarkdown = false;
  bool workDoneProgress = false;       ///< window.workDoneProgress
  bool workspaceConfiguration = false; ///< workspace.configuration
  bool watchedFilesDynamic = false;    ///< didChangeWatchedFiles registration
};
bool fromJSON(const json &J, ClientCapabilities &Out, const JSONPath &P,
              std::string &Error);

/// corolint's section of the editor's settings: initializationOptions, and
/// the "corolint" section of workspace/configuration and
/// didChangeConfiguration. Every member is optional; present ones replace
/// the current setting. Editors pass settings through unchecked, so a member
/// of the wrong type is ignored rather than refused.
struct CorolintSettings {
  std::optional<std::string> checks;
  std::optional<std::vector<std::string>> fallbackFlags;
  /// An empty string (or a non-string): search upward from each file again.
  std::optional<std::string> compilationDatabasePath;
  std::optional<bool> showCompilerErrors;
  std::optional<bool> backgroundIndex;
  std::optional<std::string> diagnosticMode; ///< "push", "pull" or "auto"
  std::optional<std::string> docsUrl;
};
bool fromJSON(const json &J, CorolintSettings &Out, const JSONPath &P,
              std::string &Error);

struct DidChangeConfigurationParams {
  /// settings.corolint, when the client sent it (else the server asks).
  std::optional<CorolintSettings> corolint;
};
bool fromJSON(const json &J, DidChangeConfigurationParams &Out,
              const JSONPath &P, std::string &Error);

struct InitializeParams {
  std::optional<URI> rootUri;
  ClientCapabilities capabilities;
  CorolintSettings initializationOptions;
};
bool fromJSON(const json &J, InitializeParams &Out, const JSONPath &P,
              std::string &Error);

//===----------------------------------------------------------------------===//
// Text synchronization
//===----------------------------------------------------------------------===//

struct DidOpenTextDocumentParams {
  TextDocumentItem textDocument;
};
bool fromJSON(const json &J, DidOpenTextDocumentParams &Out, const JSONPath &P,
              std::string &Error);

struct TextDocumentContentChangeEvent {
  std::optional<Range> range; ///< Absent: the whole document.
  std::string text;
};
bool fromJSON(const json &J, TextDocumentContentChangeEvent &Out,
              const JSONPath &P, std::string &Error);

struct DidChangeTextDocumentParams {
  VersionedTextDocumentIdentifier textDocument;
  std::vector<TextDocumentContentChangeEvent> contentChanges;
};
bool fromJSON(const json &J, DidChangeTextDocumentParams &Out,
              const JSONPath &P, std::string &Error);

struct DidCloseTextDocumentParams {
  TextDocumentIdentifier textDocument;
};
bool fromJSON(const json &J, DidCloseTextDocumentParams &Out, const JSONPath &P,
              std::string &Error);

struct FileEvent {
  URI uri;
  int type = 0;
};
struct DidChangeWatchedFilesParams {
  std::vector<FileEvent> changes;
};
bool fromJSON(const json &J, DidChangeWatchedFilesParams &Out,
              const JSONPath &P, std::string &Error);

//===----------------------------------------------------------------------===//
// Diagnostics
//===----------------------------------------------------------------------===//

enum class DiagnosticSeverity {
  Error = 1,
  Warning = 2,
  Information = 3,
  Hint = 4
};

struct DiagnosticRelatedInformation {
  Location location;
  std::string message;
};

/// What corolint keeps in a Diagnostic's `data` for codeAction: the
/// document version the finding was computed for, and its fix.
struct DiagnosticData {
  int version = 0;
  std::vector<TextEdit> fixes;
  friend bool operator==(const DiagnosticData &A, const DiagnosticData &B) {
    return A.version == B.version && A.fixes == B.fixes;
  }
};
bool fromJSON(const json &J, DiagnosticData &Out, const JSONPath &P,
              std::string &Error);
json toJSON(const DiagnosticData &V);

struct Diagnostic {
  Range range;
  DiagnosticSeverity severity = DiagnosticSeverity::Warning;
  std::string code;            ///< The check name.
  std::string codeDescription; ///< codeDescription.href; empty if none.
  std::string source = "corolint";
  std::string message;
  std::vector<DiagnosticRelatedInformation> relatedInformation;
  /// Our fix-its, for codeAction. `data` is the client's to keep as it
  /// likes (LSPAny): one handed back that does not decode is left out here.
  std::optional<DiagnosticData> data;
};
/// Reads a Diagnostic the client hands back (in codeAction's context).
bool fromJSON(const json &J, Diagnostic &Out, const JSONPath &P,
              std::string &Error);
json toJSON(const Diagnostic &V);

struct PublishDiagnosticsParams {
  URI uri;
  std::optional<int> version;
  std::vector<Diagnostic> diagnostics;
};
json toJSON(const PublishDiagnosticsParams &V);

struct DocumentDiagnosticParams {
  TextDocumentIdentifier textDocument;
  std::optional<std::string> previousResultId;
};
bool fromJSON(const json &J, DocumentDiagnosticParams &Out, const JSONPath &P,
              std::string &Error);

/// A full or unchanged report (kind "full" / "unchanged").
struct DocumentDiagnosticReport {
  bool unchanged = false;
  std::string resultId;
  std::vector<Diagnostic> items;
};
json toJSON(const DocumentDiagnosticReport &V);

struct PreviousResultId {
  URI uri;
  std::string value;
};
struct WorkspaceDiagnosticParams {
  std::vector<PreviousResultId> previousResultIds;
};
bool fromJSON(const json &J, WorkspaceDiagnosticParams &Out, const JSONPath &P,
              std::string &Error);

/// One document's report in a workspace/diagnostic answer.
struct WorkspaceDocumentDiagnosticReport {
  URI uri;
  std::optional<int> version; ///< Null for a document that is not open.
  DocumentDiagnosticReport report;
};
struct WorkspaceDiagnosticReport {
  std::vector<WorkspaceDocumentDiagnosticReport> items;
};
json toJSON(const WorkspaceDiagnosticReport &V);

//===----------------------------------------------------------------------===//
// Code actions and hover
//===----------------------------------------------------------------------===//

struct CodeActionContext {
  std::vector<Diagnostic> diagnostics;
  std::optional<std::vector<std::string>> only;
};

struct CodeActionParams {
  TextDocumentIdentifier textDocument;
  Range range;
  CodeActionContext context;
};
bool fromJSON(const json &J, CodeActionParams &Out, const JSONPath &P,
              std::string &Error);

struct WorkspaceEdit {
  /// uri -> edits, as the `changes` member.
  std::vector<std::pair<URI, std::vector<TextEdit>>> changes;
};
json toJSON(const WorkspaceEdit &V);

struct CodeAction {
  std::string title;
  std::string kind = "quickfix";
  std::vector<Diagnostic> diagnostics;
  bool isPreferred = false;
  WorkspaceEdit edit;
};
json toJSON(const CodeAction &V);

struct Hover {
  bool markdown = true; ///< MarkupContent's kind: markdown or plaintext.
  std::string value;
  std::optional<Range> range;
};
json toJSON(const Hover &V);

//===----------------------------------------------------------------------===//
// Requests of our own, progress, cancellation
//===----------------------------------------------------------------------===//

struct CancelParams {
  json id; ///< A number or a string, as sent.
};
bool fromJSON(const json &J, CancelParams &Out, const JSONPath &P,
              std::string &Error);

struct WorkDoneProgressBegin {
  std::string title;
  std::optional<std::string> message;
};
json toJSON(const WorkDoneProgressBegin &V);
struct WorkDoneProgressEnd {
  std::optional<std::string> message;
};
json toJSON(const WorkDoneProgressEnd &V);

template <typename T>
std::optional<T> parseParams(const json &Params, std::string &Error) {
  T Value;
  if (!fromJSON(Params, Value, JSONPath("params"), Error))
    return std::nullopt;
  return Value;
}

} // namespace corolint::lsp

#endif
