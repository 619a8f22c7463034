//===- Check.h - The interface every check implements ---------------------===//
//
// The analyzer knows no check by name: front ends build a list of Check
// objects (see checks/Registry.h) and hand it to the runner. A check reads the
// CoroutineModel and reports through a DiagnosticSink; it never re-derives
// what the model already knows.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_CHECK_H
#define COROLINT_ANALYZER_CHECK_H

#include "analyzer/Diagnostic.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class SourceRange;
class SourceLocation;
} // namespace clang

namespace corolint {

class CoroutineModel;
class DiagnosticSink;
struct Config;

/// What a check sees of one translation unit.
struct AnalysisContext {
  clang::ASTContext &AST;
  const CoroutineModel &Model;
  const Config &Settings;
};

class Check {
public:
  virtual ~Check();
  /// The check's name: the suffix of its diagnostics, e.g. "blocking-call".
  virtual llvm::StringRef name() const = 0;
  /// Reports the check's findings in one translation unit.
  virtual void run(const AnalysisContext &Ctx, DiagnosticSink &Out) = 0;
};

using CheckList = std::vector<std::unique_ptr<Check>>;

} // namespace corolint

#endif
