// [[clang::annotate("corolint::blocking")]] seeds the analysis (optionally
// with a category); [[clang::annotate("corolint::nonblocking")]] cuts it.
// RUN: not %corolint check --no-cache %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include <chrono>
#include <thread>

// Declared in a header of a library without bodies: only the annotation
// says they block.
[[clang::annotate("corolint::blocking")]] int legacy_rpc(int);
[[clang::annotate("corolint::blocking", "network")]] void legacy_send(const char *);
// The annotation on an earlier declaration holds for the definition.
[[clang::annotate("corolint::blocking")]] void spins();
void spins() {}

// Known to return at once, although the body looks otherwise (e.g. the
// sleep is on a path that never runs on the event loop).
[[clang::annotate("corolint::nonblocking")]] void maybe_sleep(bool on_worker) {
  if (on_worker)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}
void calls_maybe_sleep() { maybe_sleep(false); }
void calls_legacy() { legacy_rpc(2); }

struct Cache {
  [[clang::annotate("corolint::blocking")]] void refresh();
};

test::task<> coroutine(Cache &c) {
  legacy_rpc(1);
  // CHECK: :[[@LINE-1]]:3: warning: 'legacy_rpc' blocks the thread inside coroutine 'coroutine' [blocking-call]
  // CHECK: note: 'legacy_rpc' is annotated corolint::blocking
  legacy_send("x");
  // CHECK: :[[@LINE-1]]:3: warning: 'legacy_send' performs synchronous network I/O inside coroutine 'coroutine' [blocking-call]
  spins();
  // CHECK: :[[@LINE-1]]:3: warning: 'spins' blocks the thread inside coroutine 'coroutine' [blocking-call]
  c.refresh();
  // CHECK: :[[@LINE-1]]:5: warning: 'Cache::refresh' blocks the thread inside coroutine 'coroutine' [blocking-call]
  calls_legacy();
  // CHECK: :[[@LINE-1]]:3: warning: 'calls_legacy' blocks the thread inside coroutine 'coroutine': it reaches 'legacy_rpc' [blocking-call]
  maybe_sleep(false);
  calls_maybe_sleep();
  co_return;
}
