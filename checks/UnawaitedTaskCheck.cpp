//===- UnawaitedTaskCheck.cpp - A lazy task or awaitable dropped unawaited ===//
#include "checks/UnawaitedTaskCheck.h"
#include "analyzer/CoroutineModel.h"
#include "analyzer/DiagnosticSink.h"
#include "analyzer/Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace corolint {

llvm::Expected<std::unique_ptr<Check>>
UnawaitedTaskCheck::create(const Config &Settings) {
  return std::unique_ptr<Check>(new UnawaitedTaskCheck(Settings));
}

namespace {

/// The statements whose value is discarded, as children of S: statements of
/// a block, bodies of control statements, the increment of a for loop, the
/// left operand of a comma.
void discardedChildren(const Stmt *S, llvm::SmallVectorImpl<const Expr *> &Out) {
  auto Add = [&](const Stmt *Child) {
    if (const auto *E = dyn_cast_or_null<Expr>(Child))
      Out.push_back(E);
  };
  if (const auto *C = dyn_cast<CompoundStmt>(S)) {
    for (const Stmt *Child : C->body())
      Add(Child);
  } else if (const auto *I = dyn_cast<IfStmt>(S)) {
    Add(I->getThen());
    Add(I->getElse());
  } else if (const auto *W = dyn_cast<WhileStmt>(S)) {
    Add(W->getBody());
  } else if (const auto *D = dyn_cast<DoStmt>(S)) {
    Add(D->getBody());
  } else if (const auto *F = dyn_cast<ForStmt>(S)) {
    Add(F->getInit());
    Add(F->getInc());
    Add(F->getBody());
  } else if (const auto *R = dyn_cast<CXXForRangeStmt>(S)) {
    Add(R->getBody());
  } else if (const auto *SC = dyn_cast<SwitchCase>(S)) {
    Add(SC->getSubStmt());
  } else if (const auto *L = dyn_cast<LabelStmt>(S)) {
    Add(L->getSubStmt());
  } else if (const auto *A = dyn_cast<AttributedStmt>(S)) {
    Add(A->getSubStmt());
  } else if (const auto *B = dyn_cast<BinaryOperator>(S);
             B && B->getOpcode() == BO_Comma) {
    Add(B->getLHS());
  }
}

/// What produced the discarded value, as the message names it.
std::string producerName(const Expr *E) {
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
        Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0 &&
        isa<LambdaExpr>(ignoreWrappers(Op->getArg(0))))
      return "a lambda";
    if (const FunctionDecl *F = Call->getDirectCallee()) {
      if (const auto *M = dyn_cast<CXXMethodDecl>(F); M && M->getParent()->isLambda())
        return "a lambda";
      return "'" + qualifiedName(F) + "'";
    }
    return "a call";
  }
  return "";
}

} // namespace

void UnawaitedTaskCheck::run(const AnalysisContext &Ctx, DiagnosticSink &Out) {
  const CoroutineModel &Model = Ctx.Model;
  PrintingPolicy Policy = Ctx.AST.getPrintingPolicy();
  Policy.SuppressTagKeyword = true;
  for (const FunctionInfo &F : Model.functions()) {
    Model.forEachStmtInFrame(F.Decl, [&](const Stmt *S) {
      llvm::SmallVector<const Expr *, 8> Discarded;
      discardedChildren(S, Discarded);
      for (const Expr *Statement : Discarded) {
        const Expr *E = Statement;
        if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(E))
          E = Cleanups->getSubExpr();
        E = E->IgnoreParens();
        bool Voided = false;
        if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E);
            Cast && Cast->getType()->isVoidType()) {
          Voided = true;
          E = Cast->getSubExpr();
        }
        const Expr *Value = ignoreWrappers(E);
        if (!isa<CallExpr>(Value) && !isa<CXXConstructExpr>(Value))
          continue;
        QualType T = Value->getType();
        if (T->isVoidType() || T->isDependentType() || !Model.mustBeAwaited(T))
          continue;
        bool Lazy = Model.taskKind(T) == TaskKind::Lazy;
        std::string Type = T.getCanonicalType().getUnqualifiedType().getAsString(Policy);
        std::string By = producerName(Value);
        std::string Message =
            (Lazy ? "lazy task '" : "awaitable '") + Type + "'" +
            (By.empty() ? "" : " returned by " + By) +
            " is discarded without being awaited; " +
            (Lazy ? "it never runs" : "its work and errors are lost");
        if (Voided)
          Message += " (casting it to void does not start it)";
        Diagnostic &D = Out.report(name(), Value->getSourceRange(), Message);
        if (F.Coroutine) {
          Out.insertBefore(D, Value->getBeginLoc(), "co_await ");
          Out.note(D, SourceRange(), "co_await it, or hand it to a function "
                                     "that runs it (co_spawn, spawn, when_all)");
        } else {
          Out.note(D, SourceRange(), "return it to the caller, or hand it to a "
                                     "function that runs it (co_spawn, spawn, "
                                     "sync_wait at the top level)");
        }
      }
    });
  }
}

} // namespace corolint
