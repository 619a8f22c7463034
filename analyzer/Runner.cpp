//===- Runner.cpp - Analyse many files in parallel ------------------------===//
#include "analyzer/Runner.h"
#include "analyzer/Analysis.h"
#include "analyzer/CrashRecovery.h"
#include "analyzer/InputFile.h"
#include "analyzer/SummaryCache.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/FileManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <future>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <numeric>
#include <set>
#include <tuple>

using namespace clang;

namespace corolint {

namespace {

/// What one parse yields: the analysis, and the files it read.
struct ParseOutput {
  TranslationUnitResult Result;
  std::vector<std::string> Dependencies;
};

class AnalysisConsumer : public ASTConsumer {
public:
  AnalysisConsumer(const CheckSet &Checks, const Config &Settings,
                   const AnalysisInputs &Inputs, ParseOutput &Out)
      : Checks(Checks), Settings(Settings), Inputs(Inputs), Out(Out) {}

  void HandleTranslationUnit(ASTContext &AST) override {
    // A translation unit with errors has a partial AST: findings in it would
    // be guesses, and the file is reported as not compiling instead.
    if (AST.getDiagnostics().hasErrorOccurred())
      return;
    Out.Result = analyzeTranslationUnit(AST, Checks, Settings, Inputs);
    const SourceManager &SM = AST.getSourceManager();
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      llvm::SmallString<256> Path(It->first.getName());
      // No remove_dots: "lib/gcc/x/12/../../../../include" may cross symlinks.
      SM.getFileManager().makeAbsolutePath(Path);
      Out.Dependencies.push_back(std::string(Path));
    }
  }

private:
  const CheckSet &Checks;
  const Config &Settings;
  const AnalysisInputs &Inputs;
  ParseOutput &Out;
};

class AnalysisAction : public ASTFrontendAction {
public:
  AnalysisAction(const CheckSet &Checks, const Config &Settings,
                 const AnalysisInputs &Inputs, ParseOutput &Out)
      : Checks(Checks), Settings(Settings), Inputs(Inputs), Out(Out) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 llvm::StringRef) override {
    return std::make_unique<AnalysisConsumer>(Checks, Settings, Inputs, Out);
  }

private:
  const CheckSet &Checks;
  const Config &Settings;
  const AnalysisInputs &Inputs;
  ParseOutput &Out;
};

/// Identifies this build of the tool, for cache keys: a rebuilt corolint
/// may analyse differently.
const std::string &toolStamp() {
  static const std::string Stamp = [] {
    static int Anchor;
    std::string Exe = llvm::sys::fs::getMainExecutable("corolint", &Anchor);
    llvm::sys::fs::file_status St;
    if (Exe.empty() || llvm::sys::fs::status(Exe, St))
      return std::string("unknown");
    return Exe + ":" + std::to_string(St.getSize()) + ":" +
           std::to_string(
               St.getLastModificationTime().time_since_epoch().count());
  }();
  return Stamp;
}

std::string readConfigText(const Config &Settings) {
  if (Settings.Source.empty())
    return "";
  auto Text = readRegularFile(Settings.Source, size_limit::Config);
  if (!Text) {
    llvm::consumeError(Text.takeError());
    return "";
  }
  return std::move(*Text);
}

FileResult analyzeOne(Compilations &DB, const CheckFactory &Factory,
                      const RunnerOptions &Options, const std::string &File,
                      SummaryCache *Cache);

/// The cache key of File analysed with Cmd and Settings.
std::string cacheKey(SummaryCache &Cache, const RunnerOptions &Options,
                     const std::string &File,
                     const tooling::CompileCommand &Cmd,
                     const Config &Settings) {
  llvm::SmallString<256> Abs(File);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, true);
  std::vector<std::string> Inputs = {
      llvm::join(Cmd.CommandLine, "\x1f"),
      Cmd.Directory,
      Settings.Source,
      readConfigText(Settings),
      Options.ExtraChecks,
      Settings.HeaderFilter,
      Options.CacheSalt,
      toolStamp(),
      Options.Blocking ? Options.Blocking->fingerprint() : ""};
  return Cache.keyFor(Abs, Inputs);
}

} // namespace

FileResult analyzeFile(Compilations &DB, const CheckFactory &Factory,
                       const RunnerOptions &Options, const std::string &File) {
  std::optional<SummaryCache> Cache;
  if (!Options.CacheDir.empty())
    Cache.emplace(Options.CacheDir, Options.CacheLimit
                                        ? Options.CacheLimit
                                        : SummaryCache::DefaultLimit);
  return analyzeOne(DB, Factory, Options, File, Cache ? &*Cache : nullptr);
}

namespace {
FileResult analyzeOne(Compilations &DB, const CheckFactory &Factory,
                      const RunnerOptions &Options, const std::string &File,
                      SummaryCache *Cache) {
  FileResult R;
  R.File = File;
  if (!llvm::sys::fs::exists(File)) {
    R.Error = "no such file";
    return R;
  }
  if (llvm::sys::fs::is_directory(File)) {
    R.Error = "is a directory, not a source file";
    return R;
  }

  auto Loaded = loadConfigFor(File);
  if (!Loaded) {
    R.Error = "invalid configuration: " + llvm::toString(Loaded.takeError());
    return R;
  }
  Config Settings = Loaded->value_or(Config{});
  if (!Options.ExtraChecks.empty())
    Settings.Checks +=
        (Settings.Checks.empty() ? "" : ",") + Options.ExtraChecks;
  if (Options.HeaderFilter)
    Settings.HeaderFilter = *Options.HeaderFilter;
  auto Checks = Factory(Settings);
  if (!Checks) {
    R.Error = llvm::toString(Checks.takeError());
    return R;
  }

  auto Cmd = DB.commandFor(File);
  if (!Cmd) {
    R.Error = llvm::toString(Cmd.takeError());
    return R;
  }
  R.Settings = Settings;

  std::string Key;
  if (Cache) {
    Key = cacheKey(*Cache, Options, File, *Cmd, Settings);
    if (auto Hit = Cache->lookup(Key, File)) {
      R.Findings = std::move(Hit->Findings);
      R.Dependencies = std::move(Hit->Dependencies);
      R.Summary = std::move(Hit->Summary);
      R.Deferred = std::move(Hit->Deferred);
      R.FromCache = true;
      if (Options.Stats)
        ++Options.Stats->Cached;
      return R;
    }
  }
  if (Options.Stats)
    ++Options.Stats->Parsed;

  // Each file gets its own file system view with its own working directory,
  // so that parallel runs never touch the process's current directory.
  IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS =
      createSourceFileSystem(llvm::vfs::createPhysicalFileSystem());
  FS->setCurrentWorkingDirectory(Cmd->Directory);
  // The compiler instance shares ownership of the file manager.
  IntrusiveRefCntPtr<FileManager> Files =
      new FileManager(FileSystemOptions(), FS);

  llvm::raw_string_ostream ErrOS(R.CompilerErrors);
  IntrusiveRefCntPtr<DiagnosticOptions> DiagOpts = new DiagnosticOptions();
  DiagOpts->ShowColors = Options.Color;
  TextDiagnosticPrinter Printer(ErrOS, DiagOpts.get());

  ParseOutput Found;
  AnalysisInputs Inputs;
  Inputs.Blocking = Options.Blocking;
  tooling::ToolInvocation Invocation(
      Cmd->CommandLine,
      std::make_unique<AnalysisAction>(*Checks, Settings, Inputs, Found),
      Files.get(), std::make_shared<PCHContainerOperations>());
  Invocation.setDiagnosticConsumer(&Printer);
  bool Ok = false;
  // One file that crashes Clang (or a check) is that file's error; the run
  // goes on with the others.
  if (!runCrashSafely([&] { Ok = Invocation.run(); })) {
    R.CompilerErrors.clear();
    R.Error = "the analysis crashed (Clang or corolint could not process "
              "this file, e.g. code nested too deeply)";
    return R;
  }
  ErrOS.flush();
  if (!Ok || Printer.getNumErrors() > 0) {
    unsigned N = Printer.getNumErrors();
    R.Error = N ? "does not compile (" + std::to_string(N) +
                      (N == 1 ? " error)" : " errors)")
                : "the compiler could not process it";
    return R;
  }
  R.Findings = std::move(Found.Result.Findings);
  R.Summary = std::move(Found.Result.Summary);
  R.Deferred = std::move(Found.Result.Deferred);
  R.Dependencies = std::move(Found.Dependencies);
  if (Cache)
    Cache->store(Key, CachedAnalysis{R.Findings, R.Summary, R.Deferred, {}},
                 R.Dependencies);
  return R;
}

/// The cached summary of a file of the compile database that this run does
/// not analyse, if the cache holds a valid one (nothing is parsed).
std::optional<FileSummary> cachedSummary(Compilations &DB,
                                         const RunnerOptions &Options,
                                         const std::string &File,
                                         SummaryCache &Cache) {
  auto Loaded = loadConfigFor(File);
  if (!Loaded) {
    llvm::consumeError(Loaded.takeError());
    return std::nullopt;
  }
  Config Settings = Loaded->value_or(Config{});
  if (!Options.ExtraChecks.empty())
    Settings.Checks +=
        (Settings.Checks.empty() ? "" : ",") + Options.ExtraChecks;
  if (Options.HeaderFilter)
    Settings.HeaderFilter = *Options.HeaderFilter;
  auto Cmd = DB.commandFor(File);
  if (!Cmd) {
    llvm::consumeError(Cmd.takeError());
    return std::nullopt;
  }
  if (auto Hit =
          Cache.lookup(cacheKey(Cache, Options, File, *Cmd, Settings), File))
    return std::move(Hit->Summary);
  return std::nullopt;
}

} // namespace

void resolveDeferred(std::vector<FileResult> &Results,
                     std::vector<FileSummary> &Others,
                     const CheckFactory &Factory) {
  SummaryIndex Index;
  for (FileSummary &S : Others)
    Index.update(std::move(S));
  bool Waiting = false;
  for (const FileResult &R : Results)
    if (!R.failed()) {
      if (!R.Summary.Functions.empty())
        Index.update(R.Summary);
      Waiting |= !R.Deferred.empty();
    }
  if (!Waiting)
    return;
  for (FileResult &R : Results) {
    if (R.failed() || R.Deferred.empty())
      continue;
    auto Checks = Factory(R.Settings);
    if (!Checks) {
      llvm::consumeError(Checks.takeError());
      continue;
    }
    for (const DeferredFinding &D : R.Deferred)
      for (const std::unique_ptr<Check> &C : Checks->Checks)
        if (C->name() == D.Check)
          if (std::optional<Diagnostic> Found = C->resolveDeferred(D, Index))
            R.Findings.push_back(std::move(*Found));
    sortAndUnique(R.Findings);
  }
}

void prepareAllocatorForBatchRun() {
#if defined(__GLIBC__)
  // Each file is parsed on a thread of its own (for its large stack), and
  // glibc gives such a thread an arena of 64 MB heaps that it makes
  // writable a few pages at a time, as each allocation needs them: parsing
  // <asio.hpp> made 5,300 mprotect calls (and trimmed and regrew the heap's
  // top with madvise and munmap), where `clang -fsyntax-only`, parsing on
  // its main thread, grows its heap with 575 brk calls. That was most of
  // the system time corolint spent over the parse. A top pad of one whole
  // heap makes each heap writable at once: pages still become resident
  // only when touched, and what an arena keeps after a file is freed (at
  // most the pad) is reused by the next file it parses: a run holds at most
  // one pad per job more than its files need at once (examples/ at -j 2:
  // 264 MB against 250 MB; a malloc_trim after each file brought that back
  // but cost more system time than the pad saved).
  mallopt(M_TOP_PAD, 64 << 20);
#endif
}

void reportHeaderFindingsOnce(std::vector<FileResult> &Results) {
  // A header's findings come from every file that includes it: the first
  // such file reports them.
  std::set<std::tuple<std::string, unsigned, std::string, std::string>>
      InHeaders;
  for (FileResult &R : Results)
    std::erase_if(R.Findings, [&](const Diagnostic &D) {
      return D.Range.File != R.Summary.File &&
             !InHeaders
                  .emplace(D.Range.File, D.Range.Begin.Offset, D.Check,
                           D.Message)
                  .second;
    });
}

void analyzeFiles(Compilations &DB, const CheckFactory &Factory,
                  const RunnerOptions &Options,
                  const std::vector<std::string> &Files,
                  llvm::function_ref<void(FileResult &&)> OnResult) {
  std::optional<SummaryCache> Cache;
  if (!Options.CacheDir.empty())
    Cache.emplace(Options.CacheDir, Options.CacheLimit
                                        ? Options.CacheLimit
                                        : SummaryCache::DefaultLimit);
  SummaryCache *C = Cache ? &*Cache : nullptr;
  unsigned Jobs = Options.Jobs
                      ? Options.Jobs
                      : llvm::hardware_concurrency().compute_thread_count();
  Jobs = std::max(1u, std::min<unsigned>(Jobs, Files.size()));
  // Every file is analysed before any is reported: a call in one file may
  // reach a blocking body in another.
  std::vector<FileResult> Results;
  Results.reserve(Files.size());
  auto AnalyzeOne = [&DB, &Factory, &Options, C](const std::string &F) {
    if (Options.OnFile)
      Options.OnFile(F, /*Finished=*/false);
    FileResult R = analyzeOne(DB, Factory, Options, F, C);
    if (Options.OnFile)
      Options.OnFile(F, /*Finished=*/true);
    return R;
  };
  if (Jobs == 1) {
    for (const std::string &F : Files)
      Results.push_back(AnalyzeOne(F));
  } else {
    // The largest files start first: one started last would keep one
    // thread busy at the end of the run while the others have nothing to
    // do. (Results still come in the order of Files.)
    std::vector<uint64_t> Sizes(Files.size(), 0);
    for (size_t I = 0; I < Files.size(); ++I)
      if (llvm::sys::fs::file_size(Files[I], Sizes[I]))
        Sizes[I] = 0;
    std::vector<size_t> Order(Files.size());
    std::iota(Order.begin(), Order.end(), 0);
    std::stable_sort(Order.begin(), Order.end(),
                     [&](size_t A, size_t B) { return Sizes[A] > Sizes[B]; });
    llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Jobs));
    std::vector<std::shared_future<FileResult>> Pending(Files.size());
    for (size_t I : Order)
      Pending[I] =
          Pool.async([&AnalyzeOne, &F = Files[I]] { return AnalyzeOne(F); });
    for (auto &Future : Pending)
      Results.push_back(FileResult(Future.get()));
  }
  if (Options.Blocking && !Options.LeaveDeferred) {
    // The other files of the compile database speak through their cached
    // summaries: checking one file still sees helpers defined elsewhere.
    std::vector<FileSummary> Others;
    bool Waiting = llvm::any_of(
        Results, [](const FileResult &R) { return !R.Deferred.empty(); });
    if (C && Waiting) {
      llvm::StringSet<> Analysed;
      for (const std::string &F : Files) {
        llvm::SmallString<256> Abs(F);
        llvm::sys::fs::make_absolute(Abs);
        llvm::sys::path::remove_dots(Abs, true);
        Analysed.insert(Abs);
      }
      for (const std::string &F : DB.allFiles()) {
        llvm::SmallString<256> Abs(F);
        llvm::sys::fs::make_absolute(Abs);
        llvm::sys::path::remove_dots(Abs, true);
        if (Analysed.contains(Abs))
          continue;
        if (auto S = cachedSummary(DB, Options, F, *C)) {
          if (Options.Stats)
            ++Options.Stats->Indexed;
          Others.push_back(std::move(*S));
        }
      }
    }
    resolveDeferred(Results, Others, Factory);
  }
  reportHeaderFindingsOnce(Results);
  for (FileResult &R : Results)
    OnResult(std::move(R));
}

} // namespace corolint
