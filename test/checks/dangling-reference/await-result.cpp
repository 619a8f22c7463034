// dangling-reference: a reference bound to what co_await returns, when that
// is a reference into the temporary awaitable (or into the coroutine frame
// of a temporary task) that dies at the end of the full-expression.
// RUN: not %corolint check --checks=-*,dangling-reference %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include <memory>
#include <string>
#include <utility>

void use(const std::string &);

// An awaitable that carries its result and hands out a reference to it.
struct Lookup {
  std::string result;
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  const std::string &await_resume() const noexcept { return result; }
};
Lookup lookup(int key);

// A task whose awaiter returns an rvalue reference into the promise, as
// cppcoro's task<T> does for class types; its destructor frees the frame.
template <typename T> struct ref_task {
  struct promise_type {
    T value;
    ref_task get_return_object() {
      return {std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T v) { value = std::move(v); }
    void unhandled_exception() {}
    T &&result() { return std::move(value); }
  };
  struct awaiter {
    std::coroutine_handle<promise_type> h;
    bool await_ready() noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<>) noexcept {
      return h;
    }
    T &&await_resume() { return std::move(h.promise()).result(); }
  };
  awaiter operator co_await() && noexcept { return {h}; }
  ~ref_task() {
    if (h)
      h.destroy();
  }
  std::coroutine_handle<promise_type> h;
};
ref_task<std::string> load(int key);

// An awaitable that owns its result through a unique_ptr.
struct Boxed {
  std::unique_ptr<std::string> box;
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  std::string &await_resume() { return *box; }
};
Boxed boxed();

test::task<> member_of_awaiter() {
  const std::string &name = co_await lookup(1);
  // CHECK: :[[@LINE-1]]:22: warning: reference 'name' is bound to what co_await returns, a reference into the temporary awaitable (member 'result'); the temporary is destroyed at the end of the full-expression, so the reference dangles [dangling-reference]
  // CHECK: await-result.cpp:17:54: note: 'await_resume' returns a reference into member 'result' of the awaiter
  // CHECK: :[[@LINE-3]]:38: note: this awaitable is a temporary, destroyed at the end of the full-expression
  use(name);
  // CHECK: :[[@LINE-1]]:7: note: used here, after it dangles
  // CHECK: note: bind the result by value ('auto name = co_await ...'), or keep the awaitable in a named variable that outlives the reference
}

test::task<> promise_of_temporary_task() {
  auto &&text = co_await load(2);
  // CHECK: :[[@LINE-1]]:10: warning: reference 'text' is bound to what co_await returns, a reference into the promise of the temporary task's coroutine frame; {{.*}} [dangling-reference]
  // CHECK: note: 'await_resume' returns a reference into the promise of its coroutine frame
  // CHECK: :[[@LINE-3]]:26: note: this task is a temporary: its destructor destroys the coroutine frame at the end of the full-expression
  use(text);
}

test::task<> rvalue_reference() {
  std::string &&text = co_await load(3);
  // CHECK: :[[@LINE-1]]:17: warning: reference 'text' {{.*}} [dangling-reference]
  use(text);
}

test::task<> owned_by_unique_ptr() {
  std::string &s = co_await boxed();
  // CHECK: :[[@LINE-1]]:16: warning: reference 's' is bound to what co_await returns, a reference into the temporary awaitable (member 'box'); {{.*}} [dangling-reference]
  use(s);
}

// await_resume inherited from a base: the base is part of the temporary.
struct Found : Lookup {};
Found find_one();
test::task<> inherited() {
  const std::string &hit = co_await find_one();
  // CHECK: :[[@LINE-1]]:22: warning: reference 'hit' is bound to what co_await returns, a reference into the temporary awaitable (member 'result'); {{.*}} [dangling-reference]
  use(hit);
}

// C++20 does not extend the temporaries of a range-for initializer.
test::task<> range_for() {
  for (char c : co_await lookup(4))
    // CHECK: :[[@LINE-1]]:17: warning: the range of this for loop is bound to what co_await returns, a reference into the temporary awaitable (member 'result'); {{.*}} [dangling-reference]
    (void)c;
}

// Not findings.
// A named awaitable outlives the reference.
test::task<> named_awaitable() {
  Lookup l = lookup(5);
  const std::string &name = co_await l;
  use(name);
  auto t = load(6);
  auto &&text = co_await std::move(t);
  use(text);
}

// A result returned by value is a temporary that the reference extends.
struct ByValue {
  std::string result;
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  std::string await_resume() { return result; }
};
ByValue by_value();
test::task<> lifetime_extended() {
  const std::string &s = co_await by_value();
  use(s);
  std::string copy = co_await lookup(7);
  use(copy);
}

// References into state the awaitable does not own: a pointer, a
// reference member, shared ownership.
struct Pointing {
  std::string *target;
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  std::string &await_resume() { return *target; }
};
struct Referring {
  std::string &target;
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  std::string &await_resume() { return target; }
};
struct Shared {
  std::shared_ptr<std::string> state;
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  std::string &await_resume() { return *state; }
};
Pointing pointing();
Referring referring();
Shared shared();
test::task<> not_owned() {
  std::string &a = co_await pointing();
  std::string &b = co_await referring();
  std::string &c = co_await shared();
  use(a);
  use(b);
  use(c);
}

// A task that does not own its frame: whatever resumes finished frames
// destroys them later, so the result outlives the task object.
template <typename T> struct detached_ref_task {
  struct promise_type {
    T value;
    detached_ref_task get_return_object() {
      return {std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T v) { value = std::move(v); }
    void unhandled_exception() {}
  };
  bool await_ready() noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<>) noexcept {
    return h;
  }
  T &await_resume() { return h.promise().value; }
  std::coroutine_handle<promise_type> h;
};
detached_ref_task<std::string> produce();
test::task<> frame_not_destroyed() {
  std::string &s = co_await produce();
  use(s);
}

// Never used after the full-expression.
test::task<> unused() {
  const std::string &name = co_await lookup(8);
  (void)0;
}
