//===- Progress.h - One updating status line for long runs on a terminal --===//
//
// `corolint check` on many files shows, on a terminal's stderr, one line that
// it rewrites in place: files done of the total, the elapsed time, an
// estimate of the time left, and a file being analysed. The line is cleared
// when the analysis ends, so the report that follows reads as without it.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TOOL_PROGRESS_H
#define COROLINT_TOOL_PROGRESS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace corolint {

class ProgressLine {
public:
  /// Draws on OS (a terminal Columns wide) for a run of Total files; the
  /// clock starts now, and the line is redrawn every second until done.
  ProgressLine(llvm::raw_ostream &OS, unsigned Total, unsigned Columns);
  ~ProgressLine();
  ProgressLine(const ProgressLine &) = delete;
  ProgressLine &operator=(const ProgressLine &) = delete;

  /// Thread-safe: the analysis of File started or finished.
  void update(llvm::StringRef File, bool Finished);
  /// Clears the line and stops redrawing (also when the last file is done).
  void finish();

  /// The width of the terminal stderr is on (80 if it cannot be told).
  static unsigned terminalColumns();

  /// The text of the line (without padding), exposed for its format.
  static std::string format(unsigned Done, unsigned Total,
                            std::chrono::seconds Elapsed,
                            llvm::StringRef Current, unsigned Columns);

private:
  void drawLocked();
  void clearLocked();

  llvm::raw_ostream &OS;
  const unsigned Total;
  const unsigned Columns;
  const std::chrono::steady_clock::time_point Start;
  std::mutex Lock;
  std::condition_variable Wake;
  unsigned Done = 0;
  /// The files being analysed, oldest first; the line names the oldest.
  std::vector<std::string> Running;
  size_t Drawn = 0; ///< Width of the line on screen.
  bool Finished = false;
  std::thread Ticker;
};

} // namespace corolint

#endif
