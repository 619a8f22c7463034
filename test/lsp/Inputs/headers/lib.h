#pragma once
#include "coro.h"
#include <mutex>
inline std::mutex lib_mutex;
test::task<> lib_work();
template <typename T> test::task<> lib_generic(T) {
  std::lock_guard<std::mutex> g(lib_mutex);
  co_await lib_work();
}
