//===- DanglingScan.h - One run of dangling-reference, shared by its parts
//-===//
//
// Internal to dangling-reference. The check's kinds of finding live in
// files of their own: DanglingParameters.cpp (temporaries and locals bound
// to a coroutine's reference and view parameters, and detached coroutines
// reading theirs late), DanglingCaptures.cpp (coroutine lambdas whose
// captures die with a temporary closure); DanglingTaskFate.cpp says where
// the task a call returns goes. This header is what they share: the state of
// one run over a translation unit, and those answers.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_CHECKS_DANGLINGSCAN_H
#define COROLINT_CHECKS_DANGLINGSCAN_H

#include "analyzer/Check.h"
#include "analyzer/CoroutineModel.h"
#include "analyzer/FrameFlow.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <optional>
#include <string>

namespace clang {
class CXXOperatorCallExpr;
class DeclRefExpr;
class ParmVarDecl;
class SourceManager;
} // namespace clang

namespace corolint {

class DanglingReferenceCheck;
class DiagnosticSink;

/// Where the task a call returns goes, as far as the full-expression shows.
struct TaskFate {
  enum Kind {
    Awaited,   ///< co_awaited (perhaps inside when_all) or sync_wait-ed.
    Discarded, ///< Dropped unawaited: unawaited-task's finding, not ours.
    Outlives,  ///< Stored, returned, handed off.
  } K = Outlives;
  bool Returned = false; ///< By a return statement of the caller.
  /// What the task is stored into: the object a member is called on
  /// (a container's push_back), or the left side of an assignment.
  const clang::Expr *Receiver = nullptr;
  clang::SourceRange Where; ///< Where it is stored, returned or handed off.
  std::string Message;      ///< The note that says so.
};

/// Follows the task Call returns up its full-expression, with the parents
/// of the function body it is in; Waits says whether a function the task is
/// handed to blocks until it is done.
TaskFate fateOf(const CoroutineModel &Model, const clang::ParentMap &Parents,
                const clang::Expr *Call,
                llvm::function_ref<bool(const clang::FunctionDecl *)> Waits);

/// Whether what Receiver names (a member, a global, a container the caller
/// was given by reference, or a local of an enclosing scope) outlives the
/// local L.
bool outlives(const clang::ParentMap &Parents, const clang::Stmt *Body,
              const clang::Expr *Receiver, const clang::VarDecl *L);

/// Whether the caller, after Call and before the local L's life ends,
/// suspends (co_await, co_yield) or blocks in a wait (a call named like one,
/// or one that Waits says blocks): it may be waiting for the task Call left
/// running, so L may well outlive it.
bool waitsBeforeScopeEnds(
    const clang::ParentMap &Parents, const clang::Stmt *Body,
    const clang::SourceManager &SM, const clang::Expr *Call,
    const clang::VarDecl *L,
    llvm::function_ref<bool(const clang::FunctionDecl *)> Waits);

/// The first statement of F's body that Match accepts on a path after a
/// suspension point, or null.
template <typename T>
const T *
firstAfterSuspension(const FrameFlow &Flow,
                     llvm::function_ref<const T *(const clang::Stmt *)> Match) {
  const T *Found = nullptr;
  for (const clang::CFGBlock *B : Flow.cfg())
    for (unsigned I = 0; I < B->size() && !Found; ++I) {
      auto S = (*B)[I].getAs<clang::CFGStmt>();
      if (!S || !llvm::isa<clang::CoroutineSuspendExpr>(S->getStmt()))
        continue;
      Flow.explore({B, I}, 0,
                   [&](const clang::CFGElement &E,
                       unsigned State) -> std::optional<unsigned> {
                     if (auto St = E.getAs<clang::CFGStmt>())
                       if (const T *Hit = Match(St->getStmt())) {
                         if (!Found)
                           Found = Hit;
                         return std::nullopt;
                       }
                     return State;
                   });
    }
  return Found;
}

/// One run of dangling-reference over a translation unit: the kinds of
/// finding, and what they share while the run goes through its functions.
class DanglingScan {
public:
  DanglingScan(const DanglingReferenceCheck &Check, const AnalysisContext &Ctx,
               DiagnosticSink &Out);

  /// Moves on to the function F: the statements checked next are its own.
  void enter(const FunctionInfo &F);

  // DanglingParameters.cpp

  /// A temporary or a local bound to a reference or view parameter of the
  /// coroutine Call calls (or a temporary whose member coroutine it calls),
  /// when the task outlives it.
  void checkCall(const clang::CallExpr *Call);
  /// A coroutine nobody can await that reads a reference parameter after it
  /// suspends: whoever called it has moved on by then (MSVC's C26811, only
  /// where no caller can keep the referent alive by awaiting).
  void checkDetached(const FunctionInfo &F);

  // DanglingCaptures.cpp

  /// A coroutine lambda with captures called on a temporary closure, or on
  /// a local one whose task is returned.
  void checkLambda(const clang::CXXOperatorCallExpr *Call);
  /// A coroutine lambda with captures handed as a temporary (Arg) to a
  /// function or constructor (Callee, in Call) that calls it and returns.
  void checkHandedLambda(const clang::Expr *Arg,
                         const clang::FunctionDecl *Callee,
                         const clang::Expr *Call);

  // DanglingReferenceCheck.cpp

  /// The parents of the current function's body, built when first needed.
  const clang::ParentMap &parents();
  /// Whether F takes the task and blocks until it is done (it reaches a
  /// wait on a future, a latch, a condition variable): the task does not
  /// outlive the full-expression that calls it.
  bool blocksUntilDone(const clang::FunctionDecl *F) const;
  /// Where the task Call returns goes, in the current function.
  TaskFate fate(const clang::Expr *Call);

  /// Where the eager coroutine F reads its parameter P after its first
  /// suspension, computed once per parameter (DanglingParameters.cpp).
  const clang::DeclRefExpr *readAfterSuspension(const clang::FunctionDecl *F,
                                                const clang::ParmVarDecl *P);

  const DanglingReferenceCheck &Check;
  const AnalysisContext &Ctx;
  const CoroutineModel &Model;
  clang::ASTContext &AST;
  DiagnosticSink &Out;
  /// The function whose statements are checked now.
  const FunctionInfo *Current = nullptr;

private:
  std::unique_ptr<clang::ParentMap> Parents;
  llvm::DenseMap<const clang::ParmVarDecl *, const clang::DeclRefExpr *> Reads;
};

} // namespace corolint

#endif
