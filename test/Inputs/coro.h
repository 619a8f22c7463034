// Small coroutine types written for corolint's tests: a lazy task, an eager
// task, a custom-awaiter lazy task, a generator, a bare awaitable, and a
// promise found only through a std::coroutine_traits specialization.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

namespace test {

template <typename T = void> struct task {
  struct promise_type {
    T value{};
    task get_return_object() {
      return task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T v) { value = std::move(v); }
    void unhandled_exception() { std::terminate(); }
  };
  explicit task(std::coroutine_handle<promise_type> h) : h(h) {}
  task(task &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~task() { if (h) h.destroy(); }
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() { return h.promise().value; }
  std::coroutine_handle<promise_type> h;
};

template <> struct task<void> {
  struct promise_type {
    task get_return_object() {
      return task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  explicit task(std::coroutine_handle<promise_type> h) : h(h) {}
  task(task &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~task() { if (h) h.destroy(); }
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() {}
  std::coroutine_handle<promise_type> h;
};

/// Starts running when called, and can be awaited (a future): dropping it
/// leaves its result and errors unwatched.
struct eager_task {
  struct promise_type {
    eager_task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() {}
};

/// Starts running when called and cannot be awaited; its frame frees itself
/// at the end: fire-and-forget, dropping it is what it is for.
struct fire_and_forget {
  struct promise_type {
    fire_and_forget get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

/// Lazy through a hand-written awaiter whose await_ready() is false.
struct never_ready {
  constexpr bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
struct custom_lazy {
  struct promise_type {
    custom_lazy get_return_object() { return {}; }
    never_ready initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() {}
};

/// Not a coroutine type at all: an awaitable operation.
struct sleep_op {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
inline sleep_op async_sleep(int) { return {}; }

/// Awaitable through a member operator co_await.
struct op_with_co_await {
  sleep_op operator co_await() const { return {}; }
};

/// Awaitable through a free operator co_await.
struct op_free {};
inline sleep_op operator co_await(op_free) { return {}; }

/// A type whose promise comes from a coroutine_traits specialization.
struct traits_task {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() {}
};

/// A plain value type.
struct plain { int x; };

} // namespace test

template <typename... Args> struct std::coroutine_traits<test::traits_task, Args...> {
  struct promise_type {
    test::traits_task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};
