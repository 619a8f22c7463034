// lock-across-suspend: guards of coroutine-aware mutexes, and locks handed
// to an awaiter that releases them while the coroutine is suspended, are
// not held across the suspension.
// RUN: not %corolint check --checks=-*,lock-across-suspend %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include <mutex>

test::task<> work();
bool ready();

// Like cppcoro::async_mutex: no blocking lock(); it is locked by awaiting,
// and the standard guards adopt it.
class AsyncMutex {
public:
  struct LockOperation {
    bool await_ready() noexcept { return false; }
    bool await_suspend(std::coroutine_handle<>) noexcept;
    void await_resume() noexcept {}
    AsyncMutex &m;
  };
  struct ScopedLockOperation : LockOperation {
    std::unique_lock<AsyncMutex> await_resume() noexcept {
      return std::unique_lock<AsyncMutex>(m, std::adopt_lock);
    }
  };
  LockOperation lock_async() noexcept { return {*this}; }
  ScopedLockOperation scoped_lock_async() noexcept { return {{*this}}; }
  bool try_lock() noexcept;
  void unlock();
};

// Like async_simple's SpinLock: a blocking lock() and an awaited one.
class SpinLock {
public:
  void lock() noexcept;
  bool try_lock() noexcept;
  void unlock() noexcept;
  struct ScopedLockOperation {
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept;
    std::unique_lock<SpinLock> await_resume() noexcept {
      return std::unique_lock<SpinLock>(s, std::adopt_lock);
    }
    SpinLock &s;
  };
  ScopedLockOperation co_scoped_lock() { return {*this}; }
};

AsyncMutex am;
SpinLock spin;
std::mutex m;

test::task<> scoped_async() {
  auto l = co_await am.scoped_lock_async();
  co_await work();
}

test::task<> adopted_async() {
  co_await am.lock_async();
  std::lock_guard<AsyncMutex> g(am, std::adopt_lock);
  co_await work();
}

test::task<> unique_of_async() {
  std::unique_lock<AsyncMutex> l{co_await am.scoped_lock_async()};
  co_await work();
  l.unlock();
  co_await work();
}

test::task<> spin_awaited() {
  std::unique_lock<SpinLock> l = co_await spin.co_scoped_lock();
  co_await work();
}

// The same spin lock taken with its blocking lock() is held like any other.
test::task<> spin_blocking() {
  std::unique_lock<SpinLock> l(spin);
  // CHECK: :[[@LINE-1]]:30: warning: lock 'l' of type 'std::unique_lock<SpinLock>' is held across a suspension point{{.*}} [lock-across-suspend]
  co_await work();
}

// A coroutine condition variable over a std::mutex: its awaiter stores the
// lock and unlocks it in await_suspend, and locks it again on resumption.
struct Condition {
  struct Waiter {
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) noexcept {
      cv.waiting = h;
      lock.unlock();
    }
    void await_resume() { lock.lock(); }
    Condition &cv;
    std::unique_lock<std::mutex> &lock;
  };
  Waiter wait(std::unique_lock<std::mutex> &lock) { return {*this, lock}; }
  std::coroutine_handle<> waiting;
};

// The same, with await_suspend defined in the library (as libcoro's
// coro::condition_variable is): its body is not visible here.
struct RemoteCondition {
  struct Waiter {
    bool await_ready() noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> h) noexcept;
    void await_resume() noexcept {}
    std::unique_lock<std::mutex> &lock;
  };
  Waiter wait(std::unique_lock<std::mutex> &lock) { return {lock}; }
};

// An awaiter handed the lock that keeps it locked while suspended.
struct Logged {
  bool await_ready() noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept { ready(); }
  void await_resume() noexcept {}
  std::unique_lock<std::mutex> &lock;
};
Logged log_under(std::unique_lock<std::mutex> &lock) { return {lock}; }

test::task<> waits(Condition &cv, RemoteCondition &remote) {
  std::unique_lock<std::mutex> l(m);
  while (!ready())
    co_await cv.wait(l);
  co_await remote.wait(l);
}

test::task<> waits_then_suspends(Condition &cv) {
  std::unique_lock<std::mutex> l(m);
  // CHECK: :[[@LINE-1]]:32: warning: lock 'l' {{.*}} is held across a suspension point{{.*}} [lock-across-suspend]
  co_await cv.wait(l);
  co_await work();
  // CHECK: :[[@LINE-1]]:3: note: held across this co_await
}

test::task<> handed_but_kept() {
  std::unique_lock<std::mutex> l(m);
  // CHECK: :[[@LINE-1]]:32: warning: lock 'l' {{.*}} is held across a suspension point{{.*}} [lock-across-suspend]
  co_await log_under(l);
  // CHECK: :[[@LINE-1]]:3: note: held across this co_await
}

// A condition variable handed the guard's mutex rather than the guard
// (async_simple's ConditionVariable<SpinLock>::wait(mutex, pred)): it
// unlocks the mutex while the coroutine is suspended.
struct MutexCondition {
  struct Waiter {
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept { mutex.unlock(); }
    void await_resume() { mutex.lock(); }
    std::mutex &mutex;
  };
  Waiter wait(std::mutex &mutex) { return {mutex}; }
};

// An awaiter that gives the lock back by moving it out of itself
// (concurrencpp's async_lock_awaiter: "auto lock = std::move(m_lock);").
struct MovedOut {
  bool await_ready() noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {
    auto released = std::move(lock);
  }
  void await_resume() noexcept {}
  std::unique_lock<std::mutex> &lock;
};

// The wait is a coroutine of its own, given the mutex (async_simple's
// ConditionVariable::wait(lock, pred) is a Lazy<>): its awaiters unlock it.
struct TaskCondition {
  test::task<> wait(std::mutex &mutex, bool (*pred)());
};

test::task<> waits_in_task(TaskCondition &cv) {
  std::unique_lock<std::mutex> l(m);
  co_await cv.wait(m, ready);
}

test::task<> waits_on_mutex(MutexCondition &cv) {
  std::unique_lock<std::mutex> l(m);
  while (!ready())
    co_await cv.wait(m);
}

test::task<> moved_out() {
  std::unique_lock<std::mutex> l(m);
  if (!ready())
    co_await MovedOut{l};
}

// The mutex of another guard is not this guard's.
std::mutex other;
test::task<> waits_on_other_mutex(MutexCondition &cv) {
  std::unique_lock<std::mutex> l(m);
  // CHECK: :[[@LINE-1]]:32: warning: lock 'l' {{.*}} is held across a suspension point{{.*}} [lock-across-suspend]
  co_await cv.wait(other);
  // CHECK: :[[@LINE-1]]:3: note: held across this co_await
}
