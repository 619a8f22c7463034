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

#include "analyzer/Check.h"
#include "analyzer/Diagnostic.h"
#include <vector>

namespace clang {
class ASTContext;
}

namespace corolint {

struct Config;

/// Runs Checks over the translation unit in AST and returns their findings in
/// the main file, sorted, de-duplicated, and with NOLINT suppressions applied.
std::vector<Diagnostic> analyzeTranslationUnit(clang::ASTContext &AST,
                                               const CheckList &Checks,
                                               const Config &Settings);

} // namespace corolint

#endif
