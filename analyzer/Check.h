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

#include "analyzer/Catalogue.h"
#include "analyzer/CoroutineModel.h"
#include "analyzer/Diagnostic.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class SourceRange;
class SourceLocation;
} // namespace clang

namespace corolint {

class BlockingAnalysis;
class CoroutineModel;
class DiagnosticSink;
class SummaryIndex;
struct Config;
struct DeferredFinding;

/// What a check sees of one translation unit.
struct AnalysisContext {
  clang::ASTContext &AST;
  const CoroutineModel &Model;
  const Config &Settings;
  /// What blocks, through which calls (null when the front end gave no
  /// catalogue; a check may then build its own).
  BlockingAnalysis *Blocking = nullptr;
  /// The project's summaries, when the front end has them now (the
  /// language server); findings that need them are resolved at once.
  const SummaryIndex *Index = nullptr;
  /// Otherwise, where such findings wait for the project's index (the CLI
  /// resolves them once every file is summarised).
  std::vector<DeferredFinding> *Deferred = nullptr;
};

class Check {
public:
  virtual ~Check();
  /// The check's name: the suffix of its diagnostics, e.g. "blocking-call".
  virtual llvm::StringRef name() const = 0;
  /// Reports the check's findings in one translation unit.
  virtual void run(const AnalysisContext &Ctx, DiagnosticSink &Out) = 0;
  /// Completes a finding this check deferred until the project's index was
  /// known; std::nullopt when, with the index, it is no finding after all.
  virtual std::optional<Diagnostic>
  resolveDeferred(const DeferredFinding &D, const SummaryIndex &Index) const {
    return std::nullopt;
  }
};

using CheckList = std::vector<std::unique_ptr<Check>>;

/// What the checks' options ask of the engine every check shares: which
/// types are tasks whatever their promise says (the CoroutineModel), what the
/// blocking catalogue gains. A check's section may set them whether the
/// check is on or not.
struct EngineOptions {
  TaskOverrides Tasks;
  CatalogueAdditions Blocking;
  /// Summaries record the "async sibling" heuristic (X when async_X exists).
  bool AsyncSiblings = false;
};

/// What a configuration makes: the checks it turns on, and the engine's
/// options its checks' sections set.
struct CheckSet {
  CheckList Checks;
  EngineOptions Engine;
};

} // namespace corolint

#endif
