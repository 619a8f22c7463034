// What happens to a task, as real code writes it. A task parameter consumed
// by awaiting what one of its members gives (when_ready(), an rvalue
// result()) is awaited; a task run to completion in the same
// full-expression (by a sync_wait-shaped helper of any name, or a member that
// gives its result) does not outlive a temporary it refers to; a callee whose
// definition is not visible is not assumed to be a coroutine; std::move is
// no coroutine; a lambda's capture is no local of the lambda. The real
// findings stay beside them.
// RUN: not %corolint check --checks=-*,unawaited-task,dangling-reference %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include <future>
#include <string>
#include <vector>

namespace lib {
struct ready_op {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
struct value_op {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  int await_resume() const noexcept { return 0; }
};

// A lazy task of int.
struct task {
  struct promise_type {
    task get_return_object() {
      return task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(int) {}
    void unhandled_exception() {}
  };
  task() = default;
  explicit task(std::coroutine_handle<promise_type> h) : h(h) {}
  task(task &&o) noexcept : h(std::exchange(o.h, {})) {}
  task &operator=(task &&o) noexcept {
    std::swap(h, o.h);
    return *this;
  }
  ~task() {
    if (h)
      h.destroy();
  }
  bool is_ready() const noexcept { return !h || h.done(); }
  // Waits for completion without taking the result (const, as cppcoro has it).
  ready_op when_ready() const noexcept { return {}; }
  value_op result() && { return {}; }
  value_op operator co_await() const & noexcept { return {}; }
  // Runs the task to completion on this thread and gives its result.
  int run_here() { return 0; }
  std::coroutine_handle<promise_type> h;
};

// sync_wait's shape, by another name: takes a task, returns its result.
int wait_result(task &&t);

// Declared here, defined in another file as a plain function that moves
// the task away: not known to be a coroutine.
task spawn_joinable(task &&t);
task read_config(const std::string &path);
} // namespace lib

lib::task ready_consumer(lib::task t) {
  co_await t.when_ready();
  co_return 0;
}
lib::task result_consumer(lib::task t) {
  co_return co_await std::move(t).result();
}
lib::task tested_then_awaited(lib::task t) {
  if (!t.is_ready())
    co_await t;
  co_return 1;
}
int peek(const lib::task &t);
lib::task never_awaited(lib::task t) {
  // CHECK: :[[@LINE-1]]:35: warning: lazy task parameter 't' of type 'lib::task' is not awaited, moved, returned or handed off on every path; on those paths it never runs [unawaited-task]
  if (peek(t) > 0)
    co_return 1;
  co_return 2;
}

lib::task parse(const std::string &text) {
  co_await lib::ready_op{};
  co_return static_cast<int>(text.size());
}

lib::task caller() {
  // Run to completion within the full-expression: the temporary outlives it.
  lib::wait_result(parse(std::string("a")));
  parse(std::string("b")).run_here();
  // Not known to be coroutines: nothing is said about their parameters.
  auto joined = lib::spawn_joinable(ready_consumer(caller()));
  auto cfg = lib::read_config(std::string("x.conf"));
  co_await joined;
  co_await cfg;
  // std::move is no coroutine.
  auto t = parse(std::string("c"));
  // CHECK: :[[@LINE-1]]:12: warning: temporary bound to reference parameter 'text' of lazy coroutine 'parse' is destroyed at the end of the full-expression, but the task runs later and reads it [dangling-reference]
  auto moved = std::move(t);
  co_return co_await moved;
}

lib::task make_value() { co_return 3; }

// A self-move keeps the task where it was; a move out of an empty task
// brings nothing to await.
lib::task moves() {
  auto t = make_value();
  t = std::move(t);
  lib::task empty, target;
  target = std::move(empty);
  co_return co_await t;
}

void start(lib::task &t, std::promise<void> &done);

// A helper that takes the task and blocks until it has finished.
void run_blocking(lib::task t) {
  std::promise<void> done;
  start(t, done);
  done.get_future().wait();
}

void drive() {
  run_blocking(parse(std::string("d")));
  auto check = [](lib::task t) {
    std::promise<void> done;
    start(t, done);
    done.get_future().wait();
  };
  check(parse(std::string("e")));
}

lib::task in_lambda() {
  std::string local = "kept";
  auto by_ref = [&]() -> lib::task { return parse(local); };
  auto by_copy = [local]() -> lib::task { return parse(local); };
  co_await by_ref();
  co_return co_await by_copy();
}
