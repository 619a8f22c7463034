//===- Analysis.cpp - Analyse one parsed translation unit -----------------===//
#include "analyzer/Analysis.h"
#include "analyzer/CoroutineModel.h"
#include "analyzer/DiagnosticSink.h"
#include "analyzer/Suppression.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"

namespace corolint {

Check::~Check() = default;

std::vector<Diagnostic> analyzeTranslationUnit(clang::ASTContext &AST,
                                               const CheckList &Checks,
                                               const Config &Settings) {
  CoroutineModel Model(AST);
  DiagnosticSink Sink(AST);
  AnalysisContext Ctx{AST, Model, Settings};
  for (const std::unique_ptr<Check> &C : Checks)
    C->run(Ctx, Sink);
  std::vector<Diagnostic> Found = Sink.take();

  const clang::SourceManager &SM = AST.getSourceManager();
  Suppressions NoLint(SM.getBufferData(SM.getMainFileID()));
  std::erase_if(Found, [&](const Diagnostic &D) {
    return NoLint.suppresses(D.Check, D.Range.Begin.Line);
  });
  sortAndUnique(Found);
  return Found;
}

} // namespace corolint
