//===- BlockingCallCheck.h - A call that blocks the thread in a coroutine -===//
#ifndef COROLINT_CHECKS_BLOCKINGCALLCHECK_H
#define COROLINT_CHECKS_BLOCKINGCALLCHECK_H

#include "analyzer/BlockingSummary.h"
#include "analyzer/Catalogue.h"
#include "analyzer/Check.h"
#include "analyzer/Config.h"

namespace corolint {

/// Reports calls from a coroutine body that block the thread: catalogued
/// functions (plus the configuration's extra entries and annotated
/// functions), blocking destructors, and helpers that reach either, in this
/// file or -- through the project's summaries -- in another. See
/// docs/checks/blocking-call.md.
class BlockingCallCheck : public Check {
public:
  static constexpr llvm::StringLiteral Name = "blocking-call";
  /// Reads the check's options from its section. Fails when the section
  /// names a category that does not exist, or adds an entry the catalogue
  /// refuses.
  static llvm::Expected<std::unique_ptr<Check>> create(const Config &Settings);
  /// What the section adds to the catalogue every file's summaries are made
  /// with (extra entries, exemptions, offload functions, failure paths,
  /// blocking executors, async siblings), whether this check is on or not.
  static llvm::Error configureEngine(const Config &Settings,
                                     EngineOptions &Engine);

  llvm::StringRef name() const override { return Name; }
  void run(const AnalysisContext &Ctx, DiagnosticSink &Out) override;
  std::optional<Diagnostic>
  resolveDeferred(const DeferredFinding &D,
                  const SummaryIndex &Index) const override;

private:
  BlockingCallCheck() = default;
  /// Reports (or defers) what one site of a coroutine's frame reaches.
  void checkSite(const AnalysisContext &Ctx, DiagnosticSink &Out,
                 const clang::FunctionDecl *Coroutine,
                 const BlockingSite &Site) const;
  bool inForce(const BlockingReach &R, unsigned MaxTier,
               llvm::ArrayRef<std::string> Disabled) const;
  /// The message and chain notes of a finding at the call whose chain is R.
  void describe(Diagnostic &D, llvm::StringRef Coroutine,
                const BlockingReach &R, llvm::StringRef When) const;
  std::optional<BlockingReach>
  throughIndex(llvm::ArrayRef<ExternalCall> Via, const SummaryIndex &Index,
               unsigned MaxTier, llvm::ArrayRef<std::string> Disabled) const;

  CatalogueFilter Filter;
  std::vector<std::string> Disabled;
  BlockingOptions Options;
  /// The section's additions, for a file analysed without the front end's
  /// catalogue.
  CatalogueAdditions Additions;
};

} // namespace corolint

#endif
