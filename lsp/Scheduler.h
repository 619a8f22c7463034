//===- Scheduler.h - When each open document is analysed, and by whom -----===//
//
// One worker coroutine per open document, running on the loop: it debounces
// edits (adaptively, from how long the document's last analysis took), hands
// the newest draft to the worker pool, and drops results for versions that
// were superseded while they were computed. The Clang work itself sits behind
// DocumentAnalyzer (see DocumentAnalysis.h), one instance per document so its
// preamble survives between edits.
//
// Everything here runs on the loop thread except DocumentAnalyzer::analyze.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_LSP_SCHEDULER_H
#define COROLINT_LSP_SCHEDULER_H

#include "analyzer/Diagnostic.h"
#include "lsp/Async.h"
#include "llvm/ADT/StringMap.h"
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
}

namespace corolint::lsp {

/// Runs the checks over a parsed translation unit (on a worker thread).
using CheckRunner =
    std::function<std::vector<corolint::Diagnostic>(clang::ASTContext &)>;

/// A compile command: argv (file included) and its working directory.
struct CommandLine {
  std::vector<std::string> Args;
  std::string Directory;
};

/// How a document is analysed, decided per file on the worker thread since
/// it reads the disk: the compile command (compile_commands.json, or the
/// fallback flags), and the checks (.corolint.yaml plus the editor's
/// settings). Problems found on the way are reported as diagnostics.
struct ProjectSettings {
  std::function<CommandLine(const std::string &File)> Command;
  std::function<CheckRunner(const std::string &File,
                            std::vector<corolint::Diagnostic> &Problems)>
      Checks;
};

/// A snapshot of everything one analysis reads.
struct ParseInputs {
  std::string File; ///< Absolute path.
  int Version = 0;
  std::shared_ptr<const std::string> Contents;
  /// Every open draft (path, text), the main file's included: the overlay
  /// the compiler reads instead of the disk.
  std::vector<std::pair<std::string, std::shared_ptr<const std::string>>>
      Drafts;
  std::shared_ptr<const ProjectSettings> Project;
};

/// What one analysis produced.
struct AnalysisResult {
  /// Unique per published result (a pull client's resultId): the same
  /// version can get a new result when configuration or the index changes.
  uint64_t Id = 0;
  int Version = 0;
  std::shared_ptr<const std::string> Contents; ///< The text analysed.
  std::vector<corolint::Diagnostic> Findings;
  /// Clang's errors in the main file (the file does not compile).
  std::vector<corolint::Diagnostic> CompilerErrors;
  /// The project headers (not system ones) the document includes, as
  /// absolute paths: editing one of their drafts re-analyses the document.
  std::vector<std::string> Includes;
  /// The texts of the other files the findings' notes point into, as they
  /// were when analysed: their columns are converted against them.
  std::map<std::string, std::shared_ptr<const std::string>> NoteSources;
  bool Crashed = false;
  bool PreambleReused = false;
  std::chrono::milliseconds Elapsed{0};
  /// The part of Elapsed spent on the main file (not building a preamble):
  /// what the next edit will likely cost, so what the debounce follows.
  std::optional<std::chrono::milliseconds> MainFileElapsed;
};

/// Parses and checks one document; owns whatever it caches between runs
/// (the preamble). Called from one worker thread at a time per document.
class DocumentAnalyzer {
public:
  virtual ~DocumentAnalyzer();
  virtual AnalysisResult analyze(const ParseInputs &Inputs,
                                 const CancellationToken &Cancelled) = 0;
};

using AnalyzerFactory = std::function<std::unique_ptr<DocumentAnalyzer>()>;

/// How long to wait after an edit before analysing: the document's last
/// main-file analysis time times Ratio, within [Min, Max] (clangd's policy,
/// with half its ratio: a superseded run costs us little, since results for
/// old versions are dropped anyway). A fixed delay when Min == Max.
struct DebouncePolicy {
  std::chrono::milliseconds Min{50};
  std::chrono::milliseconds Max{500};
  double Ratio = 0.5;

  std::chrono::milliseconds compute(std::chrono::milliseconds LastRun) const;
  static DebouncePolicy fixed(std::chrono::milliseconds D) {
    return {D, D, 1.0};
  }
};

class Scheduler {
public:
  /// Called on the loop with each result for the document's current version.
  using ResultCallback = std::function<void(
      const std::string &File, std::shared_ptr<const AnalysisResult>)>;

  Scheduler(Executor &Loop, WorkerPool &Pool, AnalyzerFactory Factory,
            ResultCallback OnResult, DebouncePolicy Debounce = {});
  ~Scheduler();

  /// A new version of a document (open or change): analysis follows,
  /// debounced unless this is the document's first version.
  void update(ParseInputs Inputs);
  /// The document was closed: pending work for it is dropped.
  void remove(const std::string &File);
  bool isOpen(const std::string &File) const;

  /// The newest result for the document (possibly of an older version), or
  /// null.
  std::shared_ptr<const AnalysisResult> latest(const std::string &File) const;

  struct WaitOutcome {
    enum { Ready, Superseded, Closed, Cancelled } Status = Closed;
    std::shared_ptr<const AnalysisResult> Result;
  };
  /// Waits for the analysis of the document's current version. Superseded
  /// when a newer version arrives first.
  Task<WaitOutcome> waitForCurrent(std::string File, CancellationToken Token);

  /// Analyses whose results were dropped as stale.
  unsigned droppedRuns() const { return Dropped; }

private:
  struct Document;
  Task<void> worker(std::shared_ptr<Document> Doc);
  /// Frees what a closed document holds.
  static void release(Document &Doc);

  Executor &Loop;
  WorkerPool &Pool;
  AnalyzerFactory Factory;
  ResultCallback OnResult;
  DebouncePolicy Debounce;
  llvm::StringMap<std::shared_ptr<Document>> Documents;
  unsigned Dropped = 0;
  uint64_t LastResultId = 0;
};

} // namespace corolint::lsp

#endif
