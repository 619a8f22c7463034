// Code given to an "expect this to throw" assertion is meant to fail: a
// project's assert_throws(...) helper (any function whose name says throw
// but not nothrow) and a test framework's *_THROWS macros. Neither the
// lambda's body (for unawaited-task and dangling-reference) nor the call (for
// blocking-call) is reported; a NOTHROW assertion runs the code normally and
// is.
// RUN: not %corolint check --checks=-*,unawaited-task,blocking-call %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include <future>

namespace check {
template <typename E, typename F> void assert_throws_with_message(F f, const char *) {
  try {
    f();
  } catch (const E &) {
    return;
  }
  std::future<int> never;
  never.get();
}
template <typename F> void assert_nothrow(F f) { f(); }
} // namespace check

#define CHECK_THROWS(expr)                                                     \
  do {                                                                         \
    try {                                                                      \
      static_cast<void>(expr);                                                 \
    } catch (...) {                                                            \
    }                                                                          \
  } while (false)
#define CHECK_NOTHROW(expr) static_cast<void>(expr)

test::task<int> make(int v) { co_return v; }
int wait_for(std::future<int> &f) { return f.get(); }

test::task<> tests(std::future<int> &f) {
  check::assert_throws_with_message<int>([] { make(-1); }, "negative");
  CHECK_THROWS(wait_for(f));
  check::assert_nothrow([] { make(1); });
  // CHECK: :[[@LINE-1]]:30: warning: lazy task 'test::task<int>' returned by 'make' is discarded without being awaited; it never runs [unawaited-task]
  CHECK_NOTHROW(wait_for(f));
  // CHECK: :[[@LINE-1]]:17: warning: 'wait_for' waits for a future or joins a thread synchronously inside coroutine 'tests': it reaches 'std::future::get' [blocking-call]
  co_return;
}
