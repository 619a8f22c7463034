//===- CallGraph.cpp - What each function's frame calls, builds and destroys =//
#include "analyzer/CallGraph.h"
#include "analyzer/CoroutineModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include <functional>

using namespace clang;

namespace corolint {

namespace {

/// Whether destroying an object of type T runs code (a non-trivial
/// destructor), looking through arrays.
const CXXRecordDecl *destroyedRecord(QualType T) {
  T = T.getCanonicalType();
  while (const auto *A = dyn_cast<ArrayType>(T.getTypePtr()))
    T = A->getElementType().getCanonicalType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition() || RD->hasTrivialDestructor())
    return nullptr;
  return RD;
}

/// The end of the scope a local variable declared by DS dies at, found
/// through Frame: the parents of the statements of the function (built once
/// per function, on demand). Only a statement outside it asks the AST's
/// parent map, which the first time indexes every node of the translation
/// unit -- all of its headers' function bodies -- and outweighs the rest
/// of the analysis.
SourceLocation scopeEnd(ASTContext &AST, const ParentMap &Frame,
                        const Stmt *DS) {
  if (Frame.hasParent(DS)) {
    const Stmt *S = DS;
    for (unsigned Depth = 0; Depth < 64; ++Depth) {
      const Stmt *P = Frame.getParent(S);
      if (!P)
        break;
      if (const auto *CS = dyn_cast<CompoundStmt>(P))
        return CS->getRBracLoc();
      // for/if/while/switch with an init statement: the variable dies at
      // the end of the whole statement.
      if (isa<ForStmt, IfStmt, WhileStmt, SwitchStmt, CXXForRangeStmt>(P))
        return P->getEndLoc();
      S = P;
    }
    return DS->getEndLoc();
  }
  DynTypedNodeList Parents = AST.getParents(*DS);
  for (unsigned Depth = 0; Depth < 64 && !Parents.empty(); ++Depth) {
    if (const auto *CS = Parents[0].get<CompoundStmt>())
      return CS->getRBracLoc();
    if (const auto *S = Parents[0].get<Stmt>()) {
      if (isa<ForStmt, IfStmt, WhileStmt, SwitchStmt, CXXForRangeStmt>(S))
        return S->getEndLoc();
      Parents = AST.getParents(*S);
      continue;
    }
    break;
  }
  return DS->getEndLoc();
}

/// Walks a default member initializer or default argument: it runs where
/// it is used, but RecursiveASTVisitor does not enter it.
class DefaultExprWalker : public RecursiveASTVisitor<DefaultExprWalker> {
public:
  explicit DefaultExprWalker(llvm::function_ref<void(const Stmt *)> Fn)
      : Fn(Fn) {}
  bool VisitStmt(Stmt *S) {
    Fn(S);
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // Runs elsewhere.

private:
  llvm::function_ref<void(const Stmt *)> Fn;
};

const FunctionDecl *resolveCallee(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  const auto *M = dyn_cast_or_null<CXXMethodDecl>(Callee);
  if (!M || !M->isVirtual())
    return Callee;
  // A virtual call is followed only when its target is known: a final
  // method or class, or an object whose dynamic type is its static type.
  const Expr *Base = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
    Base = MC->getImplicitObjectArgument();
  else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
           Op && Op->getNumArgs() > 0)
    Base = Op->getArg(0);
  if (const auto *ME = dyn_cast<MemberExpr>(Call->getCallee()->IgnoreParens());
      ME && ME->hasQualifier())
    return M; // Qualified call: not virtual dispatch.
  if (!Base)
    return nullptr;
  return M->getDevirtualizedMethod(Base, /*IsAppleKext=*/false);
}

} // namespace

CallGraph::CallGraph(const CoroutineModel &Model) : Model(Model) {}

llvm::ArrayRef<CallSite> CallGraph::sitesOf(const FunctionDecl *F) {
  if (auto It = Sites.find(F); It != Sites.end())
    return It->second;
  std::vector<CallSite> Out;
  ASTContext &AST = Model.ast();
  auto Destroy = [&](QualType T, const VarDecl *V, const Expr *E,
                     SourceRange Range, SourceLocation End) {
    const CXXRecordDecl *RD = destroyedRecord(T);
    if (!RD)
      return;
    CallSite S;
    S.K = CallSite::Destroy;
    S.E = E;
    S.Var = V;
    S.Destroyed = T;
    S.Callee = RD->getDestructor();
    S.Range = Range;
    S.ScopeEnd = End;
    Out.push_back(S);
  };

  // Sites inside a default argument (or a default member initializer used
  // outside a constructor) are shown where the default is used.
  SourceLocation UsedAt;
  auto Where = [&](SourceRange R) {
    return UsedAt.isValid() ? SourceRange(UsedAt) : R;
  };
  // The parents of F's statements (its body, a constructor's
  // initializers), for the scope ends of its locals.
  std::unique_ptr<ParentMap> Frame;
  auto FrameParents = [&]() -> const ParentMap & {
    if (!Frame) {
      Frame = std::make_unique<ParentMap>(F->getBody());
      if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
        for (const CXXCtorInitializer *Init : Ctor->inits())
          if (Init->getInit())
            Frame->addStmt(Init->getInit());
    }
    return *Frame;
  };
  std::function<void(const Stmt *)> Visit = [&](const Stmt *St) {
    const Expr *Default = nullptr;
    SourceLocation Use;
    if (const auto *DI = dyn_cast<CXXDefaultInitExpr>(St)) {
      Default = DI->getExpr();
      if (!isa<CXXConstructorDecl>(F))
        Use = DI->getUsedLocation();
    } else if (const auto *DA = dyn_cast<CXXDefaultArgExpr>(St)) {
      Default = DA->getExpr();
      Use = DA->getUsedLocation();
    }
    if (Default) {
      SourceLocation Saved = UsedAt;
      if (UsedAt.isInvalid())
        UsedAt = Use;
      DefaultExprWalker(Visit).TraverseStmt(const_cast<Expr *>(Default));
      UsedAt = Saved;
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(St)) {
      // The call of an in-place lambda: its body is part of this frame.
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
          Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0 &&
          isa<LambdaExpr>(ignoreWrappers(Op->getArg(0))))
        return;
      if (isa<CUDAKernelCallExpr>(Call))
        return;
      CallSite S;
      S.K = CallSite::Call;
      S.E = Call;
      S.Callee = resolveCallee(Call);
      S.Range = Where(SourceRange(Call->getExprLoc(), Call->getEndLoc()));
      Out.push_back(S);
      return;
    }
    if (const auto *CE = dyn_cast<CXXConstructExpr>(St)) {
      CallSite S;
      S.K = CallSite::Construct;
      S.E = CE;
      S.Callee = CE->getConstructor();
      S.Range = CE->getSourceRange();
      if (S.Range.isInvalid())
        S.Range = SourceRange(CE->getLocation());
      S.Range = Where(S.Range);
      Out.push_back(S);
      return;
    }
    if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(St)) {
      Destroy(B->getType(), nullptr, B->getSubExpr(),
              Where(B->getSubExpr()->getSourceRange()), SourceLocation());
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(St)) {
      for (const Decl *D : DS->decls()) {
        const auto *V = dyn_cast<VarDecl>(D);
        if (!V || !V->hasLocalStorage() || isa<ParmVarDecl>(V) ||
            V->getType()->isReferenceType())
          continue;
        Destroy(V->getType(), V, nullptr, SourceRange(V->getLocation()),
                scopeEnd(AST, FrameParents(), DS));
      }
    }
  };
  if (F->hasBody())
    Model.forEachStmtInFrame(F, Visit);

  // A destructor also destroys its members and bases, after its body.
  if (const auto *Dtor = dyn_cast<CXXDestructorDecl>(F)) {
    const CXXRecordDecl *RD = Dtor->getParent();
    if (RD->hasDefinition()) {
      for (const FieldDecl *Field : RD->fields())
        if (!Field->getType()->isReferenceType())
          Destroy(Field->getType(), nullptr, nullptr,
                  SourceRange(Field->getLocation()), SourceLocation());
      for (const CXXBaseSpecifier &Base : RD->bases())
        Destroy(Base.getType(), nullptr, nullptr, Base.getSourceRange(),
                SourceLocation());
    }
  }
  return Sites[F] = std::move(Out);
}

void forEachSCCBottomUp(
    unsigned N,
    llvm::function_ref<void(unsigned, std::vector<unsigned> &)> Successors,
    llvm::function_ref<void(llvm::ArrayRef<unsigned>)> Visit) {
  // Iterative Tarjan: deep call chains must not exhaust a worker's stack.
  constexpr unsigned Unvisited = ~0u;
  std::vector<unsigned> Index(N, Unvisited), Low(N, 0);
  std::vector<bool> OnStack(N, false);
  std::vector<unsigned> Stack;
  struct Frame {
    unsigned Node;
    std::vector<unsigned> Succ;
    size_t Next = 0;
  };
  unsigned Counter = 0;
  for (unsigned Root = 0; Root < N; ++Root) {
    if (Index[Root] != Unvisited)
      continue;
    std::vector<Frame> Work;
    auto Push = [&](unsigned V) {
      Index[V] = Low[V] = Counter++;
      Stack.push_back(V);
      OnStack[V] = true;
      Frame Fr{V, {}};
      Successors(V, Fr.Succ);
      Work.push_back(std::move(Fr));
    };
    Push(Root);
    while (!Work.empty()) {
      Frame &Top = Work.back();
      if (Top.Next < Top.Succ.size()) {
        unsigned W = Top.Succ[Top.Next++];
        if (W >= N)
          continue;
        if (Index[W] == Unvisited)
          Push(W);
        else if (OnStack[W])
          Low[Top.Node] = std::min(Low[Top.Node], Index[W]);
        continue;
      }
      unsigned V = Top.Node;
      if (Low[V] == Index[V]) {
        std::vector<unsigned> Component;
        unsigned W;
        do {
          W = Stack.back();
          Stack.pop_back();
          OnStack[W] = false;
          Component.push_back(W);
        } while (W != V);
        Visit(Component);
      }
      Work.pop_back();
      if (!Work.empty())
        Low[Work.back().Node] = std::min(Low[Work.back().Node], Low[V]);
    }
  }
}

} // namespace corolint
