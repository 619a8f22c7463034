//===- Async.h - The language server's own small coroutine runtime --------===//
//
// A lazy Task<T>, a single-threaded Executor (the event loop that owns all
// server state), a WorkerPool whose jobs are awaited and resume back on the
// loop, timers, cancellation tokens, and a loop-local Signal.
//
// The rule that keeps the server clean under its own checks: a coroutine body
// never blocks. Every blocking wait (condition variables, joins) lives in the
// ordinary functions that run the loop and the worker threads.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_LSP_ASYNC_H
#define COROLINT_LSP_ASYNC_H

#include "llvm/ADT/FunctionExtras.h"
#include <atomic>
#include <cassert>
#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace corolint::lsp {

using Clock = std::chrono::steady_clock;

template <typename T = void> class Task;

namespace detail {

struct PromiseBase {
  std::coroutine_handle<> Continuation = std::noop_coroutine();

  std::suspend_always initial_suspend() noexcept { return {}; }

  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <typename P>
    std::coroutine_handle<>
    await_suspend(std::coroutine_handle<P> Finished) noexcept {
      return Finished.promise().Continuation;
    }
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }

  // The server is built without exceptions in mind; an escaping one is a bug.
  void unhandled_exception() noexcept { std::terminate(); }
};

template <typename T> struct Promise : PromiseBase {
  std::optional<T> Value;
  Task<T> get_return_object() noexcept;
  template <typename U> void return_value(U &&V) {
    Value.emplace(std::forward<U>(V));
  }
};

template <> struct Promise<void> : PromiseBase {
  Task<void> get_return_object() noexcept;
  void return_void() noexcept {}
};

} // namespace detail

/// A lazy coroutine: it starts when awaited (or when handed to
/// Executor::spawn), and resumes its awaiter by symmetric transfer.
template <typename T> class [[nodiscard]] Task {
public:
  using promise_type = detail::Promise<T>;
  using Handle = std::coroutine_handle<promise_type>;

  Task() = default;
  explicit Task(Handle H) : H(H) {}
  Task(Task &&Other) noexcept : H(std::exchange(Other.H, {})) {}
  Task &operator=(Task &&Other) noexcept {
    if (this != &Other) {
      reset();
      H = std::exchange(Other.H, {});
    }
    return *this;
  }
  Task(const Task &) = delete;
  Task &operator=(const Task &) = delete;
  ~Task() { reset(); }

  bool valid() const { return static_cast<bool>(H); }

  struct Awaiter {
    Handle H;
    bool await_ready() const noexcept { return !H || H.done(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> Caller) {
      H.promise().Continuation = Caller;
      return H;
    }
    T await_resume() {
      if constexpr (!std::is_void_v<T>) {
        assert(H.promise().Value && "task finished without a value");
        return std::move(*H.promise().Value);
      }
    }
  };
  Awaiter operator co_await() && noexcept { return Awaiter{H}; }

private:
  void reset() {
    if (H)
      H.destroy();
    H = {};
  }
  Handle H;
};

namespace detail {
template <typename T> Task<T> Promise<T>::get_return_object() noexcept {
  return Task<T>(std::coroutine_handle<Promise<T>>::from_promise(*this));
}
inline Task<void> Promise<void>::get_return_object() noexcept {
  return Task<void>(std::coroutine_handle<Promise<void>>::from_promise(*this));
}
} // namespace detail

/// A thread-safe cancellation flag shared by a CancellationSource and its
/// tokens. Callbacks run on the loop thread, in the order they were added.
class CancellationToken {
  struct State {
    std::atomic<bool> Cancelled{false};
    uint64_t NextCallback = 0;
    std::map<uint64_t, llvm::unique_function<void()>> Callbacks;
  };

public:
  CancellationToken() = default;
  /// True once the source was cancelled. Safe from any thread.
  bool isCancelled() const {
    return S && S->Cancelled.load(std::memory_order_acquire);
  }
  /// Registers a callback for cancellation; loop thread only. Returns an id
  /// for removeCallback, or nullopt when the token can never be cancelled or
  /// already was.
  std::optional<uint64_t> onCancel(llvm::unique_function<void()> Fn) const;
  void removeCallback(uint64_t Id) const;

private:
  friend class CancellationSource;
  std::shared_ptr<State> S;
};

class CancellationSource {
public:
  CancellationSource();
  CancellationToken token() const { return Token; }
  /// Sets the flag and runs the callbacks; loop thread only.
  void cancel();
  bool isCancelled() const { return Token.isCancelled(); }

private:
  CancellationToken Token;
};

/// The event loop. Exactly one thread runs it; every piece of server state is
/// touched only from that thread. Other threads talk to it through post().
class Executor {
public:
  Executor() = default;
  Executor(const Executor &) = delete;
  Executor &operator=(const Executor &) = delete;
  ~Executor();

  /// Queues Fn to run on the loop. Thread-safe.
  void post(llvm::unique_function<void()> Fn);
  /// Queues Fn to run on the loop at or after Deadline. Thread-safe.
  void postAt(Clock::time_point Deadline, llvm::unique_function<void()> Fn);
  /// Starts T on the loop; the executor owns it until it finishes.
  void spawn(Task<void> T);
  /// Like spawn, but runs T on the calling (loop) thread right now, up to its
  /// first suspension: what T reads first is the state as of this moment.
  void start(Task<void> T);

  /// Runs the loop on the calling thread until stop(); returns the stop code.
  int run();
  /// Runs queued work until the queue is empty and no timer is due within
  /// MaxWait (for tests). Returns true if the loop was stopped.
  bool runUntilIdle(
      std::chrono::milliseconds MaxWait = std::chrono::milliseconds(0));
  /// Runs queued work, and waits for work other threads post, until Done()
  /// holds (for tests); false if it does not within Limit, which only a
  /// failing test reaches.
  bool runUntil(llvm::function_ref<bool()> Done,
                std::chrono::milliseconds Limit = std::chrono::seconds(20));

  /// The time timers and deadlines are measured against: the steady clock,
  /// or, after useManualClock(), a clock that only advanceClock() moves.
  Clock::time_point now() const;
  /// For tests: from now on time stands still until advanceClock().
  void useManualClock();
  /// Moves the manual clock forward; timers now due become ready.
  void advanceClock(Clock::duration D);
  /// Makes run() return Code once the current callback finishes. Thread-safe.
  void stop(int Code);
  bool stopped() const;
  bool onLoopThread() const { return std::this_thread::get_id() == LoopThread; }

  /// `co_await Loop.sleepUntil(T)`: resumes on the loop at or after T.
  auto sleepUntil(Clock::time_point Deadline) {
    struct Awaiter {
      Executor &Loop;
      Clock::time_point Deadline;
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<> H) {
        Loop.postAt(Deadline, [H] { H.resume(); });
      }
      void await_resume() const noexcept {}
    };
    return Awaiter{*this, Deadline};
  }
  auto sleepFor(Clock::duration D) { return sleepUntil(now() + D); }
  /// `co_await Loop.yield()`: lets other queued work run first.
  auto yield() {
    struct Awaiter {
      Executor &Loop;
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<> H) {
        Loop.post([H] { H.resume(); });
      }
      void await_resume() const noexcept {}
    };
    return Awaiter{*this};
  }

private:
  struct Timer {
    Clock::time_point Deadline;
    uint64_t Seq;
    // Mutable so the callback can be moved out of the priority queue's top().
    mutable llvm::unique_function<void()> Fn;
    bool operator>(const Timer &O) const {
      return Deadline != O.Deadline ? Deadline > O.Deadline : Seq > O.Seq;
    }
  };
  /// Moves due timers to the ready queue; caller holds Mu.
  void collectDueTimers(Clock::time_point Now);
  bool runOne(std::unique_lock<std::mutex> &Lock);

  mutable std::mutex Mu;
  std::condition_variable Wake;
  std::deque<llvm::unique_function<void()>> Ready;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> Timers;
  uint64_t NextSeq = 0;
  std::optional<int> StopCode;
  std::thread::id LoopThread = std::this_thread::get_id();
  /// The manual clock's time since the epoch, when ManualClock.
  std::atomic<bool> ManualClock{false};
  std::atomic<Clock::rep> ManualTicks{0};
};

/// Threads for work that must not run on the loop (parsing with Clang). A
/// job is awaited from a coroutine on the loop and resumes it there.
class WorkerPool {
public:
  WorkerPool(Executor &Loop, unsigned Threads);
  WorkerPool(const WorkerPool &) = delete;
  WorkerPool &operator=(const WorkerPool &) = delete;
  /// Finishes the jobs already queued, then joins the threads.
  ~WorkerPool();

  /// `co_await Pool.run(F)`: runs F() on a worker thread and resumes the
  /// awaiting coroutine on the loop with F's result.
  template <typename Fn> auto run(Fn F) {
    using R = std::invoke_result_t<Fn &>;
    struct Awaiter {
      WorkerPool &Pool;
      Fn F;
      std::optional<std::conditional_t<std::is_void_v<R>, bool, R>> Result;
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<> H) {
        Pool.enqueue([this, H] {
          if constexpr (std::is_void_v<R>) {
            F();
            Result.emplace(true);
          } else {
            Result.emplace(F());
          }
          Pool.Loop.post([H] { H.resume(); });
        });
      }
      R await_resume() {
        if constexpr (!std::is_void_v<R>)
          return std::move(*Result);
      }
    };
    return Awaiter{*this, std::move(F), std::nullopt};
  }

  unsigned size() const { return Threads.size(); }

private:
  void enqueue(llvm::unique_function<void()> Job);
  void workerMain();

  Executor &Loop;
  std::mutex Mu;
  std::condition_variable HasWork;
  std::deque<llvm::unique_function<void()>> Jobs;
  bool ShuttingDown = false;
  std::vector<std::thread> Threads;
};

/// A loop-local wake-up: coroutines wait until the next notifyAll() or until
/// their cancellation token fires. Loop thread only.
class Signal {
public:
  Signal(Executor &Loop) : Loop(Loop) {}
  ~Signal();
  Signal(const Signal &) = delete;
  Signal &operator=(const Signal &) = delete;

  /// Resumes every waiter (on a later turn of the loop) with true.
  void notifyAll();

  /// `bool Woken = co_await S.wait(Token)`: false when cancelled instead.
  auto wait(CancellationToken Token = {}) {
    struct Awaiter {
      Signal &Sig;
      CancellationToken Token;
      bool Woken = false;
      bool await_ready() const noexcept { return Token.isCancelled(); }
      void await_suspend(std::coroutine_handle<> H) {
        Sig.addWaiter(H, Token, &Woken);
      }
      bool await_resume() const noexcept { return Woken; }
    };
    return Awaiter{*this, std::move(Token)};
  }

private:
  struct Waiter {
    std::coroutine_handle<> H;
    CancellationToken Token;
    std::optional<uint64_t> CallbackId;
    bool *Woken;
  };
  void addWaiter(std::coroutine_handle<> H, CancellationToken Token,
                 bool *Woken);

  Executor &Loop;
  uint64_t NextWaiter = 0;
  std::map<uint64_t, Waiter> Waiters;
};

} // namespace corolint::lsp

#endif
