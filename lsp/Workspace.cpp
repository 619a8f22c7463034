//===- Workspace.cpp - The server's state and answers, without a transport ===//
//
// Nothing here blocks the loop: the compile database is opened, files are
// read and Clang runs on the worker pools, and their results come back here.
//
//===----------------------------------------------------------------------===//
#include "lsp/Workspace.h"
#include "analyzer/Analysis.h"
#include "analyzer/Compilation.h"
#include "analyzer/Config.h"
#include "analyzer/Fixes.h"
#include "analyzer/Runner.h"
#include "analyzer/Suppression.h"
#include "checks/Registry.h"
#include "lsp/Logging.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <mutex>

namespace corolint::lsp {

void WorkspaceSettings::apply(const CorolintSettings &U) {
  if (U.checks)
    Checks = *U.checks;
  if (U.fallbackFlags)
    FallbackFlags = *U.fallbackFlags;
  if (U.compilationDatabasePath) {
    if (U.compilationDatabasePath->empty())
      CompilationDatabasePath.reset();
    else
      CompilationDatabasePath = *U.compilationDatabasePath;
  }
  if (U.showCompilerErrors)
    ShowCompilerErrors = *U.showCompilerErrors;
  if (U.backgroundIndex)
    BackgroundIndex = *U.backgroundIndex;
  if (U.diagnosticMode)
    Mode = *U.diagnosticMode == "push"   ? Diagnostics::Push
           : *U.diagnosticMode == "pull" ? Diagnostics::Pull
                                         : Diagnostics::Auto;
  if (U.docsUrl)
    DocsUrl = *U.docsUrl;
}

namespace {

/// The compile database, opened by the first worker that needs it: opening
/// reads (and may search) the disk, which the loop must not.
class LazyDatabase {
public:
  explicit LazyDatabase(std::optional<std::string> Dir) : Dir(std::move(Dir)) {}
  Compilations *get() {
    std::call_once(Opened, [&] {
      auto Created = Compilations::create(Dir, std::nullopt);
      if (Created)
        DB = std::move(*Created);
      else
        log(LogLevel::Error,
            "compilation database: " + llvm::toString(Created.takeError()));
    });
    return DB.get();
  }

private:
  std::optional<std::string> Dir;
  std::once_flag Opened;
  std::unique_ptr<Compilations> DB;
};

/// Reads, on the worker that analysed a draft, the texts of the other files
/// its findings' notes point into, so that the loop can convert their
/// columns without touching the disk.
class NoteSourceReader : public DocumentAnalyzer {
public:
  explicit NoteSourceReader(std::unique_ptr<DocumentAnalyzer> Inner)
      : Inner(std::move(Inner)) {}
  AnalysisResult analyze(const ParseInputs &Inputs,
                         const CancellationToken &Cancelled) override {
    AnalysisResult R = Inner->analyze(Inputs, Cancelled);
    for (const corolint::Diagnostic &D : R.Findings)
      for (const DiagnosticNote &N : D.Notes) {
        const std::string &File = N.Range.File;
        if (!N.Range.valid() || File == Inputs.File ||
            R.NoteSources.count(File))
          continue;
        auto Open = llvm::find_if(Inputs.Drafts, [&](const auto &Entry) {
          return Entry.first == File;
        });
        if (Open != Inputs.Drafts.end()) {
          R.NoteSources[File] = Open->second;
        } else if (auto Buffer = llvm::MemoryBuffer::getFile(File)) {
          R.NoteSources[File] =
              std::make_shared<const std::string>((*Buffer)->getBuffer().str());
        }
      }
    return R;
  }

private:
  std::unique_ptr<DocumentAnalyzer> Inner;
};

/// Builds the checks for File's configuration, reporting a bad
/// configuration as a diagnostic on the document.
CheckRunner checksFor(const std::string &File, const std::string &Extra,
                      std::shared_ptr<SummaryIndex> Index,
                      std::vector<corolint::Diagnostic> &Problems) {
  auto Report = [&](std::string Message) {
    corolint::Diagnostic D;
    D.Level = Severity::Error;
    D.Message = std::move(Message);
    D.Range.File = File;
    D.Range.Begin = D.Range.End = {1, 1, 0};
    Problems.push_back(std::move(D));
  };
  auto Loaded = loadConfigFor(File);
  if (!Loaded) {
    Report("invalid configuration: " + llvm::toString(Loaded.takeError()));
    return nullptr;
  }
  Config Settings = Loaded->value_or(Config{});
  if (!Extra.empty())
    Settings.Checks += (Settings.Checks.empty() ? "" : ",") + Extra;
  auto Checks = createChecks(Settings);
  if (!Checks) {
    Report(llvm::toString(Checks.takeError()));
    return nullptr;
  }
  auto Shared = std::make_shared<CheckSet>(std::move(*Checks));
  return [Shared, Settings, Index](clang::ASTContext &AST) {
    AnalysisInputs Inputs;
    Inputs.Blocking = &builtinCatalogue();
    Inputs.Index = Index.get();
    TranslationUnitResult R =
        analyzeTranslationUnit(AST, *Shared, Settings, Inputs);
    // The draft's own functions, for the other open documents.
    if (!R.Summary.File.empty())
      Index->update(std::move(R.Summary));
    return std::move(R.Findings);
  };
}

bool isSource(llvm::StringRef Path) {
  llvm::StringRef Ext = llvm::sys::path::extension(Path);
  for (const char *E : {".c", ".cc", ".cpp", ".cxx", ".c++", ".C", ".h", ".hh",
                        ".hpp", ".hxx", ".h++", ".ipp", ".inl"})
    if (Ext == E)
      return true;
  return false;
}

} // namespace

Workspace::Workspace(Executor &Loop, WorkerPool &Pool, WorkerPool &IndexPool,
                     AnalyzerFactory Analyzers, WorkspaceSettings Defaults,
                     DebouncePolicy Debounce, Callbacks Events)
    : Loop(Loop), IndexPool(IndexPool), Settings(std::move(Defaults)),
      Events(std::move(Events)),
      Sched(
          Loop, Pool,
          [Analyzers =
               std::move(Analyzers)]() -> std::unique_ptr<DocumentAnalyzer> {
            return std::make_unique<NoteSourceReader>(Analyzers());
          },
          [this](const std::string &File,
                 std::shared_ptr<const AnalysisResult> R) {
            if (this->Events.OnAnalysis)
              this->Events.OnAnalysis(File, std::move(R));
          },
          Debounce) {
  reloadProject();
}

Workspace::~Workspace() = default;

//===----------------------------------------------------------------------===//
// Configuration and the project
//===----------------------------------------------------------------------===//

void Workspace::configure(const CorolintSettings &Update) {
  Settings.apply(Update);
  reloadProject();
}

void Workspace::reloadProject() {
  auto P = std::make_shared<ProjectSettings>();
  auto DB = std::make_shared<LazyDatabase>(Settings.CompilationDatabasePath);
  P->Command = [DB,
                Fallback = Settings.FallbackFlags](const std::string &File) {
    CommandLine C;
    if (Compilations *Found = DB->get()) {
      auto Cmd = Found->commandFor(File);
      if (Cmd) {
        C.Args = std::move(Cmd->CommandLine);
        C.Directory = std::move(Cmd->Directory);
        return C;
      }
      log(LogLevel::Verbose,
          llvm::toString(Cmd.takeError()) + "; using the fallback flags");
    }
    std::vector<std::string> Args{"clang++"};
    Args.insert(Args.end(), Fallback.begin(), Fallback.end());
    Args.push_back(File);
    C.Args = Compilations::adjustForAnalysis(std::move(Args), File);
    C.Directory = llvm::sys::path::parent_path(File).str();
    return C;
  };
  P->Checks = [Extra = Settings.Checks,
               Index = Index](const std::string &File,
                              std::vector<corolint::Diagnostic> &Problems) {
    return checksFor(File, Extra, Index, Problems);
  };
  Project = std::move(P);
  reanalyzeAll();
  restartIndexing();
}

void Workspace::startIndexing() {
  ReadyToIndex = true;
  restartIndexing();
}

void Workspace::restartIndexing() {
  ++IndexGeneration;
  if (!ReadyToIndex || !Settings.BackgroundIndex || ShuttingDown)
    return;
  Loop.start(indexProject(IndexGeneration));
}

bool Workspace::pushDiagnostics(bool ClientPulls) const {
  if (Settings.Mode == WorkspaceSettings::Diagnostics::Push)
    return true;
  if (Settings.Mode == WorkspaceSettings::Diagnostics::Pull)
    return false;
  return !ClientPulls;
}

//===----------------------------------------------------------------------===//
// Drafts
//===----------------------------------------------------------------------===//

void Workspace::schedule(const std::string &File) {
  auto It = Drafts.find(File);
  if (It == Drafts.end())
    return;
  ParseInputs Inputs;
  Inputs.File = File;
  Inputs.Version = It->second.Version;
  Inputs.Contents = It->second.Text;
  for (const auto &Entry : Drafts)
    Inputs.Drafts.emplace_back(Entry.getKey().str(), Entry.getValue().Text);
  Inputs.Project = Project;
  Sched.update(std::move(Inputs));
}

void Workspace::reanalyzeAll() {
  for (const auto &Entry : Drafts)
    schedule(Entry.getKey().str());
  if (ReadyToIndex && !Drafts.empty() && Events.OnRefresh)
    Events.OnRefresh();
}

void Workspace::open(const std::string &File, int Version, std::string Text) {
  Drafts[File] =
      Draft{Version, std::make_shared<const std::string>(std::move(Text))};
  // An open file's findings come from its draft from now on.
  Indexed.erase(File);
  schedule(File);
}

llvm::Error Workspace::change(const std::string &File, int Version,
                              llvm::ArrayRef<DraftChange> Changes) {
  auto It = Drafts.find(File);
  if (It == Drafts.end())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "'%s' is not open", File.c_str());
  std::string Text = *It->second.Text;
  for (const DraftChange &C : Changes) {
    if (!C.Range) {
      Text = C.Text;
      continue;
    }
    // The client's view and ours disagree: keep the last good text rather
    // than analyse garbage.
    if (llvm::Error E =
            applyEdit(Text, C.Range->first, C.Range->second, C.Text, Encoding))
      return E;
  }
  It->second.Version = Version;
  It->second.Text = std::make_shared<const std::string>(std::move(Text));
  schedule(File);
  // Open documents that include this one see the new draft.
  for (const std::string &Other : dependents(File))
    schedule(Other);
  return llvm::Error::success();
}

void Workspace::close(const std::string &File) {
  Drafts.erase(File);
  FoundInHeaders.erase(File);
  Sched.remove(File);
  // Documents that include it now read it from disk.
  for (const std::string &Other : dependents(File))
    schedule(Other);
}

const Draft *Workspace::draft(const std::string &File) const {
  auto It = Drafts.find(File);
  return It == Drafts.end() ? nullptr : &It->second;
}

std::vector<std::string>
Workspace::dependents(const std::string &Header) const {
  std::vector<std::string> Found;
  for (const auto &Entry : Drafts) {
    std::string Other = Entry.getKey().str();
    if (Other == Header)
      continue;
    if (auto Latest = Sched.latest(Other))
      if (llvm::is_contained(Latest->Includes, Header))
        Found.push_back(Other);
  }
  return Found;
}

std::vector<corolint::Diagnostic>
Workspace::shownFindings(const AnalysisResult &R,
                         const std::string &File) const {
  std::vector<corolint::Diagnostic> Shown;
  for (const corolint::Diagnostic &D : R.Findings)
    if (D.Range.File.empty() || D.Range.File == File)
      Shown.push_back(D);
  for (const std::string &Other : dependents(File))
    if (auto Latest = Sched.latest(Other))
      for (const corolint::Diagnostic &D : Latest->Findings)
        if (D.Range.File == File) {
          Shown.push_back(D);
          Shown.back().Fixes.clear();
        }
  sortAndUnique(Shown);
  return Shown;
}

std::string Workspace::resultId(const AnalysisResult &R,
                                const std::string &File) const {
  std::string Id = std::to_string(R.Id);
  for (const std::string &Other : dependents(File))
    if (auto Latest = Sched.latest(Other))
      Id += "+" + std::to_string(Latest->Id);
  return Id;
}

std::vector<std::pair<std::string, std::shared_ptr<const AnalysisResult>>>
Workspace::headersShowing(const std::string &File, const AnalysisResult &R) {
  std::set<std::string> Now;
  for (const corolint::Diagnostic &D : R.Findings)
    if (!D.Range.File.empty() && D.Range.File != File)
      Now.insert(D.Range.File);
  std::set<std::string> &Before = FoundInHeaders[File];
  std::vector<std::pair<std::string, std::shared_ptr<const AnalysisResult>>>
      Headers;
  for (const std::string &Header : R.Includes) {
    const Draft *Open = draft(Header);
    if (!Open || (!Now.count(Header) && !Before.count(Header)))
      continue;
    auto Own = Sched.latest(Header);
    if (Own && Own->Version == Open->Version)
      Headers.emplace_back(Header, std::move(Own));
  }
  Before = std::move(Now);
  return Headers;
}

void Workspace::filesChanged(llvm::ArrayRef<FileChange> Changes) {
  std::vector<FileChange> Sources;
  for (const FileChange &C : Changes) {
    llvm::StringRef Name = llvm::sys::path::filename(C.Path);
    if (Name == "compile_commands.json" || Name == "compile_flags.txt" ||
        Name == ConfigFileName) {
      log(LogLevel::Info, "reloading: " + C.Path + " changed");
      reloadProject();
      return;
    }
    if (isSource(C.Path) && !Drafts.count(C.Path))
      Sources.push_back(C);
  }
  if (Sources.empty())
    return;
  // Open documents that include a changed header read it from disk again.
  for (const FileChange &C : Sources)
    for (const std::string &Other : dependents(C.Path))
      schedule(Other);
  if (!ShuttingDown)
    Loop.start(reindexFiles(std::move(Sources)));
}

//===----------------------------------------------------------------------===//
// The background index
//===----------------------------------------------------------------------===//

std::string Workspace::projectDatabaseDir() const {
  if (Settings.CompilationDatabasePath)
    return *Settings.CompilationDatabasePath;
  return RootPath;
}

namespace {
/// The directory holding compile_commands.json: Dir, or Dir/build, when it
/// is the project's root rather than a configured path. Reads the disk.
std::string findDatabase(const std::string &Dir, bool Configured) {
  if (Configured || Dir.empty())
    return Dir;
  for (const char *Sub : {"", "/build"})
    if (llvm::sys::fs::exists(Dir + Sub + "/compile_commands.json"))
      return Dir + Sub;
  return "";
}

RunnerOptions indexOptions(const std::string &Checks,
                           const std::string &DatabaseDir) {
  RunnerOptions Options;
  Options.ExtraChecks = Checks;
  Options.Blocking = &builtinCatalogue();
  // Shared with `corolint check -p DIR`: files it analysed are not parsed.
  Options.CacheDir = DatabaseDir + "/.corolint-cache";
  return Options;
}

/// What the index keeps of one file: its findings, with the text they
/// refer to (read on the worker).
std::shared_ptr<IndexedFindings> keepFindings(FileResult &R) {
  auto Kept = std::make_shared<IndexedFindings>();
  Kept->File = R.File;
  Kept->Findings = std::move(R.Findings);
  if (!Kept->Findings.empty())
    if (auto Buffer = llvm::MemoryBuffer::getFile(R.File))
      Kept->Text =
          std::make_shared<const std::string>((*Buffer)->getBuffer().str());
  return Kept;
}
} // namespace

Task<void> Workspace::indexProject(unsigned Generation) {
  bool Configured = Settings.CompilationDatabasePath.has_value();
  std::string Dir = projectDatabaseDir();
  if (Dir.empty())
    co_return;
  struct Opened {
    std::string Dir;
    std::shared_ptr<Compilations> DB;
  };
  // Finding and opening the database reads the disk: not on the loop.
  Opened Found = co_await IndexPool.run([Dir, Configured]() -> Opened {
    std::string DatabaseDir = findDatabase(Dir, Configured);
    if (DatabaseDir.empty())
      return {};
    auto Created = Compilations::create(DatabaseDir, std::nullopt);
    if (!Created) {
      log(LogLevel::Error,
          "background index: " + llvm::toString(Created.takeError()));
      return {};
    }
    return {DatabaseDir, std::shared_ptr<Compilations>(std::move(*Created))};
  });
  if (!Found.DB || Generation != IndexGeneration)
    co_return;
  std::shared_ptr<Compilations> DB = Found.DB;
  std::vector<std::string> Files = DB->allFiles();
  std::erase_if(Files, [&](const std::string &F) { return Drafts.count(F); });
  if (Files.empty())
    co_return;

  RunnerOptions Options = indexOptions(Settings.Checks, Found.Dir);
  CheckFactory Factory = [](const Config &C) { return createChecks(C); };
  if (Events.OnIndexProgress)
    co_await Events.OnIndexProgress(
        {IndexProgress::Begin, 0, static_cast<unsigned>(Files.size())});
  log(LogLevel::Info, llvm::formatv("background index: {0} files of {1}",
                                    Files.size(), Found.Dir)
                          .str());
  unsigned Done = 0, Added = 0;
  for (const std::string &File : Files) {
    if (Generation != IndexGeneration || ShuttingDown)
      break;
    auto [R, Kept] = co_await IndexPool.run([DB, Factory, Options, File] {
      FileResult R = analyzeFile(*DB, Factory, Options, File);
      std::shared_ptr<IndexedFindings> Kept = keepFindings(R);
      return std::make_pair(std::move(R), std::move(Kept));
    });
    ++Done;
    if (!R.failed() && !Drafts.count(File)) {
      if (!R.Summary.File.empty()) {
        Index->update(std::move(R.Summary));
        ++Added;
      }
      Kept->Id = ++NextIndexedId;
      Indexed[File] = std::move(Kept);
    }
    if (Events.OnIndexProgress)
      co_await Events.OnIndexProgress(
          {IndexProgress::Report, Done, static_cast<unsigned>(Files.size())});
  }
  if (Events.OnIndexProgress)
    co_await Events.OnIndexProgress(
        {IndexProgress::End, Added, static_cast<unsigned>(Files.size())});
  log(LogLevel::Info,
      llvm::formatv("background index: {0} of {1} files summarised", Added,
                    Files.size())
          .str());
  // The open documents may call into what was just summarised.
  if (Added && Generation == IndexGeneration)
    reanalyzeAll();
}

Task<void> Workspace::reindexFiles(std::vector<FileChange> Changes) {
  std::string Dir = projectDatabaseDir();
  bool Configured = Settings.CompilationDatabasePath.has_value();
  std::string Checks = Settings.Checks;
  struct Outcome {
    std::string File;
    bool Deleted = false;
    std::optional<FileResult> Result;
    std::shared_ptr<IndexedFindings> Kept;
  };
  // Summarise each changed file again (a deleted one leaves the index).
  std::vector<Outcome> Done =
      co_await IndexPool.run([Dir, Configured, Checks, Changes] {
        std::vector<Outcome> Out;
        std::string DatabaseDir = findDatabase(Dir, Configured);
        std::unique_ptr<Compilations> DB;
        if (!DatabaseDir.empty()) {
          if (auto Created = Compilations::create(DatabaseDir, std::nullopt))
            DB = std::move(*Created);
          else
            llvm::consumeError(Created.takeError());
        }
        RunnerOptions Options = indexOptions(Checks, DatabaseDir);
        CheckFactory Factory = [](const Config &C) { return createChecks(C); };
        for (const FileChange &C : Changes) {
          Outcome O;
          O.File = C.Path;
          if (C.Type == FileChange::Deleted || !llvm::sys::fs::exists(C.Path)) {
            O.Deleted = true;
          } else if (DB && llvm::is_contained(DB->allFiles(), C.Path)) {
            FileResult R = analyzeFile(*DB, Factory, Options, C.Path);
            O.Kept = keepFindings(R);
            O.Result = std::move(R);
          }
          Out.push_back(std::move(O));
        }
        return Out;
      });
  bool Changed = false;
  for (Outcome &O : Done) {
    if (Drafts.count(O.File))
      continue; // Opened meanwhile: its draft speaks now.
    if (O.Deleted) {
      Index->remove(O.File);
      Indexed.erase(O.File);
      Changed = true;
      continue;
    }
    if (!O.Result || O.Result->failed())
      continue;
    log(LogLevel::Info, "index: " + O.File + " changed on disk");
    if (!O.Result->Summary.File.empty())
      Index->update(std::move(O.Result->Summary));
    O.Kept->Id = ++NextIndexedId;
    Indexed[O.File] = std::move(O.Kept);
    Changed = true;
  }
  // The open documents may call into what changed.
  if (Changed)
    reanalyzeAll();
}

std::vector<std::shared_ptr<const IndexedFindings>>
Workspace::indexedFindings() const {
  std::vector<std::shared_ptr<const IndexedFindings>> Out;
  for (const auto &Entry : Indexed)
    Out.push_back(Entry.getValue());
  llvm::sort(Out,
             [](const auto &A, const auto &B) { return A->File < B->File; });
  return Out;
}

//===----------------------------------------------------------------------===//
// Results and answers
//===----------------------------------------------------------------------===//

std::shared_ptr<const AnalysisResult>
Workspace::current(const std::string &File) const {
  const Draft *D = draft(File);
  std::shared_ptr<const AnalysisResult> Latest = Sched.latest(File);
  if (!D || !Latest || Latest->Version != D->Version ||
      Latest->Contents != D->Text)
    return nullptr;
  return Latest;
}

Task<Scheduler::WaitOutcome>
Workspace::waitForCurrent(std::string File, CancellationToken Token) {
  return Sched.waitForCurrent(std::move(File), std::move(Token));
}

std::optional<FixIt> Workspace::suppression(const std::string &File,
                                            unsigned Line,
                                            llvm::StringRef Check) const {
  const Draft *D = draft(File);
  if (!D || Line == 0 || Check == NolintCheckName)
    return std::nullopt;
  llvm::StringRef Text = *D->Text;
  size_t Start = 0;
  for (unsigned L = 1; L < Line; ++L) {
    Start = Text.find('\n', Start);
    if (Start == llvm::StringRef::npos)
      return std::nullopt;
    ++Start;
  }
  llvm::StringRef LineText = Text.substr(Start).take_until(
      [](char C) { return C == '\n' || C == '\r'; });
  SuppressionEdit Edit = suppressionEdit(LineText, Check);
  FixIt F;
  unsigned Offset = Start + Edit.Offset;
  F.Range.File = File;
  F.Range.Begin =
      F.Range.End = {Line, static_cast<unsigned>(Edit.Offset + 1), Offset};
  F.Replacement = std::move(Edit.Text);
  return F;
}

std::vector<QuickFix> Workspace::quickFixes(const std::string &File,
                                            unsigned FirstLine,
                                            unsigned LastLine) const {
  std::vector<QuickFix> Out;
  std::shared_ptr<const AnalysisResult> R = current(File);
  if (!R)
    return Out;
  for (const corolint::Diagnostic &D : shownFindings(*R, File)) {
    unsigned End = D.Range.End.Line ? D.Range.End.Line : D.Range.Begin.Line;
    if (End < FirstLine || D.Range.Begin.Line > LastLine)
      continue;
    Out.push_back({D, suppression(File, D.Range.Begin.Line, D.Check)});
  }
  return Out;
}

std::vector<FixIt> Workspace::fixAll(const std::string &File) const {
  std::shared_ptr<const AnalysisResult> R = current(File);
  if (!R)
    return {};
  // The fixes `corolint check --fix` would apply (one rule: planFixes),
  // chosen against the analysed text; a finding with a fix in another file
  // is left out whole.
  FixPlan Plan = planFixes(
      R->Findings, [&](llvm::StringRef Path) -> llvm::Expected<std::string> {
        if (Path == File)
          return *R->Contents;
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "'%s' is not the document fixed",
                                       Path.str().c_str());
      });
  std::vector<FixIt> Edits;
  for (FileEdits &F : Plan.Files)
    llvm::append_range(Edits, F.Edits);
  return Edits;
}

std::optional<HoverInfo> Workspace::hover(const std::string &File,
                                          unsigned Line,
                                          unsigned Column) const {
  std::shared_ptr<const AnalysisResult> R = current(File);
  if (!R)
    return std::nullopt;
  FilePosition At{Line, Column, 0};
  auto Before = [](const FilePosition &A, const FilePosition &B) {
    return A.Line != B.Line ? A.Line < B.Line : A.Column < B.Column;
  };
  for (const corolint::Diagnostic &D : shownFindings(*R, File)) {
    if (D.Check.empty())
      continue;
    FilePosition End = D.Range.End.Line ? D.Range.End : D.Range.Begin;
    if (Before(At, D.Range.Begin) || Before(End, At))
      continue;
    return HoverInfo{D, checkDocumentation(D.Check).str()};
  }
  return std::nullopt;
}

} // namespace corolint::lsp
