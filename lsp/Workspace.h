//===- Workspace.h - The server's state and answers, without a transport --===//
//
// What the language server knows and decides, in corolint's own terms: the
// open drafts, the settings, the compile database (opened on a worker, never
// on the loop), the project's summary index and the background indexing
// that fills it, which documents depend on which headers, and the answers
// to code actions, fix-all and hover. It speaks no JSON and knows no client:
// the LSP layer (LSPServer.h) converts its answers (Convert.h), and tests
// drive it in-process. Like the rest of the server it lives on the loop
// thread; Clang work is awaited from the worker pools.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_LSP_WORKSPACE_H
#define COROLINT_LSP_WORKSPACE_H

#include "analyzer/Diagnostic.h"
#include "analyzer/SummaryIndex.h"
#include "lsp/Async.h"
#include "lsp/Protocol.h"
#include "lsp/Scheduler.h"
#include "lsp/SourceText.h"
#include "llvm/ADT/StringMap.h"
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace corolint::lsp {

/// The settings in force: the command line's, then the editor's updates.
struct WorkspaceSettings {
  std::string Checks; ///< Added after .corolint.yaml's.
  std::vector<std::string> FallbackFlags{"-std=c++20"};
  std::optional<std::string> CompilationDatabasePath;
  bool ShowCompilerErrors = true;
  /// Summarise the compile database's other files in the background, so
  /// that blocking calls reached through them are found.
  bool BackgroundIndex = true;
  enum class Diagnostics { Auto, Push, Pull } Mode = Diagnostics::Auto;
  /// The docs/ folder that diagnostics link to (codeDescription).
  std::string DocsUrl;

  /// Applies the members an editor sent.
  void apply(const CorolintSettings &Update);
};

/// An open document's text as the editor has it.
struct Draft {
  int Version = 0;
  std::shared_ptr<const std::string> Text;
};

/// One change of a draft: a range in the negotiated encoding, or the whole
/// text when Range is absent.
struct DraftChange {
  std::optional<std::pair<TextPosition, TextPosition>> Range;
  std::string Text;
};

/// A file the editor saw change on disk.
struct FileChange {
  std::string Path;
  enum Kind { Created = 1, Changed = 2, Deleted = 3 } Type = Changed;
};

/// What the background index reports as it goes.
struct IndexProgress {
  enum { Begin, Report, End } Stage = Begin;
  unsigned Done = 0, Total = 0;
};

/// A finding of the current analysis, as a quick fix sees it.
struct QuickFix {
  corolint::Diagnostic Finding;
  /// The NOLINT edit that silences it (none for a NOLINT problem itself).
  std::optional<FixIt> Suppress;
};

/// What hovering over a finding shows.
struct HoverInfo {
  corolint::Diagnostic Finding;
  std::string Documentation; ///< The check's page; empty if none.
};

/// A file's findings as the background index last found them (files that
/// are not open), with the text they were found in.
struct IndexedFindings {
  std::string File;
  std::shared_ptr<const std::string> Text;
  std::vector<corolint::Diagnostic> Findings;
  uint64_t Id = 0; ///< Changes whenever the findings may have.
};

class Workspace {
public:
  struct Callbacks {
    /// A document's analysis, for its current version (on the loop).
    std::function<void(const std::string &File,
                       std::shared_ptr<const AnalysisResult>)>
        OnAnalysis;
    /// Findings changed for another reason than an edit (configuration, the
    /// index): a pulling client should ask again.
    std::function<void()> OnRefresh;
    /// Background indexing began, progressed or ended; the returned task
    /// runs to completion before indexing goes on (it may ask the client).
    std::function<Task<void>(IndexProgress)> OnIndexProgress;
  };

  Workspace(Executor &Loop, WorkerPool &Pool, WorkerPool &IndexPool,
            AnalyzerFactory Analyzers, WorkspaceSettings Defaults,
            DebouncePolicy Debounce, Callbacks Events);
  ~Workspace();

  // Configuration.
  const WorkspaceSettings &settings() const { return Settings; }
  /// Applies an editor's settings; documents are analysed again.
  void configure(const CorolintSettings &Update);
  void setRoot(std::string Path) { RootPath = std::move(Path); }
  void setEncoding(OffsetEncoding E) { Encoding = E; }
  OffsetEncoding encoding() const { return Encoding; }
  /// Allows background indexing (once the client is initialized and
  /// configured) and starts it.
  void startIndexing();
  void shutDown() { ShuttingDown = true; }

  // Drafts.
  void open(const std::string &File, int Version, std::string Text);
  /// Fails (and keeps the last good text) when a change does not fit.
  llvm::Error change(const std::string &File, int Version,
                     llvm::ArrayRef<DraftChange> Changes);
  void close(const std::string &File);
  const Draft *draft(const std::string &File) const;
  const llvm::StringMap<Draft> &drafts() const { return Drafts; }
  /// Files changed on disk: configuration and compile databases reload the
  /// project; sources that are not open are summarised again.
  void filesChanged(llvm::ArrayRef<FileChange> Changes);
  /// The open documents whose last analysis read Header.
  std::vector<std::string> dependents(const std::string &Header) const;

  // Results.
  /// The newest analysis of File, if it is of the current draft.
  std::shared_ptr<const AnalysisResult> current(const std::string &File) const;
  /// Waits for the analysis of File's current version.
  Task<Scheduler::WaitOutcome> waitForCurrent(std::string File,
                                              CancellationToken Token);
  /// The findings shown in File for its analysis R: R's findings located
  /// in File, and what the latest analyses of the open files that include
  /// it found there (header-filter), without their fixes (computed against
  /// another analysis's text).
  std::vector<corolint::Diagnostic>
  shownFindings(const AnalysisResult &R, const std::string &File) const;
  /// The identity of what shownFindings gives: R's, and its includers'.
  std::string resultId(const AnalysisResult &R, const std::string &File) const;
  /// The open headers whose shown findings File's new analysis R changes
  /// (it finds something in them now, or did before), each with its own
  /// analysis of its current draft.
  std::vector<std::pair<std::string, std::shared_ptr<const AnalysisResult>>>
  headersShowing(const std::string &File, const AnalysisResult &R);
  /// The findings of the project's files that are not open, as the
  /// background index found them.
  std::vector<std::shared_ptr<const IndexedFindings>> indexedFindings() const;

  // Answers.
  /// The current findings whose range meets the lines [FirstLine, LastLine]
  /// (1-based), with the NOLINT edit for each.
  std::vector<QuickFix> quickFixes(const std::string &File, unsigned FirstLine,
                                   unsigned LastLine) const;
  /// The NOLINT edit that silences Check on 1-based Line of File's draft.
  std::optional<FixIt> suppression(const std::string &File, unsigned Line,
                                   llvm::StringRef Check) const;
  /// Every fix of the current findings that applies together (the rule of
  /// `corolint check --fix`, planFixes), in offset order; empty when the
  /// analysis is not of the current draft.
  std::vector<FixIt> fixAll(const std::string &File) const;
  /// The finding under the 1-based Line and byte Column, if any.
  std::optional<HoverInfo> hover(const std::string &File, unsigned Line,
                                 unsigned Column) const;

  /// Whether diagnostics are pushed (else the client pulls them).
  bool pushDiagnostics(bool ClientPulls) const;

private:
  void schedule(const std::string &File);
  void reanalyzeAll();
  void reloadProject();
  void restartIndexing();
  Task<void> indexProject(unsigned Generation);
  Task<void> reindexFiles(std::vector<FileChange> Changes);
  std::string projectDatabaseDir() const;

  Executor &Loop;
  WorkerPool &IndexPool;
  WorkspaceSettings Settings;
  Callbacks Events;
  Scheduler Sched;
  OffsetEncoding Encoding = OffsetEncoding::UTF16;
  std::string RootPath;
  bool ReadyToIndex = false;
  bool ShuttingDown = false;

  llvm::StringMap<Draft> Drafts;
  /// The headers each open document's latest analysis found findings in.
  std::map<std::string, std::set<std::string>> FoundInHeaders;
  std::shared_ptr<const ProjectSettings> Project;
  /// What each function of the project reaches, from the open documents and
  /// the background index; read and updated from worker threads.
  std::shared_ptr<SummaryIndex> Index = std::make_shared<SummaryIndex>();
  /// Bumped to stop a background indexing run that configuration replaced.
  unsigned IndexGeneration = 0;
  llvm::StringMap<std::shared_ptr<const IndexedFindings>> Indexed;
  uint64_t NextIndexedId = 0;
};

} // namespace corolint::lsp

#endif
