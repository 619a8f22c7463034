#include "coro.h"
#include <chrono>
#include <thread>
test::task<> f() {
  // NOLINTBEGIN(blocking-call)
  std::this_thread::sleep_for(std::chrono::seconds(1));
  co_return;
}
