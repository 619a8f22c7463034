// Ünïcödé 😀: positions on this file are checked in UTF-16 and UTF-8.
#include "coro.h"
#include <chrono>
#include <thread>

test::task<int> compute() { co_return 1; }

test::task<void> caller() {
  /* 😀 */ compute();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  co_return;
}
