//===- Runner.cpp - Analyse many files in parallel ------------------------===//
#include "analyzer/Runner.h"
#include "analyzer/Analysis.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/FileManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <deque>
#include <future>

using namespace clang;

namespace corolint {

namespace {

class AnalysisConsumer : public ASTConsumer {
public:
  AnalysisConsumer(const CheckList &Checks, const Config &Settings,
                   std::vector<Diagnostic> &Out)
      : Checks(Checks), Settings(Settings), Out(Out) {}

  void HandleTranslationUnit(ASTContext &AST) override {
    // A translation unit with errors has a partial AST: findings in it would
    // be guesses, and the file is reported as not compiling instead.
    if (AST.getDiagnostics().hasErrorOccurred())
      return;
    Out = analyzeTranslationUnit(AST, Checks, Settings);
  }

private:
  const CheckList &Checks;
  const Config &Settings;
  std::vector<Diagnostic> &Out;
};

class AnalysisAction : public ASTFrontendAction {
public:
  AnalysisAction(const CheckList &Checks, const Config &Settings,
                 std::vector<Diagnostic> &Out)
      : Checks(Checks), Settings(Settings), Out(Out) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 llvm::StringRef) override {
    return std::make_unique<AnalysisConsumer>(Checks, Settings, Out);
  }

private:
  const CheckList &Checks;
  const Config &Settings;
  std::vector<Diagnostic> &Out;
};

} // namespace

FileResult analyzeFile(Compilations &DB, const CheckFactory &Factory,
                       const RunnerOptions &Options, const std::string &File) {
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
    Settings.Checks += (Settings.Checks.empty() ? "" : ",") + Options.ExtraChecks;
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

  // Each file gets its own file system view with its own working directory,
  // so that parallel runs never touch the process's current directory.
  IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS = llvm::vfs::createPhysicalFileSystem();
  FS->setCurrentWorkingDirectory(Cmd->Directory);
  // The compiler instance shares ownership of the file manager.
  IntrusiveRefCntPtr<FileManager> Files = new FileManager(FileSystemOptions(), FS);

  llvm::raw_string_ostream ErrOS(R.CompilerErrors);
  IntrusiveRefCntPtr<DiagnosticOptions> DiagOpts = new DiagnosticOptions();
  DiagOpts->ShowColors = Options.Color;
  TextDiagnosticPrinter Printer(ErrOS, DiagOpts.get());

  std::vector<Diagnostic> Found;
  tooling::ToolInvocation Invocation(
      Cmd->CommandLine, std::make_unique<AnalysisAction>(*Checks, Settings, Found),
      Files.get(), std::make_shared<PCHContainerOperations>());
  Invocation.setDiagnosticConsumer(&Printer);
  bool Ok = Invocation.run();
  ErrOS.flush();
  if (!Ok || Printer.getNumErrors() > 0) {
    unsigned N = Printer.getNumErrors();
    R.Error = N ? "does not compile (" + std::to_string(N) +
                      (N == 1 ? " error)" : " errors)")
                : "the compiler could not process it";
    return R;
  }
  R.Findings = std::move(Found);
  return R;
}

void analyzeFiles(Compilations &DB, const CheckFactory &Factory,
                  const RunnerOptions &Options,
                  const std::vector<std::string> &Files,
                  llvm::function_ref<void(FileResult &&)> OnResult) {
  unsigned Jobs = Options.Jobs ? Options.Jobs
                               : llvm::hardware_concurrency().compute_thread_count();
  Jobs = std::max(1u, std::min<unsigned>(Jobs, Files.size()));
  if (Jobs == 1) {
    for (const std::string &F : Files)
      OnResult(analyzeFile(DB, Factory, Options, F));
    return;
  }
  llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Jobs));
  std::deque<std::shared_future<FileResult>> Pending;
  for (const std::string &F : Files)
    Pending.push_back(Pool.async([&DB, &Factory, &Options, F] {
      return analyzeFile(DB, Factory, Options, F);
    }));
  for (auto &Future : Pending)
    OnResult(FileResult(Future.get()));
}

} // namespace corolint
