// lock-across-suspend: a thread-affine lock held across co_await/co_yield.
// RUN: not %corolint check --checks=-*,lock-across-suspend %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include "locks.h"
#include <mutex>
#include <shared_mutex>

std::mutex m;
std::shared_mutex sm;
test::Mutex tm;
test::task<int> fetch();
test::task<> work();
bool ready();

test::task<> plain() {
  std::lock_guard<std::mutex> g(m);
  // CHECK: :[[@LINE-1]]:31: warning: lock 'g' of type 'std::lock_guard<std::mutex>' is held across a suspension point; {{.*}} [lock-across-suspend]
  co_await work();
  // CHECK: :[[@LINE-1]]:3: note: held across this co_await
}

// clang-tidy's lexical check looks for co_await statements; these are
// suspensions inside an initializer, a condition and a return expression.
test::task<int> in_expressions() {
  std::scoped_lock g(m);
  // CHECK: :[[@LINE-1]]:20: warning: lock 'g' of type 'std::scoped_lock<std::mutex>' is held across 3 suspension points; {{.*}} [lock-across-suspend]
  int x = co_await fetch();
  // CHECK: :[[@LINE-1]]:11: note: held across this co_await
  if (co_await fetch() > x)
  // CHECK: :[[@LINE-1]]:7: note: held across this co_await
    x = 1;
  co_return x + co_await fetch();
  // CHECK: :[[@LINE-1]]:17: note: held across this co_await
}

// Each of these suspends only inside an expression: clang-tidy misses them.
test::task<int> only_initializer() {
  std::lock_guard<std::mutex> g(m);
  // CHECK: :[[@LINE-1]]:31: warning: lock 'g' {{.*}} [lock-across-suspend]
  int x = co_await fetch();
  // CHECK: :[[@LINE-1]]:11: note: held across this co_await
  co_return x;
}

test::task<int> only_return() {
  std::lock_guard<std::mutex> g(m);
  // CHECK: :[[@LINE-1]]:31: warning: lock 'g' {{.*}} [lock-across-suspend]
  co_return co_await fetch() + 1;
  // CHECK: :[[@LINE-1]]:13: note: held across this co_await
}

test::task<> unique_on_some_path(bool c) {
  std::unique_lock<std::mutex> l(m);
  // CHECK: :[[@LINE-1]]:32: warning: lock 'l' {{.*}} [lock-across-suspend]
  if (c)
    l.unlock();
  co_await work();
  // CHECK: :[[@LINE-1]]:3: note: held across this co_await
}

test::task<> relocked() {
  std::unique_lock<std::mutex> l(m);
  // CHECK: :[[@LINE-1]]:32: warning: lock 'l' {{.*}} [lock-across-suspend]
  l.unlock();
  co_await work();
  l.lock();
  co_await work();
  // CHECK: :[[@LINE-1]]:3: note: held across this co_await
}

test::task<> shared() {
  std::shared_lock<std::shared_mutex> r(sm);
  // CHECK: :[[@LINE-1]]:39: warning: lock 'r' of type 'std::shared_lock<std::shared_mutex>' {{.*}} [lock-across-suspend]
  co_await work();
}

test::task<> attribute() {
  test::MutexLock l(&tm);
  // CHECK: :[[@LINE-1]]:19: warning: lock 'l' of type 'test::MutexLock' {{.*}} [lock-across-suspend]
  co_await work();
}

struct gen {
  struct promise_type {
    gen get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int) { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

gen yields() {
  std::lock_guard<std::mutex> g(m);
  // CHECK: :[[@LINE-1]]:31: warning: lock 'g' {{.*}} [lock-across-suspend]
  co_yield 1;
  // CHECK: :[[@LINE-1]]:3: note: held across this co_yield
}

test::task<> in_loop() {
  for (int i = 0; i < 3; ++i) {
    std::lock_guard<std::mutex> g(m);
    // CHECK: :[[@LINE-1]]:33: warning: lock 'g' {{.*}} [lock-across-suspend]
    co_await work();
  }
}

// Not findings. clang-tidy's misc-coroutine-hostile-raii (configured with the
// same lock types) fires on the first four: each lock is released, moved
// from or never taken on every path to the co_await.
test::task<> unlocked_first() {
  std::unique_lock<std::mutex> l(m);
  l.unlock();
  co_await work();
}

test::task<> released_on_every_path(bool c) {
  std::unique_lock<std::mutex> l(m);
  if (c)
    l.unlock();
  else
    l.release()->unlock();
  co_await work();
}

test::task<> moved_away() {
  std::unique_lock<std::mutex> l(m);
  auto other = std::move(l);
  other.unlock();
  co_await work();
}

test::task<> deferred() {
  std::unique_lock<std::mutex> l(m, std::defer_lock);
  co_await work();
  l.lock();
}

test::task<> scoped_before() {
  {
    std::lock_guard<std::mutex> g(m);
    ready();
  }
  co_await work();
}

test::task<> suspension_in_lock_initializer() {
  std::lock_guard<std::mutex> g(co_await fetch() ? m : m);
  ready();
}

test::task<> suspension_before_lock() {
  int x = co_await fetch();
  std::lock_guard<std::mutex> g(m);
  (void)x;
}

test::task<> lock_in_lambda() {
  auto f = [] {
    std::lock_guard<std::mutex> g(m);
    return ready();
  };
  f();
  co_await work();
}

test::task<> async_guard() {
  test::AsyncGuard g;
  co_await work();
}

void not_a_coroutine() {
  std::lock_guard<std::mutex> g(m);
  ready();
}

// Locks declared in an if or for statement live as long as that statement.
test::task<> if_init() {
  if (std::lock_guard<std::mutex> g(m); ready()) {
    // CHECK: :[[@LINE-1]]:35: warning: lock 'g' {{.*}} is held across a suspension point{{.*}} [lock-across-suspend]
    co_await work();
    // CHECK: :[[@LINE-1]]:5: note: held across this co_await
  }
  co_await work();
}
test::task<> if_init_released_by_the_end() {
  if (std::lock_guard<std::mutex> g(m); ready())
    ready();
  co_await work();
}
test::task<> for_init_unlocked_around_each_await() {
  for (std::unique_lock<std::mutex> l(m); !ready();) {
    l.unlock();
    co_await work();
    l.lock();
  }
}
