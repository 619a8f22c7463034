#include "coro.h"
#include <thread>
test::task<> nap() {
  std::this_thread::sleep_for(std::chrono::seconds(1));
  co_return;
}
