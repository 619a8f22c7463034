//===- Logging.h - The language server's log, on stderr -------------------===//
//
// stdout belongs to the protocol, so the server's log goes to stderr, one
// timestamped line per message, from any thread.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_LSP_LOGGING_H
#define COROLINT_LSP_LOGGING_H

#include "llvm/ADT/StringRef.h"

namespace corolint::lsp {

enum class LogLevel { Error, Info, Verbose };

void setLogLevel(LogLevel Level);
/// Writes one line "[corolint HH:MM:SS.mmm] Message" to stderr if Level is
/// enabled. Thread-safe.
void log(LogLevel Level, llvm::StringRef Message);

} // namespace corolint::lsp

#endif
