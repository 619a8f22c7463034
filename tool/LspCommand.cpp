//===- LspCommand.cpp - `corolint lsp`: flags and threads of the server ---===//
#include "tool/LspCommand.h"
#include "corolint/BuildInfo.h"
#include "lsp/DocumentAnalysis.h"
#include "lsp/LSPServer.h"
#include "lsp/Logging.h"
#include "lsp/Transport.h"
#include "llvm/Support/FormatVariadic.h"
#include <cstdio>
#include <thread>

#ifndef COROLINT_SOURCE_DOCS_URL
#define COROLINT_SOURCE_DOCS_URL ""
#endif

namespace corolint {

using namespace lsp;

namespace {

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

int runLspCommand(llvm::ArrayRef<std::string> Args, AnalyzerFactory Analyzers) {
  unsigned Jobs = 2;
  size_t MaxBytes = Transport::DefaultMaxMessageBytes;
  LSPServer::Options Opts;
  Opts.Defaults.DocsUrl = llvm::StringRef(COROLINT_DOCS_URL).empty()
                              ? COROLINT_SOURCE_DOCS_URL
                              : COROLINT_DOCS_URL;
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
      Opts.Defaults.CompilationDatabasePath = Args[++I];
    } else if (A.consume_front("--compile-commands-dir=") ||
               A.consume_front("-p=")) {
      Opts.Defaults.CompilationDatabasePath = A.str();
    } else if (A.consume_front("--checks=")) {
      Opts.Defaults.Checks = A.str();
    } else if (A.consume_front("--jobs=") && !A.getAsInteger(10, N)) {
      Jobs = N;
    } else if (A.consume_front("--max-message-bytes=") &&
               !A.getAsInteger(10, N)) {
      MaxBytes = N;
    } else if (A.consume_front("--debounce-ms=") && !A.getAsInteger(10, N)) {
      Opts.Debounce = DebouncePolicy::fixed(std::chrono::milliseconds(N));
    } else {
      std::fprintf(stderr, "corolint lsp: unknown argument '%s' (see --help)\n",
                   Args[I].c_str());
      return 2;
    }
  }
  if (Analyzers)
    Opts.Analyzers = std::move(Analyzers);
  else
    Opts.Analyzers = [] { return createClangDocumentAnalyzer(); };

  initializeClangAnalysis();
  // These outlive the loop on purpose: the reader thread may still be
  // blocked on stdin, and workers may be inside Clang, when the loop ends.
  auto *Loop = new Executor();
  auto *Wire = new Transport(stdin, stdout, MaxBytes);
  auto *Pool = new WorkerPool(*Loop, std::max(1u, Jobs));
  // One thread for background indexing, so that it never queues ahead of
  // the open documents' analyses.
  auto *IndexPool = new WorkerPool(*Loop, 1);
  auto *Server = new LSPServer(
      *Loop, *Pool, *IndexPool, [Wire](const json &M) { Wire->send(M); },
      std::move(Opts));

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

} // namespace corolint
