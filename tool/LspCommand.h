//===- LspCommand.h - `corolint lsp`: flags and threads of the server -----===//
//
// Like clangd/tool/ClangdMain.cpp: reads the command line, starts the
// threads (the reader of stdin, the worker pools, the loop) and connects the
// protocol layer (lsp/LSPServer.h) to stdin and stdout.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TOOL_LSPCOMMAND_H
#define COROLINT_TOOL_LSPCOMMAND_H

#include "lsp/Scheduler.h"
#include "llvm/ADT/ArrayRef.h"
#include <string>

namespace corolint {

/// Runs the server on stdin/stdout until `exit` or end of input. Args are
/// the arguments after `corolint lsp`:
///   --log=error|info|verbose     what goes to stderr (default info)
///   -p DIR                       where compile_commands.json is
///   --checks=GLOBS               checks added to .corolint.yaml's
///   -j N, --jobs=N               worker threads for Clang (default 2)
///   --max-message-bytes=N        the largest message accepted (64 MiB)
///   --debounce-ms=N              a fixed debounce instead of the adaptive one
///   --help
/// Analyzers makes each document's analyzer; null: Clang's
/// (createClangDocumentAnalyzer), which tests replace.
/// Exit code: 0 after `shutdown` then `exit`, 1 if the client exits (or
/// closes stdin) without `shutdown`, 2 for a bad argument. Once the server
/// has run, it ends the process itself (std::_Exit, after flushing its
/// output): a worker may still be inside Clang and the reader blocked on
/// stdin, and neither can be unwound. It returns only for --help and bad
/// arguments.
int runLspCommand(llvm::ArrayRef<std::string> Args,
                  lsp::AnalyzerFactory Analyzers = nullptr);

} // namespace corolint

#endif
