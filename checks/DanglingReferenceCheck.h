//===- DanglingReferenceCheck.h - A coroutine outliving its referents -----===//
#ifndef COROLINT_CHECKS_DANGLINGREFERENCECHECK_H
#define COROLINT_CHECKS_DANGLINGREFERENCECHECK_H

#include "analyzer/Check.h"
#include "analyzer/Config.h"

namespace corolint {

/// Reports a coroutine that will read a temporary after the temporary is
/// gone: a temporary bound to a reference or view parameter of a lazy
/// coroutine (or of an eager one that reads it after suspending), a
/// temporary object whose lazy member coroutine is called, or the captures
/// of a temporary coroutine lambda -- when the task outlives the
/// full-expression. See docs/checks/dangling-reference.md.
class DanglingReferenceCheck : public Check {
public:
  static llvm::Expected<std::unique_ptr<Check>> create(const Config &Settings);

  llvm::StringRef name() const override { return "dangling-reference"; }
  void run(const AnalysisContext &Ctx, DiagnosticSink &Out) override;

private:
  DanglingReferenceCheck() = default;
};

} // namespace corolint

#endif
