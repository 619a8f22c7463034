// clang-tidy's suppression comments, for direct and transitive findings.
// RUN: not %corolint check --no-cache %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include <chrono>
#include <thread>

using namespace std::chrono_literals;

void helper() { std::this_thread::sleep_for(1ms); }

test::task<> coroutine() {
  std::this_thread::sleep_for(1ms); // NOLINT
  std::this_thread::sleep_for(1ms); // NOLINT(blocking-call)
  std::this_thread::sleep_for(1ms); // NOLINT(blocking-*)
  std::this_thread::sleep_for(1ms); // NOLINT(unawaited-task)
  // CHECK: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' sleeps the thread inside coroutine 'coroutine' [blocking-call]
  // NOLINTNEXTLINE(blocking-call)
  helper();
  helper(); // NOLINT(blocking-call)
  // NOLINTBEGIN(blocking-call)
  helper();
  std::this_thread::sleep_for(1ms);
  // NOLINTEND(blocking-call)
  helper();
  // CHECK: :[[@LINE-1]]:3: warning: 'helper' sleeps the thread inside coroutine 'coroutine': it reaches 'std::this_thread::sleep_for' [blocking-call]
  co_return;
}
