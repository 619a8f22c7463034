// dangling-reference: an eager coroutine runs until its first suspension on
// the call; a reference parameter it reads after that dangles when the
// caller passed a temporary and did not await the task.
// RUN: not %corolint check --checks=-*,dangling-reference %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include <string>

void use(const std::string &);

test::eager_task log_later(const std::string &msg) {
  co_await test::async_sleep(1);
  use(msg);
}
test::eager_task log_now(const std::string &msg) {
  use(msg);
  co_await test::async_sleep(1);
}
test::eager_task log_in_loop(const std::string &msg, int n) {
  for (int i = 0; i < n; ++i) {
    use(msg);
    co_await test::async_sleep(1);
  }
}

void fire_and_forget(const std::string &name) {
  log_later(std::string("started"));
  // CHECK: :[[@LINE-1]]:3: warning: temporary bound to reference parameter 'msg' of eager coroutine 'log_later' is destroyed at the end of the full-expression, but the task reads it after it suspends [dangling-reference]
  // CHECK: :10:47: note: reference parameter 'msg' is declared here
  // CHECK: :12:7: note: read here, after a suspension point
  // CHECK: :[[@LINE-4]]:3: note: the task is not awaited here: the coroutine runs on after the statement ends
  log_in_loop(name + "!", 2);
  // CHECK: :[[@LINE-1]]:3: warning: temporary bound to reference parameter 'msg' of eager coroutine 'log_in_loop' {{.*}} [dangling-reference]
  // CHECK: :20:9: note: read here, after a suspension point

  // Not findings: read only before the first suspension, an lvalue, or
  // awaited in the same full-expression.
  log_now(std::string("started"));
  log_later(name);
}
test::task<> awaited() { co_await log_later(std::string("x")); }
