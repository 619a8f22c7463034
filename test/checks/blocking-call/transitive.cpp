// Blocking reached through ordinary functions: several hops, recursion,
// cycles, definitions after use, member functions, operators, constructors,
// destructors and lambdas; and what is not followed.
// RUN: not %corolint check --no-cache %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include <chrono>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

using namespace std::chrono_literals;

void nap() { std::this_thread::sleep_for(1ms); }
void wait_a_bit() { nap(); }
void three_hops() { wait_a_bit(); }

// Mutual recursion: the analysis ends, and finds the way out.
void ping(int n);
void pong(int n) {
  if (n > 0)
    ping(n - 1);
  else
    nap();
}
void ping(int n) { pong(n); }
// A cycle with no way out blocks nothing.
void spin(int n);
void spun(int n) { spin(n); }
void spin(int n) { spun(n + 1); }

void defined_later();

struct Client {
  void fetch() { std::future<int> f = std::async(std::launch::deferred, [] { return 1; }); f.get(); }
  void operator()() { nap(); }
  Client &operator<<(int) { wait_a_bit(); return *this; }
};

struct Connection {
  Connection() { nap(); }
  ~Connection() { wait_a_bit(); }
};

struct Base {
  virtual void run() { nap(); }
  virtual ~Base() = default;
};
struct Final final : Base {
  void run() override { nap(); }
};

template <typename F> void retry(F f) { f(); }

// Default member initializers and default arguments run where they are used.
int settle() { nap(); return 0; }
struct Settled {
  int value = settle();
};
int with_default(int v = settle()) { return v; }

test::task<> coroutine(Client &c, Base &unknown, Final &known) {
  three_hops();
  // CHECK: :[[@LINE-1]]:3: warning: 'three_hops' sleeps the thread inside coroutine 'coroutine': it reaches 'std::this_thread::sleep_for' [blocking-call]
  // The chain, hop by hop (the helpers are defined at the top of the file):
  // CHECK: transitive.cpp:16:21: note: 'three_hops' → 'wait_a_bit'
  // CHECK: transitive.cpp:15:21: note: 'wait_a_bit' → 'nap'
  // CHECK: transitive.cpp:14:14: note: 'nap' → 'std::this_thread::sleep_for'
  // CHECK: note: co_await an asynchronous timer instead
  ping(3);
  // CHECK: :[[@LINE-1]]:3: warning: 'ping' sleeps the thread inside coroutine 'coroutine': it reaches 'std::this_thread::sleep_for' [blocking-call]
  spin(0);
  defined_later();
  // CHECK: :[[@LINE-1]]:3: warning: 'defined_later' sleeps the thread inside coroutine 'coroutine': it reaches 'std::this_thread::sleep_for' [blocking-call]
  c.fetch();
  // CHECK: :[[@LINE-1]]:5: warning: 'Client::fetch' waits for a future or joins a thread synchronously inside coroutine 'coroutine': it reaches 'std::future::get' [blocking-call]
  c();
  // CHECK: :[[@LINE-1]]:3: warning: 'Client::operator()' sleeps the thread inside coroutine 'coroutine': it reaches 'std::this_thread::sleep_for' [blocking-call]
  c << 1;
  // CHECK: :[[@LINE-1]]:5: warning: 'Client::operator<<' sleeps the thread inside coroutine 'coroutine': it reaches 'std::this_thread::sleep_for' [blocking-call]
  Connection conn;
  // CHECK: :[[@LINE-1]]:14: warning: 'Connection::Connection' sleeps the thread inside coroutine 'coroutine': it reaches 'std::this_thread::sleep_for' [blocking-call]
  // CHECK: :[[@LINE-2]]:14: warning: 'Connection::~Connection' sleeps the thread when 'conn' is destroyed inside coroutine 'coroutine': it reaches 'std::this_thread::sleep_for' [blocking-call]
  Settled settled;
  // CHECK: :[[@LINE-1]]:11: warning: 'Settled::Settled' sleeps the thread inside coroutine 'coroutine': it reaches 'std::this_thread::sleep_for' [blocking-call]
  with_default();
  // CHECK: :[[@LINE-1]]:3: warning: 'settle' sleeps the thread inside coroutine 'coroutine': it reaches 'std::this_thread::sleep_for' [blocking-call]
  known.run();
  // CHECK: :[[@LINE-1]]:9: warning: 'Final::run' sleeps the thread inside coroutine 'coroutine': it reaches 'std::this_thread::sleep_for' [blocking-call]
  unknown.run(); // virtual: the target is unknown
  Base local;     // its dynamic type is its static type
  local.run();
  // CHECK: :[[@LINE-1]]:9: warning: 'Base::run' sleeps the thread inside coroutine 'coroutine': it reaches 'std::this_thread::sleep_for' [blocking-call]
  [] { wait_a_bit(); }();
  // CHECK: :[[@LINE-1]]:8: warning: 'wait_a_bit' sleeps the thread inside coroutine 'coroutine': it reaches 'std::this_thread::sleep_for' [blocking-call]
  retry([] { nap(); });
  // CHECK: :[[@LINE-1]]:3: warning: 'retry' sleeps the thread inside coroutine 'coroutine': it reaches 'std::this_thread::sleep_for' [blocking-call]
  auto stored = [] { nap(); };
  stored();
  // CHECK: :[[@LINE-1]]:3: warning: 'coroutine::(lambda)' sleeps the thread inside coroutine 'coroutine': it reaches 'std::this_thread::sleep_for' [blocking-call]
  // Lambdas that run elsewhere, and calls that return awaitables.
  std::thread t([] { nap(); });
  t.detach();
  auto later = std::async(std::launch::deferred, [] { nap(); });
  std::function<void()> callback = [] { nap(); };
  co_await test::async_sleep(1);
  co_return;
}

void defined_later() { three_hops(); }

// A coroutine called from a coroutine is its own business.
test::task<> sleeper() {
  nap();
  // CHECK: :[[@LINE-1]]:3: warning: 'nap' sleeps the thread inside coroutine 'sleeper': it reaches 'std::this_thread::sleep_for' [blocking-call]
  co_return;
}
test::task<> caller() {
  co_await sleeper();
  co_return;
}
