// unawaited-task on real code: a generator is iterated, never awaited, so
// dropping or keeping one is none of this check's business; nor are the
// iterators that awaiting an async generator's begin() gives, even though
// they name the generator's promise for their coroutine handle. What is
// still a finding: a lazy task dropped beside them.
// RUN: not %corolint check --checks=-*,unawaited-task,dangling-reference %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"

namespace gen {

// A synchronous generator: its promise yields, and the generator has no
// operator co_await.
template <typename T> struct generator {
  struct promise_type {
    T current{};
    generator get_return_object() {
      return generator{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T v) {
      current = v;
      return {};
    }
    void return_void() {}
    void unhandled_exception() {}
  };
  explicit generator(std::coroutine_handle<promise_type> h) : h(h) {}
  generator(generator &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~generator() {
    if (h)
      h.destroy();
  }
  bool next() {
    h.resume();
    return !h.done();
  }
  T value() const { return h.promise().current; }
  std::coroutine_handle<promise_type> h;
};

// An asynchronous generator: awaiting begin() and ++ gives an iterator.
template <typename T> struct async_generator;

template <typename T> struct async_promise {
  T current{};
  async_generator<T> get_return_object();
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  std::suspend_always yield_value(T v) {
    current = v;
    return {};
  }
  void return_void() {}
  void unhandled_exception() {}
};

template <typename T> struct async_iterator {
  // The iterator keeps the generator's coroutine handle, so it names the
  // promise; no coroutine ever returns an iterator.
  using promise_type = async_promise<T>;
  std::coroutine_handle<promise_type> h;
  test::sleep_op operator++() { return {}; }
  T operator*() const { return h.promise().current; }
  bool operator==(const async_iterator &) const = default;
};

struct begin_op {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  async_iterator<int> await_resume() { return {}; }
};

template <typename T> struct async_generator {
  using promise_type = async_promise<T>;
  std::coroutine_handle<promise_type> h;
  begin_op begin() { return {}; }
};

template <typename T> async_generator<T> async_promise<T>::get_return_object() {
  return {std::coroutine_handle<async_promise>::from_promise(*this)};
}

} // namespace gen

gen::generator<int> counter(int n) {
  for (int i = 0; i < n; ++i)
    co_yield i;
}

gen::async_generator<int> ticks(int n) {
  for (int i = 0; i < n; ++i) {
    co_await test::async_sleep(1);
    co_yield i;
  }
}

test::task<int> later() { co_return 1; }

test::task<int> consume() {
  counter(3); // A generator that is never iterated does nothing: no task.
  auto g = counter(3);
  int sum = 0;
  while (g.next())
    sum += g.value();

  auto ag = ticks(2);
  auto it = co_await ag.begin();
  sum += *it;
  co_await ++it;
  sum += *it;

  ticks(1);
  later();
  // CHECK: :[[@LINE-1]]:3: warning: lazy task 'test::task<int>' returned by 'later' is discarded without being awaited; it never runs [unawaited-task]
  co_return sum;
}
