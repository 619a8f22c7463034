#include "coro.h"
#include <chrono>
#include <thread>

test::task<void> napper() {
  std::this_thread::sleep_for(std::chrono::seconds(1));
  co_return;
}
