// lock-across-suspend: lock guards found by their shape, with no annotation
// or configuration, and mutexes locked by hand.
// RUN: not %corolint check --checks=-*,lock-across-suspend %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include <memory>
#include <mutex>
#include <semaphore>
#include <shared_mutex>

test::task<> work();
bool ready();

// A project's mutex and its guard, built the way Qt's QMutex and
// QMutexLocker are: the guard locks in its constructor (through a helper)
// and unlocks in its destructor (through another).
class Mutex {
public:
  void lock();
  void unlock();
};

template <typename M> class Locker {
public:
  explicit Locker(M *m) : m_(m) { relock(); }
  ~Locker() { unlock(); }
  void unlock() {
    if (locked_) {
      m_->unlock();
      locked_ = false;
    }
  }
  void relock() {
    m_->lock();
    locked_ = true;
  }

private:
  M *m_;
  bool locked_ = false;
};

// A reader guard that locks its parameter and unlocks its member.
class ReadGuard {
public:
  explicit ReadGuard(std::shared_mutex &mu) : mu(mu) { mu.lock_shared(); }
  ~ReadGuard() { mu.unlock_shared(); }

private:
  std::shared_mutex &mu;
};

// A permit of a counting semaphore.
struct Permit {
  explicit Permit(std::counting_semaphore<4> &s) : s(s) { s.acquire(); }
  ~Permit() { s.release(); }
  std::counting_semaphore<4> &s;
};

Mutex qm;
std::shared_mutex rw;
std::counting_semaphore<4> slots(4);

test::task<> qt_style() {
  Locker<Mutex> l(&qm);
  // CHECK: :[[@LINE-1]]:17: warning: lock 'l' of type 'Locker<Mutex>' is held across a suspension point; {{.*}} [lock-across-suspend]
  co_await work();
  // CHECK: :[[@LINE-1]]:3: note: held across this co_await
}

test::task<> reader() {
  ReadGuard g(rw);
  // CHECK: :[[@LINE-1]]:13: warning: lock 'g' of type 'ReadGuard' {{.*}} [lock-across-suspend]
  co_await work();
}

test::task<> permit() {
  Permit p(slots);
  // CHECK: :[[@LINE-1]]:10: warning: lock 'p' of type 'Permit' {{.*}} [lock-across-suspend]
  co_await work();
}

test::task<> guard_unlocked_first() {
  Locker<Mutex> l(&qm);
  l.unlock();
  co_await work();
}

// Not guards: a mutex whose lock() is awaited (a coroutine mutex), a guard
// that only tries it, a class that unlocks what it never locked, and one
// whose constructor calls an unrelated lock().
struct AsyncMutex {
  struct LockOperation {
    bool await_ready() noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    void await_resume() noexcept {}
  };
  LockOperation lock();
  bool try_lock();
  void unlock();
};
struct TryGuard {
  explicit TryGuard(AsyncMutex &m) : m(m) { owns = m.try_lock(); }
  ~TryGuard() {
    if (owns)
      m.unlock();
  }
  AsyncMutex &m;
  bool owns = false;
};
struct Adopted {
  explicit Adopted(AsyncMutex &m) : m(m) {}
  ~Adopted() { m.unlock(); }
  AsyncMutex &m;
};
struct Pin {
  explicit Pin(std::weak_ptr<int> w) { p = w.lock(); }
  ~Pin() { p.reset(); }
  std::shared_ptr<int> p;
};

AsyncMutex am;

test::task<> not_guards(std::weak_ptr<int> w) {
  TryGuard t(am);
  Adopted a(am);
  Pin p(w);
  co_await work();
}

// Locked by hand (MSVC's C26138): still locked at the co_await on some path.
std::mutex m;

test::task<> by_hand() {
  m.lock();
  // CHECK: :[[@LINE-1]]:3: warning: 'm' is locked here and still held at a suspension point; {{.*}} [lock-across-suspend]
  co_await work();
  // CHECK: :[[@LINE-1]]:3: note: held across this co_await
  m.unlock();
}

test::task<> by_hand_on_one_path(bool c) {
  m.lock();
  // CHECK: :[[@LINE-1]]:3: warning: 'm' is locked here and still held at a suspension point; {{.*}} [lock-across-suspend]
  if (c)
    m.unlock();
  co_await work();
  // CHECK: :[[@LINE-1]]:3: note: held across this co_await
  if (!c)
    m.unlock();
}

struct Service {
  std::shared_mutex mu_;
  Mutex *other_ = nullptr;
  test::task<> refresh();
  test::task<> through_pointer();
};

test::task<> Service::refresh() {
  mu_.lock_shared();
  // CHECK: :[[@LINE-1]]:3: warning: 'mu_' is locked here and still held at 2 suspension points; {{.*}} [lock-across-suspend]
  co_await work();
  // CHECK: :[[@LINE-1]]:3: note: held across this co_await
  co_await work();
  // CHECK: :[[@LINE-1]]:3: note: held across this co_await
  mu_.unlock_shared();
}

test::task<> Service::through_pointer() {
  other_->lock();
  // CHECK: :[[@LINE-1]]:3: warning: 'other_' is locked here and still held at a suspension point; {{.*}} [lock-across-suspend]
  co_await work();
  other_->unlock();
}

// Not findings: unlocked on every path before the suspension, in a loop
// too; a mutex whose lock() is itself awaited; an unlock of another mutex
// does not count, but a guard that adopts the mutex takes it over (and is
// reported as the guard).
test::task<> unlocked_before() {
  m.lock();
  ready();
  m.unlock();
  co_await work();
}

test::task<> unlocked_in_loop() {
  for (int i = 0; i < 3; ++i) {
    m.lock();
    ready();
    m.unlock();
    co_await work();
  }
}

test::task<> awaited_lock() {
  co_await am.lock();
  co_await work();
  am.unlock();
}

std::mutex m2;
test::task<> other_mutex_unlocked() {
  m.lock();
  // CHECK: :[[@LINE-1]]:3: warning: 'm' is locked here {{.*}} [lock-across-suspend]
  m2.unlock();
  co_await work();
  m.unlock();
}

test::task<> adopted_by_guard() {
  m.lock();
  std::lock_guard<std::mutex> g(m, std::adopt_lock);
  // CHECK: :[[@LINE-1]]:31: warning: lock 'g' {{.*}} [lock-across-suspend]
  co_await work();
}

// Not findings either: a lock() with nothing to undo it is no mutex
// (std::weak_ptr::lock() makes a shared_ptr); a semaphore acquired by hand
// (a guard of one is reported, above); a coroutine that never gives the mutex back holds no
// critical section across the co_await (the mutex is a hand-off that
// another thread unlocks, or a test that means to block).
test::task<> weak_pointer(std::weak_ptr<int> w) {
  auto p = w.lock();
  co_await work();
  (void)w.lock();
  co_await work();
}

std::binary_semaphore turn{1};
test::task<> semaphore() {
  turn.acquire();
  co_await work();
  turn.release();
}

struct Latch {
  void lock();
  void unlock();
};
test::task<> handed_off(Latch &gate) {
  gate.lock();
  co_await work();
}
