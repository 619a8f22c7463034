//===- Transport.cpp - JSON-RPC messages over Content-Length framing ------===//
#include "lsp/Transport.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include <atomic>
#include <chrono>
#include <ctime>

namespace corolint::lsp {

namespace {
std::atomic<LogLevel> CurrentLevel{LogLevel::Info};
std::mutex LogMu;

/// A header line longer than this is garbage; its tail is skipped.
constexpr size_t MaxHeaderLine = 8192;
/// More header lines than this without a blank line is garbage too.
constexpr unsigned MaxHeaderLines = 256;
} // namespace

void setLogLevel(LogLevel Level) { CurrentLevel = Level; }
LogLevel logLevel() { return CurrentLevel; }

void log(LogLevel Level, llvm::StringRef Message) {
  if (Level > CurrentLevel)
    return;
  auto Now = std::chrono::system_clock::now();
  std::time_t Seconds = std::chrono::system_clock::to_time_t(Now);
  auto Millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                    Now.time_since_epoch())
                    .count() %
                1000;
  std::tm Parts;
  gmtime_r(&Seconds, &Parts);
  std::lock_guard<std::mutex> Lock(LogMu);
  std::fprintf(stderr, "[corolint %02d:%02d:%02d.%03d] %.*s\n", Parts.tm_hour,
               Parts.tm_min, Parts.tm_sec, static_cast<int>(Millis),
               static_cast<int>(Message.size()), Message.data());
  std::fflush(stderr);
}

std::string dumpJSON(const json &Value) {
  return Value.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool Transport::readLine(std::string &Line) {
  Line.clear();
  int C;
  while ((C = std::getc(In)) != EOF) {
    if (C == '\n') {
      if (!Line.empty() && Line.back() == '\r')
        Line.pop_back();
      return true;
    }
    if (Line.size() < MaxHeaderLine)
      Line.push_back(static_cast<char>(C));
  }
  return !Line.empty();
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
        Garbage = "Content-Length '" + Value.trim().str() + "'";
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

  if (*ContentLength > MaxMessageBytes) {
    // Skip exactly the announced body so the next frame is read in sync.
    uint64_t Left = *ContentLength;
    char Sink[4096];
    while (Left) {
      size_t Got =
          std::fread(Sink, 1, std::min<uint64_t>(Left, sizeof(Sink)), In);
      if (Got == 0)
        break;
      Left -= Got;
    }
    Result.Status = IncomingMessage::ParseError;
    Result.Problem = llvm::formatv("message of {0} bytes exceeds the limit of "
                                   "{1} bytes",
                                   *ContentLength, MaxMessageBytes)
                         .str();
    if (Left) {
      log(LogLevel::Error, Result.Problem);
      Result.Status = IncomingMessage::EndOfInput;
    }
    return Result;
  }

  std::string Body(*ContentLength, '\0');
  size_t Got = Body.empty() ? 0 : std::fread(Body.data(), 1, Body.size(), In);
  if (Got != Body.size()) {
    log(LogLevel::Error,
        llvm::formatv("input ended after {0} of {1} announced bytes", Got,
                      Body.size())
            .str());
    Result.Status = IncomingMessage::EndOfInput;
    return Result;
  }
  log(LogLevel::Verbose, "<<< " + Body);

  Result.Value = json::parse(Body, nullptr, /*allow_exceptions=*/false);
  if (Result.Value.is_discarded()) {
    Result.Status = IncomingMessage::ParseError;
    Result.Problem = "message body is not valid JSON";
    return Result;
  }
  Result.Status = IncomingMessage::Message;
  return Result;
}

Transport::Transport(std::FILE *In, std::FILE *Out, size_t MaxMessageBytes)
    : In(In), Out(Out), MaxMessageBytes(MaxMessageBytes),
      Writer([this] { writerMain(); }) {}

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
