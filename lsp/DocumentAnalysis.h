//===- DocumentAnalysis.h - Parse a draft with a reusable preamble --------===//
//
// The Clang side of the scheduler: builds a clang::PrecompiledPreamble for
// the document's includes once, then parses only the main file on each edit
// below them, from an overlay file system holding the open drafts, and runs
// the checks. A crash inside Clang is contained (llvm::CrashRecoveryContext)
// and reported as an error diagnostic on the document.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_LSP_DOCUMENTANALYSIS_H
#define COROLINT_LSP_DOCUMENTANALYSIS_H

#include "lsp/Scheduler.h"
#include <memory>

namespace corolint::lsp {

/// Must be called once before any analysis (enables crash recovery).
void initializeClangAnalysis();

/// Runs on the worker thread before each parse, inside the crash
/// containment: how a test makes the analysis crash as Clang might (the
/// shipped server passes none).
using BeforeParseHook = std::function<void(const ParseInputs &)>;

/// A DocumentAnalyzer that parses with Clang and keeps the preamble.
std::unique_ptr<DocumentAnalyzer>
createClangDocumentAnalyzer(BeforeParseHook BeforeParse = nullptr);

} // namespace corolint::lsp

#endif
