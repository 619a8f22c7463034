//===- Protocol.cpp - LSP structs to and from JSON ------------------------===//
#include "lsp/Protocol.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

namespace corolint::lsp {

//===----------------------------------------------------------------------===//
// Primitive readers and the object helper
//===----------------------------------------------------------------------===//

static bool fromJSON(const json &J, std::string &Out, const JSONPath &P,
                     std::string &Error) {
  if (!J.is_string())
    return P.fail("expected a string", Error);
  Out = J.get<std::string>();
  return true;
}

static bool fromJSON(const json &J, int &Out, const JSONPath &P,
                     std::string &Error) {
  if (!J.is_number_integer())
    return P.fail("expected an integer", Error);
  if (J.is_number_unsigned() && J.get<uint64_t>() > INT32_MAX)
    return P.fail("integer out of range", Error);
  auto V = J.get<int64_t>();
  if (V < INT32_MIN || V > INT32_MAX)
    return P.fail("integer out of range", Error);
  Out = static_cast<int>(V);
  return true;
}

static bool fromJSON(const json &J, json &Out, const JSONPath &,
                     std::string &) {
  Out = J;
  return true;
}

static bool fromJSON(const json &J, URI &Out, const JSONPath &P,
                     std::string &Error) {
  return fromJSON(J, Out.Text, P, Error);
}

template <typename T>
static bool fromJSON(const json &J, std::vector<T> &Out, const JSONPath &P,
                     std::string &Error) {
  if (!J.is_array())
    return P.fail("expected an array", Error);
  Out.clear();
  Out.resize(J.size());
  for (size_t I = 0; I < J.size(); ++I)
    if (!fromJSON(J[I], Out[I], P.index(I), Error))
      return false;
  return true;
}

template <typename T>
static bool fromJSON(const json &J, std::optional<T> &Out, const JSONPath &P,
                     std::string &Error) {
  if (J.is_null()) {
    Out.reset();
    return true;
  }
  T Value;
  if (!fromJSON(J, Value, P, Error))
    return false;
  Out = std::move(Value);
  return true;
}

namespace {
/// Reads the members of one JSON object; every failure names its path.
class ObjectReader {
public:
  ObjectReader(const json &J, const JSONPath &P, std::string &Error)
      : J(J), P(P), Error(Error), Ok(J.is_object()) {
    if (!Ok)
      P.fail("expected an object", Error);
  }
  explicit operator bool() const { return Ok; }

  template <typename T> ObjectReader &required(const char *Key, T &Out) {
    if (!Ok)
      return *this;
    auto It = J.find(Key);
    if (It == J.end())
      Ok = P.field(Key).fail("missing", Error);
    else
      Ok = fromJSON(*It, Out, P.field(Key), Error);
    return *this;
  }
  template <typename T> ObjectReader &optional(const char *Key, T &Out) {
    if (!Ok)
      return *this;
    auto It = J.find(Key);
    if (It != J.end() && !It->is_null())
      Ok = fromJSON(*It, Out, P.field(Key), Error);
    return *this;
  }

private:
  const json &J;
  const JSONPath &P;
  std::string &Error;
  bool Ok;
};

/// J[Path...] if every step exists, else null.
const json &dig(const json &J, std::initializer_list<const char *> Path) {
  static const json Null;
  const json *Cur = &J;
  for (const char *Key : Path) {
    if (!Cur->is_object())
      return Null;
    auto It = Cur->find(Key);
    if (It == Cur->end())
      return Null;
    Cur = &*It;
  }
  return *Cur;
}

bool digBool(const json &J, std::initializer_list<const char *> Path) {
  const json &V = dig(J, Path);
  return V.is_boolean() && V.get<bool>();
}
} // namespace

json toJSON(const ResponseError &E) {
  json J = {{"code", static_cast<int>(E.Code)}, {"message", E.Message}};
  if (!E.data.is_null())
    J["data"] = E.data;
  return J;
}

//===----------------------------------------------------------------------===//
// URI
//===----------------------------------------------------------------------===//

std::string URI::path() const {
  llvm::StringRef Rest(Text);
  if (!Rest.consume_front("file://"))
    return "";
  // An authority ("file://host/...") other than localhost is not ours.
  if (!Rest.starts_with("/")) {
    if (!Rest.consume_front("localhost"))
      return "";
  }
  std::string Path;
  for (size_t I = 0; I < Rest.size(); ++I) {
    unsigned Hi, Lo;
    if (Rest[I] == '%' && I + 2 < Rest.size() &&
        (Hi = llvm::hexDigitValue(Rest[I + 1])) != ~0U &&
        (Lo = llvm::hexDigitValue(Rest[I + 2])) != ~0U) {
      Path.push_back(static_cast<char>(Hi * 16 + Lo));
      I += 2;
    } else {
      Path.push_back(Rest[I]);
    }
  }
  return Path;
}

URI URI::fromPath(llvm::StringRef AbsolutePath) {
  std::string Text = "file://";
  for (unsigned char C : AbsolutePath) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-_.~+").contains(C)) {
      Text.push_back(C);
    } else {
      Text.push_back('%');
      Text.push_back(llvm::hexdigit(C >> 4));
      Text.push_back(llvm::hexdigit(C & 15));
    }
  }
  return URI{Text};
}

//===----------------------------------------------------------------------===//
// Basic structures
//===----------------------------------------------------------------------===//

bool fromJSON(const json &J, Position &Out, const JSONPath &P,
              std::string &Error) {
  if (!ObjectReader(J, P, Error)
           .required("line", Out.line)
           .required("character", Out.character))
    return false;
  if (Out.line < 0 || Out.character < 0)
    return P.fail("negative position", Error);
  return true;
}
json toJSON(const Position &V) {
  return {{"line", V.line}, {"character", V.character}};
}

bool fromJSON(const json &J, Range &Out, const JSONPath &P,
              std::string &Error) {
  return static_cast<bool>(ObjectReader(J, P, Error)
                               .required("start", Out.start)
                               .required("end", Out.end));
}
json toJSON(const Range &V) {
  return {{"start", toJSON(V.start)}, {"end", toJSON(V.end)}};
}

json toJSON(const Location &V) {
  return {{"uri", V.uri.Text}, {"range", toJSON(V.range)}};
}

bool fromJSON(const json &J, TextEdit &Out, const JSONPath &P,
              std::string &Error) {
  return static_cast<bool>(ObjectReader(J, P, Error)
                               .required("range", Out.range)
                               .required("newText", Out.newText));
}
json toJSON(const TextEdit &V) {
  return {{"range", toJSON(V.range)}, {"newText", V.newText}};
}

bool fromJSON(const json &J, TextDocumentIdentifier &Out, const JSONPath &P,
              std::string &Error) {
  return static_cast<bool>(ObjectReader(J, P, Error).required("uri", Out.uri));
}

bool fromJSON(const json &J, TextDocumentItem &Out, const JSONPath &P,
              std::string &Error) {
  return static_cast<bool>(ObjectReader(J, P, Error)
                               .required("uri", Out.uri)
                               .optional("languageId", Out.languageId)
                               .required("version", Out.version)
                               .required("text", Out.text));
}

bool fromJSON(const json &J, VersionedTextDocumentIdentifier &Out,
              const JSONPath &P, std::string &Error) {
  return static_cast<bool>(ObjectReader(J, P, Error)
                               .required("uri", Out.uri)
                               .required("version", Out.version));
}

bool fromJSON(const json &J, TextDocumentPositionParams &Out, const JSONPath &P,
              std::string &Error) {
  return static_cast<bool>(ObjectReader(J, P, Error)
                               .required("textDocument", Out.textDocument)
                               .required("position", Out.position));
}

//===----------------------------------------------------------------------===//
// Lifecycle
//===----------------------------------------------------------------------===//

bool fromJSON(const json &J, ClientCapabilities &Out, const JSONPath &P,
              std::string &Error) {
  if (!J.is_object())
    return P.fail("expected an object", Error);
  const json &Encodings = dig(J, {"general", "positionEncodings"});
  if (Encodings.is_array())
    for (const json &E : Encodings)
      if (E.is_string())
        Out.positionEncodings.push_back(E.get<std::string>());
  // clangd's pre-standard spelling, still sent by some clients.
  const json &Legacy = dig(J, {"offsetEncoding"});
  if (Out.positionEncodings.empty() && Legacy.is_array()) {
    Out.offsetEncodingExtension = true;
    for (const json &E : Legacy)
      if (E.is_string())
        Out.positionEncodings.push_back(E.get<std::string>());
  }

  const json &Publish = dig(J, {"textDocument", "publishDiagnostics"});
  Out.diagnosticRelatedInformation = digBool(Publish, {"relatedInformation"});
  Out.diagnosticCodeDescription = digBool(Publish, {"codeDescriptionSupport"});
  Out.pullDiagnostics = dig(J, {"textDocument", "diagnostic"}).is_object();
  Out.diagnosticRefresh =
      digBool(J, {"workspace", "diagnostics", "refreshSupport"});
  const json &HoverFormats = dig(J, {"textDocument", "hover", "contentFormat"});
  if (HoverFormats.is_array())
    for (const json &F : HoverFormats)
      if (F == "markdown" || F == "plaintext") {
        Out.hoverMarkdown = F == "markdown";
        break;
      }
  Out.workDoneProgress = digBool(J, {"window", "workDoneProgress"});
  Out.workspaceConfiguration = digBool(J, {"workspace", "configuration"});
  Out.watchedFilesDynamic =
      digBool(J, {"workspace", "didChangeWatchedFiles", "dynamicRegistration"});
  return true;
}

bool fromJSON(const json &J, CorolintSettings &Out, const JSONPath &,
              std::string &) {
  if (!J.is_object())
    return true;
  auto String = [&](const char *Key, std::optional<std::string> &To) {
    if (auto It = J.find(Key); It != J.end() && It->is_string())
      To = It->get<std::string>();
  };
  auto Bool = [&](const char *Key, std::optional<bool> &To) {
    if (auto It = J.find(Key); It != J.end() && It->is_boolean())
      To = It->get<bool>();
  };
  String("checks", Out.checks);
  if (auto It = J.find("fallbackFlags"); It != J.end() && It->is_array()) {
    Out.fallbackFlags.emplace();
    for (const json &F : *It)
      if (F.is_string())
        Out.fallbackFlags->push_back(F.get<std::string>());
  }
  if (auto It = J.find("compilationDatabasePath"); It != J.end())
    Out.compilationDatabasePath =
        It->is_string() ? It->get<std::string>() : std::string();
  Bool("showCompilerErrors", Out.showCompilerErrors);
  Bool("backgroundIndex", Out.backgroundIndex);
  String("diagnosticMode", Out.diagnosticMode);
  String("docsUrl", Out.docsUrl);
  return true;
}

bool fromJSON(const json &J, DidChangeConfigurationParams &Out,
              const JSONPath &P, std::string &Error) {
  const json &Section = dig(J, {"settings", "corolint"});
  if (Section.is_object()) {
    Out.corolint.emplace();
    return fromJSON(Section, *Out.corolint, P.field("settings.corolint"),
                    Error);
  }
  return true;
}

bool fromJSON(const json &J, InitializeParams &Out, const JSONPath &P,
              std::string &Error) {
  ObjectReader R(J, P, Error);
  R.optional("rootUri", Out.rootUri)
      .optional("capabilities", Out.capabilities)
      .optional("initializationOptions", Out.initializationOptions);
  if (R && !Out.rootUri) {
    // rootPath is deprecated but some clients still send only it.
    std::optional<std::string> RootPath;
    R.optional("rootPath", RootPath);
    if (RootPath && llvm::sys::path::is_absolute(*RootPath))
      Out.rootUri = URI::fromPath(*RootPath);
  }
  return static_cast<bool>(R);
}

//===----------------------------------------------------------------------===//
// Text synchronization
//===----------------------------------------------------------------------===//

bool fromJSON(const json &J, DidOpenTextDocumentParams &Out, const JSONPath &P,
              std::string &Error) {
  return static_cast<bool>(
      ObjectReader(J, P, Error).required("textDocument", Out.textDocument));
}

bool fromJSON(const json &J, TextDocumentContentChangeEvent &Out,
              const JSONPath &P, std::string &Error) {
  return static_cast<bool>(ObjectReader(J, P, Error)
                               .optional("range", Out.range)
                               .required("text", Out.text));
}

bool fromJSON(const json &J, DidChangeTextDocumentParams &Out,
              const JSONPath &P, std::string &Error) {
  return static_cast<bool>(ObjectReader(J, P, Error)
                               .required("textDocument", Out.textDocument)
                               .required("contentChanges", Out.contentChanges));
}

bool fromJSON(const json &J, DidCloseTextDocumentParams &Out, const JSONPath &P,
              std::string &Error) {
  return static_cast<bool>(
      ObjectReader(J, P, Error).required("textDocument", Out.textDocument));
}

static bool fromJSON(const json &J, FileEvent &Out, const JSONPath &P,
                     std::string &Error) {
  return static_cast<bool>(ObjectReader(J, P, Error)
                               .required("uri", Out.uri)
                               .required("type", Out.type));
}

bool fromJSON(const json &J, DidChangeWatchedFilesParams &Out,
              const JSONPath &P, std::string &Error) {
  return static_cast<bool>(
      ObjectReader(J, P, Error).required("changes", Out.changes));
}

//===----------------------------------------------------------------------===//
// Diagnostics
//===----------------------------------------------------------------------===//

static bool fromJSON(const json &J, DiagnosticRelatedInformation &Out,
                     const JSONPath &P, std::string &Error) {
  json Location;
  ObjectReader R(J, P, Error);
  R.required("location", Location).required("message", Out.message);
  if (!R)
    return false;
  return static_cast<bool>(ObjectReader(Location, P.field("location"), Error)
                               .required("uri", Out.location.uri)
                               .required("range", Out.location.range));
}

bool fromJSON(const json &J, DiagnosticData &Out, const JSONPath &P,
              std::string &Error) {
  return static_cast<bool>(ObjectReader(J, P, Error)
                               .required("version", Out.version)
                               .required("fixes", Out.fixes));
}

json toJSON(const DiagnosticData &V) {
  json Fixes = json::array();
  for (const TextEdit &E : V.fixes)
    Fixes.push_back(toJSON(E));
  return {{"version", V.version}, {"fixes", std::move(Fixes)}};
}

bool fromJSON(const json &J, Diagnostic &Out, const JSONPath &P,
              std::string &Error) {
  int Severity = static_cast<int>(DiagnosticSeverity::Warning);
  json Code;
  json Data;
  ObjectReader R(J, P, Error);
  R.required("range", Out.range)
      .optional("severity", Severity)
      .optional("code", Code)
      .optional("source", Out.source)
      .required("message", Out.message)
      .optional("relatedInformation", Out.relatedInformation)
      .optional("data", Data);
  if (!R)
    return false;
  if (Severity < static_cast<int>(DiagnosticSeverity::Error) ||
      Severity > static_cast<int>(DiagnosticSeverity::Hint))
    return P.field("severity").fail("expected 1 to 4", Error);
  Out.severity = static_cast<DiagnosticSeverity>(Severity);
  // What comes back in `data` is untrusted: if it is not what we sent, the
  // server falls back on its own result.
  DiagnosticData Decoded;
  std::string Ignored;
  if (!Data.is_null() && fromJSON(Data, Decoded, P.field("data"), Ignored))
    Out.data = std::move(Decoded);
  if (Code.is_string())
    Out.code = Code.get<std::string>();
  else if (Code.is_number_integer())
    Out.code = std::to_string(Code.get<int64_t>());
  return true;
}

json toJSON(const Diagnostic &V) {
  json J = {{"range", toJSON(V.range)},
            {"severity", static_cast<int>(V.severity)},
            {"source", V.source},
            {"message", V.message}};
  if (!V.code.empty())
    J["code"] = V.code;
  if (!V.codeDescription.empty())
    J["codeDescription"] = {{"href", V.codeDescription}};
  if (!V.relatedInformation.empty()) {
    json Related = json::array();
    for (const auto &R : V.relatedInformation)
      Related.push_back(
          {{"location", toJSON(R.location)}, {"message", R.message}});
    J["relatedInformation"] = std::move(Related);
  }
  if (V.data)
    J["data"] = toJSON(*V.data);
  return J;
}

static json toJSON(const std::vector<Diagnostic> &Diags) {
  json A = json::array();
  for (const auto &D : Diags)
    A.push_back(toJSON(D));
  return A;
}

json toJSON(const PublishDiagnosticsParams &V) {
  json J = {{"uri", V.uri.Text}, {"diagnostics", toJSON(V.diagnostics)}};
  if (V.version)
    J["version"] = *V.version;
  return J;
}

bool fromJSON(const json &J, DocumentDiagnosticParams &Out, const JSONPath &P,
              std::string &Error) {
  return static_cast<bool>(
      ObjectReader(J, P, Error)
          .required("textDocument", Out.textDocument)
          .optional("previousResultId", Out.previousResultId));
}

json toJSON(const DocumentDiagnosticReport &V) {
  if (V.unchanged)
    return {{"kind", "unchanged"}, {"resultId", V.resultId}};
  return {
      {"kind", "full"}, {"resultId", V.resultId}, {"items", toJSON(V.items)}};
}

static bool fromJSON(const json &J, PreviousResultId &Out, const JSONPath &P,
                     std::string &Error) {
  return static_cast<bool>(ObjectReader(J, P, Error)
                               .required("uri", Out.uri)
                               .required("value", Out.value));
}

bool fromJSON(const json &J, WorkspaceDiagnosticParams &Out, const JSONPath &P,
              std::string &Error) {
  return static_cast<bool>(
      ObjectReader(J, P, Error)
          .required("previousResultIds", Out.previousResultIds));
}

json toJSON(const WorkspaceDiagnosticReport &V) {
  json Items = json::array();
  for (const WorkspaceDocumentDiagnosticReport &D : V.items) {
    json J = toJSON(D.report);
    J["uri"] = D.uri.Text;
    J["version"] = D.version ? json(*D.version) : json(nullptr);
    Items.push_back(std::move(J));
  }
  return {{"items", std::move(Items)}};
}

//===----------------------------------------------------------------------===//
// Code actions and hover
//===----------------------------------------------------------------------===//

static bool fromJSON(const json &J, CodeActionContext &Out, const JSONPath &P,
                     std::string &Error) {
  return static_cast<bool>(ObjectReader(J, P, Error)
                               .required("diagnostics", Out.diagnostics)
                               .optional("only", Out.only));
}

bool fromJSON(const json &J, CodeActionParams &Out, const JSONPath &P,
              std::string &Error) {
  return static_cast<bool>(ObjectReader(J, P, Error)
                               .required("textDocument", Out.textDocument)
                               .required("range", Out.range)
                               .required("context", Out.context));
}

json toJSON(const WorkspaceEdit &V) {
  json Changes = json::object();
  for (const auto &[Uri, Edits] : V.changes) {
    json &List = Changes[Uri.Text];
    if (!List.is_array())
      List = json::array();
    for (const auto &E : Edits)
      List.push_back(toJSON(E));
  }
  return {{"changes", std::move(Changes)}};
}

json toJSON(const CodeAction &V) {
  json J = {{"title", V.title}, {"kind", V.kind}, {"edit", toJSON(V.edit)}};
  if (!V.diagnostics.empty())
    J["diagnostics"] = toJSON(V.diagnostics);
  if (V.isPreferred)
    J["isPreferred"] = true;
  return J;
}

json toJSON(const Hover &V) {
  json J = {
      {"contents",
       {{"kind", V.markdown ? "markdown" : "plaintext"}, {"value", V.value}}}};
  if (V.range)
    J["range"] = toJSON(*V.range);
  return J;
}

//===----------------------------------------------------------------------===//
// Cancellation and progress
//===----------------------------------------------------------------------===//

bool fromJSON(const json &J, CancelParams &Out, const JSONPath &P,
              std::string &Error) {
  if (!ObjectReader(J, P, Error).required("id", Out.id))
    return false;
  if (!Out.id.is_number_integer() && !Out.id.is_string())
    return P.field("id").fail("expected a number or a string", Error);
  return true;
}

json toJSON(const WorkDoneProgressBegin &V) {
  json J = {{"kind", "begin"}, {"title", V.title}, {"cancellable", false}};
  if (V.message)
    J["message"] = *V.message;
  return J;
}

json toJSON(const WorkDoneProgressEnd &V) {
  json J = {{"kind", "end"}};
  if (V.message)
    J["message"] = *V.message;
  return J;
}

} // namespace corolint::lsp
