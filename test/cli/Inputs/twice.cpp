// Two findings alike in all but their line: same check, message and text.
#include "coro.h"
#include <chrono>
#include <thread>

test::task<> naps() {
  std::this_thread::sleep_for(std::chrono::seconds(1));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  co_return;
}
