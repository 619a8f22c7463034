//===- UnawaitedTaskCheck.cpp - A lazy task or awaitable dropped unawaited ===//
//
// The check's options and its run over a translation unit; its findings
// are decided in UnawaitedDiscarded.cpp (values dropped where they are
// made) and UnawaitedLocals.cpp (locals some path leaves unawaited).
//
//===----------------------------------------------------------------------===//
#include "checks/UnawaitedTaskCheck.h"
#include "analyzer/Names.h"
#include "checks/UnawaitedValues.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace corolint {

namespace {
/// The check's section of .corolint.yaml.
struct UnawaitedOptions {
  /// Types to treat as lazy tasks or eager tasks whatever their promise says,
  /// and coroutine result types that cannot be awaited: the model's.
  TaskOverrides Types;
  /// Functions that take ownership of a task handed to them.
  std::vector<std::string> Consumers;
};
} // namespace
} // namespace corolint

template <> struct llvm::yaml::MappingTraits<corolint::UnawaitedOptions> {
  static void mapping(IO &IO, corolint::UnawaitedOptions &O) {
    IO.mapOptional("lazy-types", O.Types.LazyTypes);
    IO.mapOptional("eager-types", O.Types.EagerTypes);
    IO.mapOptional("detached-types", O.Types.DetachedTypes);
    IO.mapOptional("consumers", O.Consumers);
  }
};

namespace corolint {

llvm::Expected<std::unique_ptr<Check>>
UnawaitedTaskCheck::create(const Config &Settings) {
  UnawaitedOptions O;
  if (llvm::Error E = Settings.options(Name).read(O))
    return std::move(E);
  std::unique_ptr<UnawaitedTaskCheck> C(new UnawaitedTaskCheck());
  C->Consumers = std::move(O.Consumers);
  return std::unique_ptr<Check>(std::move(C));
}

llvm::Error UnawaitedTaskCheck::configureEngine(const Config &Settings,
                                                EngineOptions &Engine) {
  UnawaitedOptions O;
  if (llvm::Error E = Settings.options(Name).read(O))
    return E;
  Engine.Tasks = std::move(O.Types);
  return llvm::Error::success();
}

static bool matchesAny(llvm::ArrayRef<std::string> Patterns,
                       const NamedDecl *D) {
  std::string Name = qualifiedName(D);
  return llvm::any_of(
      Patterns, [&](const std::string &P) { return nameMatches(P, Name); });
}

bool UnawaitedTaskCheck::isConsumer(const FunctionDecl *F) const {
  return F && !Consumers.empty() && matchesAny(Consumers, F);
}

namespace unawaited {

TaskKind kindOf(const CoroutineModel &Model, QualType T) {
  return T.isNull() ? TaskKind::NotATask : Model.taskKind(T);
}

bool mustBeAwaitedValue(const CoroutineModel &Model, const Expr *Value) {
  QualType T = Value->getType();
  if (!Model.mustBeAwaited(T))
    return false;
  if (Model.isFinishedResult(Value))
    return false;
  if (Model.valueKind(T) == ValueKind::Task && isa<CallExpr>(Value))
    return Model.startOfCall(Value) != TaskKind::Eager;
  return true;
}

bool refersTo(const Expr *E, const ValueDecl *D) {
  const auto *Ref =
      dyn_cast_or_null<DeclRefExpr>(E ? ignoreWrappers(E) : nullptr);
  return Ref && Ref->getDecl() == D;
}

} // namespace unawaited

void UnawaitedTaskCheck::run(const AnalysisContext &Ctx, DiagnosticSink &Out) {
  for (const FunctionInfo &F : Ctx.Model.functions()) {
    // Code given to an "expect this to throw" assertion is meant to fail.
    if (Ctx.Model.isExpectedToFail(F.Decl))
      continue;
    checkDiscarded(Ctx, F, Out);
    checkLocals(Ctx, F, Out);
  }
}

} // namespace corolint
