// A header-only coroutine library with two findings, one in a template
// that only the translation units that use it instantiate.
#pragma once
#include "coro.h"
#include <mutex>

inline std::mutex lib_mutex;
test::task<> lib_work();

inline test::task<> lib_refresh() {
  std::lock_guard<std::mutex> g(lib_mutex);
  co_await lib_work();
}

template <typename T> test::task<> lib_generic(T) {
  std::lock_guard<std::mutex> held(lib_mutex);
  co_await lib_work();
}

inline test::task<> lib_silenced() {
  std::lock_guard<std::mutex> quiet(lib_mutex); // NOLINT(lock-across-suspend)
  co_await lib_work();
}
