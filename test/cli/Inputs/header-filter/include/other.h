// Another project header, with its own finding.
#pragma once
#include "coro.h"
#include <mutex>

inline std::mutex other_mutex;
test::task<> other_work();

inline test::task<> other_refresh() {
  std::lock_guard<std::mutex> o(other_mutex);
  co_await other_work();
}
