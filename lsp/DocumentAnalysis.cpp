//===- DocumentAnalysis.cpp - Parse a draft with a reusable preamble ------===//
#include "lsp/DocumentAnalysis.h"
#include "analyzer/CrashRecovery.h"
#include "analyzer/InputFile.h"
#include "lsp/Logging.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclGroup.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/PrecompiledPreamble.h"
#include "clang/Frontend/Utils.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Serialization/PCHContainerOperations.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <cstdlib>
#include <mutex>
#include <set>

namespace corolint::lsp {

void initializeClangAnalysis() { enableCrashRecovery(); }

namespace {

/// Keeps Clang's errors that point into the main file (or nowhere).
class ErrorCollector : public clang::DiagnosticConsumer {
public:
  explicit ErrorCollector(std::string File) : File(std::move(File)) {}

  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override {
    clang::DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < clang::DiagnosticsEngine::Error || Errors.size() >= 20)
      return;
    llvm::SmallString<256> Message;
    Info.FormatDiagnostic(Message);
    Diagnostic D;
    D.Level = Severity::Error;
    D.Message = Message.str().str();
    D.Range.File = File;
    D.Range.Begin = {1, 1, 0};
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      const clang::SourceManager &SM = Info.getSourceManager();
      clang::SourceLocation Loc = SM.getFileLoc(Info.getLocation());
      if (!SM.isWrittenInMainFile(Loc)) {
        // An error inside a header: show it at the include in the main file
        // that leads there, as clangd does.
        clang::SourceLocation Include = Loc;
        while (Include.isValid() && !SM.isWrittenInMainFile(Include))
          Include = SM.getIncludeLoc(SM.getFileID(Include));
        if (Include.isInvalid())
          return;
        D.Message = "in included file: " + D.Message;
        Loc = Include;
      }
      D.Range.Begin = {SM.getSpellingLineNumber(Loc),
                       SM.getSpellingColumnNumber(Loc), SM.getFileOffset(Loc)};
    }
    D.Range.End = D.Range.Begin;
    Errors.push_back(std::move(D));
  }

  std::string File;
  std::vector<Diagnostic> Errors;
};

/// Calls Found with each namespace-scope `operator co_await` in D (walking
/// into namespaces and linkage specifications), and the names of the
/// namespaces around it.
void findFreeCoAwait(
    clang::Decl *D, std::vector<std::string> &Path,
    llvm::function_ref<void(clang::Decl *, llvm::ArrayRef<std::string>)>
        Found) {
  if (auto *NS = llvm::dyn_cast<clang::NamespaceDecl>(D)) {
    if (NS->isAnonymousNamespace())
      return; // Cannot be found again by name; rare in headers.
    Path.push_back(NS->getName().str());
    for (clang::Decl *Inner : NS->decls())
      findFreeCoAwait(Inner, Path, Found);
    Path.pop_back();
    return;
  }
  if (auto *Linkage = llvm::dyn_cast<clang::LinkageSpecDecl>(D)) {
    for (clang::Decl *Inner : Linkage->decls())
      findFreeCoAwait(Inner, Path, Found);
    return;
  }
  if (const clang::FunctionDecl *FD = D->getAsFunction())
    if (FD->getOverloadedOperator() == clang::OO_Coawait)
      Found(D, Path);
}

/// Decides which bodies the preamble keeps, and notes where its free
/// `operator co_await`s live.
///
/// Bodies in the project's own headers stay (blocking-call follows calls into
/// them); bodies in system headers go, as clangd drops them, because the
/// catalogue names the blocking library functions and parsing all of Asio's
/// bodies dominates the first build. The coroutine protocol's members stay
/// wherever they are: whether a task is lazy is read from await_ready's body.
class PreambleListener : public clang::PreambleCallbacks {
public:
  explicit PreambleListener(std::string Directory)
      : Directory(std::move(Directory)) {}

  void BeforeExecute(clang::CompilerInstance &CI) override {
    SM = &CI.getSourceManager();
  }

  /// Records the project headers the preamble enters.
  std::unique_ptr<clang::PPCallbacks> createPPCallbacks() override {
    struct Recorder : clang::PPCallbacks {
      PreambleListener &L;
      explicit Recorder(PreambleListener &L) : L(L) {}
      void FileChanged(clang::SourceLocation Loc, FileChangeReason Reason,
                       clang::SrcMgr::CharacteristicKind Kind,
                       clang::FileID) override {
        if (Reason != EnterFile || Kind != clang::SrcMgr::C_User || !L.SM)
          return;
        if (auto File = L.SM->getFileEntryRefForID(L.SM->getFileID(Loc))) {
          llvm::SmallString<256> Path(File->getName());
          llvm::sys::fs::make_absolute(L.Directory, Path);
          llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
          L.Includes.insert(Path.str().str());
        }
      }
    };
    return std::make_unique<Recorder>(*this);
  }

  bool shouldSkipFunctionBody(clang::Decl *D) override {
    const clang::SourceManager &SM = D->getASTContext().getSourceManager();
    if (!SM.isInSystemHeader(D->getLocation()))
      return false;
    if (const clang::FunctionDecl *FD = D->getAsFunction()) {
      if (FD->isConstexpr())
        return false;
      if (FD->getOverloadedOperator() == clang::OO_Coawait)
        return false;
      if (const clang::IdentifierInfo *Name = FD->getIdentifier())
        if (Name->getName().starts_with("await_") ||
            Name->getName() == "initial_suspend" ||
            Name->getName() == "final_suspend" ||
            Name->getName() == "get_return_object")
          return false;
    }
    return true;
  }

  void HandleTopLevelDecl(clang::DeclGroupRef DG) override {
    std::vector<std::string> Path;
    for (clang::Decl *D : DG)
      findFreeCoAwait(D, Path,
                      [&](clang::Decl *, llvm::ArrayRef<std::string> Where) {
                        CoAwaitNamespaces.insert(llvm::join(Where, "::"));
                      });
  }

  /// "ns::inner" for each namespace declaring a free operator co_await
  /// ("" for the global one).
  std::set<std::string> CoAwaitNamespaces;
  std::set<std::string> Includes;

private:
  std::string Directory;
  clang::SourceManager *SM = nullptr;
};

/// Runs the checks once the main file is parsed, over the main file's
/// top-level declarations (the preamble's are not ours to report, and
/// walking them all would cost more than the parse), the project headers'
/// templates this file instantiates, plus the free `operator co_await`s
/// declared anywhere, which tell the model what is awaitable.
class CheckConsumer : public clang::ASTConsumer {
public:
  CheckConsumer(const CheckRunner &Run, std::vector<Diagnostic> &Out,
                const std::set<std::string> &PreambleCoAwaitNamespaces)
      : Run(Run), Out(Out),
        PreambleCoAwaitNamespaces(PreambleCoAwaitNamespaces) {}

  bool HandleTopLevelDecl(clang::DeclGroupRef DG) override {
    for (clang::Decl *D : DG)
      TopLevel.push_back(D);
    return true;
  }

  /// The project headers' templates that this file instantiates: their
  /// findings belong to the header (reported with header-filter).
  void HandleCXXImplicitFunctionInstantiation(clang::FunctionDecl *D) override {
    Instantiated.push_back(D);
  }

  void HandleTranslationUnit(clang::ASTContext &AST) override {
    if (AST.getDiagnostics().hasFatalErrorOccurred() || !Run)
      return;
    const clang::SourceManager &SM = AST.getSourceManager();
    std::vector<clang::Decl *> Scope;
    std::vector<std::string> Path;
    for (clang::Decl *D : TopLevel) {
      if (SM.isWrittenInMainFile(SM.getExpansionLoc(D->getLocation())))
        Scope.push_back(D);
      else // A header parsed without a preamble.
        findFreeCoAwait(D, Path,
                        [&](clang::Decl *Found, llvm::ArrayRef<std::string>) {
                          Scope.push_back(Found);
                        });
    }
    for (clang::FunctionDecl *D : Instantiated) {
      clang::SourceLocation Loc = SM.getExpansionLoc(D->getLocation());
      if (!SM.isWrittenInMainFile(Loc) && !SM.isInSystemHeader(Loc))
        Scope.push_back(D);
    }
    // The preamble's: found again by name, which reads the PCH's lookup
    // tables instead of deserializing whole namespaces.
    clang::DeclarationName CoAwait =
        AST.DeclarationNames.getCXXOperatorName(clang::OO_Coawait);
    for (const std::string &Namespace : PreambleCoAwaitNamespaces) {
      clang::DeclContext *DC = AST.getTranslationUnitDecl();
      llvm::SmallVector<llvm::StringRef> Names;
      if (!Namespace.empty())
        llvm::StringRef(Namespace).split(Names, "::");
      for (llvm::StringRef Name : Names) {
        clang::DeclContext *Next = nullptr;
        for (clang::NamedDecl *ND : DC->lookup(&AST.Idents.get(Name)))
          if (auto *NS = llvm::dyn_cast<clang::NamespaceDecl>(ND))
            Next = NS;
        DC = Next;
        if (!DC)
          break;
      }
      if (DC)
        for (clang::NamedDecl *ND : DC->lookup(CoAwait))
          Scope.push_back(ND);
    }
    AST.setTraversalScope(Scope);
    Out = Run(AST);
  }

private:
  const CheckRunner &Run;
  std::vector<Diagnostic> &Out;
  const std::set<std::string> &PreambleCoAwaitNamespaces;
  std::vector<clang::Decl *> TopLevel;
  std::vector<clang::FunctionDecl *> Instantiated;
};

class CheckAction : public clang::ASTFrontendAction {
public:
  CheckAction(const CheckRunner &Run, std::vector<Diagnostic> &Out,
              const std::set<std::string> &CoAwaitNamespaces)
      : Run(Run), Out(Out), CoAwaitNamespaces(CoAwaitNamespaces) {}

protected:
  std::unique_ptr<clang::ASTConsumer>
  CreateASTConsumer(clang::CompilerInstance &, llvm::StringRef) override {
    return std::make_unique<CheckConsumer>(Run, Out, CoAwaitNamespaces);
  }

private:
  const CheckRunner &Run;
  std::vector<Diagnostic> &Out;
  const std::set<std::string> &CoAwaitNamespaces;
};

class ClangDocumentAnalyzer : public DocumentAnalyzer {
public:
  explicit ClangDocumentAnalyzer(BeforeParseHook BeforeParse)
      : BeforeParse(std::move(BeforeParse)) {}
  AnalysisResult analyze(const ParseInputs &Inputs,
                         const CancellationToken &Cancelled) override;

private:
  /// The overlay: open drafts over the real file system.
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>
  makeFileSystem(const ParseInputs &Inputs, const std::string &Directory);
  std::shared_ptr<clang::CompilerInvocation>
  makeInvocation(const CommandLine &Command,
                 llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> VFS,
                 ErrorCollector &Errors);
  void run(const ParseInputs &Inputs, const CancellationToken &Cancelled,
           AnalysisResult &Result);

  std::shared_ptr<const clang::PrecompiledPreamble> Preamble;
  std::vector<std::string> PreambleCommand;
  std::vector<Diagnostic> PreambleErrors;
  /// Where the preamble declares free operator co_awaits.
  std::set<std::string> PreambleCoAwaitNamespaces;
  /// The project headers the preamble read.
  std::set<std::string> PreambleIncludes;
  std::shared_ptr<clang::PCHContainerOperations> PCHOps =
      std::make_shared<clang::PCHContainerOperations>();
  BeforeParseHook BeforeParse;
};

llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>
ClangDocumentAnalyzer::makeFileSystem(const ParseInputs &Inputs,
                                      const std::string &Directory) {
  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  for (const auto &[Path, Text] : Inputs.Drafts)
    Memory->addFile(Path, /*ModificationTime=*/0,
                    llvm::MemoryBuffer::getMemBufferCopy(*Text, Path));
  // Files on disk are read into memory, never mapped: a header an editor
  // truncates while it is parsed must not raise SIGBUS (as in the CLI).
  auto Overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      createSourceFileSystem(llvm::vfs::createPhysicalFileSystem()));
  Overlay->pushOverlay(Memory);
  if (!Directory.empty())
    (void)Overlay->setCurrentWorkingDirectory(Directory);
  return Overlay;
}

std::shared_ptr<clang::CompilerInvocation>
ClangDocumentAnalyzer::makeInvocation(
    const CommandLine &Command,
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> VFS,
    ErrorCollector &Errors) {
  std::vector<const char *> Argv;
  for (const std::string &Arg : Command.Args)
    Argv.push_back(Arg.c_str());
  clang::CreateInvocationOptions Options;
  Options.Diags = clang::CompilerInstance::createDiagnostics(
      new clang::DiagnosticOptions, &Errors, /*ShouldOwnClient=*/false);
  Options.VFS = VFS;
  Options.RecoverOnError = true;
  Options.ProbePrecompiled = false;
  std::unique_ptr<clang::CompilerInvocation> CI =
      clang::createInvocation(Argv, Options);
  if (!CI)
    return nullptr;
  CI->getFrontendOpts().DisableFree = false;
  CI->getLangOpts().CommentOpts.ParseAllComments = false;
  return CI;
}

void ClangDocumentAnalyzer::run(const ParseInputs &Inputs,
                                const CancellationToken &Cancelled,
                                AnalysisResult &Result) {
  if (BeforeParse)
    BeforeParse(Inputs);
  ErrorCollector Errors(Inputs.File);
  CommandLine Command;
  CheckRunner RunChecks;
  if (Inputs.Project) {
    Command = Inputs.Project->Command(Inputs.File);
    RunChecks = Inputs.Project->Checks(Inputs.File, Result.CompilerErrors);
  }
  auto VFS = makeFileSystem(Inputs, Command.Directory);
  std::shared_ptr<clang::CompilerInvocation> CI =
      makeInvocation(Command, VFS, Errors);
  if (!CI || CI->getFrontendOpts().Inputs.empty()) {
    Diagnostic D;
    D.Level = Severity::Error;
    D.Message = "corolint could not build a compile command for this file";
    D.Range.File = Inputs.File;
    D.Range.Begin = D.Range.End = {1, 1, 0};
    Result.CompilerErrors.push_back(std::move(D));
    return;
  }

  std::unique_ptr<llvm::MemoryBuffer> Main =
      llvm::MemoryBuffer::getMemBufferCopy(*Inputs.Contents, Inputs.File);
  clang::PreambleBounds Bounds =
      clang::ComputePreambleBounds(CI->getLangOpts(), *Main, 0);

  // Reuse the preamble when the includes and the flags are unchanged and no
  // header it read has changed (on disk or in a draft). New configuration
  // alone (which checks run) does not touch it.
  bool Reusable =
      Preamble && PreambleCommand == Command.Args &&
      Preamble->CanReuse(*CI, Main->getMemBufferRef(), Bounds, *VFS);
  if (!Reusable) {
    Preamble.reset();
    if (Cancelled.isCancelled())
      return;
    auto Started = Clock::now();
    ErrorCollector PreambleErrorsSeen(Inputs.File);
    auto PreambleDiags = clang::CompilerInstance::createDiagnostics(
        &CI->getDiagnosticOpts(), &PreambleErrorsSeen,
        /*ShouldOwnClient=*/false);
    PreambleListener Callbacks(Command.Directory);
    // The preamble's own invocation may skip bodies; the main file keeps all.
    clang::CompilerInvocation PreambleCI(*CI);
    PreambleCI.getFrontendOpts().SkipFunctionBodies = true;
    auto Built = clang::PrecompiledPreamble::Build(
        PreambleCI, Main.get(), Bounds, *PreambleDiags, VFS, PCHOps,
        /*StoreInMemory=*/true, /*StoragePath=*/"", Callbacks);
    auto Took = std::chrono::duration_cast<std::chrono::milliseconds>(
        Clock::now() - Started);
    if (Built) {
      Preamble =
          std::make_shared<const clang::PrecompiledPreamble>(std::move(*Built));
      PreambleCommand = Command.Args;
      PreambleErrors = std::move(PreambleErrorsSeen.Errors);
      PreambleCoAwaitNamespaces = std::move(Callbacks.CoAwaitNamespaces);
      PreambleIncludes = std::move(Callbacks.Includes);
      PreambleIncludes.erase(Inputs.File);
      log(LogLevel::Info, llvm::formatv("built preamble for {0} in {1} ms",
                                        Inputs.File, Took.count())
                              .str());
    } else {
      PreambleErrors.clear();
      PreambleCoAwaitNamespaces.clear();
      PreambleIncludes.clear();
      log(LogLevel::Info, llvm::formatv("no preamble for {0}: {1}", Inputs.File,
                                        Built.getError().message())
                              .str());
    }
  } else {
    Result.PreambleReused = true;
  }
  if (Cancelled.isCancelled())
    return;

  // Parse the main file. The preamble's own errors are remembered with it.
  auto MainStarted = Clock::now();
  if (Preamble)
    Preamble->AddImplicitPreamble(*CI, VFS, Main.get());
  else
    CI->getPreprocessorOpts().addRemappedFile(Inputs.File, Main.get());
  CI->getPreprocessorOpts().RetainRemappedFileBuffers = false;

  auto Clang = std::make_unique<clang::CompilerInstance>(PCHOps);
  Clang->setInvocation(CI);
  Clang->createDiagnostics(&Errors, /*ShouldOwnClient=*/false);
  if (auto WithRemapping = clang::createVFSFromCompilerInvocation(
          Clang->getInvocation(), Clang->getDiagnostics(), VFS))
    VFS = WithRemapping;
  Clang->createFileManager(VFS);
  // The compiler instance owns the main buffer from here on.
  Main.release();
  if (!Clang->createTarget())
    return;

  std::set<std::string> NoNamespaces;
  CheckAction Action(RunChecks, Result.Findings,
                     Preamble ? PreambleCoAwaitNamespaces : NoNamespaces);
  if (!Action.BeginSourceFile(*Clang, Clang->getFrontendOpts().Inputs[0]))
    return;
  if (llvm::Error E = Action.Execute())
    log(LogLevel::Error, llvm::toString(std::move(E)));
  Action.EndSourceFile();

  Result.Includes.assign(PreambleIncludes.begin(), PreambleIncludes.end());
  Result.MainFileElapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() -
                                                            MainStarted);
  Result.CompilerErrors.insert(Result.CompilerErrors.end(),
                               PreambleErrors.begin(), PreambleErrors.end());
  Result.CompilerErrors.insert(Result.CompilerErrors.end(),
                               Errors.Errors.begin(), Errors.Errors.end());
}

AnalysisResult
ClangDocumentAnalyzer::analyze(const ParseInputs &Inputs,
                               const CancellationToken &Cancelled) {
  AnalysisResult Result;
  Result.Version = Inputs.Version;
  Result.Contents = Inputs.Contents;
  auto Started = Clock::now();
  // On a thread of its own with a known stack, so that even a stack
  // overflow deep inside Clang is only this document's error.
  if (!runCrashSafely([&] { run(Inputs, Cancelled, Result); })) {
    // Whatever Clang left behind is suspect: start from scratch next time.
    Preamble.reset();
    PreambleErrors.clear();
    PreambleCoAwaitNamespaces.clear();
    PreambleIncludes.clear();
    Result = AnalysisResult();
    Result.Version = Inputs.Version;
    Result.Contents = Inputs.Contents;
    Result.Crashed = true;
    Diagnostic D;
    D.Level = Severity::Error;
    D.Message = "corolint crashed while analysing this file; the findings "
                "shown are incomplete (see the server log)";
    D.Range.File = Inputs.File;
    D.Range.Begin = D.Range.End = {1, 1, 0};
    Result.CompilerErrors.push_back(std::move(D));
    log(LogLevel::Error, "crash while analysing " + Inputs.File);
  }
  Result.Elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      Clock::now() - Started);
  log(LogLevel::Verbose,
      llvm::formatv(
          "analysed {0} version {1} in {2} ms, main file {3} ms "
          "(preamble {4})",
          Inputs.File, Inputs.Version, Result.Elapsed.count(),
          Result.MainFileElapsed.value_or(std::chrono::milliseconds(0)).count(),
          Result.PreambleReused ? "reused" : "built")
          .str());
  return Result;
}

} // namespace

std::unique_ptr<DocumentAnalyzer>
createClangDocumentAnalyzer(BeforeParseHook BeforeParse) {
  return std::make_unique<ClangDocumentAnalyzer>(std::move(BeforeParse));
}

} // namespace corolint::lsp
