//===- SchedulerTest.cpp - Debounce, staleness and waiting, without Clang -===//
#include "lsp/Scheduler.h"
#include "gtest/gtest.h"
#include <atomic>

namespace corolint::lsp {
namespace {

using std::chrono::milliseconds;

/// Stands in for Clang: records what it saw and takes a fixed time.
struct FakeAnalyzer : DocumentAnalyzer {
  FakeAnalyzer(std::shared_ptr<std::vector<int>> Seen, milliseconds Delay)
      : Seen(std::move(Seen)), Delay(Delay) {}
  AnalysisResult analyze(const ParseInputs &Inputs,
                         const CancellationToken &) override {
    std::this_thread::sleep_for(Delay);
    {
      std::lock_guard<std::mutex> Lock(Mu);
      Seen->push_back(Inputs.Version);
    }
    AnalysisResult R;
    R.Contents = Inputs.Contents;
    Diagnostic D;
    D.Check = "fake";
    D.Message = *Inputs.Contents;
    R.Findings.push_back(D);
    return R;
  }
  std::mutex Mu;
  std::shared_ptr<std::vector<int>> Seen;
  milliseconds Delay;
};

struct Harness {
  explicit Harness(
      milliseconds Delay = milliseconds(0),
      DebouncePolicy Debounce = DebouncePolicy::fixed(milliseconds(20)))
      : Pool(Loop, 1), Seen(std::make_shared<std::vector<int>>()),
        Sched(
            Loop, Pool,
            [this, Delay] {
              return std::make_unique<FakeAnalyzer>(Seen, Delay);
            },
            [this](const std::string &File,
                   std::shared_ptr<const AnalysisResult> R) {
              Published.push_back(R->Version);
            },
            Debounce) {}

  void update(int Version, std::string Text = "text") {
    ParseInputs In;
    In.File = "/tmp/doc.cpp";
    In.Version = Version;
    In.Contents = std::make_shared<const std::string>(std::move(Text));
    Sched.update(std::move(In));
  }
  void settle(int Ms = 1000) { Loop.runUntilIdle(milliseconds(Ms)); }

  Executor Loop;
  WorkerPool Pool;
  std::shared_ptr<std::vector<int>> Seen;
  std::vector<int> Published;
  Scheduler Sched;
};

TEST(Scheduler, FirstVersionIsAnalysedAndPublished) {
  Harness H;
  H.update(1);
  H.settle(300);
  EXPECT_EQ(H.Published, (std::vector<int>{1}));
  ASSERT_TRUE(H.Sched.latest("/tmp/doc.cpp"));
  EXPECT_EQ(H.Sched.latest("/tmp/doc.cpp")->Findings[0].Message, "text");
}

TEST(Scheduler, BurstsOfEditsAreDebouncedIntoOneRun) {
  Harness H;
  H.update(1);
  H.settle(200);
  for (int V = 2; V <= 6; ++V)
    H.update(V, "v" + std::to_string(V));
  H.settle(400);
  EXPECT_EQ(*H.Seen, (std::vector<int>{1, 6}));
  EXPECT_EQ(H.Published, (std::vector<int>{1, 6}));
}

TEST(Scheduler, StaleResultsAreNeverPublished) {
  // The analysis takes 100 ms; version 2 arrives while version 1 runs.
  Harness H(milliseconds(100));
  H.update(1);
  H.Loop.runUntilIdle(milliseconds(30));
  H.update(2);
  H.settle(600);
  EXPECT_EQ(*H.Seen, (std::vector<int>{1, 2}));
  EXPECT_EQ(H.Published, (std::vector<int>{2}));
  EXPECT_EQ(H.Sched.droppedRuns(), 1u);
}

TEST(Scheduler, ClosedDocumentsAreNotPublished) {
  Harness H(milliseconds(50));
  H.update(1);
  H.Loop.runUntilIdle(milliseconds(10));
  H.Sched.remove("/tmp/doc.cpp");
  H.settle(300);
  EXPECT_TRUE(H.Published.empty());
  EXPECT_FALSE(H.Sched.isOpen("/tmp/doc.cpp"));
}

TEST(Scheduler, AClosedDocumentsTextIsFreed) {
  // Another open document's snapshot holds every draft; closing one must
  // not leave its text (60 MB, say) alive there, nor in its own results.
  Harness H;
  auto Big = std::make_shared<const std::string>(1000, 'x');
  std::weak_ptr<const std::string> Watch = Big;
  ParseInputs A;
  A.File = "/tmp/big.h";
  A.Contents = Big;
  A.Drafts = {{"/tmp/big.h", Big}};
  H.Sched.update(std::move(A));
  ParseInputs B;
  B.File = "/tmp/doc.cpp";
  B.Contents = std::make_shared<const std::string>("text");
  B.Drafts = {{"/tmp/big.h", Big}, {"/tmp/doc.cpp", B.Contents}};
  H.Sched.update(std::move(B));
  H.settle(300);
  Big.reset();
  EXPECT_FALSE(Watch.expired());
  H.Sched.remove("/tmp/big.h");
  H.settle(100);
  EXPECT_TRUE(Watch.expired()) << "the closed draft is still referenced";
  EXPECT_TRUE(H.Sched.isOpen("/tmp/doc.cpp"));
}

Task<void> waitInto(Scheduler &S, CancellationToken T,
                    std::optional<Scheduler::WaitOutcome> &Out) {
  Out = co_await S.waitForCurrent("/tmp/doc.cpp", T);
}

TEST(Scheduler, WaitersGetTheCurrentVersion) {
  Harness H(milliseconds(20));
  H.update(1);
  std::optional<Scheduler::WaitOutcome> Out;
  H.Loop.spawn(waitInto(H.Sched, {}, Out));
  H.settle(300);
  ASSERT_TRUE(Out.has_value());
  EXPECT_EQ(Out->Status, Scheduler::WaitOutcome::Ready);
  EXPECT_EQ(Out->Result->Version, 1);
}

TEST(Scheduler, WaitersAreToldWhenTheirVersionIsSuperseded) {
  Harness H(milliseconds(50));
  H.update(1);
  std::optional<Scheduler::WaitOutcome> Out;
  H.Loop.spawn(waitInto(H.Sched, {}, Out));
  H.Loop.runUntilIdle(milliseconds(10));
  H.update(2);
  H.settle(400);
  ASSERT_TRUE(Out.has_value());
  EXPECT_EQ(Out->Status, Scheduler::WaitOutcome::Superseded);
}

TEST(Scheduler, WaitersCanBeCancelled) {
  Harness H(milliseconds(100));
  H.update(1);
  CancellationSource Cancel;
  std::optional<Scheduler::WaitOutcome> Out;
  H.Loop.spawn(waitInto(H.Sched, Cancel.token(), Out));
  H.Loop.runUntilIdle(milliseconds(10));
  Cancel.cancel();
  H.Loop.runUntilIdle(milliseconds(5));
  ASSERT_TRUE(Out.has_value());
  EXPECT_EQ(Out->Status, Scheduler::WaitOutcome::Cancelled);
  H.settle(300);
}

TEST(Scheduler, WaitingOnAClosedDocumentReturnsAtOnce) {
  Harness H;
  std::optional<Scheduler::WaitOutcome> Out;
  H.Loop.spawn(waitInto(H.Sched, {}, Out));
  H.settle(10);
  ASSERT_TRUE(Out.has_value());
  EXPECT_EQ(Out->Status, Scheduler::WaitOutcome::Closed);
}

TEST(Scheduler, AdaptiveDebounceFollowsTheLastRun) {
  DebouncePolicy P;
  EXPECT_EQ(P.compute(milliseconds(0)), milliseconds(50));
  EXPECT_EQ(P.compute(milliseconds(400)), milliseconds(200));
  EXPECT_EQ(P.compute(milliseconds(5000)), milliseconds(500));
  EXPECT_EQ(DebouncePolicy::fixed(milliseconds(7)).compute(milliseconds(900)),
            milliseconds(7));
}

TEST(Scheduler, TheLoopIsNotBlockedWhileAnalysing) {
  Harness H(milliseconds(200));
  H.update(1);
  bool Ticked = false;
  H.Loop.postAt(Clock::now() + milliseconds(20), [&] { Ticked = true; });
  auto Start = Clock::now();
  while (!Ticked && Clock::now() - Start < milliseconds(150))
    H.Loop.runUntilIdle(milliseconds(5));
  EXPECT_TRUE(Ticked);
  EXPECT_TRUE(H.Published.empty()) << "the analysis is still running";
  H.settle(500);
  EXPECT_EQ(H.Published, (std::vector<int>{1}));
}

} // namespace
} // namespace corolint::lsp
