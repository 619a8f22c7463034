// What code does with tasks, for corolint's unawaited-task and
// dangling-reference tests: hand-offs (by value, by rvalue or forwarding
// reference), reads (by const reference), callers that drop a callable's
// result, and a task type that converts to bool.
#pragma once
#include "coro.h"
#include <functional>
#include <utility>

namespace test {

/// Lazy, with a bool conversion that tests the handle, not the result.
struct checked_task {
  struct promise_type {
    checked_task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  explicit operator bool() const { return true; }
  bool done() const { return false; }
  void detach() {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() {}
};

void spawn(task<> t);
void spawn_rvalue(task<> &&t);
template <typename... Ts> task<> when_all(Ts &&...ts);
void inspect(const task<> &t);
void adopt(task<> &t);
/// Not a hand-off by its signature; configured as a consumer in a test.
void schedule_on(const task<> &t, int executor);

/// Calls f and drops what it returns.
template <typename F> void run_later(F f) { f(); }
/// Calls f through std::invoke and drops what it returns.
template <typename F> void invoke_later(F &&f) { std::invoke(f); }
/// Calls f and keeps what it returns: not a drop.
template <typename F> auto run_and_keep(F f) { return f(); }
void on_event(std::function<void()> callback);
void on_value(std::function<task<>()> callback);

} // namespace test
