//===- BlockingCallCheck.cpp - A call that blocks the thread in a coroutine ===//
#include "checks/BlockingCallCheck.h"
#include "analyzer/CoroutineModel.h"
#include "analyzer/DiagnosticSink.h"
#include "analyzer/Names.h"
#include "checks/Registry.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace corolint {

llvm::Expected<std::unique_ptr<Check>>
BlockingCallCheck::create(const Config &Settings) {
  std::unique_ptr<BlockingCallCheck> C(new BlockingCallCheck());
  C->Blocking = builtinCatalogue();
  const BlockingCallOptions &O = Settings.BlockingCall;
  auto Where = Settings.Source.empty() ? std::string("configuration") : Settings.Source;
  for (const std::string &Id : O.DisabledCategories)
    if (!C->Blocking.category(Id))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "%s: blocking-call.disabled-categories: unknown category '%s'",
          Where.c_str(), Id.c_str());
  if (!O.Extra.empty()) {
    for (const BlockingEntry &E : O.Extra)
      if (!C->Blocking.category(E.Category))
        return llvm::createStringError(
            llvm::inconvertibleErrorCode(),
            "%s: blocking-call.extra: unknown category '%s'", Where.c_str(),
            E.Category.c_str());
    C->Blocking.extendEntries(O.Extra);
  }
  C->Blocking.addNonBlocking(O.NonBlocking);
  C->Filter.MaxTier = Settings.maxTier();
  for (const std::string &Id : O.DisabledCategories)
    C->Filter.DisabledCategories.insert(Id);
  return std::unique_ptr<Check>(std::move(C));
}

/// How the user names the coroutine a finding is in.
static std::string coroutineName(const FunctionDecl *F) {
  if (const auto *M = dyn_cast<CXXMethodDecl>(F); M && M->getParent()->isLambda())
    return "a coroutine lambda";
  return "coroutine '" + qualifiedName(F) + "'";
}

void BlockingCallCheck::run(const AnalysisContext &Ctx, DiagnosticSink &Out) {
  for (const FunctionInfo &F : Ctx.Model.functions()) {
    if (!F.Coroutine)
      continue;
    Ctx.Model.forEachStmtInFrame(F.Decl, [&](const Stmt *S) {
      const auto *E = dyn_cast<Expr>(S);
      if (!E || !(isa<CallExpr>(E) || isa<CXXConstructExpr>(E)))
        return;
      if (Ctx.Model.isAwaitedDirectly(E))
        return;
      std::optional<BlockingMatch> M = Blocking.matchCall(E, Filter);
      if (!M)
        return;
      std::string What = M->Category ? M->Category->Summary : "blocks the thread";
      Diagnostic &D = Out.report(
          name(), SourceRange(E->getExprLoc(), E->getEndLoc()),
          "'" + M->Name + "' " + What + " inside " + coroutineName(F.Decl));
      if (E->getBeginLoc() != E->getExprLoc())
        D.ExtraRanges.push_back(Out.toFileRange(E->getSourceRange()));
      if (!M->Entry->Reason.empty())
        Out.note(D, SourceRange(), M->Entry->Reason);
      if (!M->Entry->Suggest.empty())
        Out.note(D, SourceRange(), M->Entry->Suggest);
    });
  }
}

} // namespace corolint
