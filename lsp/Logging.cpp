//===- Logging.cpp - The language server's log, on stderr -----------------===//
#include "lsp/Logging.h"
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace corolint::lsp {

namespace {
std::atomic<LogLevel> CurrentLevel{LogLevel::Info};
std::mutex LogMu;
} // namespace

void setLogLevel(LogLevel Level) { CurrentLevel = Level; }

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

} // namespace corolint::lsp
