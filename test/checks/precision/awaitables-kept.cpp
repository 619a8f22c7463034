// Awaitables that lose nothing when they are not awaited:
// - one whose destructor, when it was not awaited, hands its work to someone
//   else (a nursery that starts it detached): co_await is optional for it;
// One whose destructor only destroys its frame still loses its work (an
// awaiter dropped on purpose in a library's own test is reported too: the
// test means it, and says so with NOLINT); so does
// a task consumed only on some paths -- unless the use that consumes it is
// the statement of an "expect this to throw" assertion, whose other branches
// are the test framework's.
// RUN: not %corolint check --no-cache --checks=-*,unawaited-task %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include <coroutine>
#include <utility>

namespace nursery {
struct Scope;
template <typename F> struct Starter {
  Scope *owner;
  F fn;
  Starter(Scope *o, F f) : owner(o), fn(std::move(f)) {}
  Starter(Starter &&o) : owner(std::exchange(o.owner, nullptr)), fn(std::move(o.fn)) {}
  ~Starter();
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) { owner = nullptr; }
  void await_resume() {}
};
struct Scope {
  template <typename F> void start_detached(F f) { (void)f(); }
  template <typename F> Starter<F> start(F f) { return {this, std::move(f)}; }
};
template <typename F> Starter<F>::~Starter() {
  if (owner)
    owner->start_detached(std::move(fn));
}

// Dropped, its work is lost: the destructor only lets go of the frame.
struct Op {
  std::coroutine_handle<> h;
  ~Op() {
    if (h)
      h.destroy();
  }
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};
Op operation();

// Dropped, its read is lost: the destructor only gives its buffer back.
struct Buffer {
  char bytes[16];
};
void give_back(Buffer b);
struct ReadOp {
  Buffer buf;
  ~ReadOp() { give_back(std::move(buf)); }
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};
ReadOp read_some();

struct Channel {
  struct Read {
    Op operator co_await() &&;
  };
  Read receive();
};
template <typename T> T run_to_end(test::task<T> t);
} // namespace nursery

#define EXPECT_THROW(statement, expected)                                     \
  if (bool ok = true) {                                                        \
    try {                                                                      \
      statement;                                                               \
    } catch (const expected &) {                                               \
    }                                                                          \
  } else                                                                       \
    (void)ok

test::task<int> make();
bool flip();

void expected_to_throw() {
  auto t = make();
  EXPECT_THROW((void)nursery::run_to_end(std::move(t)), int);
}

void sometimes() {
  auto t = make();
  // CHECK: :[[@LINE-1]]:8: warning: lazy task 't' of type 'test::task<int>' is not awaited, moved, returned or handed off on every path; on those paths it never runs [unawaited-task]
  if (flip())
    (void)nursery::run_to_end(std::move(t));
}

test::task<> user(nursery::Scope &s) {
  s.start([] { return 1; });
  co_await s.start([] { return 2; });
  nursery::operation();
  // CHECK: :[[@LINE-1]]:3: warning: awaitable 'nursery::Op' returned by 'nursery::operation' is discarded without being awaited; its work and errors are lost [unawaited-task]
  nursery::read_some();
  // CHECK: :[[@LINE-1]]:3: warning: awaitable 'nursery::ReadOp' returned by 'nursery::read_some' is discarded without being awaited; its work and errors are lost [unawaited-task]
  nursery::Channel c;
  {
    auto awaiter = c.receive().operator co_await();
    // CHECK: :[[@LINE-1]]:10: warning: awaitable 'awaiter' of type 'nursery::Op' is not awaited{{.*}} [unawaited-task]
  }
}
