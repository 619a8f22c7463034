//===- Analysis.h - Analyse one parsed translation unit -------------------===//
//
// The one entry point both front ends share: given a parsed ASTContext, build
// the CoroutineModel and run the checks over it. How the AST was made (a
// ClangTool run in the CLI, a preamble plus an in-memory draft in the language
// server) is the caller's business.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_ANALYSIS_H
#define COROLINT_ANALYZER_ANALYSIS_H

#include "analyzer/BlockingSummary.h"
#include "analyzer/Check.h"
#include "analyzer/Diagnostic.h"
#include "analyzer/SummaryIndex.h"
#include <vector>

namespace clang {
class ASTContext;
}

namespace corolint {

struct Config;

/// What the front end hands in besides the checks.
struct AnalysisInputs {
  /// The built-in blocking catalogue; the file's configuration extends it.
  /// Null: no blocking summaries (checks build their own, within the file).
  const Catalogue *Blocking = nullptr;
  /// The project's summaries, if known now (the language server).
  const SummaryIndex *Index = nullptr;
};

/// Everything one translation unit yields.
struct TranslationUnitResult {
  std::vector<Diagnostic> Findings;
  /// What the main file's functions reach, for the project's index.
  FileSummary Summary;
  /// Findings that wait for the project's index (not suppressed by NOLINT).
  std::vector<DeferredFinding> Deferred;
};

/// Runs Set's checks over the translation unit in AST, on an engine set up
/// with Set's options: their findings in the main file, sorted,
/// de-duplicated, and with NOLINT suppressions applied.
TranslationUnitResult analyzeTranslationUnit(clang::ASTContext &AST,
                                             const CheckSet &Set,
                                             const Config &Settings,
                                             const AnalysisInputs &Inputs);

} // namespace corolint

#endif
