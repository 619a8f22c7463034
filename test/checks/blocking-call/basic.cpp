// The foundation of blocking-call: direct calls from coroutine bodies, and
// the places that are not part of a coroutine's frame.
// RUN: not %corolint check %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
// RUN: %corolint check --checks=-blocking-call %s -- %cxxflags -Wno-unused-result | count 0
#include "coro.h"
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

test::task<int> sleeps_directly() {
  std::this_thread::sleep_for(10ms);
  // CHECK: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' sleeps the thread inside coroutine 'sleeps_directly' [blocking-call]
  ::usleep(10);
  // CHECK: :[[@LINE-1]]:3: warning: 'usleep' sleeps the thread inside coroutine 'sleeps_directly' [blocking-call]
  co_return 1;
}

test::task<> waits_for_future(std::future<int> f, std::thread &t) {
  int v = f.get();
  // CHECK: :[[@LINE-1]]:13: warning: 'std::future::get' {{.*}} inside coroutine 'waits_for_future' [blocking-call]
  t.join();
  // CHECK: :[[@LINE-1]]:5: warning: 'std::thread::join' {{.*}} [blocking-call]
  (void)v;
  co_return;
}

test::task<> waits_on_condition(std::condition_variable &cv, std::mutex &m) {
  std::unique_lock<std::mutex> lock(m);
  cv.wait(lock);
  // CHECK: :[[@LINE-1]]:6: warning: 'std::condition_variable::wait' {{.*}} [blocking-call]
  co_return;
}

test::task<> runs_a_command() {
  std::system("make");
  // CHECK: :[[@LINE-1]]:3: warning: '{{(std::)?}}system' {{.*}} [blocking-call]
  co_return;
}

struct Service {
  test::task<> member() {
    std::this_thread::sleep_for(1s);
    // CHECK: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' sleeps the thread inside coroutine 'Service::member' [blocking-call]
    co_return;
  }
};

// A template is reported once, at its source, whichever instantiations exist.
template <typename T> test::task<T> generic(T v) {
  std::this_thread::sleep_for(1ms);
  // CHECK: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' sleeps the thread inside coroutine 'generic' [blocking-call]
  co_return v;
}
template test::task<int> generic(int);
template test::task<long> generic(long);

// Never instantiated: nothing to analyse (as in clang-tidy).
template <typename T> test::task<T> uninstantiated(T v) {
  std::this_thread::sleep_for(1ms);
  co_return v;
}

test::task<> lambdas() {
  // A coroutine lambda is a coroutine of its own.
  auto coro = []() -> test::task<> {
    std::this_thread::sleep_for(1ms);
    // CHECK: :[[@LINE-1]]:5: warning: 'std::this_thread::sleep_for' sleeps the thread inside a coroutine lambda [blocking-call]
    co_return;
  };
  // Invoked in place: runs in this coroutine's frame.
  [] { std::this_thread::sleep_for(2ms); }();
  // CHECK: :[[@LINE-1]]:8: warning: 'std::this_thread::sleep_for' sleeps the thread inside coroutine 'lambdas' [blocking-call]
  std::invoke([] { std::this_thread::sleep_for(3ms); });
  // CHECK: :[[@LINE-1]]:20: warning: 'std::this_thread::sleep_for' sleeps the thread inside coroutine 'lambdas' [blocking-call]

  // Handed to a thread, a pool or std::async: runs elsewhere.
  std::thread worker([] { std::this_thread::sleep_for(1s); });
  auto later = std::async(std::launch::deferred, [] { std::this_thread::sleep_for(1s); });
  auto stored = [] { std::this_thread::sleep_for(1s); };
  worker.detach();
  co_await coro();
}

// Ordinary functions may block: they are not coroutines.
void ordinary() { std::this_thread::sleep_for(1s); }
int ordinary_future(std::future<int> &f) { return f.get(); }

test::task<> not_blocking(std::mutex &m) {
  // A short critical section on a thread mutex is fine by default (holding
  // it across a suspension is lock-across-suspend's business).
  m.lock();
  m.unlock();
  { std::lock_guard<std::mutex> g(m); }
  if (m.try_lock())
    m.unlock();
  std::this_thread::yield();
  // Unevaluated operands never run.
  using R = decltype(std::this_thread::sleep_for(1s));
  (void)sizeof(std::system("x"));
  (void)noexcept(::usleep(1));
  // The direct operand of co_await makes an awaitable; it does not block.
  co_await test::async_sleep(5);
  co_return;
}
