// lock-across-suspend: extra-types and allowed-types from .corolint.yaml.
// RUN: rm -rf %t && mkdir -p %t
// RUN: cp %s %t/config.cpp
// RUN: printf 'lock-across-suspend:\n  extra-types: [test::ProjectLock]\n  allowed-types: [std::lock_guard, test::sleep_op]\n' > %t/.corolint.yaml
// RUN: not %corolint check --checks=-*,lock-across-suspend %t/config.cpp -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include "locks.h"
#include <mutex>

std::mutex m;
test::task<> work();

test::task<> project_lock() {
  test::ProjectLock l(1);
  // CHECK: :[[@LINE-1]]:21: warning: lock 'l' of type 'test::ProjectLock' {{.*}} [lock-across-suspend]
  co_await work();
}

// An allowed awaitable (one that resumes on the same thread, say) is not a
// suspension the lock matters for; the other co_await is.
test::task<> allowed_awaitable() {
  test::ProjectLock l(2);
  // CHECK: :[[@LINE-1]]:21: warning: lock 'l' of type 'test::ProjectLock' is held across a suspension point{{.*}} [lock-across-suspend]
  co_await test::async_sleep(1);
  co_await work();
  // CHECK: :[[@LINE-1]]:3: note: held across this co_await
}

test::task<> allowed() {
  std::lock_guard<std::mutex> g(m);
  co_await work();
}
