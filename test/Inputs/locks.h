// Lock types for corolint's tests: a scoped_lockable guard (Clang's
// thread-safety attributes), an async mutex guard that is fine to hold
// across co_await, and a project lock named in configuration.
#pragma once
#include <coroutine>

namespace test {

struct __attribute__((capability("mutex"))) Mutex {
  void lock() __attribute__((acquire_capability()));
  void unlock() __attribute__((release_capability()));
};

/// Like absl::MutexLock: found by its attribute, not its name.
class __attribute__((scoped_lockable)) MutexLock {
public:
  explicit MutexLock(Mutex *m) __attribute__((acquire_capability(m))) : m(m) {
    m->lock();
  }
  ~MutexLock() __attribute__((release_capability())) { m->unlock(); }

private:
  Mutex *m;
};

/// A guard of an async mutex: suspending while holding it is the point.
struct AsyncGuard {
  ~AsyncGuard() {}
};

/// A project's own lock, not annotated: configured as an extra type.
struct ProjectLock {
  explicit ProjectLock(int) {}
  ~ProjectLock() {}
};

} // namespace test
