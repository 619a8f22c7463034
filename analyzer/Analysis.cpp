//===- Analysis.cpp - Analyse one parsed translation unit -----------------===//
#include "analyzer/Analysis.h"
#include "analyzer/Config.h"
#include "analyzer/CoroutineModel.h"
#include "analyzer/DiagnosticSink.h"
#include "analyzer/HeaderFilter.h"
#include "analyzer/Suppression.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringMap.h"
#include <optional>

namespace corolint {

Check::~Check() = default;

TranslationUnitResult analyzeTranslationUnit(clang::ASTContext &AST,
                                             const CheckSet &Set,
                                             const Config &Settings,
                                             const AnalysisInputs &Inputs) {
  TranslationUnitResult Result;
  const clang::SourceManager &SM = AST.getSourceManager();
  HeaderFilter Headers(SM, Settings.HeaderFilter);
  const EngineOptions &Engine = Set.Engine;
  CoroutineModel Model(AST, Engine.Tasks, &Headers);
  DiagnosticSink Sink(AST, &Headers);
  AnalysisContext Ctx{AST, Model, Settings};
  Ctx.Index = Inputs.Index;
  Ctx.Deferred = &Result.Deferred;

  // The file's catalogue: the built-in one as its configuration extends it
  // (the additions were checked when the checks were made), built here once
  // for the file; the checks read it through Ctx.Blocking.
  std::optional<Catalogue> Extended;
  std::optional<BlockingAnalysis> Blocking;
  if (Inputs.Blocking) {
    const Catalogue *Effective = Inputs.Blocking;
    if (!Engine.Blocking.empty())
      Effective =
          &Extended.emplace(Inputs.Blocking->extendedWith(Engine.Blocking));
    Blocking.emplace(Model, *Effective,
                     BlockingOptions{Engine.AsyncSiblings, Settings.Strict});
    Ctx.Blocking = &*Blocking;
  }

  for (const std::unique_ptr<Check> &C : Set.Checks)
    C->run(Ctx, Sink);
  Result.Findings = Sink.take();
  if (Blocking)
    Result.Summary = Blocking->fileSummary();
  Result.Summary.File = Sink.mainFile();
  // The coroutines other files may call: what their calls cannot see.
  for (const FunctionInfo &F : Model.functions()) {
    const auto *M = llvm::dyn_cast<clang::CXXMethodDecl>(F.Decl);
    if (!F.Coroutine || !F.Decl->isExternallyVisible() ||
        F.Decl->isTemplateInstantiation() || (M && M->getParent()->isLambda()))
      continue;
    std::string USR = BlockingAnalysis::usrOf(F.Decl->getCanonicalDecl());
    if (!USR.empty())
      Result.Summary.Coroutines.push_back(std::move(USR));
  }
  llvm::sort(Result.Summary.Coroutines);

  Suppressions NoLint(SM.getBufferData(SM.getMainFileID()));
  // A finding in a header is silenced by the header's own NOLINT comments.
  llvm::StringMap<std::optional<Suppressions>> InHeaders;
  auto SuppressionsOf = [&](const std::string &File) -> const Suppressions * {
    if (File == Sink.mainFile())
      return &NoLint;
    auto [It, New] = InHeaders.try_emplace(File);
    if (New)
      if (std::optional<clang::FileID> FID = Headers.fileOf(File))
        It->second.emplace(SM.getBufferData(*FID));
    return It->second ? &*It->second : nullptr;
  };
  std::erase_if(Result.Findings, [&](const Diagnostic &D) {
    const Suppressions *S = SuppressionsOf(D.Range.File);
    return S && S->suppresses(D.Check, D.Range.Begin.Line);
  });
  std::erase_if(Result.Deferred, [&](const DeferredFinding &D) {
    const Suppressions *S = SuppressionsOf(D.Draft.Range.File);
    return S && S->suppresses(D.Check, D.Draft.Range.Begin.Line);
  });
  // A NOLINTBEGIN without its NOLINTEND silences nothing; say so, as
  // clang-tidy does.
  llvm::append_range(Result.Findings, NoLint.problems(Sink.mainFile()));
  sortAndUnique(Result.Findings);
  return Result;
}

} // namespace corolint
