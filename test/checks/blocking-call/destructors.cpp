// Blocking that hides in destructors: a joining thread, the future of
// std::async(std::launch::async, ...), containers of joining threads, and
// classes that own one.
// RUN: not %corolint check --no-cache %s -- %cxxflags -Wno-unused-result | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include <future>
#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

void work();

test::task<> joins() {
  std::jthread worker(work);
  // CHECK: :[[@LINE-1]]:16: warning: '~std::jthread' waits for a future or joins a thread synchronously when 'worker' is destroyed inside coroutine 'joins' [blocking-call]
  std::vector<std::jthread> pool;
  // CHECK: :[[@LINE-1]]:29: warning: '~std::jthread' waits for a future or joins a thread synchronously when 'pool' is destroyed inside coroutine 'joins' [blocking-call]
  std::optional<std::jthread> maybe;
  // CHECK: :[[@LINE-1]]:31: warning: '~std::jthread' waits for a future or joins a thread synchronously when 'maybe' is destroyed inside coroutine 'joins' [blocking-call]
  std::jthread{work}; // a temporary: joins at the end of the statement
  // CHECK: :[[@LINE-1]]:3: warning: '~std::jthread' waits for a future or joins a thread synchronously when the temporary is destroyed inside coroutine 'joins' [blocking-call]
  std::jthread *heap = new std::jthread(work); // not destroyed here
  std::thread plain(work);                      // ~thread does not join
  plain.detach();
  std::jthread detached(work); // detached, moved away: nothing to join
  detached.detach();
  std::jthread handed(work);
  std::vector<std::jthread> keep;
  // CHECK: :[[@LINE-1]]:29: warning: '~std::jthread' waits for a future or joins a thread synchronously when 'keep' is destroyed inside coroutine 'joins' [blocking-call]
  keep.push_back(std::move(handed));
  (void)heap;
  co_return;
}

struct Owner {
  std::jthread thread;
};
struct Holder {
  ~Holder() { helper.join(); }
  std::thread helper;
};

test::task<> owners() {
  Owner o;
  // CHECK: :[[@LINE-1]]:9: warning: 'Owner::~Owner' waits for a future or joins a thread synchronously when 'o' is destroyed inside coroutine 'owners': it reaches '~std::jthread' [blocking-call]
  Holder h;
  // CHECK: :[[@LINE-1]]:10: warning: 'Holder::~Holder' waits for a future or joins a thread synchronously when 'h' is destroyed inside coroutine 'owners': it reaches 'std::thread::join' [blocking-call]
  co_return;
}

test::task<> futures() {
  std::async(std::launch::async, work);
  // CHECK: :[[@LINE-1]]:3: warning: '~std::future' waits for a future or joins a thread synchronously (the future is discarded) inside coroutine 'futures' [blocking-call]
  (void)std::async(work);
  // CHECK: :[[@LINE-1]]:9: warning: '~std::future' waits for a future or joins a thread synchronously (the future is discarded) inside coroutine 'futures' [blocking-call]
  auto held = std::async(std::launch::async, work);
  // CHECK: :[[@LINE-1]]:15: warning: '~std::future' waits for a future or joins a thread synchronously when the future is destroyed inside coroutine 'futures' [blocking-call]
  auto deferred = std::async(std::launch::deferred, work);
  auto waited = std::async(std::launch::async, work);
  waited.get();
  // CHECK: :[[@LINE-1]]:10: warning: 'std::future::get' waits for a future or joins a thread synchronously inside coroutine 'futures' [blocking-call]
  auto moved = std::async(std::launch::async, work);
  std::future<void> elsewhere = std::move(moved);
  elsewhere.wait();
  // CHECK: :[[@LINE-1]]:13: warning: 'std::future::wait' waits for a future or joins a thread synchronously inside coroutine 'futures' [blocking-call]
  co_return;
}

// In ordinary functions, destructors may block: they are not coroutines.
void ordinary() {
  std::jthread worker(work);
  std::async(std::launch::async, work);
}
