//===- BlockingCallCheck.h - A call that blocks the thread in a coroutine -===//
#ifndef COROLINT_CHECKS_BLOCKINGCALLCHECK_H
#define COROLINT_CHECKS_BLOCKINGCALLCHECK_H

#include "analyzer/Catalogue.h"
#include "analyzer/Check.h"
#include "analyzer/Config.h"

namespace corolint {

/// Reports calls from a coroutine body to functions the catalogue (plus the
/// configuration's extra entries) lists as blocking. See
/// docs/checks/blocking-call.md.
class BlockingCallCheck : public Check {
public:
  /// Fails when the configuration names a category that does not exist.
  static llvm::Expected<std::unique_ptr<Check>> create(const Config &Settings);

  llvm::StringRef name() const override { return "blocking-call"; }
  void run(const AnalysisContext &Ctx, DiagnosticSink &Out) override;

private:
  BlockingCallCheck() = default;
  Catalogue Blocking;
  CatalogueFilter Filter;
};

} // namespace corolint

#endif
