//===- DanglingReferenceCheck.h - A coroutine outliving its referents -----===//
#ifndef COROLINT_CHECKS_DANGLINGREFERENCECHECK_H
#define COROLINT_CHECKS_DANGLINGREFERENCECHECK_H

#include "analyzer/Check.h"
#include "analyzer/Config.h"
#include <string>
#include <vector>

namespace clang {
class FunctionDecl;
} // namespace clang

namespace corolint {

/// Reports a coroutine that will read a temporary after the temporary is
/// gone: a temporary bound to a reference or view parameter of a lazy
/// coroutine (or of an eager one that reads it after suspending), a
/// temporary object whose lazy member coroutine is called, or the captures
/// of a temporary coroutine lambda -- when the task outlives the
/// full-expression. See docs/checks/dangling-reference.md.
class DanglingReferenceCheck : public Check {
public:
  static constexpr llvm::StringLiteral Name = "dangling-reference";
  /// Reads the check's options (closure-owners) from its section.
  static llvm::Expected<std::unique_ptr<Check>> create(const Config &Settings);

  llvm::StringRef name() const override { return Name; }
  void run(const AnalysisContext &Ctx, DiagnosticSink &Out) override;
  /// A finding at a call to a function defined in another file stands only
  /// if the project's index knows that function is a coroutine.
  std::optional<Diagnostic>
  resolveDeferred(const DeferredFinding &D,
                  const SummaryIndex &Index) const override;

  /// Functions and classes that keep a closure alive while the coroutine
  /// it makes runs (the defaults, and the section's closure-owners).
  bool isClosureOwner(const clang::FunctionDecl *F) const;

private:
  DanglingReferenceCheck() = default;
  std::vector<std::string> ClosureOwners;
};

} // namespace corolint

#endif
