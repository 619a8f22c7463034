// lock-across-suspend: a reference or pointer into thread_local storage,
// used after the coroutine may have changed threads.
// RUN: not %corolint check --checks=-*,lock-across-suspend %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"

struct Arena {
  char buffer[64];
  int used = 0;
};
thread_local Arena arena;
thread_local int requests = 0;
test::task<> work();

test::task<> reference_used_after() {
  Arena &a = arena;
  // CHECK: :[[@LINE-1]]:10: warning: reference 'a' into thread_local 'arena' is used after a suspension point; the coroutine may resume on another thread, and it still refers to the first thread's object [lock-across-suspend]
  a.used = 0;
  co_await work();
  // CHECK: :[[@LINE-1]]:3: note: the coroutine may change threads here
  a.used += 1;
  // CHECK: :[[@LINE-1]]:3: note: used here
}

test::task<> pointer_used_on_one_path(bool c) {
  int *count = &requests;
  // CHECK: :[[@LINE-1]]:8: warning: pointer 'count' into thread_local 'requests' {{.*}} [lock-across-suspend]
  if (c)
    co_await work();
  ++*count;
}

test::task<> into_a_member() {
  char *p = &arena.buffer[0];
  // CHECK: :[[@LINE-1]]:9: warning: pointer 'p' into thread_local 'arena' {{.*}} [lock-across-suspend]
  co_await work();
  *p = 0;
}

// Not findings: used only before the suspension, or named afresh after it.
test::task<> used_before_only() {
  Arena &a = arena;
  a.used = 0;
  co_await work();
  arena.used += 1;
  int *count = &requests;
  ++*count;
}
