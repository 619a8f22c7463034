// blocking-call on real code: what runs only once something has failed is
// not the event loop's normal work. A test framework's assertion machinery
// (here a small stand-in for Catch2's, whose failure handler asks /proc
// whether a debugger is attached) is never followed; a helper's blocking
// calls that lead only to a throw, a noreturn call, or an [[unlikely]] or
// __builtin_expect-cold branch are left out of what it reaches. A direct
// blocking call in the coroutine's own body is still reported, and
// --strict still follows the cold paths.
// RUN: not %corolint check --checks=-*,blocking-call %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
// RUN: not %corolint check --strict --checks=-*,blocking-call %s -- %cxxflags | FileCheck %s --check-prefix=STRICT
#include "coro.h"
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

namespace Catch {
inline bool isDebuggerActive() {
  std::ifstream status("/proc/self/status");
  return status.good();
}
struct AssertionHandler {
  explicit AssertionHandler(bool ok) : ok(ok) {}
  void complete() {
    if (!ok && isDebuggerActive())
      std::abort();
  }
  bool ok;
};
} // namespace Catch
#define REQUIRE(expr)                                                          \
  do {                                                                         \
    Catch::AssertionHandler handler(static_cast<bool>(expr));                  \
    handler.complete();                                                        \
  } while (false)

namespace proj {
inline void dump_state() {
  std::ofstream log("state.txt");
  log << "state";
}
// Reports, then gives up: every path ends in a throw.
inline void fail(const std::string &why) {
  dump_state();
  throw std::runtime_error(why);
}
inline int checked(int v) {
  if (v < 0) {
    dump_state();
    throw std::invalid_argument("negative");
  }
  return v;
}
inline int guarded(int v) {
  if (v > 100) [[unlikely]] {
    dump_state();
  }
  if (__builtin_expect(v == 42, 0))
    dump_state();
  return v;
}
[[noreturn]] inline void die() { std::abort(); }
inline void fatal() {
  dump_state();
  die();
}
inline void ordinary() { dump_state(); }
} // namespace proj

test::task<> with_assertions(int v) {
  REQUIRE(v > 0);
  // STRICT: :[[@LINE-1]]:3: warning: {{.*}}Catch::AssertionHandler::complete{{.*}}
  co_await test::async_sleep(1);
  REQUIRE(v == 1);
  co_return;
}

test::task<> with_failure_helpers(int v) {
  if (v == 0)
    proj::fail("zero");
  // STRICT: :[[@LINE-1]]:5: warning: 'proj::fail' performs synchronous file I/O
  proj::checked(v);
  // STRICT: :[[@LINE-1]]:3: warning: 'proj::checked' performs synchronous file I/O
  proj::guarded(v);
  // STRICT: :[[@LINE-1]]:3: warning: 'proj::guarded' performs synchronous file I/O
  if (v == 7)
    proj::fatal();
  co_return;
}

test::task<> still_found(int v) {
  // A direct blocking call on a failure path of the coroutine itself.
  if (v < 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    // CHECK: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' sleeps the thread inside coroutine 'still_found' [blocking-call]
    throw std::invalid_argument("negative");
  }
  // And a helper whose blocking is its normal work.
  proj::ordinary();
  // CHECK: :[[@LINE-1]]:3: warning: 'proj::ordinary' performs synchronous file I/O inside coroutine 'still_found': it reaches 'std::basic_ofstream' [blocking-call]
  co_return;
}

