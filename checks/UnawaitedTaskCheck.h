//===- UnawaitedTaskCheck.h - A lazy task or awaitable dropped unawaited --===//
#ifndef COROLINT_CHECKS_UNAWAITEDTASKCHECK_H
#define COROLINT_CHECKS_UNAWAITEDTASKCHECK_H

#include "analyzer/Check.h"
#include "analyzer/Config.h"

namespace corolint {

/// Reports a lazy task or an awaitable whose value is discarded: it never
/// runs, or its work and errors are lost. See docs/checks/unawaited-task.md.
class UnawaitedTaskCheck : public Check {
public:
  static llvm::Expected<std::unique_ptr<Check>> create(const Config &Settings);

  llvm::StringRef name() const override { return "unawaited-task"; }
  void run(const AnalysisContext &Ctx, DiagnosticSink &Out) override;

private:
  explicit UnawaitedTaskCheck(const Config &Settings) : Settings(Settings) {}
  Config Settings;
};

} // namespace corolint

#endif
