// A minimal lazy task type, the kind many projects write for themselves.
#pragma once
#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

template <typename T> class task {
public:
  struct promise_type {
    std::optional<T> value;
    std::coroutine_handle<> continuation;
    task get_return_object() {
      return task(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    // Lazy: nothing runs until the task is awaited.
    std::suspend_always initial_suspend() noexcept { return {}; }
    auto final_suspend() noexcept {
      struct resume_caller {
        bool await_ready() noexcept { return false; }
        std::coroutine_handle<>
        await_suspend(std::coroutine_handle<promise_type> h) noexcept {
          auto c = h.promise().continuation;
          return c ? c : std::noop_coroutine();
        }
        void await_resume() noexcept {}
      };
      return resume_caller{};
    }
    void return_value(T v) { value = std::move(v); }
    void unhandled_exception() { std::terminate(); }
  };

  task(task &&other) noexcept : handle(std::exchange(other.handle, {})) {}
  ~task() {
    if (handle)
      handle.destroy();
  }

  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) {
    handle.promise().continuation = caller;
    return handle;
  }
  T await_resume() { return std::move(*handle.promise().value); }

  /// Runs the task to completion on this thread (for main()).
  T run() {
    handle.resume();
    return std::move(*handle.promise().value);
  }

private:
  explicit task(std::coroutine_handle<promise_type> h) : handle(h) {}
  std::coroutine_handle<promise_type> handle;
};
