//===- Transport.h - JSON-RPC messages over Content-Length framed streams -===//
//
// Bytes in, messages out, and back: the only layer that touches stdin and
// stdout. It trusts nothing it reads (missing or garbage headers, sizes above
// a cap, truncated bodies, invalid JSON) and keeps the stream in sync. All
// output goes through one writer thread, so a client that reads slowly never
// blocks the loop. (The log, on stderr, is Logging.h's.)
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_LSP_TRANSPORT_H
#define COROLINT_LSP_TRANSPORT_H

#include "llvm/ADT/StringRef.h"
#include <chrono>
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

/// json::dump that never throws: invalid UTF-8 is replaced.
std::string dumpJSON(const json &Value);

//===----------------------------------------------------------------------===//
// Framing
//===----------------------------------------------------------------------===//

/// Follows a JSON text byte by byte without building it: where its
/// top-level object or array ends, how deeply it nests, and whether it can
/// still be a message.
struct JSONShape {
  enum State { Before, Inside, Complete, Broken } St = Before;
  unsigned Depth = 0;
  unsigned MaxDepth = 0;
  bool InString = false;
  bool Escaped = false;

  void feed(char C);
  bool over() const { return St == Complete || St == Broken; }
};

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
  /// Deeper messages are refused unparsed: copying or printing such a value
  /// recurses once per level.
  static constexpr unsigned MaxNesting = 512;
  /// How long a frame whose JSON value is over (or cannot be JSON) waits for
  /// the rest of its announced length before it is given up.
  static constexpr std::chrono::milliseconds QuietTime{500};

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
  enum class Fill { Ready, TimedOut, Ended };
  /// Makes at least Want unread bytes available, waiting at most Timeout
  /// for each read (forever if absent); Ready if they are.
  Fill fill(size_t Want,
            std::optional<std::chrono::milliseconds> Timeout = std::nullopt);
  /// Reads one header line without its line ending; false at end of input.
  bool readLine(std::string &Line);
  enum class BodyEnd { Whole, Early, Truncated };
  /// Reads a body announced as Length bytes (kept in Body if Keep) and says
  /// where it ended; Shape follows its JSON structure.
  BodyEnd readBody(uint64_t Length, bool Keep, std::string &Body,
                   uint64_t &Read, JSONShape &Shape);
  /// Whether the unread input starts with a Content-Length header.
  bool atHeader();
  void writerMain();

  std::FILE *In;
  /// fileno(In), or -1 for a stream without one (then read with fread).
  int InFd;
  /// Read but not yet used: a frame may end before its announced length
  /// and leave the next frame's first bytes here.
  std::string Pending;
  size_t PendingPos = 0;
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
