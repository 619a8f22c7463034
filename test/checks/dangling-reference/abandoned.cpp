// dangling-reference: an eager (or fire-and-forget) coroutine left running
// with a reference to one of the caller's locals. Nobody awaits it, so the
// caller goes on and the local dies at the end of its scope while the
// coroutine is still suspended; the rest of the body reads a dead object.
// RUN: not %corolint check --checks=-*,dangling-reference %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include <string>

void use(const std::string &);
void use_count(int);

test::eager_task report_later(const std::string &text) {
  co_await test::async_sleep(1);
  use(text);
}
test::fire_and_forget count_later(const int &n) {
  co_await test::async_sleep(1);
  use_count(n);
  // CHECK: :[[@LINE-1]]:13: warning: reference parameter 'n' of coroutine 'count_later' is read after a suspension point, but its result 'test::fire_and_forget' cannot be awaited
}
test::eager_task report_first(const std::string &text) {
  use(text);
  co_await test::async_sleep(1);
}

struct event {
  void wait();
};
struct pool {
  void join();
};

void dropped_with_local() {
  std::string text = "hello";
  report_later(text);
  // CHECK: :[[@LINE-1]]:3: warning: local 'text' bound to reference parameter 'text' of eager coroutine 'report_later' is destroyed at the end of its scope, but the task reads it after it suspends [dangling-reference]
  // CHECK: :12:50: note: reference parameter 'text' is declared here
  // CHECK: :[[@LINE-4]]:15: note: 'text' is declared here
  // CHECK: :14:7: note: read here, after a suspension point
  // CHECK: :[[@LINE-5]]:3: note: the task is not awaited here: the coroutine runs on after the statement, and nothing waits for it before 'text' is destroyed
}

// A (void) cast says nobody needs the result; the local still dies.
void voided(std::string copy) {
  (void)report_later(copy);
  // CHECK: :[[@LINE-1]]:9: warning: local 'copy' bound to reference parameter 'text' of eager coroutine 'report_later' is destroyed at the end of its scope
}

// A loop variable dies at the end of each iteration.
void in_loop() {
  for (int i = 0; i < 3; ++i) {
    int n = i * 2;
    count_later(n);
    // CHECK: :[[@LINE-1]]:5: warning: local 'n' bound to reference parameter 'n' of eager coroutine 'count_later' is destroyed at the end of its scope
  }
}

// Not findings: the coroutine reads the local only before it first
// suspends; the caller waits (blocks, or suspends) before the local's scope
// ends; the local is static; the caller's own reference parameter (its
// referent belongs to the caller's caller).
void read_before_suspending() {
  std::string text = "hello";
  report_first(text);
}
void waits_on_event() {
  event done;
  std::string text = "hello";
  report_later(text);
  done.wait();
}
void joins() {
  pool workers;
  int n = 3;
  count_later(n);
  workers.join();
}
test::task<> suspends_after() {
  std::string text = "hello";
  report_later(text);
  co_await test::async_sleep(10);
}
void static_local() {
  static std::string text = "hello";
  report_later(text);
}
void forwards(const std::string &text) { report_later(text); }
