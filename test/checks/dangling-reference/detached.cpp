// dangling-reference: coroutines nobody can wait for. A fire-and-forget
// coroutine (its result cannot be awaited and its frame frees itself) that
// reads a reference or view parameter after a suspension point is reported
// at the definition: whoever called it has always moved on by then. Called
// with a temporary, the call is reported too. Reads before the first
// suspension, and parameters taken by value, are fine.
// RUN: not %corolint check --checks=-*,dangling-reference %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include <string>
#include <string_view>

void use(const std::string &);
void use(std::string_view);

test::fire_and_forget late_read(const std::string &name) {
  co_await test::async_sleep(1);
  use(name);
  // CHECK: :[[@LINE-1]]:7: warning: reference parameter 'name' of coroutine 'late_read' is read after a suspension point, but its result 'test::fire_and_forget' cannot be awaited: its caller has moved on, and what 'name' refers to may be gone [dangling-reference]
  // CHECK: :[[@LINE-4]]:52: note: 'name' is declared here
}

test::fire_and_forget late_view(std::string_view text) {
  co_await test::async_sleep(1);
  use(text);
  // CHECK: :[[@LINE-1]]:7: warning: view parameter 'text' of coroutine 'late_view' is read after a suspension point{{.*}} [dangling-reference]
}

test::fire_and_forget early_read(const std::string &name) {
  use(name);
  co_await test::async_sleep(1);
}

test::fire_and_forget by_value(std::string name) {
  co_await test::async_sleep(1);
  use(name);
}

// An eager task can be awaited: its caller may keep the referent alive.
test::eager_task awaitable_eager(const std::string &name) {
  co_await test::async_sleep(1);
  use(name);
}

void caller() {
  late_read(std::string("temporary"));
  // CHECK: :[[@LINE-1]]:3: warning: temporary bound to reference parameter 'name' of eager coroutine 'late_read' is destroyed at the end of the full-expression, but the task reads it after it suspends [dangling-reference]
  std::string kept = "kept";
  early_read(std::string("fine"));
  by_value(kept);
}
