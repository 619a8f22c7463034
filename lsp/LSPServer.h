//===- LSPServer.h - LSP messages onto the workspace ----------------------===//
//
// The protocol layer: JSON-RPC dispatch (one coroutine per request, started
// the moment its message is read, so it sees every earlier notification
// applied), $/cancelRequest, the lifecycle (initialize, shutdown, exit),
// requests to the client (configuration, progress, registrations, refresh),
// and the mapping of each LSP method onto the Workspace, whose answers
// Convert.h turns into LSP structures. It writes through a Send function, so
// it runs without a pipe; tool/LspCommand.cpp connects it to stdin/stdout.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_LSP_LSPSERVER_H
#define COROLINT_LSP_LSPSERVER_H

#include "lsp/Async.h"
#include "lsp/Convert.h"
#include "lsp/Protocol.h"
#include "lsp/Scheduler.h"
#include "lsp/Workspace.h"
#include <functional>
#include <map>
#include <memory>

namespace corolint::lsp {

class LSPServer {
public:
  struct Options {
    WorkspaceSettings Defaults;
    DebouncePolicy Debounce;
    /// Makes each document's analyzer (Clang's, or a test's).
    AnalyzerFactory Analyzers;
  };
  /// Send writes one message to the client; it must not block.
  LSPServer(Executor &Loop, WorkerPool &Pool, WorkerPool &IndexPool,
            std::function<void(const json &)> Send, Options Opts);
  ~LSPServer();

  /// One message from the client, on the loop.
  void onMessage(json Message);
  /// A frame that could not be read as JSON.
  void onParseError(const std::string &Problem);
  /// The client closed its end.
  void onEndOfInput();

private:
  struct Reply {
    json Result;
    std::optional<ResponseError> Error;
    static Reply error(ErrorCode Code, std::string Message,
                       json Data = nullptr) {
      return Reply{nullptr,
                   ResponseError{Code, std::move(Message), std::move(Data)}};
    }
  };

  // Messages.
  template <typename Fn>
  static Reply guarded(const std::string &Method, Fn &&Handler);
  void onRequest(json Id, std::string Method, json Params);
  void onNotification(const std::string &Method, const json &Params);
  void onResponse(const json &Message);
  Task<void> runRequest(json Id, std::string Method, json Params,
                        std::shared_ptr<CancellationSource> Cancel);
  Task<Reply> dispatch(const std::string &Method, const json &Params,
                       CancellationToken Token);
  void reply(const json &Id, json Result);
  void replyError(const json &Id, const ResponseError &E);
  void notify(llvm::StringRef Method, json Params);
  /// `std::optional<json> R = co_await call(M, P)`: a request to the
  /// client; its result, or nullopt if the client answered with an error.
  Task<std::optional<json>> call(std::string Method, json Params);

  // Lifecycle and configuration.
  Reply initialize(const json &Params);
  Task<void> afterInitialized();
  Task<void> pullConfiguration();
  void didChangeConfiguration(const json &Params);

  // Documents.
  void didOpen(const json &Params);
  void didChange(const json &Params);
  void didClose(const json &Params);
  void didChangeWatchedFiles(const json &Params);
  Task<void> reportProgress(std::string File);
  Task<void> indexProgress(IndexProgress P);
  Task<void> refreshDiagnostics();

  // Features.
  void onAnalysis(const std::string &File,
                  std::shared_ptr<const AnalysisResult> Result);
  ConversionContext conversion() const;
  std::vector<Diagnostic> toLSP(const AnalysisResult &R,
                                const std::string &File) const;
  Task<Reply> pullDiagnostics(const json &Params, CancellationToken Token);
  Task<Reply> workspaceDiagnostics(const json &Params, CancellationToken Token);
  Reply codeActions(const json &Params);
  Reply fixAll(const std::string &File, const URI &Uri);
  Reply hover(const json &Params);
  /// The URI the client named File with.
  URI uriOf(const std::string &File) const;
  bool pushDiagnostics() const {
    return Work->pushDiagnostics(Caps.pullDiagnostics);
  }

  Executor &Loop;
  std::function<void(const json &)> Send;
  std::unique_ptr<Workspace> Work;

  bool Initialized = false;
  bool ShutdownRequested = false;
  ClientCapabilities Caps;
  /// The URIs of the open documents, as the client spelled them.
  llvm::StringMap<URI> Uris;
  /// Requests in flight, by id, for $/cancelRequest.
  std::map<std::string, std::shared_ptr<CancellationSource>> InFlight;
  int NextOutgoingId = 0;
  std::map<int, std::function<void(std::optional<json>)>> Outgoing;
  unsigned NextProgressToken = 0;
  std::optional<std::string> IndexToken;
};

} // namespace corolint::lsp

#endif
