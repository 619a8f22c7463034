//===- LockAcrossSuspendCheck.h - A lock held across co_await/co_yield ----===//
#ifndef COROLINT_CHECKS_LOCKACROSSSUSPENDCHECK_H
#define COROLINT_CHECKS_LOCKACROSSSUSPENDCHECK_H

#include "analyzer/Check.h"
#include "analyzer/Config.h"
#include "clang/AST/Type.h"

namespace clang {
class VarDecl;
} // namespace clang

namespace corolint {

class FrameFlow;

/// Reports a thread-affine lock (a guard, or a mutex locked by hand) that is
/// held on some path through a co_await or co_yield, and a reference or
/// pointer into thread_local storage used after one.
/// See docs/checks/lock-across-suspend.md.
class LockAcrossSuspendCheck : public Check {
public:
  static constexpr llvm::StringLiteral Name = "lock-across-suspend";
  /// Reads the check's options (extra-types, allowed-types) from its section.
  static llvm::Expected<std::unique_ptr<Check>> create(const Config &Settings);

  llvm::StringRef name() const override { return Name; }
  void run(const AnalysisContext &Ctx, DiagnosticSink &Out) override;

private:
  LockAcrossSuspendCheck() = default;
  /// Reports V, a reference or pointer into thread_local TLS, if it is used
  /// after a suspension point.
  void checkThreadLocalReference(const FrameFlow &Flow, const clang::VarDecl *V,
                                 const clang::VarDecl *TLS,
                                 const AnalysisContext &Ctx,
                                 DiagnosticSink &Out) const;

  /// The standard guards, by qualified name: locks over a thread-affine
  /// mutex.
  std::vector<std::string> DefaultTypes;
  /// extra-types: locks whatever they hold.
  std::vector<std::string> ExtraTypes;
  /// allowed-types: async guards and awaitables that keep the coroutine on
  /// its thread.
  std::vector<std::string> AllowedTypes;
};

} // namespace corolint

#endif
