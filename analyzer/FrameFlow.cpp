//===- FrameFlow.cpp - Paths through one function's frame, for flow checks ===//
#include "analyzer/FrameFlow.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace corolint {

FrameFlow::FrameFlow(const FunctionDecl *F, ASTContext &AST) {
  Stmt *Body = F ? F->getBody() : nullptr;
  if (!Body)
    return;
  CFG::BuildOptions Options;
  Options.AddImplicitDtors = true;
  Options.AddLifetime = true;
  Options.AddInitializers = true;
  Options.setAllAlwaysAdd();
  Graph = CFG::buildCFG(F, Body, &AST, Options);
  if (!Graph)
    return;
  Parents = std::make_unique<ParentMap>(Body);
  for (const CFGBlock *B : *Graph) {
    for (unsigned I = 0, N = B->size(); I < N; ++I) {
      auto S = (*B)[I].getAs<CFGStmt>();
      if (!S)
        continue;
      const Stmt *St = S->getStmt();
      Elements.try_emplace(St, Point{B, I});
      // The CFG gives each variable of a declaration its own DeclStmt.
      if (const auto *DS = dyn_cast<DeclStmt>(St))
        for (const Decl *D : DS->decls())
          if (const auto *V = dyn_cast<VarDecl>(D))
            Declarations.try_emplace(V, Point{B, I});
    }
  }
}

FrameFlow::~FrameFlow() = default;

const Stmt *FrameFlow::parent(const Stmt *S) const {
  return Parents ? Parents->getParent(S) : nullptr;
}

const Stmt *FrameFlow::semanticParent(const Expr *E, const Expr *&Child) const {
  Child = E;
  const Stmt *P = parent(E);
  while (P) {
    const auto *PE = dyn_cast<Expr>(P);
    if (!PE || !(isa<ParenExpr, ImplicitCastExpr, MaterializeTemporaryExpr,
                     CXXBindTemporaryExpr, ExprWithCleanups, OpaqueValueExpr,
                     ConstantExpr>(PE)))
      return P;
    // A user-defined conversion is a call a reader sees; stop at it.
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(PE);
        Cast && Cast->getCastKind() == CK_UserDefinedConversion)
      return P;
    Child = PE;
    P = parent(PE);
  }
  return nullptr;
}

std::optional<FrameFlow::Point> FrameFlow::declaration(const VarDecl *V) const {
  auto It = Declarations.find(V);
  if (It == Declarations.end())
    return std::nullopt;
  return It->second;
}

std::optional<FrameFlow::Point> FrameFlow::find(const Stmt *S) const {
  auto It = Elements.find(S);
  if (It == Elements.end())
    return std::nullopt;
  return It->second;
}

void FrameFlow::explore(
    Point From, unsigned State,
    llvm::function_ref<std::optional<unsigned>(const CFGElement &, unsigned)>
        Step,
    llvm::function_ref<void(unsigned)> AtExit) const {
  if (!Graph || !From.Block)
    return;
  struct Work {
    const CFGBlock *Block;
    unsigned Index;
    unsigned State;
  };
  llvm::DenseSet<std::pair<const CFGBlock *, unsigned>> Seen;
  llvm::SmallVector<Work, 16> Queue{{From.Block, From.Index + 1, State}};
  while (!Queue.empty()) {
    Work W = Queue.pop_back_val();
    std::optional<unsigned> S = W.State;
    for (unsigned I = W.Index, N = W.Block->size(); I < N && S; ++I)
      S = Step((*W.Block)[I], *S);
    if (!S)
      continue;
    if (W.Block == &Graph->getExit() && AtExit)
      AtExit(*S);
    for (const CFGBlock::AdjacentBlock &Succ : W.Block->succs())
      if (const CFGBlock *B = Succ.getReachableBlock())
        if (Seen.insert({B, *S}).second)
          Queue.push_back({B, 0, *S});
  }
}

const VarDecl *FrameFlow::scopeEnd(const CFGElement &E, const Stmt **Trigger) {
  if (auto L = E.getAs<CFGLifetimeEnds>()) {
    if (Trigger)
      *Trigger = L->getTriggerStmt();
    return L->getVarDecl();
  }
  if (auto D = E.getAs<CFGAutomaticObjDtor>()) {
    if (Trigger)
      *Trigger = D->getTriggerStmt();
    return D->getVarDecl();
  }
  return nullptr;
}

SourceLocation FrameFlow::exitLocation(const Stmt *Trigger) {
  if (!Trigger)
    return {};
  if (const auto *C = dyn_cast<CompoundStmt>(Trigger))
    return C->getRBracLoc();
  if (isa<ReturnStmt, CoreturnStmt, BreakStmt, ContinueStmt, GotoStmt>(Trigger))
    return Trigger->getBeginLoc();
  return Trigger->getEndLoc();
}

} // namespace corolint
