//===- Scheduler.cpp - Per-document workers, debounce and staleness -------===//
#include "lsp/Scheduler.h"
#include "lsp/Logging.h"
#include "llvm/Support/FormatVariadic.h"
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace corolint::lsp {

DocumentAnalyzer::~DocumentAnalyzer() = default;

std::chrono::milliseconds
DebouncePolicy::compute(std::chrono::milliseconds LastRun) const {
  auto Scaled = std::chrono::milliseconds(
      static_cast<long long>(static_cast<double>(LastRun.count()) * Ratio));
  return std::clamp(Scaled, Min, Max);
}

struct Scheduler::Document {
  explicit Document(Executor &Loop) : Changed(Loop) {}

  ParseInputs Inputs; ///< The newest version.
  /// Bumped by every update (an edit, or new configuration for the same
  /// text); a result is current only if nothing was bumped meanwhile.
  uint64_t Generation = 0;
  uint64_t LatestGeneration = 0;
  Clock::time_point LastUpdate;
  bool Closed = false;
  bool WorkerRunning = false;
  bool FirstRun = true;
  std::chrono::milliseconds LastElapsed{0};
  std::shared_ptr<DocumentAnalyzer> Analyzer;
  /// Cancels the analysis in flight when the document closes.
  std::unique_ptr<CancellationSource> InFlight;
  std::shared_ptr<const AnalysisResult> Latest;
  /// Notified on every update, result and close.
  Signal Changed;
};

Scheduler::Scheduler(Executor &Loop, WorkerPool &Pool, AnalyzerFactory Factory,
                     ResultCallback OnResult, DebouncePolicy Debounce)
    : Loop(Loop), Pool(Pool), Factory(std::move(Factory)),
      OnResult(std::move(OnResult)), Debounce(Debounce) {}

Scheduler::~Scheduler() = default;

void Scheduler::update(ParseInputs Inputs) {
  std::string File = Inputs.File;
  auto &Slot = Documents[File];
  if (!Slot) {
    Slot = std::make_shared<Document>(Loop);
    Slot->Analyzer = Factory();
  }
  std::shared_ptr<Document> Doc = Slot;
  Doc->Inputs = std::move(Inputs);
  ++Doc->Generation;
  Doc->LastUpdate = Loop.now();
  Doc->Changed.notifyAll();
  if (!Doc->WorkerRunning) {
    Doc->WorkerRunning = true;
    Loop.spawn(worker(Doc));
  }
}

void Scheduler::remove(const std::string &File) {
  auto It = Documents.find(File);
  if (It == Documents.end())
    return;
  std::shared_ptr<Document> Doc = It->second;
  Documents.erase(It);
  Doc->Closed = true;
  if (Doc->InFlight)
    Doc->InFlight->cancel();
  Doc->Changed.notifyAll();
  // The other documents' next analyses read the file from disk now; their
  // snapshots must not keep the closed draft alive.
  for (auto &Entry : Documents)
    std::erase_if(Entry.getValue()->Inputs.Drafts,
                  [&](const auto &Draft) { return Draft.first == File; });
  if (!Doc->WorkerRunning)
    release(*Doc);
  // Otherwise the worker releases it when the analysis in flight returns.
}

void Scheduler::release(Document &Doc) {
  // A big document's text, AST and preamble can take a gigabyte; what is
  // freed goes back to the system, not only to the allocator.
  Doc.Analyzer.reset();
  Doc.Latest.reset();
  Doc.Inputs = ParseInputs();
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

bool Scheduler::isOpen(const std::string &File) const {
  return Documents.count(File) != 0;
}

std::shared_ptr<const AnalysisResult>
Scheduler::latest(const std::string &File) const {
  auto It = Documents.find(File);
  return It == Documents.end() ? nullptr : It->second->Latest;
}

Task<void> Scheduler::worker(std::shared_ptr<Document> Doc) {
  while (!Doc->Closed) {
    // Debounce: wait until the document has been quiet for the delay. The
    // first version of a document is analysed at once.
    if (!Doc->FirstRun) {
      while (true) {
        auto Deadline = Doc->LastUpdate + Debounce.compute(Doc->LastElapsed);
        if (Loop.now() >= Deadline)
          break;
        co_await Loop.sleepUntil(Deadline);
        if (Doc->Closed)
          break;
      }
      if (Doc->Closed)
        break;
    }
    Doc->FirstRun = false;

    ParseInputs Snapshot = Doc->Inputs;
    int Version = Snapshot.Version;
    uint64_t Generation = Doc->Generation;
    Doc->InFlight = std::make_unique<CancellationSource>();
    CancellationToken Token = Doc->InFlight->token();
    auto Started = Loop.now();
    AnalysisResult Result = co_await Pool.run(
        [Analyzer = Doc->Analyzer, Snapshot = std::move(Snapshot), Token] {
          return Analyzer->analyze(Snapshot, Token);
        });
    Doc->InFlight.reset();
    Doc->LastElapsed = Result.MainFileElapsed.value_or(
        std::chrono::duration_cast<std::chrono::milliseconds>(Loop.now() -
                                                              Started));
    if (Doc->Closed)
      break;
    if (Doc->Generation != Generation) {
      // A newer version arrived while we worked: never publish this one.
      ++Dropped;
      log(LogLevel::Verbose,
          llvm::formatv("dropped stale analysis of {0} version {1}",
                        Doc->Inputs.File, Version)
              .str());
      continue;
    }
    Result.Version = Version;
    Result.Id = ++LastResultId;
    auto Shared = std::make_shared<const AnalysisResult>(std::move(Result));
    Doc->Latest = Shared;
    Doc->LatestGeneration = Generation;
    Doc->Changed.notifyAll();
    if (OnResult)
      OnResult(Doc->Inputs.File, Shared);
    // Another update may have come in during OnResult; only stop when the
    // newest version is the one just published.
    if (Doc->Generation == Generation)
      break;
  }
  Doc->WorkerRunning = false;
  if (Doc->Closed)
    release(*Doc);
}

Task<Scheduler::WaitOutcome>
Scheduler::waitForCurrent(std::string File, CancellationToken Token) {
  auto It = Documents.find(File);
  if (It == Documents.end())
    co_return WaitOutcome{WaitOutcome::Closed, nullptr};
  std::shared_ptr<Document> Doc = It->second;
  uint64_t Wanted = Doc->Generation;
  while (true) {
    if (Doc->Closed)
      co_return WaitOutcome{WaitOutcome::Closed, nullptr};
    if (Doc->Latest && Doc->LatestGeneration == Wanted &&
        Doc->Generation == Wanted)
      co_return WaitOutcome{WaitOutcome::Ready, Doc->Latest};
    if (Doc->Generation != Wanted)
      co_return WaitOutcome{WaitOutcome::Superseded, nullptr};
    if (!co_await Doc->Changed.wait(Token))
      co_return WaitOutcome{WaitOutcome::Cancelled, nullptr};
  }
}

} // namespace corolint::lsp
