//===- Progress.cpp - One updating status line for long runs on a terminal ===//
#include "tool/Progress.h"
#include "llvm/Support/Process.h"
#include <algorithm>
#if __has_include(<sys/ioctl.h>)
#include <sys/ioctl.h>
#endif

namespace corolint {

namespace {

std::string clock(std::chrono::seconds S) {
  long long T = S.count();
  std::string Out;
  if (T >= 3600) {
    Out = std::to_string(T / 3600) + ":";
    T %= 3600;
    Out += (T / 60 < 10 ? "0" : "") + std::to_string(T / 60);
  } else {
    Out = std::to_string(T / 60);
  }
  T %= 60;
  return Out + (T < 10 ? ":0" : ":") + std::to_string(T);
}

} // namespace

unsigned ProgressLine::terminalColumns() {
#ifdef TIOCGWINSZ
  struct winsize Size;
  if (ioctl(2, TIOCGWINSZ, &Size) == 0 && Size.ws_col > 0)
    return Size.ws_col;
#endif
  // $COLUMNS, where the terminal cannot be asked.
  unsigned Columns = llvm::sys::Process::StandardErrColumns();
  return Columns ? Columns : 80;
}

ProgressLine::ProgressLine(llvm::raw_ostream &OS, unsigned Total,
                           unsigned Columns)
    : OS(OS), Total(Total), Columns(Columns),
      Start(std::chrono::steady_clock::now()) {
  Ticker = std::thread([this] {
    std::unique_lock<std::mutex> L(Lock);
    while (!Finished) {
      // Time passes while one large file is parsed: keep the clock moving.
      Wake.wait_for(L, std::chrono::seconds(1));
      if (!Finished)
        drawLocked();
    }
  });
}

ProgressLine::~ProgressLine() { finish(); }

void ProgressLine::update(llvm::StringRef File, bool IsFinished) {
  std::lock_guard<std::mutex> L(Lock);
  if (Finished)
    return;
  if (IsFinished) {
    ++Done;
    auto It = std::find(Running.begin(), Running.end(), File);
    if (It != Running.end())
      Running.erase(It);
  } else {
    Running.push_back(File.str());
  }
  if (Done >= Total) {
    clearLocked();
    Finished = true;
    Wake.notify_all();
    return;
  }
  drawLocked();
}

void ProgressLine::finish() {
  {
    std::lock_guard<std::mutex> L(Lock);
    if (!Finished) {
      clearLocked();
      Finished = true;
    }
    Wake.notify_all();
  }
  if (Ticker.joinable())
    Ticker.join();
}

std::string ProgressLine::format(unsigned Done, unsigned Total,
                                 std::chrono::seconds Elapsed,
                                 llvm::StringRef Current, unsigned Columns) {
  std::string Line = "corolint: [" + std::to_string(Done) + "/" +
                     std::to_string(Total) + "] " + clock(Elapsed);
  if (Done > 0 && Done < Total) {
    // The files done so far predict the rest: crude, but it settles fast.
    auto Left = std::chrono::seconds(
        (Elapsed.count() * (Total - Done) + Done / 2) / Done);
    Line += ", ~" + clock(Left) + " left";
  }
  if (!Current.empty()) {
    Line += "  ";
    // Keep the end of a long path: the file name is what tells files apart.
    size_t Room = Columns > Line.size() + 1 ? Columns - Line.size() - 1 : 0;
    if (Current.size() <= Room)
      Line += Current.str();
    else if (Room > 3)
      Line += "..." + Current.take_back(Room - 3).str();
  }
  if (Columns > 1 && Line.size() > Columns - 1)
    Line.resize(Columns - 1);
  return Line;
}

void ProgressLine::drawLocked() {
  auto Elapsed = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::steady_clock::now() - Start);
  std::string Line = format(Done, Total, Elapsed,
                            Running.empty() ? "" : Running.front(), Columns);
  // Spaces, not terminal escapes, cover what was longer: any terminal.
  size_t Width = Line.size();
  if (Drawn > Width)
    Line.append(Drawn - Width, ' ');
  OS << '\r' << Line;
  OS.flush();
  Drawn = Width;
}

void ProgressLine::clearLocked() {
  if (!Drawn)
    return;
  OS << '\r' << std::string(Drawn, ' ') << '\r';
  OS.flush();
  Drawn = 0;
}

} // namespace corolint
