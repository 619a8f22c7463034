// Running a task to completion inside a coroutine of the same library:
// co_await it instead. The rewrite is mechanical, so it is a fix-it.
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/f.cpp
// RUN: not %corolint check --no-cache %t/f.cpp -- %cxxflags -I %S/Inputs | FileCheck %s --implicit-check-not="warning:"
// RUN: %expect-exit 1 %corolint check --no-cache --fix %t/f.cpp -- %cxxflags -I %S/Inputs > /dev/null 2>&1
// RUN: FileCheck %s --check-prefix=FIXED < %t/f.cpp
#include "coro.h"
#include "libs.h"

folly::coro::Task<> child();
cppcoro::task<> cchild();
async_simple::coro::Lazy<> lchild();

folly::coro::Task<> with_folly() {
  int v = folly::coro::blockingWait(child());
  // CHECK: :[[@LINE-1]]:11: warning: 'folly::coro::blockingWait' waits for a future or joins a thread synchronously inside coroutine 'with_folly' [blocking-call]
  // CHECK: note: co_await the task instead of blockingWait
  // FIXED: {{^}}  int v = co_await child();
  (void)v;
  co_return;
}

cppcoro::task<> with_cppcoro() {
  cppcoro::sync_wait(cchild());
  // CHECK: :[[@LINE-1]]:3: warning: 'cppcoro::sync_wait' waits for a future or joins a thread synchronously inside coroutine 'with_cppcoro' [blocking-call]
  // FIXED: {{^}}  co_await cchild();
  co_return;
}

async_simple::coro::Lazy<> with_async_simple() {
  async_simple::coro::syncAwait(lchild());
  // CHECK: :[[@LINE-1]]:3: warning: 'async_simple::coro::syncAwait' waits for a future or joins a thread synchronously inside coroutine 'with_async_simple' [blocking-call]
  // FIXED: {{^}}  co_await lchild();
  co_return;
}

// In another library's coroutine: advice, no rewrite.
test::task<> elsewhere() {
  folly::coro::blockingWait(child());
  // CHECK: :[[@LINE-1]]:3: warning: 'folly::coro::blockingWait' waits for a future or joins a thread synchronously inside coroutine 'elsewhere' [blocking-call]
  // CHECK: note: co_await the task instead of blocking on it; folly::coro::blockingWait belongs in main(), never inside a coroutine
  // FIXED: {{^}}  folly::coro::blockingWait(child());
  co_return;
}
