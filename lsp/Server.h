//===- Server.h - `corolint lsp`: the language server's entry point -------===//
//
// The server maps LSP messages onto the scheduler and the checks: lifecycle,
// text synchronization, pushed and pulled diagnostics, quick fixes, hover,
// configuration and progress. Its request loop is coroutine code running on
// corolint's own executor (see Async.h); see docs/lsp.md for the protocol
// surface.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_LSP_SERVER_H
#define COROLINT_LSP_SERVER_H

#include "lsp/Scheduler.h"
#include "llvm/ADT/ArrayRef.h"
#include <string>

namespace corolint::lsp {

/// Runs the server on stdin/stdout until `exit` or end of input. Args are
/// the arguments after `corolint lsp`:
///   --log=error|info|verbose     what goes to stderr (default info)
///   -p DIR                       where compile_commands.json is
///   --checks=GLOBS               checks added to .corolint.yaml's
///   -j N, --jobs=N               worker threads for Clang (default 2)
///   --max-message-bytes=N        the largest message accepted (64 MiB)
///   --debounce-ms=N              a fixed debounce instead of the adaptive one
///   --help
/// Exit code: 0 after `shutdown` then `exit`, 1 if the client exits (or
/// closes stdin) without `shutdown`, 2 for a bad argument. Once the server
/// has run, it ends the process itself (std::_Exit, after flushing its
/// output): a worker may still be inside Clang and the reader blocked on
/// stdin, and neither can be unwound. It returns only for --help and bad
/// arguments.
/// Analyzers makes each document's analyzer; null: Clang's
/// (createClangDocumentAnalyzer), which tests replace.
int runLanguageServer(llvm::ArrayRef<std::string> Args,
                      AnalyzerFactory Analyzers = nullptr);

} // namespace corolint::lsp

#endif
