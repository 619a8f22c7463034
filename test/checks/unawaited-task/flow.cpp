// unawaited-task: a task stored in a local that some path drops unawaited.
// RUN: not %corolint check --checks=-*,unawaited-task %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "task-uses.h"
#include <vector>

test::task<int> fetch();
test::task<> work();
bool ready();

test::task<> never_awaited() {
  auto t = fetch();
  // CHECK: :[[@LINE-1]]:8: warning: lazy task 't' of type 'test::task<int>' is not awaited, moved, returned or handed off on every path; on those paths it never runs [unawaited-task]
  co_return;
  // CHECK: :[[@LINE-1]]:3: note: this path leaves its scope without awaiting it
}

test::task<> awaited_on_one_branch(bool c) {
  auto t = work();
  // CHECK: :[[@LINE-1]]:8: warning: lazy task 't' {{.*}} [unawaited-task]
  if (c)
    co_await std::move(t);
}
// CHECK: :[[@LINE-1]]:1: note: this path leaves its scope without awaiting it

test::task<> early_return(bool c) {
  test::task<> t = work();
  // CHECK: :[[@LINE-1]]:16: warning: lazy task 't' {{.*}} [unawaited-task]
  if (c)
    co_return;
  // CHECK: :[[@LINE-1]]:5: note: this path leaves its scope without awaiting it
  co_await t;
}

test::task<> in_loop() {
  for (int i = 0; i < 3; ++i) {
    auto t = work();
    // CHECK: :[[@LINE-1]]:10: warning: lazy task 't' {{.*}} [unawaited-task]
    if (ready())
      continue;
    // CHECK: :[[@LINE-1]]:7: note: this path leaves its scope
    co_await t;
  }
}

test::task<> only_read() {
  auto t = work();
  // CHECK: :[[@LINE-1]]:8: warning: lazy task 't' {{.*}} [unawaited-task]
  test::inspect(t);
  co_return;
  // CHECK: :[[@LINE-1]]:3: note: this path leaves its scope
}

test::checked_task make_checked();

test::task<> overwritten() {
  auto t = make_checked();
  // CHECK: :[[@LINE-1]]:8: warning: lazy task 't' {{.*}} [unawaited-task]
  t = make_checked();
  // CHECK: :[[@LINE-1]]:3: note: it is overwritten here before being awaited
  co_await t;
}

test::task<> assigned_later() {
  test::checked_task t = make_checked();
  co_await t;
  t = make_checked();
  // CHECK: :[[@LINE-1]]:5: warning: lazy task 't' of type 'test::checked_task' assigned here is not awaited{{.*}} [unawaited-task]
}

test::task<> awaitable_dropped() {
  auto op = test::async_sleep(1);
  // CHECK: :[[@LINE-1]]:8: warning: awaitable 'op' of type 'test::sleep_op' is not awaited, moved, returned or handed off on every path; on those paths its work and errors are lost [unawaited-task]
  co_return;
}

// An ordinary function drops it too.
void ordinary() {
  auto t = fetch();
  // CHECK: :[[@LINE-1]]:8: warning: lazy task 't' {{.*}} [unawaited-task]
}

// Not findings: awaited, moved, returned or handed off on every path.
test::task<> awaited_on_every_path(bool c) {
  auto t = work();
  if (c)
    co_await t;
  else
    co_await std::move(t);
}
test::task<> handed_off() {
  auto a = work(), b = work(), c = work(), d = work(), e = work();
  test::spawn(std::move(a));
  test::spawn_rvalue(std::move(b));
  co_await test::when_all(c, d);
  test::adopt(e);
}
test::task<> copied(std::vector<test::checked_task> &shared) {
  // A copyable task given by const& may be kept: push_back copies it.
  auto t = make_checked();
  shared.push_back(t);
  co_return;
}
test::task<> stored(std::vector<test::task<>> &pending) {
  auto t = work();
  pending.push_back(std::move(t));
  co_return;
}
test::task<int> returned() {
  auto t = fetch();
  co_return co_await t;
}
test::task<int> forwards() {
  auto t = fetch();
  return t;
}
test::task<> captured() {
  auto t = work();
  auto later = [t = std::move(t)]() mutable -> test::task<> { co_await t; };
  co_await later();
}
test::task<> captured_by_reference() {
  auto t = work();
  auto run = [&]() -> test::task<> { co_await t; };
  co_await run();
}
test::task<> default_constructed_then_assigned(bool c) {
  test::checked_task t;
  if (c)
    co_return;
  t = test::checked_task{};
  co_await t;
}
test::task<> eager_is_fine() {
  auto e = [] -> test::eager_task { co_return; }();
  co_return;
}
test::task<> const_member_then_await() {
  test::checked_task t{};
  if (!t.done())
    co_await t;
  else
    co_await t;
}
test::task<> non_const_member() {
  test::checked_task t{};
  t.detach();
  co_return;
}
test::task<> thrown(bool c) {
  auto t = work();
  if (c)
    throw 1;
  co_await t;
}

// An awaitable object built in place (an event others wait on) is not an
// operation that must be awaited here.
struct event {
  explicit event(bool set) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
test::task<> event_object() {
  event ready{false};
  co_return;
}

// A task taken by value belongs to the function: it must run or hand it on.
void drops_parameter(test::task<> job, bool now) {
  // CHECK: :[[@LINE-1]]:35: warning: lazy task parameter 'job' of type 'test::task<void>' is not awaited, moved, returned or handed off on every path; on those paths it never runs [unawaited-task]
  if (now)
    test::spawn(std::move(job));
}
// CHECK: :[[@LINE-1]]:1: note: this path leaves its scope without awaiting it

test::task<> returns_early(test::task<int> job, bool skip) {
  // CHECK: :[[@LINE-1]]:44: warning: lazy task parameter 'job' {{.*}} [unawaited-task]
  if (skip)
    co_return;
  // CHECK: :[[@LINE-1]]:5: note: this path leaves its scope without awaiting it
  co_await job;
}

// Not findings: handed on, awaited on every path, or the path throws or
// never returns.
[[noreturn]] void fail();
test::task<> runs_parameter(test::task<> job, bool check) {
  if (check)
    fail();
  co_await job;
}
void spawns_parameter(test::task<> job) { test::spawn(std::move(job)); }
test::task<> throws_instead(test::task<> job, bool bad) {
  if (bad)
    throw 1;
  co_await std::move(job);
}
test::task<int> forwards_parameter(test::task<int> job) { return job; }
