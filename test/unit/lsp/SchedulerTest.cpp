//===- SchedulerTest.cpp - Debounce, staleness and waiting, without Clang -===//
//
// No test here depends on how fast the machine is: the loop's clock is a
// manual one the test moves, and an analysis runs only as far as the test
// lets it (a Gate), so every step happens because the test said so.
//
//===----------------------------------------------------------------------===//
#include "lsp/Scheduler.h"
#include "gtest/gtest.h"
#include <condition_variable>
#include <mutex>

namespace corolint::lsp {
namespace {

using std::chrono::milliseconds;

/// Holds each analysis on its worker thread until the test releases it.
class Gate {
public:
  explicit Gate(bool Holding) : Holding(Holding) {}
  /// Called by an analysis: waits for its release.
  void enter() {
    std::unique_lock<std::mutex> Lock(Mu);
    unsigned Me = ++Entered;
    Changed.notify_all();
    Changed.wait(Lock, [&] { return !Holding || Released >= Me; });
  }
  /// Lets the next held analysis finish.
  void release() {
    std::lock_guard<std::mutex> Lock(Mu);
    ++Released;
    Changed.notify_all();
  }
  /// Lets every analysis run, now and later.
  void open() {
    std::lock_guard<std::mutex> Lock(Mu);
    Holding = false;
    Changed.notify_all();
  }
  unsigned entered() {
    std::lock_guard<std::mutex> Lock(Mu);
    return Entered;
  }

private:
  std::mutex Mu;
  std::condition_variable Changed;
  bool Holding;
  unsigned Entered = 0, Released = 0;
};

/// Stands in for Clang: records what it saw, waiting at the gate first.
struct FakeAnalyzer : DocumentAnalyzer {
  FakeAnalyzer(std::shared_ptr<std::vector<int>> Seen,
               std::shared_ptr<std::mutex> SeenMu, std::shared_ptr<Gate> G)
      : Seen(std::move(Seen)), SeenMu(std::move(SeenMu)), G(std::move(G)) {}
  AnalysisResult analyze(const ParseInputs &Inputs,
                         const CancellationToken &) override {
    {
      std::lock_guard<std::mutex> Lock(*SeenMu);
      Seen->push_back(Inputs.Version);
    }
    G->enter();
    AnalysisResult R;
    R.Contents = Inputs.Contents;
    Diagnostic D;
    D.Check = "fake";
    D.Message = *Inputs.Contents;
    R.Findings.push_back(D);
    return R;
  }
  std::shared_ptr<std::vector<int>> Seen;
  std::shared_ptr<std::mutex> SeenMu;
  std::shared_ptr<Gate> G;
};

const milliseconds Debounce(20);

struct Harness {
  /// Holding: analyses wait for release(); otherwise they run straight on.
  explicit Harness(bool Holding = false)
      : G(std::make_shared<Gate>(Holding)), Pool(Loop, 1),
        Seen(std::make_shared<std::vector<int>>()),
        SeenMu(std::make_shared<std::mutex>()),
        Sched(
            Loop, Pool,
            [this] { return std::make_unique<FakeAnalyzer>(Seen, SeenMu, G); },
            [this](const std::string &File,
                   std::shared_ptr<const AnalysisResult> R) {
              Published.push_back(R->Version);
            },
            DebouncePolicy::fixed(Debounce)) {
    Loop.useManualClock();
  }
  // Nothing may still wait at the gate when the pool joins its threads, and
  // no worker may stay suspended (its frame would never be freed): close the
  // document, let the analysis in flight return, and wake a debouncing
  // worker, so that each sees the document closed and ends.
  ~Harness() {
    Sched.remove("/tmp/doc.cpp");
    G->open();
    Loop.advanceClock(std::chrono::hours(1));
    drainPool();
    Loop.runUntilIdle();
  }

  void update(int Version, std::string Text = "text") {
    ParseInputs In;
    In.File = "/tmp/doc.cpp";
    In.Version = Version;
    In.Contents = std::make_shared<const std::string>(std::move(Text));
    Sched.update(std::move(In));
  }
  bool runUntil(llvm::function_ref<bool()> Done) { return Loop.runUntil(Done); }
  /// Waits until every job queued on the pool so far has finished and its
  /// continuation has run on the loop (the pool has one thread, and both it
  /// and the loop keep order).
  bool drainPool() {
    bool Drained = false;
    Loop.spawn([](WorkerPool &Pool, bool &Drained) -> Task<void> {
      co_await Pool.run([] {});
      Drained = true;
    }(Pool, Drained));
    return runUntil([&] { return Drained; });
  }
  std::vector<int> seen() {
    std::lock_guard<std::mutex> Lock(*SeenMu);
    return *Seen;
  }

  Executor Loop;
  std::shared_ptr<Gate> G;
  WorkerPool Pool;
  std::shared_ptr<std::vector<int>> Seen;
  std::shared_ptr<std::mutex> SeenMu;
  std::vector<int> Published;
  Scheduler Sched;
};

TEST(Scheduler, FirstVersionIsAnalysedAndPublishedAtOnce) {
  Harness H;
  H.update(1);
  ASSERT_TRUE(H.runUntil([&] { return H.Published.size() == 1; }));
  EXPECT_EQ(H.Published, (std::vector<int>{1}));
  ASSERT_TRUE(H.Sched.latest("/tmp/doc.cpp"));
  EXPECT_EQ(H.Sched.latest("/tmp/doc.cpp")->Findings[0].Message, "text");
}

TEST(Scheduler, BurstsOfEditsAreDebouncedIntoOneRun) {
  Harness H;
  H.update(1);
  ASSERT_TRUE(H.runUntil([&] { return H.Published.size() == 1; }));
  for (int V = 2; V <= 6; ++V)
    H.update(V, "v" + std::to_string(V));
  // Until the document has been quiet for the debounce, nothing runs.
  H.Loop.advanceClock(Debounce - milliseconds(1));
  ASSERT_TRUE(H.drainPool());
  EXPECT_EQ(H.seen(), (std::vector<int>{1}));
  H.Loop.advanceClock(milliseconds(1));
  ASSERT_TRUE(H.runUntil([&] { return H.Published.size() == 2; }));
  EXPECT_EQ(H.seen(), (std::vector<int>{1, 6}));
  EXPECT_EQ(H.Published, (std::vector<int>{1, 6}));
}

TEST(Scheduler, StaleResultsAreNeverPublished) {
  Harness H(/*Holding=*/true);
  H.update(1);
  ASSERT_TRUE(H.runUntil([&] { return H.G->entered() == 1; }));
  // Version 2 arrives while version 1 is analysed.
  H.update(2);
  H.G->release();
  ASSERT_TRUE(H.runUntil([&] { return H.Sched.droppedRuns() == 1; }));
  EXPECT_TRUE(H.Published.empty());
  H.Loop.advanceClock(Debounce);
  ASSERT_TRUE(H.runUntil([&] { return H.G->entered() == 2; }));
  H.G->release();
  ASSERT_TRUE(H.runUntil([&] { return H.Published.size() == 1; }));
  EXPECT_EQ(H.seen(), (std::vector<int>{1, 2}));
  EXPECT_EQ(H.Published, (std::vector<int>{2}));
}

TEST(Scheduler, ClosedDocumentsAreNotPublished) {
  Harness H(/*Holding=*/true);
  H.update(1);
  ASSERT_TRUE(H.runUntil([&] { return H.G->entered() == 1; }));
  H.Sched.remove("/tmp/doc.cpp");
  H.G->release();
  ASSERT_TRUE(H.drainPool());
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
  ASSERT_TRUE(H.runUntil([&] { return H.Published.size() == 2; }));
  Big.reset();
  EXPECT_FALSE(Watch.expired());
  H.Sched.remove("/tmp/big.h");
  ASSERT_TRUE(H.drainPool());
  EXPECT_TRUE(Watch.expired()) << "the closed draft is still referenced";
  EXPECT_TRUE(H.Sched.isOpen("/tmp/doc.cpp"));
}

Task<void> waitInto(Scheduler &S, CancellationToken T,
                    std::optional<Scheduler::WaitOutcome> &Out) {
  Out = co_await S.waitForCurrent("/tmp/doc.cpp", T);
}

TEST(Scheduler, WaitersGetTheCurrentVersion) {
  Harness H(/*Holding=*/true);
  H.update(1);
  std::optional<Scheduler::WaitOutcome> Out;
  H.Loop.spawn(waitInto(H.Sched, {}, Out));
  ASSERT_TRUE(H.runUntil([&] { return H.G->entered() == 1; }));
  EXPECT_FALSE(Out.has_value()) << "version 1 is still being analysed";
  H.G->release();
  ASSERT_TRUE(H.runUntil([&] { return Out.has_value(); }));
  EXPECT_EQ(Out->Status, Scheduler::WaitOutcome::Ready);
  EXPECT_EQ(Out->Result->Version, 1);
}

TEST(Scheduler, WaitersAreToldWhenTheirVersionIsSuperseded) {
  Harness H(/*Holding=*/true);
  H.update(1);
  std::optional<Scheduler::WaitOutcome> Out;
  H.Loop.spawn(waitInto(H.Sched, {}, Out));
  ASSERT_TRUE(H.runUntil([&] { return H.G->entered() == 1; }));
  H.update(2);
  ASSERT_TRUE(H.runUntil([&] { return Out.has_value(); }));
  EXPECT_EQ(Out->Status, Scheduler::WaitOutcome::Superseded);
}

TEST(Scheduler, WaitersCanBeCancelled) {
  Harness H(/*Holding=*/true);
  H.update(1);
  CancellationSource Cancel;
  std::optional<Scheduler::WaitOutcome> Out;
  H.Loop.spawn(waitInto(H.Sched, Cancel.token(), Out));
  ASSERT_TRUE(H.runUntil([&] { return H.G->entered() == 1; }));
  Cancel.cancel();
  ASSERT_TRUE(H.runUntil([&] { return Out.has_value(); }));
  EXPECT_EQ(Out->Status, Scheduler::WaitOutcome::Cancelled);
}

TEST(Scheduler, WaitingOnAClosedDocumentReturnsAtOnce) {
  Harness H;
  std::optional<Scheduler::WaitOutcome> Out;
  H.Loop.spawn(waitInto(H.Sched, {}, Out));
  ASSERT_TRUE(H.runUntil([&] { return Out.has_value(); }));
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
  Harness H(/*Holding=*/true);
  H.update(1);
  ASSERT_TRUE(H.runUntil([&] { return H.G->entered() == 1; }));
  bool Ticked = false;
  H.Loop.post([&] { Ticked = true; });
  ASSERT_TRUE(H.runUntil([&] { return Ticked; }));
  EXPECT_TRUE(H.Published.empty()) << "the analysis is still running";
  H.G->release();
  ASSERT_TRUE(H.runUntil([&] { return H.Published.size() == 1; }));
  EXPECT_EQ(H.Published, (std::vector<int>{1}));
}

} // namespace
} // namespace corolint::lsp
