//===- AsyncTest.cpp - The server's coroutine runtime ---------------------===//
#include "lsp/Async.h"
#include "gtest/gtest.h"
#include <string>

namespace corolint::lsp {
namespace {

Task<int> answer() { co_return 42; }

Task<int> addOne(Task<int> Inner) {
  int V = co_await std::move(Inner);
  co_return V + 1;
}

Task<void> store(Task<int> T, int &Out) { Out = co_await std::move(T); }

TEST(Async, TasksAreLazyAndChain) {
  Executor Loop;
  int Out = 0;
  Task<void> T = store(addOne(answer()), Out);
  Loop.runUntilIdle();
  EXPECT_EQ(Out, 0) << "nothing runs before the task is started";
  Loop.spawn(std::move(T));
  Loop.runUntilIdle();
  EXPECT_EQ(Out, 43);
}

TEST(Async, StartRunsUpToTheFirstSuspensionAtOnce) {
  Executor Loop;
  std::vector<std::string> Log;
  Loop.start([](Executor &Loop, std::vector<std::string> &Log) -> Task<void> {
    Log.push_back("before");
    co_await Loop.yield();
    Log.push_back("after");
  }(Loop, Log));
  EXPECT_EQ(Log, (std::vector<std::string>{"before"}))
      << "the body ran synchronously until it suspended";
  Loop.runUntilIdle();
  EXPECT_EQ(Log, (std::vector<std::string>{"before", "after"}));
}

TEST(Async, DestroyingAnUnstartedTaskIsSafe) {
  bool Ran = false;
  auto Body = [&]() -> Task<void> {
    Ran = true;
    co_return;
  };
  {
    Task<void> T = Body(); // NOLINT(unawaited-task): never run, on purpose
  }
  EXPECT_FALSE(Ran);
}

Task<std::string> moveOnlyResult() { co_return std::string(100, 'x'); }

TEST(Async, ReturnsMoveOnlyAndLargeValues) {
  Executor Loop;
  std::string Out;
  Loop.spawn([](std::string &Out) -> Task<void> {
    Out = co_await moveOnlyResult();
  }(Out));
  Loop.runUntilIdle();
  EXPECT_EQ(Out.size(), 100u);
}

TEST(Async, WorkerJobsResumeOnTheLoopThread) {
  Executor Loop;
  WorkerPool Pool(Loop, 2);
  std::thread::id JobThread, ResumedOn;
  int Result = 0;
  Loop.spawn([](WorkerPool &Pool, std::thread::id &JobThread,
                std::thread::id &ResumedOn, int &Result) -> Task<void> {
    Result = co_await Pool.run([&JobThread] {
      JobThread = std::this_thread::get_id();
      return 7;
    });
    ResumedOn = std::this_thread::get_id();
  }(Pool, JobThread, ResumedOn, Result));
  Loop.runUntilIdle(std::chrono::milliseconds(2000));
  EXPECT_EQ(Result, 7);
  EXPECT_NE(JobThread, std::this_thread::get_id());
  EXPECT_EQ(ResumedOn, std::this_thread::get_id());
}

TEST(Async, LoopKeepsServingWhileAWorkerIsBusy) {
  Executor Loop;
  WorkerPool Pool(Loop, 1);
  std::atomic<bool> Release{false};
  std::vector<std::string> Order;
  Loop.spawn([](WorkerPool &Pool, std::atomic<bool> &Release,
                std::vector<std::string> &Order) -> Task<void> {
    co_await Pool.run([&Release] {
      while (!Release)
        std::this_thread::yield();
    });
    Order.push_back("slow job done");
  }(Pool, Release, Order));
  Loop.spawn([](Executor &Loop, std::atomic<bool> &Release,
                std::vector<std::string> &Order) -> Task<void> {
    co_await Loop.sleepFor(std::chrono::milliseconds(5));
    Order.push_back("loop still answers");
    Release = true;
  }(Loop, Release, Order));
  Loop.runUntilIdle(std::chrono::milliseconds(2000));
  ASSERT_EQ(Order.size(), 2u);
  EXPECT_EQ(Order[0], "loop still answers");
  EXPECT_EQ(Order[1], "slow job done");
}

TEST(Async, TimersFireInDeadlineOrder) {
  Executor Loop;
  std::vector<int> Order;
  auto Sleeper = [](Executor &Loop, int Ms,
                    std::vector<int> &Order) -> Task<void> {
    co_await Loop.sleepFor(std::chrono::milliseconds(Ms));
    Order.push_back(Ms);
  };
  Loop.spawn(Sleeper(Loop, 30, Order));
  Loop.spawn(Sleeper(Loop, 10, Order));
  Loop.spawn(Sleeper(Loop, 20, Order));
  Loop.runUntilIdle(std::chrono::milliseconds(500));
  EXPECT_EQ(Order, (std::vector<int>{10, 20, 30}));
}

TEST(Async, PostedWorkRunsInOrder) {
  Executor Loop;
  std::vector<int> Order;
  for (int I = 0; I < 5; ++I)
    Loop.post([&Order, I] { Order.push_back(I); });
  Loop.runUntilIdle();
  EXPECT_EQ(Order, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(Async, StopEndsRunWithItsCode) {
  Executor Loop;
  Loop.post([&Loop] { Loop.stop(3); });
  Loop.post([&Loop] { Loop.stop(4); });
  EXPECT_EQ(Loop.run(), 3);
}

TEST(Async, StopFromAnotherThreadWakesTheLoop) {
  Executor Loop;
  std::thread Stopper([&Loop] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    Loop.stop(0);
  });
  EXPECT_EQ(Loop.run(), 0);
  Stopper.join();
}

TEST(Async, CancellationRunsCallbacksOnce) {
  CancellationSource Source;
  CancellationToken Token = Source.token();
  int Calls = 0;
  auto Id = Token.onCancel([&Calls] { ++Calls; });
  ASSERT_TRUE(Id.has_value());
  EXPECT_FALSE(Token.isCancelled());
  Source.cancel();
  Source.cancel();
  EXPECT_TRUE(Token.isCancelled());
  EXPECT_EQ(Calls, 1);
  EXPECT_FALSE(Token.onCancel([] {}).has_value());
  EXPECT_FALSE(CancellationToken().isCancelled());
}

TEST(Async, RemovedCallbacksDoNotRun) {
  CancellationSource Source;
  int Calls = 0;
  auto Id = Source.token().onCancel([&Calls] { ++Calls; });
  Source.token().removeCallback(*Id);
  Source.cancel();
  EXPECT_EQ(Calls, 0);
}

Task<void> waitOn(Signal &S, CancellationToken Token,
                  std::vector<std::string> &Log, std::string Name) {
  bool Woken = co_await S.wait(Token);
  Log.push_back(Name + (Woken ? " woken" : " cancelled"));
}

TEST(Async, SignalWakesAllWaiters) {
  Executor Loop;
  Signal S(Loop);
  std::vector<std::string> Log;
  Loop.spawn(waitOn(S, {}, Log, "a"));
  Loop.spawn(waitOn(S, {}, Log, "b"));
  Loop.runUntilIdle();
  EXPECT_TRUE(Log.empty());
  S.notifyAll();
  Loop.runUntilIdle();
  EXPECT_EQ(Log, (std::vector<std::string>{"a woken", "b woken"}));
}

TEST(Async, CancellationWakesASignalWaiter) {
  Executor Loop;
  Signal S(Loop);
  CancellationSource Source;
  std::vector<std::string> Log;
  Loop.spawn(waitOn(S, Source.token(), Log, "a"));
  Loop.spawn(waitOn(S, {}, Log, "b"));
  Loop.runUntilIdle();
  Source.cancel();
  Loop.runUntilIdle();
  EXPECT_EQ(Log, (std::vector<std::string>{"a cancelled"}));
  S.notifyAll();
  Loop.runUntilIdle();
  EXPECT_EQ(Log, (std::vector<std::string>{"a cancelled", "b woken"}));
}

TEST(Async, WaitingOnAnAlreadyCancelledTokenDoesNotSuspend) {
  Executor Loop;
  Signal S(Loop);
  CancellationSource Source;
  Source.cancel();
  std::vector<std::string> Log;
  Loop.spawn(waitOn(S, Source.token(), Log, "a"));
  Loop.runUntilIdle();
  EXPECT_EQ(Log, (std::vector<std::string>{"a cancelled"}));
}

TEST(Async, DeepChainsDoNotOverflowTheStack) {
  // Symmetric transfer keeps resumption iterative.
  Executor Loop;
  int Out = 0;
  struct Chain {
    static Task<int> depth(int N) {
      if (N == 0)
        co_return 0;
      int V = co_await depth(N - 1);
      co_return V + 1;
    }
  };
  Loop.spawn(store(Chain::depth(100000), Out));
  Loop.runUntilIdle();
  EXPECT_EQ(Out, 100000);
}

} // namespace
} // namespace corolint::lsp
