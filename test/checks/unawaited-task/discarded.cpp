// unawaited-task: a lazy task or an awaitable whose value is discarded.
// RUN: not %corolint check --checks=-*,unawaited-task %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include <vector>

test::task<int> fetch() { co_return 1; }
test::task<> work() { co_return; }
test::eager_task fire() { co_return; }
test::fire_and_forget detach() { co_return; }
test::custom_lazy custom() { co_return; }
test::traits_task via_traits() { co_return; }
test::plain make_plain() { return {}; }
test::op_free make_free();
test::op_with_co_await make_member();

struct Client {
  test::task<int> get() { co_return 2; }
};

void spawn(test::task<> t);
void keep(std::vector<test::task<>> &v, test::task<> t) { v.push_back(std::move(t)); }

test::task<> caller(Client &c) {
  fetch();
  // CHECK: :[[@LINE-1]]:3: warning: lazy task 'test::task<int>' returned by 'fetch' is discarded without being awaited; it never runs [unawaited-task]
  // CHECK-NEXT: {{^}}   [[@LINE-2]] |   fetch();
  // CHECK-NEXT: {{^}}      |   ^~~~~~~
  // CHECK-NEXT: {{^}}      |   co_await{{ $}}
  (void)work();
  // CHECK: :[[@LINE-1]]:9: warning: lazy task 'test::task<void>' returned by 'work' is discarded without being awaited; it never runs (casting it to void does not start it) [unawaited-task]
  c.get();
  // CHECK: :[[@LINE-1]]:3: warning: lazy task 'test::task<int>' returned by 'Client::get' {{.*}} [unawaited-task]
  custom();
  // CHECK: :[[@LINE-1]]:3: warning: lazy task 'test::custom_lazy' returned by 'custom' {{.*}} [unawaited-task]
  via_traits();
  // CHECK: :[[@LINE-1]]:3: warning: lazy task 'test::traits_task' returned by 'via_traits' {{.*}} [unawaited-task]
  test::async_sleep(3);
  // CHECK: :[[@LINE-1]]:3: warning: awaitable 'test::sleep_op' returned by 'test::async_sleep' is discarded without being awaited; its work and errors are lost [unawaited-task]
  make_free();
  // CHECK: :[[@LINE-1]]:3: warning: awaitable 'test::op_free' returned by 'make_free' is discarded {{.*}} [unawaited-task]
  make_member();
  // CHECK: :[[@LINE-1]]:3: warning: awaitable 'test::op_with_co_await' returned by 'make_member' is discarded {{.*}} [unawaited-task]
  if (true)
    fetch();
  // CHECK: :[[@LINE-1]]:5: warning: lazy task {{.*}} [unawaited-task]
  for (int i = 0; i < 2; fetch(), ++i)
  // CHECK: :[[@LINE-1]]:26: warning: lazy task {{.*}} [unawaited-task]
    ;
  []() -> test::task<> { co_return; }();
  // CHECK: :[[@LINE-1]]:3: warning: lazy task 'test::task<void>' returned by a lambda {{.*}} [unawaited-task]

  // An eager future runs, but nobody waits for it (no-floating-promises);
  // casting it to void says that is meant.
  fire();
  // CHECK: :[[@LINE-1]]:3: warning: eager task 'test::eager_task' returned by 'fire' is discarded without being awaited; it runs, but nobody waits for its result or its errors [unawaited-task]
  // CHECK-NEXT: {{^}}   [[@LINE-2]] |   fire();
  // CHECK-NEXT: {{^}}      |   ^~~~~~
  // CHECK-NEXT: {{^}}      |   co_await{{ $}}
  // CHECK: note: co_await it, or cast it to void if it is meant to run on its own

  // Not findings: awaited, returned, handed off, stored, voided eager,
  // fire-and-forget, plain.
  co_await fetch();
  int v = co_await c.get();
  spawn(work());
  std::vector<test::task<>> pending;
  pending.push_back(work());
  keep(pending, work());
  (void)fire();
  detach();
  make_plain();
  auto later = fetch();
  co_await std::move(later);
  (void)v;
}

// In an ordinary function it is a finding too, with no co_await fix.
void ordinary() {
  work();
  // CHECK: :[[@LINE-1]]:3: warning: lazy task 'test::task<void>' returned by 'work' {{.*}} [unawaited-task]
  // CHECK-NOT: co_await{{ $}}
  // CHECK: note: return it to the caller
}
test::task<> forwards() { return work(); }

template <typename T> test::task<> templated() {
  fetch();
  // CHECK: :[[@LINE-1]]:3: warning: lazy task {{.*}} [unawaited-task]
  co_return;
}
template test::task<> templated<int>();
template test::task<> templated<char>();

// A lambda called in place is not a coroutine: its discarded task is
// reported once, in the lambda, with no co_await to insert there.
test::task<> in_place() {
  [&] {
    fetch();
    // CHECK: :[[@LINE-1]]:5: warning: lazy task 'test::task<int>' returned by 'fetch' {{.*}} [unawaited-task]
    // CHECK-NOT: co_await{{ $}}
    // CHECK: note: return it to the caller
  }();
  co_return;
}

// co_await is not allowed in a catch block: no fix there.
test::task<> in_handler() {
  try {
    co_await fetch();
  } catch (...) {
    work();
    // CHECK: :[[@LINE-1]]:5: warning: lazy task 'test::task<void>' returned by 'work' {{.*}} [unawaited-task]
    // CHECK-NOT: co_await{{ $}}
    // CHECK: note: co_await is not allowed in a catch block
  }
}

// A generator forbids co_await (its promise deletes await_transform): the
// finding stays, without a fix that would not compile.
struct generator {
  struct promise_type {
    generator get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int) { return {}; }
    void await_transform() = delete;
    void return_void() {}
    void unhandled_exception() {}
  };
};
generator numbers() {
  work();
  // CHECK: :[[@LINE-1]]:3: warning: lazy task 'test::task<void>' returned by 'work' {{.*}} [unawaited-task]
  // CHECK-NOT: co_await{{ $}}
  // CHECK: note: this coroutine's promise forbids co_await
  co_yield 1;
}
