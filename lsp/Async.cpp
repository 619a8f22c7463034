//===- Async.cpp - Event loop, worker pool and cancellation ---------------===//
//
// Only the ordinary functions here block (waiting for work); the coroutines
// that run on top of them never do.
//
//===----------------------------------------------------------------------===//
#include "lsp/Async.h"

namespace corolint::lsp {

//===----------------------------------------------------------------------===//
// Cancellation
//===----------------------------------------------------------------------===//

std::optional<uint64_t>
CancellationToken::onCancel(llvm::unique_function<void()> Fn) const {
  if (!S || isCancelled())
    return std::nullopt;
  uint64_t Id = S->NextCallback++;
  S->Callbacks.emplace(Id, std::move(Fn));
  return Id;
}

void CancellationToken::removeCallback(uint64_t Id) const {
  if (S)
    S->Callbacks.erase(Id);
}

CancellationSource::CancellationSource() {
  Token.S = std::make_shared<CancellationToken::State>();
}

void CancellationSource::cancel() {
  auto &State = *Token.S;
  if (State.Cancelled.exchange(true, std::memory_order_acq_rel))
    return;
  // A callback may remove others; take them all out first.
  auto Callbacks = std::move(State.Callbacks);
  State.Callbacks.clear();
  for (auto &[Id, Fn] : Callbacks)
    Fn();
}

//===----------------------------------------------------------------------===//
// Executor
//===----------------------------------------------------------------------===//

namespace {
/// Owns a spawned task until it finishes. Eager and self-destroying: it is the
/// fire-and-forget root that every request coroutine hangs from.
struct Detached {
  struct promise_type {
    Detached get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
};

Detached runDetached(Task<void> T) { co_await std::move(T); }
} // namespace

Executor::~Executor() = default;

void Executor::post(llvm::unique_function<void()> Fn) {
  {
    std::lock_guard<std::mutex> Lock(Mu);
    Ready.push_back(std::move(Fn));
  }
  Wake.notify_one();
}

void Executor::postAt(Clock::time_point Deadline,
                      llvm::unique_function<void()> Fn) {
  {
    std::lock_guard<std::mutex> Lock(Mu);
    Timers.push(Timer{Deadline, NextSeq++, std::move(Fn)});
  }
  Wake.notify_one();
}

void Executor::spawn(Task<void> T) {
  post([T = std::move(T)]() mutable { runDetached(std::move(T)); });
}

void Executor::stop(int Code) {
  {
    std::lock_guard<std::mutex> Lock(Mu);
    if (!StopCode)
      StopCode = Code;
  }
  Wake.notify_all();
}

void Executor::start(Task<void> T) {
  assert(onLoopThread() && "start() runs the task on the loop thread");
  runDetached(std::move(T));
}

bool Executor::stopped() const {
  std::lock_guard<std::mutex> Lock(Mu);
  return StopCode.has_value();
}

void Executor::collectDueTimers(Clock::time_point Now) {
  while (!Timers.empty() && Timers.top().Deadline <= Now) {
    Ready.push_back(std::move(Timers.top().Fn));
    Timers.pop();
  }
}

Clock::time_point Executor::now() const {
  if (ManualClock)
    return Clock::time_point(Clock::duration(ManualTicks.load()));
  return Clock::now();
}

void Executor::useManualClock() {
  ManualTicks = Clock::now().time_since_epoch().count();
  ManualClock = true;
}

void Executor::advanceClock(Clock::duration D) {
  {
    std::lock_guard<std::mutex> Lock(Mu);
    ManualTicks += D.count();
  }
  Wake.notify_all();
}

bool Executor::runOne(std::unique_lock<std::mutex> &Lock) {
  collectDueTimers(now());
  if (Ready.empty())
    return false;
  auto Fn = std::move(Ready.front());
  Ready.pop_front();
  Lock.unlock();
  Fn();
  Lock.lock();
  return true;
}

int Executor::run() {
  LoopThread = std::this_thread::get_id();
  std::unique_lock<std::mutex> Lock(Mu);
  while (!StopCode) {
    if (runOne(Lock))
      continue;
    if (Timers.empty() || ManualClock)
      Wake.wait(Lock);
    else
      Wake.wait_until(Lock, Timers.top().Deadline);
  }
  return *StopCode;
}

bool Executor::runUntilIdle(std::chrono::milliseconds MaxWait) {
  LoopThread = std::this_thread::get_id();
  std::unique_lock<std::mutex> Lock(Mu);
  auto Limit = Clock::now() + MaxWait;
  while (!StopCode) {
    if (runOne(Lock))
      continue;
    auto Now = Clock::now();
    if (Now >= Limit)
      break;
    auto Until = Limit;
    if (!ManualClock && !Timers.empty() && Timers.top().Deadline < Until)
      Until = Timers.top().Deadline;
    Wake.wait_until(Lock, Until);
  }
  return StopCode.has_value();
}

bool Executor::runUntil(llvm::function_ref<bool()> Done,
                        std::chrono::milliseconds Limit) {
  LoopThread = std::this_thread::get_id();
  auto GiveUp = Clock::now() + Limit;
  std::unique_lock<std::mutex> Lock(Mu);
  while (true) {
    while (runOne(Lock))
      ;
    Lock.unlock();
    bool Finished = Done();
    Lock.lock();
    if (Finished)
      return true;
    if (StopCode || Clock::now() >= GiveUp)
      return false;
    // Done() may wait on another thread that does not post: look again
    // soon, whatever wakes the loop.
    Wake.wait_for(Lock, std::chrono::milliseconds(1));
  }
}

//===----------------------------------------------------------------------===//
// WorkerPool
//===----------------------------------------------------------------------===//

WorkerPool::WorkerPool(Executor &Loop, unsigned N) : Loop(Loop) {
  if (N == 0)
    N = 1;
  for (unsigned I = 0; I < N; ++I)
    Threads.emplace_back([this] { workerMain(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> Lock(Mu);
    ShuttingDown = true;
  }
  HasWork.notify_all();
  for (auto &T : Threads)
    T.join();
}

void WorkerPool::enqueue(llvm::unique_function<void()> Job) {
  {
    std::lock_guard<std::mutex> Lock(Mu);
    Jobs.push_back(std::move(Job));
  }
  HasWork.notify_one();
}

void WorkerPool::workerMain() {
  std::unique_lock<std::mutex> Lock(Mu);
  while (true) {
    HasWork.wait(Lock, [&] { return ShuttingDown || !Jobs.empty(); });
    if (Jobs.empty())
      return;
    auto Job = std::move(Jobs.front());
    Jobs.pop_front();
    Lock.unlock();
    Job();
    Lock.lock();
  }
}

//===----------------------------------------------------------------------===//
// Signal
//===----------------------------------------------------------------------===//

Signal::~Signal() {
  for (auto &[Id, W] : Waiters)
    if (W.CallbackId)
      W.Token.removeCallback(*W.CallbackId);
}

void Signal::addWaiter(std::coroutine_handle<> H, CancellationToken Token,
                       bool *Woken) {
  uint64_t Id = NextWaiter++;
  auto CallbackId = Token.onCancel([this, Id] {
    auto It = Waiters.find(Id);
    if (It == Waiters.end())
      return;
    auto Handle = It->second.H;
    *It->second.Woken = false;
    Waiters.erase(It);
    Loop.post([Handle] { Handle.resume(); });
  });
  Waiters.emplace(Id, Waiter{H, std::move(Token), CallbackId, Woken});
}

void Signal::notifyAll() {
  auto Woken = std::move(Waiters);
  Waiters.clear();
  for (auto &[Id, W] : Woken) {
    if (W.CallbackId)
      W.Token.removeCallback(*W.CallbackId);
    *W.Woken = true;
    Loop.post([H = W.H] { H.resume(); });
  }
}

} // namespace corolint::lsp
