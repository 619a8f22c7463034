//===- DanglingReferenceCheck.cpp - A coroutine outliving its referents ---===//
//
// The check's options and its run over a translation unit; the kinds of
// finding are decided in DanglingParameters.cpp, DanglingCaptures.cpp and
// DanglingAwaitResult.cpp (see DanglingScan.h).
//
//===----------------------------------------------------------------------===//
#include "checks/DanglingReferenceCheck.h"
#include "analyzer/BlockingSummary.h"
#include "analyzer/CoroutineModel.h"
#include "analyzer/DiagnosticSink.h"
#include "analyzer/Names.h"
#include "analyzer/SummaryIndex.h"
#include "checks/DanglingAwaitResult.h"
#include "checks/DanglingScan.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace corolint {

namespace {
/// The check's section of .corolint.yaml.
struct DanglingOptions {
  /// Functions and classes that keep a coroutine lambda's closure alive
  /// while its coroutine runs (seastar::coroutine::lambda-like wrappers).
  std::vector<std::string> ClosureOwners;
};
} // namespace
} // namespace corolint

template <> struct llvm::yaml::MappingTraits<corolint::DanglingOptions> {
  static void mapping(IO &IO, corolint::DanglingOptions &O) {
    IO.mapOptional("closure-owners", O.ClosureOwners);
  }
};

namespace corolint {

llvm::Expected<std::unique_ptr<Check>>
DanglingReferenceCheck::create(const Config &Settings) {
  DanglingOptions O;
  if (llvm::Error E = Settings.options(Name).read(O))
    return std::move(E);
  std::unique_ptr<DanglingReferenceCheck> C(new DanglingReferenceCheck());
  // Keep the closure (or the function object) for as long as the coroutine
  // it starts runs: co_spawn's entry point owns it; these wrappers exist for
  // exactly that.
  C->ClosureOwners = {"asio::co_spawn", "folly::coro::co_invoke",
                      "seastar::coroutine::lambda"};
  llvm::append_range(C->ClosureOwners, O.ClosureOwners);
  return std::unique_ptr<Check>(std::move(C));
}

bool DanglingReferenceCheck::isClosureOwner(const FunctionDecl *F) const {
  std::string Name = qualifiedName(F);
  std::string Class;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
    Class = qualifiedName(Ctor->getParent());
  return llvm::any_of(ClosureOwners, [&](const std::string &P) {
    return nameMatches(P, Name) || (!Class.empty() && nameMatches(P, Class));
  });
}

std::optional<Diagnostic>
DanglingReferenceCheck::resolveDeferred(const DeferredFinding &D,
                                        const SummaryIndex &Index) const {
  if (D.Via.empty() || !Index.isCoroutine(D.Via.front().USR))
    return std::nullopt;
  return D.Draft;
}

DanglingScan::DanglingScan(const DanglingReferenceCheck &Check,
                           const AnalysisContext &Ctx, DiagnosticSink &Out)
    : Check(Check), Ctx(Ctx), Model(Ctx.Model), AST(Ctx.AST), Out(Out) {}

void DanglingScan::enter(const FunctionInfo &F) {
  Current = &F;
  Parents.reset();
}

const ParentMap &DanglingScan::parents() {
  if (!Parents)
    Parents = std::make_unique<ParentMap>(Current->Decl->getBody());
  return *Parents;
}

bool DanglingScan::blocksUntilDone(const FunctionDecl *F) const {
  if (!F || !Ctx.Blocking ||
      CoroutineModel::isCoroutineDefinition(F) != Tristate::No)
    return false;
  const FunctionDecl *Def = nullptr;
  F->hasBody(Def);
  for (const BlockingReach &R : Ctx.Blocking->summaryOf(Def).Reaches)
    if (R.Category == "sync-over-async" || R.Category == "wait")
      return true;
  return false;
}

TaskFate DanglingScan::fate(const Expr *Call) {
  return fateOf(Model, parents(), Call,
                [&](const FunctionDecl *F) { return blocksUntilDone(F); });
}

void DanglingReferenceCheck::run(const AnalysisContext &Ctx,
                                 DiagnosticSink &Out) {
  checkDanglingAwaitResults(Ctx, Out, name());
  DanglingScan Scan(*this, Ctx, Out);
  for (const FunctionInfo &F : Ctx.Model.functions()) {
    if (Ctx.Model.isExpectedToFail(F.Decl))
      continue;
    Scan.enter(F);
    Ctx.Model.forEachStmtInFrame(F.Decl, [&](const Stmt *S) {
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
        Scan.checkLambda(Op);
      if (const auto *Call = dyn_cast<CallExpr>(S)) {
        Scan.checkCall(Call);
        const FunctionDecl *Callee = Call->getDirectCallee();
        unsigned First = isa<CXXOperatorCallExpr>(Call) ? 1 : 0;
        for (unsigned I = First; I < Call->getNumArgs(); ++I)
          Scan.checkHandedLambda(Call->getArg(I), Callee, Call);
      }
      // Converted into a std::function-like wrapper or another owner.
      if (const auto *Construct = dyn_cast<CXXConstructExpr>(S);
          Construct && !Construct->getConstructor()->isCopyOrMoveConstructor())
        for (const Expr *Arg : Construct->arguments())
          Scan.checkHandedLambda(Arg, Construct->getConstructor(), Construct);
    });
    Scan.checkDetached(F);
  }
}

} // namespace corolint
