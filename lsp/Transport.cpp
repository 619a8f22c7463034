//===- Transport.cpp - JSON-RPC messages over Content-Length framing ------===//
#include "lsp/Transport.h"
#include "lsp/Logging.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <poll.h>
#include <unistd.h>

namespace corolint::lsp {

namespace {
/// A header line longer than this is garbage; its tail is skipped.
constexpr size_t MaxHeaderLine = 8192;
/// More header lines than this without a blank line is garbage too.
constexpr unsigned MaxHeaderLines = 256;
} // namespace

std::string dumpJSON(const json &Value) {
  return Value.dump(-1, ' ', false, json::error_handler_t::replace);
}

void JSONShape::feed(char C) {
  bool Space = C == ' ' || C == '\t' || C == '\r' || C == '\n';
  switch (St) {
  case Before:
    if (Space)
      return;
    if (C == '{' || C == '[') {
      St = Inside;
      Depth = MaxDepth = 1;
    } else {
      St = Broken; // Not a message, whatever it is.
    }
    return;
  case Inside:
    if (InString) {
      if (Escaped)
        Escaped = false;
      else if (C == '\\')
        Escaped = true;
      else if (C == '"')
        InString = false;
      else if (static_cast<unsigned char>(C) < 0x20)
        St = Broken; // A raw line break cannot be inside a JSON string.
      return;
    }
    if (C == '"')
      InString = true;
    else if (C == '{' || C == '[')
      MaxDepth = std::max(MaxDepth, ++Depth);
    else if ((C == '}' || C == ']') && --Depth == 0)
      St = Complete;
    return;
  case Complete:
  case Broken:
    return;
  }
}

Transport::Fill
Transport::fill(size_t Want, std::optional<std::chrono::milliseconds> Timeout) {
  if (PendingPos == Pending.size()) {
    // Do not keep the memory of a large pushed-back frame.
    if (Pending.capacity() > (1u << 20))
      Pending = std::string();
    Pending.clear();
    PendingPos = 0;
  }
  while (Pending.size() - PendingPos < Want) {
    char Chunk[65536];
    size_t Got;
    if (InFd >= 0) {
      if (Timeout) {
        pollfd P{InFd, POLLIN, 0};
        int Ready;
        do
          Ready = ::poll(&P, 1, static_cast<int>(Timeout->count()));
        while (Ready < 0 && errno == EINTR);
        if (Ready == 0)
          return Fill::TimedOut;
      }
      ssize_t N;
      do
        N = ::read(InFd, Chunk, sizeof(Chunk));
      while (N < 0 && errno == EINTR);
      if (N <= 0)
        return Fill::Ended;
      Got = static_cast<size_t>(N);
    } else {
      Got = std::fread(Chunk, 1, sizeof(Chunk), In);
      if (Got == 0)
        return Fill::Ended;
    }
    Pending.append(Chunk, Got);
  }
  return Fill::Ready;
}

bool Transport::readLine(std::string &Line) {
  Line.clear();
  while (fill(1) == Fill::Ready) {
    const char *Start = Pending.data() + PendingPos;
    size_t Available = Pending.size() - PendingPos;
    const char *End =
        static_cast<const char *>(std::memchr(Start, '\n', Available));
    size_t Take = End ? static_cast<size_t>(End - Start) : Available;
    Line.append(Start, Take);
    PendingPos += Take + (End ? 1 : 0);
    // Keep the tail of an overlong line: after a frame with a wrong length,
    // the next header follows the rest of its body on the same line.
    if (Line.size() > MaxHeaderLine)
      Line.erase(0, Line.size() - MaxHeaderLine);
    if (End) {
      if (!Line.empty() && Line.back() == '\r')
        Line.pop_back();
      return true;
    }
  }
  return !Line.empty();
}

bool Transport::atHeader() {
  static constexpr llvm::StringLiteral Name = "content-length:";
  fill(Name.size(), QuietTime);
  return llvm::StringRef(Pending)
      .substr(PendingPos, Name.size())
      .equals_insensitive(Name);
}

Transport::BodyEnd Transport::readBody(uint64_t Length, bool Keep,
                                       std::string &Body, uint64_t &Read,
                                       JSONShape &Shape) {
  while (Read < Length) {
    if (Shape.over()) {
      // The value is over, or cannot be a message: the rest of the
      // announced length may never come, and the next frame may already be
      // here. Only whitespace may still follow a whole value.
      Fill F = fill(1, QuietTime);
      if (F == Fill::Ended)
        return BodyEnd::Truncated;
      if (F == Fill::TimedOut)
        return BodyEnd::Early;
      char C = Pending[PendingPos];
      if (Shape.St == JSONShape::Complete) {
        if (C != ' ' && C != '\t' && C != '\r' && C != '\n')
          return BodyEnd::Early;
      } else if ((C == 'C' || C == 'c') && atHeader()) {
        return BodyEnd::Early;
      }
      ++PendingPos;
      ++Read;
      if (Keep)
        Body.push_back(C);
      continue;
    }
    if (fill(1) != Fill::Ready)
      return BodyEnd::Truncated;
    const char *Start = Pending.data() + PendingPos;
    size_t Available =
        std::min<uint64_t>(Pending.size() - PendingPos, Length - Read);
    size_t Used = 0;
    while (Used < Available && !Shape.over())
      Shape.feed(Start[Used++]);
    if (Keep)
      Body.append(Start, Used);
    PendingPos += Used;
    Read += Used;
  }
  return BodyEnd::Whole;
}

IncomingMessage Transport::read() {
  IncomingMessage Result;
  std::string Line;
  std::optional<uint64_t> ContentLength;
  std::string Garbage;
  unsigned Lines = 0;

  // Headers: "Name: value" lines up to a blank line. Anything else is noted
  // and skipped, so a stray line cannot desynchronize the stream.
  bool SawAnyLine = false;
  while (true) {
    if (!readLine(Line)) {
      if (SawAnyLine)
        log(LogLevel::Error, "input ended inside a message header");
      Result.Status = IncomingMessage::EndOfInput;
      return Result;
    }
    if (Line.empty()) {
      if (!SawAnyLine)
        continue; // Blank lines between messages are harmless.
      break;
    }
    // What a frame with a wrong length left behind runs into the next
    // header on one line: the header starts where its name does.
    size_t HeaderAt = llvm::StringRef(Line).find_insensitive("content-length:");
    if (HeaderAt != llvm::StringRef::npos && HeaderAt > 0) {
      log(LogLevel::Error, "skipped " + std::to_string(HeaderAt) +
                               " bytes of input before a message header");
      Line.erase(0, HeaderAt);
    }
    SawAnyLine = true;
    if (++Lines > MaxHeaderLines) {
      Result.Status = IncomingMessage::ParseError;
      Result.Problem = "too many header lines without a blank line";
      return Result;
    }
    auto [Name, Value] = llvm::StringRef(Line).split(':');
    if (Name.size() == Line.size()) {
      if (Garbage.empty())
        Garbage = Line.substr(0, 80);
      continue;
    }
    if (Name.trim().equals_insensitive("Content-Length")) {
      uint64_t N;
      if (Value.trim().getAsInteger(10, N)) {
        Garbage = "Content-Length '" + Value.trim().substr(0, 40).str() + "'";
        ContentLength.reset();
        continue;
      }
      ContentLength = N;
    }
    // Other headers (Content-Type) carry nothing we need.
  }

  if (!ContentLength) {
    Result.Status = IncomingMessage::ParseError;
    Result.Problem = Garbage.empty() ? "message header without Content-Length"
                                     : "unreadable message header: " + Garbage;
    return Result;
  }

  // A body above the cap is skipped, not kept; either way its JSON
  // structure is followed, so that a length that is wrong (too long, or
  // 2^63) ends the frame where the next one starts rather than swallowing it.
  bool Keep = *ContentLength <= MaxMessageBytes;
  std::string Body;
  if (Keep)
    Body.reserve(*ContentLength);
  uint64_t Read = 0;
  JSONShape Shape;
  BodyEnd End = readBody(*ContentLength, Keep, Body, Read, Shape);
  if (End == BodyEnd::Truncated) {
    log(LogLevel::Error,
        llvm::formatv("input ended after {0} of {1} announced bytes", Read,
                      *ContentLength)
            .str());
    Result.Status = IncomingMessage::EndOfInput;
    return Result;
  }
  Result.Status = IncomingMessage::ParseError;
  if (!Keep) {
    Result.Problem = llvm::formatv("message of {0} bytes exceeds the limit of "
                                   "{1} bytes",
                                   *ContentLength, MaxMessageBytes)
                         .str();
    return Result;
  }
  log(LogLevel::Verbose, "<<< " + Body);
  if (Shape.MaxDepth > MaxNesting) {
    Result.Problem =
        llvm::formatv("message nests deeper than {0} levels", MaxNesting).str();
    return Result;
  }

  if (Shape.St == JSONShape::Complete || Shape.St == JSONShape::Broken)
    Result.Value = json::parse(Body, nullptr, /*allow_exceptions=*/false);
  else // Too short for its own value: not JSON, whatever its prefix says.
    Result.Value = json::value_t::discarded;
  if (End == BodyEnd::Early && !Result.Value.is_discarded()) {
    // The message is whole, but its length was wrong: the client's framing
    // cannot be trusted for this one.
    Result.Value = nullptr;
    Result.Problem =
        llvm::formatv("Content-Length {0} is longer than the message ({1} "
                      "bytes)",
                      *ContentLength, Read)
            .str();
    return Result;
  }
  if (Result.Value.is_discarded()) {
    Result.Problem = "message body is not valid JSON";
    // Frames the wrong length took in are read again.
    size_t Next = llvm::StringRef(Body).find_insensitive("content-length:", 1);
    if (Next != llvm::StringRef::npos) {
      Pending = Body.substr(Next) + Pending.substr(PendingPos);
      PendingPos = 0;
    }
    return Result;
  }
  Result.Status = IncomingMessage::Message;
  return Result;
}

Transport::Transport(std::FILE *In, std::FILE *Out, size_t MaxMessageBytes)
    : In(In), InFd(In ? fileno(In) : -1), Out(Out),
      MaxMessageBytes(MaxMessageBytes), Writer([this] { writerMain(); }) {}

Transport::~Transport() {
  {
    std::lock_guard<std::mutex> Lock(OutboxMu);
    Stopping = true;
  }
  HasOutput.notify_all();
  Writer.join();
}

void Transport::send(const json &Message) {
  std::string Body = dumpJSON(Message);
  log(LogLevel::Verbose, ">>> " + Body);
  std::string Frame =
      "Content-Length: " + std::to_string(Body.size()) + "\r\n\r\n" + Body;
  {
    std::lock_guard<std::mutex> Lock(OutboxMu);
    Outbox.push_back(std::move(Frame));
  }
  HasOutput.notify_one();
}

void Transport::flush() {
  std::unique_lock<std::mutex> Lock(OutboxMu);
  Drained.wait(Lock, [&] { return Outbox.empty() && !Writing; });
}

void Transport::writerMain() {
  std::unique_lock<std::mutex> Lock(OutboxMu);
  while (true) {
    HasOutput.wait(Lock, [&] { return Stopping || !Outbox.empty(); });
    if (Outbox.empty())
      return;
    std::string Frame = std::move(Outbox.front());
    Outbox.pop_front();
    Writing = true;
    Lock.unlock();
    std::fwrite(Frame.data(), 1, Frame.size(), Out);
    std::fflush(Out);
    Lock.lock();
    Writing = false;
    if (Outbox.empty())
      Drained.notify_all();
  }
}

} // namespace corolint::lsp
