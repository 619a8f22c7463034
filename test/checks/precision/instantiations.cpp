// One location, one finding: a template coroutine instantiated for several
// types is reported once at each place, not once per instantiation (each
// of which would name its own task type).
// RUN: not %corolint check --checks=-*,unawaited-task,blocking-call %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include <chrono>
#include <thread>

template <typename T> test::task<T> make(T v) { co_return v; }

template <typename T> test::task<> drop_one(T v) {
  make(v);
  // CHECK: :[[@LINE-1]]:3: warning: lazy task 'test::task<{{.*}}>' returned by 'make' is discarded without being awaited; it never runs [unawaited-task]
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' sleeps the thread inside coroutine 'drop_one' [blocking-call]
  co_return;
}

test::task<> all() {
  co_await drop_one(1);
  co_await drop_one(2L);
  co_await drop_one(3.0);
  co_await drop_one('c');
}
