//===- Transport.h - JSON-RPC messages over Content-Length framed streams -===//
//
// Bytes in, messages out, and back: the only layer that touches stdin and
// stdout. It trusts nothing it reads (missing or garbage headers, sizes above
// a cap, truncated bodies, invalid JSON) and keeps the stream in sync. All
// output goes through one writer thread, so a client that reads slowly never
// blocks the loop; logs go to stderr only.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_LSP_TRANSPORT_H
#define COROLINT_LSP_TRANSPORT_H

#include "llvm/ADT/StringRef.h"
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

namespace corolint::lsp {

using json = nlohmann::json;

//===----------------------------------------------------------------------===//
// Logging (stderr only: stdout belongs to the protocol)
//===----------------------------------------------------------------------===//

enum class LogLevel { Error, Info, Verbose };

void setLogLevel(LogLevel Level);
LogLevel logLevel();
/// Writes one line "[corolint HH:MM:SS.mmm] Message" to stderr if Level is
/// enabled. Thread-safe.
void log(LogLevel Level, llvm::StringRef Message);

/// json::dump that never throws: invalid UTF-8 is replaced.
std::string dumpJSON(const json &Value);

//===----------------------------------------------------------------------===//
// Framing
//===----------------------------------------------------------------------===//

/// One read from the input.
struct IncomingMessage {
  enum Kind {
    Message,    ///< Value holds a parsed JSON value.
    ParseError, ///< A frame that could not be used; Problem says why.
    EndOfInput, ///< The input is closed (or truncated mid-message).
  } Status = EndOfInput;
  json Value;
  std::string Problem;
};

class Transport {
public:
  static constexpr size_t DefaultMaxMessageBytes = 64u << 20;

  /// Reads from In and writes to Out; neither is owned. Starts the writer
  /// thread.
  Transport(std::FILE *In, std::FILE *Out,
            size_t MaxMessageBytes = DefaultMaxMessageBytes);
  /// Writes what is queued, then stops the writer thread.
  ~Transport();
  Transport(const Transport &) = delete;
  Transport &operator=(const Transport &) = delete;

  /// Blocks until the next frame. Call from one thread only.
  IncomingMessage read();

  /// Frames Message and queues it for the writer thread. Thread-safe, and
  /// never waits for the output: a coroutine may call it. Messages are
  /// written whole, in the order they were sent.
  void send(const json &Message);

  /// Blocks until every message sent so far is written and flushed.
  void flush();

private:
  /// Reads one header line without its line ending; false at end of input.
  bool readLine(std::string &Line);
  void writerMain();

  std::FILE *In;
  std::FILE *Out;
  size_t MaxMessageBytes;

  std::mutex OutboxMu;
  std::condition_variable HasOutput;
  std::condition_variable Drained;
  std::deque<std::string> Outbox;
  bool Writing = false;
  bool Stopping = false;
  std::thread Writer;
};

} // namespace corolint::lsp

#endif
