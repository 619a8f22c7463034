//===- Server.cpp - LSP messages onto the scheduler and the checks --------===//
//
// One coroutine per request, started on the loop the moment its message is
// read, so it sees every earlier notification applied; notifications are
// applied in order, synchronously. Nothing here blocks: Clang work is awaited
// from the worker pool through the Scheduler.
//
//===----------------------------------------------------------------------===//
#include "lsp/Server.h"
#include "analyzer/Analysis.h"
#include "analyzer/Compilation.h"
#include "analyzer/Config.h"
#include "analyzer/Fixes.h"
#include "analyzer/Runner.h"
#include "analyzer/SummaryIndex.h"
#include "analyzer/Suppression.h"
#include "checks/Registry.h"
#include "corolint/BuildInfo.h"
#include "lsp/Async.h"
#include "lsp/DocumentAnalysis.h"
#include "lsp/Protocol.h"
#include "lsp/Scheduler.h"
#include "lsp/SourceText.h"
#include "lsp/Transport.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include <cstdio>
#include <thread>

#ifndef COROLINT_SOURCE_DOCS_URL
#define COROLINT_SOURCE_DOCS_URL ""
#endif

namespace corolint::lsp {
namespace {

/// What a request handler answers: a result or an error.
struct Reply {
  json Result;
  std::optional<ResponseError> Error;

  static Reply error(ErrorCode Code, std::string Message) {
    return Reply{nullptr, ResponseError{Code, std::move(Message)}};
  }
};

/// The settings an editor can give: initializationOptions, or the "corolint"
/// section of workspace/configuration and didChangeConfiguration.
struct EditorSettings {
  std::string Checks; ///< Added after .corolint.yaml's.
  std::vector<std::string> FallbackFlags{"-std=c++20"};
  std::optional<std::string> CompilationDatabasePath;
  bool ShowCompilerErrors = true;
  /// Summarise the compile database's other files in the background, so
  /// that blocking calls reached through them are found.
  bool BackgroundIndex = true;
  enum class Diagnostics { Auto, Push, Pull } Mode = Diagnostics::Auto;
  /// The docs/ folder that codeDescription links point into.
  std::string DocsUrl = llvm::StringRef(COROLINT_DOCS_URL).empty()
                            ? COROLINT_SOURCE_DOCS_URL
                            : COROLINT_DOCS_URL;

  /// Applies the members present in J; unknown members are ignored.
  void merge(const json &J) {
    if (!J.is_object())
      return;
    if (auto It = J.find("checks"); It != J.end() && It->is_string())
      Checks = It->get<std::string>();
    if (auto It = J.find("fallbackFlags"); It != J.end() && It->is_array()) {
      FallbackFlags.clear();
      for (const json &F : *It)
        if (F.is_string())
          FallbackFlags.push_back(F.get<std::string>());
    }
    if (auto It = J.find("compilationDatabasePath"); It != J.end()) {
      if (It->is_string() && !It->get<std::string>().empty())
        CompilationDatabasePath = It->get<std::string>();
      else
        CompilationDatabasePath.reset();
    }
    if (auto It = J.find("showCompilerErrors");
        It != J.end() && It->is_boolean())
      ShowCompilerErrors = It->get<bool>();
    if (auto It = J.find("backgroundIndex"); It != J.end() && It->is_boolean())
      BackgroundIndex = It->get<bool>();
    if (auto It = J.find("diagnosticMode"); It != J.end() && It->is_string()) {
      std::string M = It->get<std::string>();
      Mode = M == "push"   ? Diagnostics::Push
             : M == "pull" ? Diagnostics::Pull
                           : Diagnostics::Auto;
    }
    if (auto It = J.find("docsUrl"); It != J.end() && It->is_string())
      DocsUrl = It->get<std::string>();
  }
};

/// An open document's draft.
struct Draft {
  URI Uri;
  int Version = 0;
  std::shared_ptr<const std::string> Text;
};

/// Parses params into T, or says what is wrong (for InvalidParams).
template <typename T>
std::optional<T> parseParams(const json &Params, std::string &Error) {
  T Value;
  if (!fromJSON(Params, Value, JSONPath("params"), Error))
    return std::nullopt;
  return Value;
}

std::string idKey(const json &Id) { return dumpJSON(Id); }

/// Runs a handler. Parameters are decoded without exceptions, so one that
/// escapes is a bug; it fails this message only, never the server.
template <typename Fn> Reply guarded(const std::string &Method, Fn &&Handler) {
  try {
    return Handler();
  } catch (const std::exception &E) {
    log(LogLevel::Error, Method + " failed: " + E.what());
    return Reply::error(ErrorCode::InternalError,
                        Method + " failed: " + E.what());
  }
}

class LanguageServer {
public:
  LanguageServer(Executor &Loop, Transport &Out, WorkerPool &Pool,
                 WorkerPool &IndexPool, EditorSettings Defaults,
                 std::optional<DebouncePolicy> FixedDebounce,
                 AnalyzerFactory Analyzers)
      : Loop(Loop), Out(Out), IndexPool(IndexPool),
        Settings(std::move(Defaults)),
        Sched(
            Loop, Pool, std::move(Analyzers),
            [this](const std::string &File,
                   std::shared_ptr<const AnalysisResult> R) {
              onAnalysis(File, std::move(R));
            },
            FixedDebounce.value_or(DebouncePolicy{})) {}

  /// One message from the transport, on the loop.
  void onMessage(json Message);
  /// A frame that could not be read as JSON.
  void onParseError(const std::string &Problem) {
    log(LogLevel::Error, "parse error: " + Problem);
    replyError(nullptr, {ErrorCode::ParseError, Problem});
  }
  void onEndOfInput() {
    log(LogLevel::Info, "input closed");
    Loop.stop(ShutdownRequested ? 0 : 1);
  }

private:
  // Messages.
  void onRequest(json Id, std::string Method, json Params);
  void onNotification(const std::string &Method, const json &Params);
  void onResponse(const json &Message);
  Task<void> runRequest(json Id, std::string Method, json Params,
                        std::shared_ptr<CancellationSource> Cancel);
  Task<Reply> dispatch(const std::string &Method, const json &Params,
                       CancellationToken Token);
  void reply(const json &Id, json Result) {
    Out.send({{"jsonrpc", "2.0"}, {"id", Id}, {"result", std::move(Result)}});
  }
  void replyError(const json &Id, const ResponseError &E) {
    Out.send({{"jsonrpc", "2.0"}, {"id", Id}, {"error", toJSON(E)}});
  }
  void notify(llvm::StringRef Method, json Params) {
    Out.send({{"jsonrpc", "2.0"},
              {"method", Method.str()},
              {"params", std::move(Params)}});
  }

  /// `std::optional<json> R = co_await call(M, P)`: a request to the
  /// client; its result, or nullopt if the client answered with an error.
  auto call(std::string Method, json Params) {
    struct Awaiter {
      LanguageServer &S;
      std::string Method;
      json Params;
      std::optional<json> Result;
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<> H) {
        int Id = S.NextOutgoingId++;
        S.Outgoing[Id] = [this, H](std::optional<json> R) {
          Result = std::move(R);
          H.resume();
        };
        json Request = {{"jsonrpc", "2.0"}, {"id", Id}, {"method", Method}};
        // JSON-RPC allows params to be omitted, not to be null.
        if (!Params.is_null())
          Request["params"] = std::move(Params);
        S.Out.send(Request);
      }
      std::optional<json> await_resume() { return std::move(Result); }
    };
    return Awaiter{*this, std::move(Method), std::move(Params), std::nullopt};
  }

  // Lifecycle.
  Reply initialize(const json &Params);
  Task<void> afterInitialized();
  Task<void> pullConfiguration();
  void applySettings();

  // Documents.
  void didOpen(const json &Params);
  void didChange(const json &Params);
  void didClose(const json &Params);
  void didChangeWatchedFiles(const json &Params);
  void schedule(const std::string &File);
  /// The open documents whose last analysis read Header.
  std::vector<std::string> dependents(const std::string &Header) const;
  void reanalyzeAll();
  Task<void> reportProgress(std::string File);
  Task<void> indexProject(unsigned Generation);
  Task<void> refreshDiagnostics();
  void startIndexing();
  std::string projectDatabaseDir() const;

  // Features.
  void onAnalysis(const std::string &File,
                  std::shared_ptr<const AnalysisResult> Result);
  std::vector<lsp::Diagnostic> toLSP(const AnalysisResult &R,
                                     const URI &Uri) const;
  Task<Reply> pullDiagnostics(const json &Params, CancellationToken Token);
  Reply codeActions(const json &Params);
  /// One source.fixAll action with every finding's fix, for a whole file.
  Reply fixAll(const Draft &D);
  Reply hover(const json &Params);
  const Draft *draftFor(const URI &Uri, std::string &File) const;

  bool pushDiagnostics() const {
    if (Settings.Mode == EditorSettings::Diagnostics::Push)
      return true;
    if (Settings.Mode == EditorSettings::Diagnostics::Pull)
      return false;
    return !Caps.pullDiagnostics;
  }

  Executor &Loop;
  Transport &Out;
  /// One thread for background indexing, so that it never queues ahead of
  /// the open documents' analyses.
  WorkerPool &IndexPool;
  /// Command-line defaults, then initializationOptions, then the client's
  /// configuration, each overriding the last.
  EditorSettings Settings;
  Scheduler Sched;

  bool Initialized = false;
  bool ShutdownRequested = false;
  OffsetEncoding Encoding = OffsetEncoding::UTF16;
  ClientCapabilities Caps;
  json InitOptions;
  std::string RootPath;

  std::shared_ptr<const ProjectSettings> Project;
  /// What each function of the project reaches, from the open documents and
  /// the background index; read and updated from worker threads.
  std::shared_ptr<SummaryIndex> Index = std::make_shared<SummaryIndex>();
  /// Bumped to stop a background indexing run that configuration replaced.
  unsigned IndexGeneration = 0;
  /// Set once the client is initialized (and configured, if it can be).
  bool ReadyToIndex = false;

  llvm::StringMap<Draft> Drafts;
  /// Requests in flight, by id, for $/cancelRequest.
  std::map<std::string, std::shared_ptr<CancellationSource>> InFlight;
  int NextOutgoingId = 0;
  std::map<int, std::function<void(std::optional<json>)>> Outgoing;
  unsigned NextProgressToken = 0;
};

//===----------------------------------------------------------------------===//
// Messages
//===----------------------------------------------------------------------===//

void LanguageServer::onMessage(json Message) {
  if (!Message.is_object()) {
    replyError(nullptr, {ErrorCode::InvalidRequest,
                         "a message must be a JSON object (batches are not "
                         "part of LSP)"});
    return;
  }
  auto MethodIt = Message.find("method");
  auto IdIt = Message.find("id");
  json Params = Message.contains("params") ? Message["params"] : json(nullptr);
  bool HasId = IdIt != Message.end();
  if (HasId && !IdIt->is_number_integer() && !IdIt->is_string()) {
    replyError(nullptr,
               {ErrorCode::InvalidRequest, "id must be a number or a string"});
    return;
  }
  if (MethodIt == Message.end()) {
    if (HasId && (Message.contains("result") || Message.contains("error")))
      return onResponse(Message);
    replyError(HasId ? *IdIt : json(nullptr),
               {ErrorCode::InvalidRequest, "message without a method"});
    return;
  }
  if (!MethodIt->is_string()) {
    if (HasId)
      replyError(*IdIt, {ErrorCode::InvalidRequest, "method must be a string"});
    return;
  }
  std::string Method = MethodIt->get<std::string>();
  if (HasId) {
    onRequest(*IdIt, std::move(Method), std::move(Params));
    return;
  }
  guarded(Method, [&] {
    onNotification(Method, Params);
    return Reply{};
  });
}

void LanguageServer::onResponse(const json &Message) {
  const json &Id = Message["id"];
  if (!Id.is_number_integer())
    return;
  auto It = Outgoing.find(Id.get<int>());
  if (It == Outgoing.end()) {
    log(LogLevel::Info, "response to an unknown request " + dumpJSON(Id));
    return;
  }
  auto Resume = std::move(It->second);
  Outgoing.erase(It);
  if (Message.contains("error")) {
    log(LogLevel::Info,
        "client answered with an error: " + dumpJSON(Message["error"]));
    Resume(std::nullopt);
    return;
  }
  Resume(Message.contains("result") ? Message["result"] : json(nullptr));
}

void LanguageServer::onRequest(json Id, std::string Method, json Params) {
  if (ShutdownRequested) {
    replyError(Id, {ErrorCode::InvalidRequest,
                    "the server is shutting down; only exit is accepted"});
    return;
  }
  if (!Initialized && Method != "initialize") {
    replyError(
        Id, {ErrorCode::ServerNotInitialized, "the server is not initialized"});
    return;
  }
  std::string Key = idKey(Id);
  if (InFlight.count(Key)) {
    replyError(Id, {ErrorCode::InvalidRequest,
                    "a request with id " + Key + " is still in flight"});
    return;
  }
  auto Cancel = std::make_shared<CancellationSource>();
  InFlight[Key] = Cancel;
  Loop.start(runRequest(std::move(Id), std::move(Method), std::move(Params),
                        std::move(Cancel)));
}

Task<void>
LanguageServer::runRequest(json Id, std::string Method, json Params,
                           std::shared_ptr<CancellationSource> Cancel) {
  auto Started = Clock::now();
  Reply R = co_await dispatch(Method, Params, Cancel->token());
  InFlight.erase(idKey(Id));
  if (Cancel->isCancelled() && !R.Error)
    R = Reply::error(ErrorCode::RequestCancelled, "request cancelled");
  if (R.Error)
    replyError(Id, *R.Error);
  else
    reply(Id, std::move(R.Result));
  log(LogLevel::Verbose,
      llvm::formatv("{0} ({1}) answered in {2} ms", Method, idKey(Id),
                    std::chrono::duration_cast<std::chrono::milliseconds>(
                        Clock::now() - Started)
                        .count())
          .str());
}

Task<Reply> LanguageServer::dispatch(const std::string &Method,
                                     const json &Params,
                                     CancellationToken Token) {
  if (Method == "initialize")
    co_return guarded(Method, [&] { return initialize(Params); });
  if (Method == "shutdown") {
    ShutdownRequested = true;
    co_return Reply{nullptr, std::nullopt};
  }
  if (Method == "textDocument/diagnostic")
    co_return co_await pullDiagnostics(Params, Token);
  if (Method == "textDocument/codeAction")
    co_return guarded(Method, [&] { return codeActions(Params); });
  if (Method == "textDocument/hover")
    co_return guarded(Method, [&] { return hover(Params); });
  co_return Reply::error(ErrorCode::MethodNotFound,
                         "method not found: " + Method);
}

void LanguageServer::onNotification(const std::string &Method,
                                    const json &Params) {
  if (Method == "exit") {
    Loop.stop(ShutdownRequested ? 0 : 1);
    return;
  }
  if (Method == "$/cancelRequest") {
    std::string Error;
    if (auto P = parseParams<CancelParams>(Params, Error)) {
      auto It = InFlight.find(idKey(P->id));
      if (It != InFlight.end())
        It->second->cancel();
    } else {
      log(LogLevel::Error, "$/cancelRequest: " + Error);
    }
    return;
  }
  if (!Initialized || ShutdownRequested) {
    log(LogLevel::Info,
        "ignored " + Method + " (not initialized or shut down)");
    return;
  }
  if (Method == "initialized")
    Loop.start(afterInitialized());
  else if (Method == "textDocument/didOpen")
    didOpen(Params);
  else if (Method == "textDocument/didChange")
    didChange(Params);
  else if (Method == "textDocument/didClose")
    didClose(Params);
  else if (Method == "workspace/didChangeConfiguration") {
    const json *Section = nullptr;
    if (Params.is_object() && Params.contains("settings") &&
        Params["settings"].is_object() &&
        Params["settings"].contains("corolint"))
      Section = &Params["settings"]["corolint"];
    if (Section) {
      Settings.merge(*Section);
      applySettings();
    } else if (Caps.workspaceConfiguration) {
      Loop.start(pullConfiguration());
    }
  } else if (Method == "workspace/didChangeWatchedFiles")
    didChangeWatchedFiles(Params);
  else
    log(LogLevel::Verbose, "ignored notification " + Method);
}

//===----------------------------------------------------------------------===//
// Lifecycle and configuration
//===----------------------------------------------------------------------===//

Reply LanguageServer::initialize(const json &Params) {
  if (Initialized)
    return Reply::error(ErrorCode::InvalidRequest,
                        "initialize was already called");
  std::string Error;
  auto P = parseParams<InitializeParams>(Params, Error);
  if (!P)
    return Reply::error(ErrorCode::InvalidParams, Error);
  Initialized = true;
  Caps = P->capabilities;
  for (const std::string &E : Caps.positionEncodings)
    if (E == "utf-8")
      Encoding = OffsetEncoding::UTF8;
  if (P->rootUri)
    RootPath = P->rootUri->path();
  InitOptions = P->initializationOptions;
  Settings.merge(InitOptions);
  applySettings();

  json Capabilities = {
      {"positionEncoding", encodingName(Encoding).str()},
      {"textDocumentSync",
       {{"openClose", true}, {"change", 2}, {"save", false}}},
      {"codeActionProvider",
       {{"codeActionKinds", {"quickfix", "source.fixAll.corolint"}},
        {"resolveProvider", false}}},
      {"hoverProvider", true},
  };
  if (!pushDiagnostics())
    Capabilities["diagnosticProvider"] = {{"identifier", "corolint"},
                                          {"interFileDependencies", false},
                                          {"workspaceDiagnostics", false}};
  log(LogLevel::Info,
      llvm::formatv("initialized: {0} positions, {1} diagnostics",
                    encodingName(Encoding),
                    pushDiagnostics() ? "pushed" : "pulled")
          .str());
  json Result = {
      {"capabilities", std::move(Capabilities)},
      {"serverInfo", {{"name", "corolint"}, {"version", COROLINT_VERSION}}}};
  if (Caps.offsetEncodingExtension)
    Result["offsetEncoding"] = encodingName(Encoding).str();
  return Reply{std::move(Result), std::nullopt};
}

Task<void> LanguageServer::afterInitialized() {
  if (Caps.watchedFilesDynamic) {
    json Watchers = json::array();
    for (const char *Glob : {"**/compile_commands.json", "**/compile_flags.txt",
                             "**/.corolint.yaml"})
      Watchers.push_back({{"globPattern", Glob}});
    co_await call("client/registerCapability",
                  {{"registrations",
                    {{{"id", "corolint-watch"},
                      {"method", "workspace/didChangeWatchedFiles"},
                      {"registerOptions", {{"watchers", Watchers}}}}}}});
  }
  if (Caps.workspaceConfiguration)
    co_await pullConfiguration();
  ReadyToIndex = true;
  startIndexing();
}

Task<void> LanguageServer::pullConfiguration() {
  std::optional<json> Result = co_await call(
      "workspace/configuration", {{"items", {{{"section", "corolint"}}}}});
  if (Result && Result->is_array() && !Result->empty() &&
      (*Result)[0].is_object()) {
    Settings.merge((*Result)[0]);
    applySettings();
  }
}

void LanguageServer::applySettings() {
  auto P = std::make_shared<ProjectSettings>();
  std::shared_ptr<Compilations> DB;
  auto Created =
      Compilations::create(Settings.CompilationDatabasePath, std::nullopt);
  if (Created)
    DB = std::shared_ptr<Compilations>(std::move(*Created));
  else
    log(LogLevel::Error,
        "compilation database: " + llvm::toString(Created.takeError()));
  P->Command = [DB,
                Fallback = Settings.FallbackFlags](const std::string &File) {
    CommandLine C;
    if (DB) {
      auto Cmd = DB->commandFor(File);
      if (Cmd) {
        C.Args = std::move(Cmd->CommandLine);
        C.Directory = std::move(Cmd->Directory);
        return C;
      }
      log(LogLevel::Verbose,
          llvm::toString(Cmd.takeError()) + "; using the fallback flags");
    }
    std::vector<std::string> Args{"clang++"};
    Args.insert(Args.end(), Fallback.begin(), Fallback.end());
    Args.push_back(File);
    C.Args = Compilations::adjustForAnalysis(std::move(Args), File);
    C.Directory = llvm::sys::path::parent_path(File).str();
    return C;
  };
  P->Checks = [Extra = Settings.Checks, Index = Index](
                  const std::string &File,
                  std::vector<corolint::Diagnostic> &Problems) -> CheckRunner {
    auto Report = [&](std::string Message) {
      corolint::Diagnostic D;
      D.Level = Severity::Error;
      D.Message = std::move(Message);
      D.Range.File = File;
      D.Range.Begin = D.Range.End = {1, 1, 0};
      Problems.push_back(std::move(D));
    };
    auto Loaded = loadConfigFor(File);
    if (!Loaded) {
      Report("invalid configuration: " + llvm::toString(Loaded.takeError()));
      return nullptr;
    }
    Config Settings = Loaded->value_or(Config{});
    if (!Extra.empty())
      Settings.Checks += (Settings.Checks.empty() ? "" : ",") + Extra;
    auto Checks = createChecks(Settings);
    if (!Checks) {
      Report(llvm::toString(Checks.takeError()));
      return nullptr;
    }
    auto Shared = std::make_shared<CheckList>(std::move(*Checks));
    return [Shared, Settings, Index](clang::ASTContext &AST) {
      AnalysisInputs Inputs;
      Inputs.Blocking = &builtinCatalogue();
      Inputs.Index = Index.get();
      TranslationUnitResult R =
          analyzeTranslationUnit(AST, *Shared, Settings, Inputs);
      // The draft's own functions, for the other open documents.
      if (!R.Summary.File.empty())
        Index->update(std::move(R.Summary));
      return std::move(R.Findings);
    };
  };
  Project = std::move(P);
  reanalyzeAll();
  startIndexing();
}

//===----------------------------------------------------------------------===//
// Documents
//===----------------------------------------------------------------------===//

const Draft *LanguageServer::draftFor(const URI &Uri, std::string &File) const {
  File = Uri.path();
  auto It = Drafts.find(File);
  return It == Drafts.end() ? nullptr : &It->second;
}

void LanguageServer::schedule(const std::string &File) {
  auto It = Drafts.find(File);
  if (It == Drafts.end())
    return;
  ParseInputs Inputs;
  Inputs.File = File;
  Inputs.Version = It->second.Version;
  Inputs.Contents = It->second.Text;
  for (const auto &Entry : Drafts)
    Inputs.Drafts.emplace_back(Entry.getKey().str(), Entry.getValue().Text);
  Inputs.Project = Project;
  Sched.update(std::move(Inputs));
}

void LanguageServer::reanalyzeAll() {
  for (const auto &Entry : Drafts)
    schedule(Entry.getKey().str());
  // A pulling client asks again only when told to.
  if (!Drafts.empty() && !pushDiagnostics() && Caps.diagnosticRefresh &&
      ReadyToIndex)
    Loop.start(refreshDiagnostics());
}

Task<void> LanguageServer::refreshDiagnostics() {
  co_await call("workspace/diagnostic/refresh", nullptr);
}

void LanguageServer::didOpen(const json &Params) {
  std::string Error;
  auto P = parseParams<DidOpenTextDocumentParams>(Params, Error);
  if (!P) {
    log(LogLevel::Error, "didOpen: " + Error);
    return;
  }
  std::string File = P->textDocument.uri.path();
  if (File.empty()) {
    log(LogLevel::Info, "not a file: " + P->textDocument.uri.Text);
    return;
  }
  Drafts[File] = Draft{
      P->textDocument.uri, P->textDocument.version,
      std::make_shared<const std::string>(std::move(P->textDocument.text))};
  schedule(File);
  if (Caps.workDoneProgress)
    Loop.start(reportProgress(File));
}

void LanguageServer::didChange(const json &Params) {
  std::string Error;
  auto P = parseParams<DidChangeTextDocumentParams>(Params, Error);
  if (!P) {
    log(LogLevel::Error, "didChange: " + Error);
    return;
  }
  std::string File;
  if (!draftFor(P->textDocument.uri, File)) {
    log(LogLevel::Error, "didChange for a document that is not open: " +
                             P->textDocument.uri.Text);
    return;
  }
  Draft &D = Drafts[File];
  std::string Text = *D.Text;
  for (const auto &Change : P->contentChanges) {
    if (!Change.range) {
      Text = Change.text;
      continue;
    }
    if (llvm::Error E =
            applyEdit(Text, Change.range->start.toText(),
                      Change.range->end.toText(), Change.text, Encoding)) {
      // The client's view and ours disagree; keep the last good text rather
      // than analyse garbage.
      log(LogLevel::Error, "didChange: " + llvm::toString(std::move(E)));
      return;
    }
  }
  D.Version = P->textDocument.version;
  D.Text = std::make_shared<const std::string>(std::move(Text));
  schedule(File);
  // Open documents that include this one see the new draft.
  for (const std::string &Other : dependents(File))
    schedule(Other);
}

std::vector<std::string>
LanguageServer::dependents(const std::string &Header) const {
  std::vector<std::string> Found;
  for (const auto &Entry : Drafts) {
    std::string Other = Entry.getKey().str();
    if (Other == Header)
      continue;
    if (auto Latest = Sched.latest(Other))
      if (llvm::is_contained(Latest->Includes, Header))
        Found.push_back(Other);
  }
  return Found;
}

void LanguageServer::didClose(const json &Params) {
  std::string Error;
  auto P = parseParams<DidCloseTextDocumentParams>(Params, Error);
  if (!P) {
    log(LogLevel::Error, "didClose: " + Error);
    return;
  }
  std::string File = P->textDocument.uri.path();
  Drafts.erase(File);
  Sched.remove(File);
  if (pushDiagnostics())
    notify("textDocument/publishDiagnostics",
           toJSON(PublishDiagnosticsParams{
               P->textDocument.uri, std::nullopt, {}}));
  // Documents that include it now read it from disk.
  for (const std::string &Other : dependents(File))
    schedule(Other);
}

void LanguageServer::didChangeWatchedFiles(const json &Params) {
  std::string Error;
  auto P = parseParams<DidChangeWatchedFilesParams>(Params, Error);
  if (!P) {
    log(LogLevel::Error, "didChangeWatchedFiles: " + Error);
    return;
  }
  for (const FileEvent &E : P->changes) {
    // Name points into Path, which must outlive it.
    std::string Path = E.uri.path();
    llvm::StringRef Name = llvm::sys::path::filename(Path);
    if (Name == "compile_commands.json" || Name == "compile_flags.txt" ||
        Name == ConfigFileName) {
      log(LogLevel::Info, "reloading: " + Path + " changed");
      applySettings();
      return;
    }
  }
}

Task<void> LanguageServer::reportProgress(std::string File) {
  std::string Token = "corolint/" + std::to_string(NextProgressToken++);
  // A token the client refused must not be used.
  if (!co_await call("window/workDoneProgress/create", {{"token", Token}}))
    co_return;
  notify(
      "$/progress",
      {{"token", Token},
       {"value", toJSON(WorkDoneProgressBegin{
                     "corolint",
                     "analysing " + llvm::sys::path::filename(File).str()})}});
  while (true) {
    Scheduler::WaitOutcome W = co_await Sched.waitForCurrent(File, {});
    if (W.Status != Scheduler::WaitOutcome::Superseded)
      break;
  }
  notify("$/progress",
         {{"token", Token}, {"value", toJSON(WorkDoneProgressEnd{"done"})}});
}

std::string LanguageServer::projectDatabaseDir() const {
  if (Settings.CompilationDatabasePath)
    return *Settings.CompilationDatabasePath;
  for (const char *Sub : {"", "/build"}) {
    std::string Dir = RootPath + Sub;
    if (!RootPath.empty() &&
        llvm::sys::fs::exists(Dir + "/compile_commands.json"))
      return Dir;
  }
  return "";
}

void LanguageServer::startIndexing() {
  ++IndexGeneration;
  if (!ReadyToIndex || !Settings.BackgroundIndex || ShutdownRequested)
    return;
  Loop.start(indexProject(IndexGeneration));
}

Task<void> LanguageServer::indexProject(unsigned Generation) {
  std::string DatabaseDir = projectDatabaseDir();
  if (DatabaseDir.empty())
    co_return;
  // Opening the database reads the disk: not on the loop.
  std::shared_ptr<Compilations> DB =
      co_await IndexPool.run([DatabaseDir]() -> std::shared_ptr<Compilations> {
        auto Created = Compilations::create(DatabaseDir, std::nullopt);
        if (!Created) {
          log(LogLevel::Error,
              "background index: " + llvm::toString(Created.takeError()));
          return nullptr;
        }
        return std::shared_ptr<Compilations>(std::move(*Created));
      });
  if (!DB || Generation != IndexGeneration)
    co_return;
  std::vector<std::string> Files = DB->allFiles();
  std::erase_if(Files, [&](const std::string &F) { return Drafts.count(F); });
  if (Files.empty())
    co_return;

  RunnerOptions Options;
  Options.ExtraChecks = Settings.Checks;
  Options.Blocking = &builtinCatalogue();
  // Shared with `corolint check -p DIR`: files it analysed are not parsed.
  Options.CacheDir = DatabaseDir + "/.corolint-cache";
  CheckFactory Factory = [](const Config &C) { return createChecks(C); };

  std::string Token = "corolint/index/" + std::to_string(Generation);
  bool Progress =
      Caps.workDoneProgress &&
      co_await call("window/workDoneProgress/create", {{"token", Token}});
  if (Progress) {
    notify("$/progress", {{"token", Token},
                          {"value",
                           {{"kind", "begin"},
                            {"title", "corolint: indexing"},
                            {"message", "0/" + std::to_string(Files.size())},
                            {"percentage", 0}}}});
  }
  log(LogLevel::Info, llvm::formatv("background index: {0} files of {1}",
                                    Files.size(), DatabaseDir)
                          .str());
  unsigned Done = 0, Added = 0;
  for (const std::string &File : Files) {
    if (Generation != IndexGeneration || ShutdownRequested)
      break;
    FileResult R = co_await IndexPool.run([DB, Factory, Options, File] {
      return analyzeFile(*DB, Factory, Options, File);
    });
    ++Done;
    if (!R.failed() && !R.Summary.File.empty() && !Drafts.count(File)) {
      Index->update(std::move(R.Summary));
      ++Added;
    }
    if (Progress)
      notify("$/progress", {{"token", Token},
                            {"value",
                             {{"kind", "report"},
                              {"message", std::to_string(Done) + "/" +
                                              std::to_string(Files.size())},
                              {"percentage", Done * 100 / Files.size()}}}});
  }
  if (Progress)
    notify("$/progress",
           {{"token", Token},
            {"value", toJSON(WorkDoneProgressEnd{std::to_string(Added) +
                                                 " files summarised"})}});
  log(LogLevel::Info,
      llvm::formatv("background index: {0} of {1} files summarised", Added,
                    Files.size())
          .str());
  // The open documents may call into what was just summarised.
  if (Added && Generation == IndexGeneration)
    reanalyzeAll();
}

//===----------------------------------------------------------------------===//
// Diagnostics
//===----------------------------------------------------------------------===//

std::vector<lsp::Diagnostic> LanguageServer::toLSP(const AnalysisResult &R,
                                                   const URI &Uri) const {
  std::string MainFile = Uri.path();
  // Positions in a file are converted against its text: the analysed text
  // for the main file, the draft for another open file. For a file that is
  // not open, byte columns are passed as they are (right for ASCII lines;
  // reading the file here would block the loop).
  auto RangeIn = [&](const FileRange &FR, const std::string *In) {
    auto Pos = [&](const FilePosition &P) {
      if (!In)
        return Position{static_cast<int>(P.Line) - 1,
                        static_cast<int>(P.Column) - 1};
      return Position::fromText(
          lineColumnToPosition(*In, P.Line, P.Column, Encoding));
    };
    Range Out{Pos(FR.Begin), Pos(FR.Begin)};
    if (FR.End.Line != 0 && !(FR.End < FR.Begin))
      Out.end = Pos(FR.End);
    return Out;
  };
  auto RangeOf = [&](const FileRange &FR) { return RangeIn(FR, &*R.Contents); };

  std::vector<lsp::Diagnostic> Result;
  auto Convert = [&](const corolint::Diagnostic &D) {
    lsp::Diagnostic Out;
    Out.range = RangeOf(D.Range);
    Out.severity = D.Level == Severity::Error ? DiagnosticSeverity::Error
                   : D.Level == Severity::Warning
                       ? DiagnosticSeverity::Warning
                       : DiagnosticSeverity::Information;
    Out.code = D.Check;
    if (findCheck(D.Check) && !Settings.DocsUrl.empty() &&
        Caps.diagnosticCodeDescription)
      Out.codeDescription = llvm::StringRef(Settings.DocsUrl).rtrim('/').str() +
                            "/checks/" + D.Check + ".md";
    // Like every front end's, the message ends in the check's name (Neovim
    // 0.7, for one, shows the message but not the code).
    Out.message =
        D.Check.empty() ? D.Message : D.Message + " [" + D.Check + "]";
    for (const DiagnosticNote &N : D.Notes) {
      bool Located = N.Range.valid();
      if (Located && Caps.diagnosticRelatedInformation) {
        URI NoteUri = Uri;
        Range NoteRange;
        if (N.Range.File == MainFile) {
          NoteRange = RangeOf(N.Range);
        } else {
          NoteUri = URI::fromPath(N.Range.File);
          auto Open = Drafts.find(N.Range.File);
          NoteRange = RangeIn(
              N.Range, Open == Drafts.end() ? nullptr : &*Open->second.Text);
        }
        Out.relatedInformation.push_back({{NoteUri, NoteRange}, N.Message});
      } else {
        Out.message += "\n" + N.Message;
      }
    }
    DiagnosticData Data{R.Version, {}};
    for (const FixIt &F : D.Fixes) {
      if (!F.Range.File.empty() && F.Range.File != MainFile)
        continue;
      Data.fixes.push_back(TextEdit{RangeOf(F.Range), F.Replacement});
    }
    if (!Data.fixes.empty())
      Out.data = std::move(Data);
    Result.push_back(std::move(Out));
  };
  if (Settings.ShowCompilerErrors || R.Crashed)
    for (const corolint::Diagnostic &D : R.CompilerErrors)
      Convert(D);
  for (const corolint::Diagnostic &D : R.Findings)
    Convert(D);
  return Result;
}

void LanguageServer::onAnalysis(const std::string &File,
                                std::shared_ptr<const AnalysisResult> R) {
  auto It = Drafts.find(File);
  // Never publish for a closed file or a version the editor has moved past.
  if (It == Drafts.end() || It->second.Version != R->Version ||
      It->second.Text != R->Contents)
    return;
  if (!pushDiagnostics())
    return;
  PublishDiagnosticsParams P;
  P.uri = It->second.Uri;
  P.version = R->Version;
  P.diagnostics = toLSP(*R, It->second.Uri);
  notify("textDocument/publishDiagnostics", toJSON(P));
}

Task<Reply> LanguageServer::pullDiagnostics(const json &Params,
                                            CancellationToken Token) {
  std::string Error;
  auto P = parseParams<DocumentDiagnosticParams>(Params, Error);
  if (!P)
    co_return Reply::error(ErrorCode::InvalidParams, Error);
  std::string File;
  if (!draftFor(P->textDocument.uri, File))
    co_return Reply::error(ErrorCode::InvalidParams,
                           "document is not open: " + P->textDocument.uri.Text);
  Scheduler::WaitOutcome W = co_await Sched.waitForCurrent(File, Token);
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
  Report.resultId = std::to_string(W.Result->Id);
  if (P->previousResultId && *P->previousResultId == Report.resultId)
    Report.unchanged = true;
  else
    Report.items = toLSP(*W.Result, P->textDocument.uri);
  co_return Reply{toJSON(Report), std::nullopt};
}

//===----------------------------------------------------------------------===//
// Code actions and hover
//===----------------------------------------------------------------------===//

/// "insert 'co_await '" / "replace with 'x'" / "remove code".
std::string describeFix(llvm::ArrayRef<TextEdit> Fixes) {
  std::string Title;
  for (const TextEdit &F : Fixes) {
    std::string One = F.range.start == F.range.end
                          ? "insert '" + F.newText + "'"
                      : F.newText.empty() ? "remove code"
                                          : "replace with '" + F.newText + "'";
    Title += Title.empty() ? One : ", " + One;
  }
  return Title;
}

/// Whether every edit of Fixes lies inside Text, start before end.
bool fitsText(llvm::ArrayRef<TextEdit> Fixes, llvm::StringRef Text,
              OffsetEncoding Encoding) {
  for (const TextEdit &E : Fixes) {
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

Reply LanguageServer::codeActions(const json &Params) {
  std::string Error;
  auto P = parseParams<CodeActionParams>(Params, Error);
  if (!P)
    return Reply::error(ErrorCode::InvalidParams, Error);
  std::string File;
  const Draft *D = draftFor(P->textDocument.uri, File);
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
      return fixAll(*D);
    if (!WantsQuickFix)
      return Reply{json::array(), std::nullopt};
  }

  // The diagnostics to fix: those the client sent back, or, for clients
  // that drop `data`, ours for the current version overlapping the range.
  // What the client sends back in `data` is only trusted when we have no
  // result of our own for this version: ours replaces it.
  std::vector<lsp::Diagnostic> Diags;
  for (const lsp::Diagnostic &Diag : P->context.diagnostics)
    if (Diag.source == "corolint" && !Diag.code.empty())
      Diags.push_back(Diag);
  std::shared_ptr<const AnalysisResult> Latest = Sched.latest(File);
  bool LatestCurrent =
      Latest && Latest->Version == D->Version && Latest->Contents == D->Text;
  if (LatestCurrent) {
    for (lsp::Diagnostic &Sent : Diags)
      Sent.data.reset();
    for (lsp::Diagnostic &Ours : toLSP(*Latest, D->Uri)) {
      if (Ours.code.empty())
        continue;
      bool Overlaps = !(Ours.range.end < P->range.start) &&
                      !(P->range.end < Ours.range.start);
      bool AlreadySent = false;
      // Same finding: same check on the same line, at the same range or
      // with the same message (Neovim 0.7 sends ranges back in bytes).
      for (lsp::Diagnostic &Sent : Diags)
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
  llvm::StringRef Text = *D->Text;
  for (const lsp::Diagnostic &Diag : Diags) {
    if (Diag.data && Diag.data->version == D->Version &&
        !Diag.data->fixes.empty() &&
        fitsText(Diag.data->fixes, Text, Encoding)) {
      CodeAction A;
      A.title = describeFix(Diag.data->fixes) + " [" + Diag.code + "]";
      A.diagnostics = {Diag};
      A.isPreferred = true;
      A.edit.changes.emplace_back(D->Uri, Diag.data->fixes);
      Actions.push_back(toJSON(A));
    }

    // Suppress: add the check to a NOLINT on the finding's line (a NOLINT
    // comment's own problem cannot be silenced by another).
    if (Diag.code == NolintCheckName)
      continue;
    auto LineStart = positionToOffset(
        Text, {static_cast<unsigned>(Diag.range.start.line), 0}, Encoding);
    if (!LineStart) {
      llvm::consumeError(LineStart.takeError());
      continue;
    }
    llvm::StringRef Line = Text.substr(*LineStart).take_until([](char C) {
      return C == '\n' || C == '\r';
    });
    SuppressionEdit Edit = suppressionEdit(Line, Diag.code);
    TextEdit E;
    E.newText = std::move(Edit.Text);
    size_t Insert = Edit.Offset;
    TextPosition At = offsetToPosition(Text, *LineStart + Insert, Encoding);
    E.range = {Position::fromText(At), Position::fromText(At)};
    CodeAction Suppress;
    Suppress.title = "suppress with NOLINT(" + Diag.code + ")";
    Suppress.diagnostics = {Diag};
    Suppress.edit.changes.emplace_back(D->Uri, std::vector<TextEdit>{E});
    Actions.push_back(toJSON(Suppress));
  }
  return Reply{std::move(Actions), std::nullopt};
}

Reply LanguageServer::fixAll(const Draft &D) {
  std::string File = D.Uri.path();
  std::shared_ptr<const AnalysisResult> Latest = Sched.latest(File);
  json Actions = json::array();
  if (!Latest || Latest->Version != D.Version || Latest->Contents != D.Text)
    return Reply{std::move(Actions), std::nullopt};
  // The fixes `corolint check --fix` would apply (one rule: planFixes),
  // chosen against the analysed text; a finding with a fix in another file
  // is left out whole.
  FixPlan Plan = planFixes(
      Latest->Findings,
      [&](llvm::StringRef Path) -> llvm::Expected<std::string> {
        if (Path == File)
          return *Latest->Contents;
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "'%s' is not the document fixed",
                                       Path.str().c_str());
      });
  std::vector<TextEdit> Edits;
  auto Pos = [&](const FilePosition &P) {
    return Position::fromText(
        lineColumnToPosition(*Latest->Contents, P.Line, P.Column, Encoding));
  };
  for (const FileEdits &F : Plan.Files)
    for (const FixIt &E : F.Edits)
      Edits.push_back(
          {Range{Pos(E.Range.Begin), Pos(E.Range.End)}, E.Replacement});
  if (Edits.empty())
    return Reply{std::move(Actions), std::nullopt};
  CodeAction A;
  A.title = "apply every corolint fix in the file";
  A.kind = "source.fixAll.corolint";
  A.edit.changes.emplace_back(D.Uri, std::move(Edits));
  Actions.push_back(toJSON(A));
  return Reply{std::move(Actions), std::nullopt};
}

Reply LanguageServer::hover(const json &Params) {
  std::string Error;
  auto P = parseParams<TextDocumentPositionParams>(Params, Error);
  if (!P)
    return Reply::error(ErrorCode::InvalidParams, Error);
  std::string File;
  const Draft *D = draftFor(P->textDocument.uri, File);
  std::shared_ptr<const AnalysisResult> Latest =
      D ? Sched.latest(File) : nullptr;
  if (!Latest || Latest->Contents != D->Text)
    return Reply{nullptr, std::nullopt};
  for (const lsp::Diagnostic &Diag : toLSP(*Latest, D->Uri)) {
    if (Diag.code.empty() || !Diag.range.contains(P->position))
      continue;
    llvm::StringRef Doc = checkDocumentation(Diag.code);
    Hover H;
    H.markdown = "**corolint: " + Diag.code + "** — " + Diag.message;
    if (!Doc.empty())
      H.markdown += "\n\n---\n\n" + Doc.str();
    H.range = Diag.range;
    return Reply{toJSON(H), std::nullopt};
  }
  return Reply{nullptr, std::nullopt};
}

//===----------------------------------------------------------------------===//
// Entry point
//===----------------------------------------------------------------------===//

void printHelp() {
  std::fputs("USAGE: corolint lsp [options]\n\n"
             "Runs the corolint language server on stdin/stdout.\n\n"
             "  --log=error|info|verbose  what to write to stderr (info)\n"
             "  -p DIR                    the build directory holding\n"
             "                            compile_commands.json (default: "
             "searched\n"
             "                            upward from each file)\n"
             "  --checks=GLOBS            checks to add to .corolint.yaml's\n"
             "  -j N, --jobs=N            worker threads for Clang (2)\n"
             "  --max-message-bytes=N     largest message accepted (64 MiB)\n"
             "  --debounce-ms=N           fixed debounce (default: adaptive "
             "50-500 ms)\n",
             stdout);
}

} // namespace

int runLanguageServer(llvm::ArrayRef<std::string> Args,
                      AnalyzerFactory Analyzers) {
  unsigned Jobs = 2;
  size_t MaxBytes = Transport::DefaultMaxMessageBytes;
  std::optional<DebouncePolicy> Debounce;
  EditorSettings Defaults;
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    unsigned N;
    if (A == "--help" || A == "-h") {
      printHelp();
      return 0;
    } else if (A.consume_front("--log=")) {
      if (A == "error")
        setLogLevel(LogLevel::Error);
      else if (A == "info")
        setLogLevel(LogLevel::Info);
      else if (A == "verbose")
        setLogLevel(LogLevel::Verbose);
      else {
        std::fprintf(stderr, "corolint lsp: unknown log level '%s'\n",
                     A.str().c_str());
        return 2;
      }
    } else if (A == "-j" && I + 1 < Args.size() &&
               !llvm::StringRef(Args[I + 1]).getAsInteger(10, N)) {
      Jobs = N;
      ++I;
    } else if ((A == "-p" || A == "--compile-commands-dir") &&
               I + 1 < Args.size()) {
      Defaults.CompilationDatabasePath = Args[++I];
    } else if (A.consume_front("--compile-commands-dir=") ||
               A.consume_front("-p=")) {
      Defaults.CompilationDatabasePath = A.str();
    } else if (A.consume_front("--checks=")) {
      Defaults.Checks = A.str();
    } else if (A.consume_front("--jobs=") && !A.getAsInteger(10, N)) {
      Jobs = N;
    } else if (A.consume_front("--max-message-bytes=") &&
               !A.getAsInteger(10, N)) {
      MaxBytes = N;
    } else if (A.consume_front("--debounce-ms=") && !A.getAsInteger(10, N)) {
      Debounce = DebouncePolicy::fixed(std::chrono::milliseconds(N));
    } else {
      std::fprintf(stderr, "corolint lsp: unknown argument '%s' (see --help)\n",
                   Args[I].c_str());
      return 2;
    }
  }

  initializeClangAnalysis();
  // These outlive the loop on purpose: the reader thread may still be
  // blocked on stdin, and workers may be inside Clang, when the loop ends.
  auto *Loop = new Executor();
  auto *Wire = new Transport(stdin, stdout, MaxBytes);
  auto *Pool = new WorkerPool(*Loop, std::max(1u, Jobs));
  auto *IndexPool = new WorkerPool(*Loop, 1);
  if (!Analyzers)
    Analyzers = [] { return createClangDocumentAnalyzer(); };
  auto *Server =
      new LanguageServer(*Loop, *Wire, *Pool, *IndexPool, std::move(Defaults),
                         Debounce, std::move(Analyzers));

  std::thread Reader([Loop, Wire, Server] {
    while (true) {
      IncomingMessage M = Wire->read();
      switch (M.Status) {
      case IncomingMessage::Message:
        Loop->post([Server, V = std::move(M.Value)]() mutable {
          Server->onMessage(std::move(V));
        });
        break;
      case IncomingMessage::ParseError:
        Loop->post([Server, Problem = std::move(M.Problem)] {
          Server->onParseError(Problem);
        });
        break;
      case IncomingMessage::EndOfInput:
        Loop->post([Server] { Server->onEndOfInput(); });
        return;
      }
    }
  });
  Reader.detach();
  log(LogLevel::Info, "corolint " COROLINT_VERSION " language server started");
  int Code = Loop->run();
  log(LogLevel::Info, llvm::formatv("exiting with code {0}", Code).str());
  // Leave without unwinding the threads still inside Clang or read().
  Wire->flush();
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(Code);
}

} // namespace corolint::lsp
