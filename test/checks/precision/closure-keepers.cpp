// Real projects keep a coroutine lambda's closure alive in ways that need no
// configuration; none of these is a finding, while the closure that dies
// with a plain callee still is.
// - A structured-concurrency "start" that takes the callable by value and
//   moves it, through helpers, into a coroutine's by-value parameter: the
//   closure lives in that coroutine's frame as long as it runs.
// - A call whose result's type names the closure's type: the result holds
//   the closure (a shared wrapper, a deferred starter), as long as it lives.
// - A named coroutine lambda of an enclosing function, captured by reference
//   and called by a lambda that returns its task: the closure is the
//   enclosing function's, not destroyed when the inner lambda returns.
// RUN: not %corolint check --no-cache --checks=-*,dangling-reference %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include <string>
#include <utility>

namespace pool {
struct Scope {
  // The closure is moved into the coroutine 'wrap' takes it by value in.
  template <typename F> void start(F f) { adopt(make(std::move(f))); }
  void adopt(test::task<> t);

private:
  template <typename F> test::task<> make(F f) {
    return [](F g) -> test::task<> { co_await g(); }(std::move(f));
  }
};

// A holder whose type names the callable it keeps.
template <typename F> struct Shared {
  explicit Shared(F &&f) : f(std::forward<F>(f)) {}
  F f;
};

// Moves the callable into an object that runs it once and is freed: the
// closure dies while the coroutine is suspended.
struct Job {
  template <typename F> explicit Job(F f) { f(); }
};
template <typename F> void run_once(F f) { Job j(std::move(f)); }
} // namespace pool

test::task<> user(pool::Scope &s, std::string name) {
  s.start([name]() -> test::task<> {
    co_await test::async_sleep(1);
    (void)name.size();
  });
  auto shared = pool::Shared([name]() -> test::task<> {
    co_await test::async_sleep(1);
    (void)name.size();
  });
  pool::run_once([name]() -> test::eager_task {
    // CHECK: :[[@LINE-1]]:18: warning: coroutine lambda with captures is passed to 'pool::run_once{{.*}}' as a temporary{{.*}} [dangling-reference]
    co_await test::async_sleep(1);
    (void)name.size();
  });
  co_return;
}

test::task<> outer(std::string name) {
  auto work = [&name](int x) -> test::task<> {
    co_await test::async_sleep(x);
    (void)name.size();
  };
  auto forward = [&](int x) { return work(x); };
  co_await forward(1);
}
