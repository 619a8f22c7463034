//===- UnawaitedTaskCheck.h - A lazy task or awaitable dropped unawaited --===//
#ifndef COROLINT_CHECKS_UNAWAITEDTASKCHECK_H
#define COROLINT_CHECKS_UNAWAITEDTASKCHECK_H

#include "analyzer/Check.h"
#include "analyzer/Config.h"
#include "analyzer/CoroutineModel.h"

namespace clang {
class DeclRefExpr;
class FunctionDecl;
class VarDecl;
} // namespace clang

namespace corolint {

class FrameFlow;

/// Reports a lazy task or an awaitable that is dropped: discarded as a
/// statement, assigned to std::ignore, tested as a bool, returned by a
/// coroutine lambda to a caller that expects void, or stored in a local that
/// some path leaves unawaited. See docs/checks/unawaited-task.md.
class UnawaitedTaskCheck : public Check {
public:
  static constexpr llvm::StringLiteral Name = "unawaited-task";
  /// Reads the check's option (consumers) from its section.
  static llvm::Expected<std::unique_ptr<Check>> create(const Config &Settings);
  /// The section's lazy-types, eager-types and detached-types: which types
  /// are tasks, for the model every check reads, whether this check is on
  /// or not.
  static llvm::Error configureEngine(const Config &Settings,
                                     EngineOptions &Engine);

  llvm::StringRef name() const override { return Name; }
  void run(const AnalysisContext &Ctx, DiagnosticSink &Out) override;

  /// What a use of a local task does to it.
  enum class Use {
    Consumes, ///< Awaited, moved, returned, handed off, or escapes.
    Neutral,  ///< Read without taking it over (a const member, a const&).
    Assigns,  ///< A new task replaces the one it held.
    Tests,    ///< Converted to bool: a finding of its own, else neutral.
  };

private:
  UnawaitedTaskCheck() = default;

  /// Whether F is one of the section's consumers.
  bool isConsumer(const clang::FunctionDecl *F) const;

  void checkDiscarded(const AnalysisContext &Ctx, const FunctionInfo &F,
                      DiagnosticSink &Out);
  void checkLocals(const AnalysisContext &Ctx, const FunctionInfo &F,
                   DiagnosticSink &Out);
  Use classify(const CoroutineModel &Model, const FrameFlow &Flow,
               const clang::DeclRefExpr *Ref) const;

  /// Functions that take ownership of a task handed to them.
  std::vector<std::string> Consumers;
};

} // namespace corolint

#endif
