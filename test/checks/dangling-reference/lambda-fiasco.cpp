// dangling-reference: the lambda-coroutine fiasco. A coroutine lambda with
// captures handed as a temporary to a function that calls it and returns
// (a continuation, a dispatcher queue, a std::function): the closure dies
// while the coroutine is suspended, and every capture read after the first
// suspension -- 'this' included, on any path -- reads freed memory. Eager
// and lazy alike. Not findings: captures read only before the first
// suspension; a coroutine callee (its parameter keeps the closure); an owner
// of the closure (dangling-reference.closure-owners); the call awaited in
// the same full-expression.
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/a.cpp
// RUN: printf 'dangling-reference:\n  closure-owners: [app::owned]\n' > %t/.corolint.yaml
// RUN: not %corolint check --no-cache --checks=-*,dangling-reference %t/a.cpp -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include <functional>
#include <string>

namespace app {
template <typename F> void then(F f) { f(); }
void enqueue(std::function<void()> job);
template <typename F> test::task<> retry(F f) { co_await f(); }
template <typename F> struct owned {
  explicit owned(F f) : f(std::move(f)) {}
  F f;
};
template <typename F> void post(owned<F> o);
template <typename F> test::task<> via(F f) { return f(); }

struct Widget {
  int count = 0;
  void start() {
    then([this]() -> test::eager_task {
      // CHECK: :[[@LINE-1]]:10: warning: coroutine lambda with captures is passed to 'app::then' as a temporary; its captures live in the closure, which can be destroyed while the coroutine is suspended, but the coroutine reads them after it suspends [dangling-reference]
      co_await test::async_sleep(1);
      ++count;
      // CHECK: :[[@LINE-1]]:9: note: 'this' is read here, after a suspension point
    });
  }
};
} // namespace app

test::task<> caller(std::string name) {
  app::enqueue([name]() -> test::fire_and_forget {
    // CHECK: :[[@LINE-1]]:16: warning: coroutine lambda with captures is passed to 'std::function<void ()>' as a temporary{{.*}} [dangling-reference]
    co_await test::async_sleep(1);
    try {
      co_await test::async_sleep(2);
    } catch (...) {
      (void)name.size();
    }
  });
  // Captures read only before the first suspension.
  app::then([name]() -> test::eager_task {
    (void)name.size();
    co_await test::async_sleep(1);
  });
  // The callee is a coroutine: the closure lives in its frame.
  co_await app::retry([name]() -> test::task<> {
    co_await test::async_sleep(1);
    (void)name.size();
  });
  // An owner keeps the closure.
  app::post(app::owned([name]() -> test::task<> {
    co_await test::async_sleep(1);
    (void)name.size();
  }));
  // Awaited in the same full-expression.
  co_await app::via([name]() -> test::task<> {
    co_await test::async_sleep(1);
    (void)name.size();
  });
}
