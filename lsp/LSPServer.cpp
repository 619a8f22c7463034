//===- LSPServer.cpp - LSP messages onto the workspace --------------------===//
//
// Notifications are applied in order, synchronously; each request runs as a
// coroutine on the loop. Nothing here blocks: Clang work and the disk are
// awaited through the Workspace.
//
//===----------------------------------------------------------------------===//
#include "lsp/LSPServer.h"
#include "corolint/BuildInfo.h"
#include "lsp/Logging.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

namespace corolint::lsp {

namespace {

std::string idKey(const json &Id) { return dumpJSON(Id); }

} // namespace

/// Runs a handler. Parameters are decoded without exceptions, so one that
/// escapes is a bug; it fails this message only, never the server.
template <typename Fn>
LSPServer::Reply LSPServer::guarded(const std::string &Method, Fn &&Handler) {
  try {
    return Handler();
  } catch (const std::exception &E) {
    log(LogLevel::Error, Method + " failed: " + E.what());
    return Reply::error(ErrorCode::InternalError,
                        Method + " failed: " + E.what());
  }
}

LSPServer::LSPServer(Executor &Loop, WorkerPool &Pool, WorkerPool &IndexPool,
                     std::function<void(const json &)> Send, Options Opts)
    : Loop(Loop), Send(std::move(Send)) {
  Workspace::Callbacks Events;
  Events.OnAnalysis = [this](const std::string &File,
                             std::shared_ptr<const AnalysisResult> R) {
    onAnalysis(File, std::move(R));
  };
  Events.OnRefresh = [this] {
    // A pulling client asks again only when told to.
    if (!pushDiagnostics() && Caps.diagnosticRefresh)
      this->Loop.start(refreshDiagnostics());
  };
  Events.OnIndexProgress = [this](IndexProgress P) { return indexProgress(P); };
  Work = std::make_unique<Workspace>(
      Loop, Pool, IndexPool, std::move(Opts.Analyzers),
      std::move(Opts.Defaults), Opts.Debounce, std::move(Events));
}

LSPServer::~LSPServer() = default;

//===----------------------------------------------------------------------===//
// Messages
//===----------------------------------------------------------------------===//

void LSPServer::reply(const json &Id, json Result) {
  Send({{"jsonrpc", "2.0"}, {"id", Id}, {"result", std::move(Result)}});
}

void LSPServer::replyError(const json &Id, const ResponseError &E) {
  Send({{"jsonrpc", "2.0"}, {"id", Id}, {"error", toJSON(E)}});
}

void LSPServer::notify(llvm::StringRef Method, json Params) {
  Send({{"jsonrpc", "2.0"},
        {"method", Method.str()},
        {"params", std::move(Params)}});
}

Task<std::optional<json>> LSPServer::call(std::string Method, json Params) {
  struct Awaiter {
    LSPServer &S;
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
      S.Send(Request);
    }
    std::optional<json> await_resume() { return std::move(Result); }
  };
  co_return co_await Awaiter{*this, std::move(Method), std::move(Params),
                             std::nullopt};
}

void LSPServer::onParseError(const std::string &Problem) {
  log(LogLevel::Error, "parse error: " + Problem);
  replyError(nullptr, {ErrorCode::ParseError, Problem});
}

void LSPServer::onEndOfInput() {
  log(LogLevel::Info, "input closed");
  Loop.stop(ShutdownRequested ? 0 : 1);
}

void LSPServer::onMessage(json Message) {
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

void LSPServer::onResponse(const json &Message) {
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

void LSPServer::onRequest(json Id, std::string Method, json Params) {
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

Task<void> LSPServer::runRequest(json Id, std::string Method, json Params,
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

Task<LSPServer::Reply> LSPServer::dispatch(const std::string &Method,
                                           const json &Params,
                                           CancellationToken Token) {
  if (Method == "initialize")
    co_return guarded(Method, [&] { return initialize(Params); });
  if (Method == "shutdown") {
    ShutdownRequested = true;
    Work->shutDown();
    co_return Reply{nullptr, std::nullopt};
  }
  if (Method == "textDocument/diagnostic")
    co_return co_await pullDiagnostics(Params, Token);
  if (Method == "workspace/diagnostic")
    co_return co_await workspaceDiagnostics(Params, Token);
  if (Method == "textDocument/codeAction")
    co_return guarded(Method, [&] { return codeActions(Params); });
  if (Method == "textDocument/hover")
    co_return guarded(Method, [&] { return hover(Params); });
  co_return Reply::error(ErrorCode::MethodNotFound,
                         "method not found: " + Method);
}

void LSPServer::onNotification(const std::string &Method, const json &Params) {
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
  else if (Method == "workspace/didChangeConfiguration")
    didChangeConfiguration(Params);
  else if (Method == "workspace/didChangeWatchedFiles")
    didChangeWatchedFiles(Params);
  else
    log(LogLevel::Verbose, "ignored notification " + Method);
}

//===----------------------------------------------------------------------===//
// Lifecycle and configuration
//===----------------------------------------------------------------------===//

LSPServer::Reply LSPServer::initialize(const json &Params) {
  if (Initialized)
    return Reply::error(ErrorCode::InvalidRequest,
                        "initialize was already called");
  std::string Error;
  auto P = parseParams<InitializeParams>(Params, Error);
  if (!P)
    return Reply::error(ErrorCode::InvalidParams, Error);
  Initialized = true;
  Caps = P->capabilities;
  OffsetEncoding Encoding = OffsetEncoding::UTF16;
  for (const std::string &E : Caps.positionEncodings)
    if (E == "utf-8")
      Encoding = OffsetEncoding::UTF8;
  Work->setEncoding(Encoding);
  if (P->rootUri)
    Work->setRoot(P->rootUri->path());
  Work->configure(P->initializationOptions);

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
                                          {"workspaceDiagnostics", true}};
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

Task<void> LSPServer::afterInitialized() {
  if (Caps.watchedFilesDynamic) {
    // The project's configuration, and its sources: the index follows
    // changes to files that are not open.
    json Watchers = json::array();
    for (const char *Glob :
         {"**/compile_commands.json", "**/compile_flags.txt",
          "**/.corolint.yaml",
          "**/*.{c,cc,cpp,cxx,c++,C,h,hh,hpp,hxx,h++,ipp,inl}"})
      Watchers.push_back({{"globPattern", Glob}});
    co_await call("client/registerCapability",
                  {{"registrations",
                    {{{"id", "corolint-watch"},
                      {"method", "workspace/didChangeWatchedFiles"},
                      {"registerOptions", {{"watchers", Watchers}}}}}}});
  }
  if (Caps.workspaceConfiguration)
    co_await pullConfiguration();
  Work->startIndexing();
}

Task<void> LSPServer::pullConfiguration() {
  std::optional<json> Result = co_await call(
      "workspace/configuration", {{"items", {{{"section", "corolint"}}}}});
  if (Result && Result->is_array() && !Result->empty() &&
      (*Result)[0].is_object()) {
    CorolintSettings Update;
    std::string Ignored;
    fromJSON((*Result)[0], Update, JSONPath("result[0]"), Ignored);
    Work->configure(Update);
  }
}

void LSPServer::didChangeConfiguration(const json &Params) {
  std::string Error;
  auto P = parseParams<DidChangeConfigurationParams>(Params, Error);
  if (P && P->corolint)
    Work->configure(*P->corolint);
  else if (Caps.workspaceConfiguration)
    Loop.start(pullConfiguration());
}

//===----------------------------------------------------------------------===//
// Documents
//===----------------------------------------------------------------------===//

URI LSPServer::uriOf(const std::string &File) const {
  auto It = Uris.find(File);
  return It == Uris.end() ? URI::fromPath(File) : It->second;
}

void LSPServer::didOpen(const json &Params) {
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
  Uris[File] = P->textDocument.uri;
  Work->open(File, P->textDocument.version, std::move(P->textDocument.text));
  if (Caps.workDoneProgress)
    Loop.start(reportProgress(File));
}

void LSPServer::didChange(const json &Params) {
  std::string Error;
  auto P = parseParams<DidChangeTextDocumentParams>(Params, Error);
  if (!P) {
    log(LogLevel::Error, "didChange: " + Error);
    return;
  }
  std::string File = P->textDocument.uri.path();
  if (!Work->draft(File)) {
    log(LogLevel::Error, "didChange for a document that is not open: " +
                             P->textDocument.uri.Text);
    return;
  }
  std::vector<DraftChange> Changes;
  for (auto &Change : P->contentChanges) {
    DraftChange C;
    if (Change.range)
      C.Range.emplace(Change.range->start.toText(), Change.range->end.toText());
    C.Text = std::move(Change.text);
    Changes.push_back(std::move(C));
  }
  if (llvm::Error E =
          Work->change(File, P->textDocument.version, std::move(Changes)))
    log(LogLevel::Error, "didChange: " + llvm::toString(std::move(E)));
}

void LSPServer::didClose(const json &Params) {
  std::string Error;
  auto P = parseParams<DidCloseTextDocumentParams>(Params, Error);
  if (!P) {
    log(LogLevel::Error, "didClose: " + Error);
    return;
  }
  std::string File = P->textDocument.uri.path();
  Work->close(File);
  Uris.erase(File);
  if (pushDiagnostics())
    notify("textDocument/publishDiagnostics",
           toJSON(PublishDiagnosticsParams{
               P->textDocument.uri, std::nullopt, {}}));
}

void LSPServer::didChangeWatchedFiles(const json &Params) {
  std::string Error;
  auto P = parseParams<DidChangeWatchedFilesParams>(Params, Error);
  if (!P) {
    log(LogLevel::Error, "didChangeWatchedFiles: " + Error);
    return;
  }
  std::vector<FileChange> Changes;
  for (const FileEvent &E : P->changes) {
    std::string Path = E.uri.path();
    if (Path.empty() || E.type < FileChange::Created ||
        E.type > FileChange::Deleted)
      continue;
    Changes.push_back({Path, static_cast<FileChange::Kind>(E.type)});
  }
  Work->filesChanged(Changes);
}

Task<void> LSPServer::reportProgress(std::string File) {
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
    Scheduler::WaitOutcome W = co_await Work->waitForCurrent(File, {});
    if (W.Status != Scheduler::WaitOutcome::Superseded)
      break;
  }
  notify("$/progress",
         {{"token", Token}, {"value", toJSON(WorkDoneProgressEnd{"done"})}});
}

Task<void> LSPServer::indexProgress(IndexProgress P) {
  if (!Caps.workDoneProgress)
    co_return;
  std::string Count = std::to_string(P.Done) + "/" + std::to_string(P.Total);
  switch (P.Stage) {
  case IndexProgress::Begin: {
    std::string Token = "corolint/index/" + std::to_string(NextProgressToken++);
    IndexToken.reset();
    if (!co_await call("window/workDoneProgress/create", {{"token", Token}}))
      co_return;
    IndexToken = Token;
    notify("$/progress", {{"token", Token},
                          {"value",
                           {{"kind", "begin"},
                            {"title", "corolint: indexing"},
                            {"message", Count},
                            {"percentage", 0}}}});
    co_return;
  }
  case IndexProgress::Report:
    if (IndexToken)
      notify("$/progress",
             {{"token", *IndexToken},
              {"value",
               {{"kind", "report"},
                {"message", Count},
                {"percentage", P.Total ? P.Done * 100 / P.Total : 100}}}});
    co_return;
  case IndexProgress::End:
    if (IndexToken)
      notify("$/progress",
             {{"token", *IndexToken},
              {"value", toJSON(WorkDoneProgressEnd{std::to_string(P.Done) +
                                                   " files summarised"})}});
    IndexToken.reset();
    co_return;
  }
}

Task<void> LSPServer::refreshDiagnostics() {
  co_await call("workspace/diagnostic/refresh", nullptr);
}

} // namespace corolint::lsp
