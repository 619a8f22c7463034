// unawaited-task: std::ignore, a task tested as a bool, and a coroutine
// lambda whose task a caller expecting void drops.
// RUN: not %corolint check --checks=-*,unawaited-task %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "task-uses.h"
#include <thread>
#include <tuple>

test::task<int> fetch();
test::checked_task check();

test::task<> ignored() {
  std::ignore = fetch();
  // CHECK: :[[@LINE-1]]:17: warning: lazy task 'test::task<int>' returned by 'fetch' is discarded without being awaited; it never runs (assigning it to std::ignore does not start it) [unawaited-task]
  // CHECK-NEXT: {{^}}   [[@LINE-2]] |   std::ignore = fetch();
  // CHECK-NEXT: {{^}}      |   ~~~~~~~~~~~~~ ^~~~~~~
  // CHECK-NEXT: {{^}}      |   co_await{{ $}}
  co_return;
}

test::task<> conditions() {
  if (check()) {
  // CHECK: :[[@LINE-1]]:7: warning: lazy task 'test::checked_task' returned by 'check' is converted to bool, which does not await it; it never runs [unawaited-task]
  }
  // Testing a task that is kept says whether it holds a coroutine: fine.
  auto t = check();
  if (t) {
  }
  co_await t;
  bool b = static_cast<bool>(check());
  // CHECK: :[[@LINE-1]]:30: warning: lazy task 'test::checked_task' returned by 'check' is converted to bool{{.*}} [unawaited-task]
  (void)b;
}

void callables() {
  test::on_event([]() -> test::task<> { co_return; });
  // CHECK: :[[@LINE-1]]:18: warning: coroutine lambda returning lazy task 'test::task<void>' is passed to 'std::function<void ()>', which expects a callable returning void and drops the task; it never runs [unawaited-task]
  std::function<void()> f = [x = 1]() -> test::task<> { co_return; };
  // CHECK: :[[@LINE-1]]:29: warning: coroutine lambda returning lazy task {{.*}} [unawaited-task]
  f = []() { return fetch(); };
  // CHECK: :[[@LINE-1]]:7: warning: lambda returning lazy task 'test::task<int>' is passed to 'std::function<void ()>'{{.*}} [unawaited-task]
  test::run_later([]() -> test::task<> { co_return; });
  // CHECK: :[[@LINE-1]]:19: warning: coroutine lambda returning lazy task 'test::task<void>' is passed to 'test::run_later', which expects a callable returning void and drops the task; it never runs [unawaited-task]
  // CHECK: task-uses.h:{{[0-9]+}}:{{[0-9]+}}: note: the task it returns is discarded here
  auto named = []() -> test::task<> { co_return; };
  test::invoke_later(named);
  // CHECK: :[[@LINE-1]]:22: warning: coroutine lambda {{.*}} passed to 'test::invoke_later'{{.*}} [unawaited-task]

  std::thread worker([]() -> test::task<> { co_return; });
  // CHECK: :[[@LINE-1]]:22: warning: coroutine lambda returning lazy task 'test::task<void>' is passed to 'std::thread', which runs it and drops the task it returns; it never runs [unawaited-task]
  worker.join();

  // An eager future returned into a callable returning void is dropped.
  test::on_event([]() -> test::eager_task { co_return; });
  // CHECK: :[[@LINE-1]]:18: warning: coroutine lambda returning eager task 'test::eager_task' is passed to 'std::function<void ()>', which expects a callable returning void and drops the task; it runs, but nobody waits for its result or its errors [unawaited-task]

  // Not findings: the callee keeps or awaits the task; fire-and-forget.
  test::on_value([]() -> test::task<> { co_return; });
  auto kept = test::run_and_keep([]() -> test::task<> { co_return; });
  test::on_event([]() -> test::fire_and_forget { co_return; });
  test::on_event([] { fetch(); });
  // CHECK: :[[@LINE-1]]:23: warning: lazy task 'test::task<int>' returned by 'fetch' is discarded{{.*}} [unawaited-task]
  (void)kept;
}

// Not findings: the result is awaited and tested, not the task.
test::task<> tests_result() {
  if (co_await fetch())
    co_return;
  auto t = check();
  if (t.done())
    co_return co_await t;
  co_await t;
}

// Awaiting a task that returns a task: the inner task is dropped.
test::task<test::checked_task> make_later();
test::task<> awaits_outer_only() {
  co_await make_later();
  // CHECK: :[[@LINE-1]]:3: warning: lazy task 'test::checked_task' returned by co_await is discarded without being awaited; it never runs [unawaited-task]
  // CHECK-NEXT: {{^}}   [[@LINE-2]] |   co_await make_later();
  // CHECK-NEXT: {{^}}      |   ^~~~~~~~~~~~~~~~~~~~~
  // CHECK-NEXT: {{^}}      |   co_await{{ $}}
  co_await co_await make_later();
}
