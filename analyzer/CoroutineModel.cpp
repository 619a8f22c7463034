//===- CoroutineModel.cpp - What the AST says about coroutines ------------===//
//
// The model's pass over a translation unit: which functions are analysed,
// which are coroutines and where they suspend, which lambdas run in place
// and so which statements run in a function's own frame, which
// expressions are co_await operands, and which code is expected to fail.
// What a value of a type is -- a task, an awaitable... -- is decided in
// ValueKinds.cpp.
//
//===----------------------------------------------------------------------===//
#include "analyzer/CoroutineModel.h"
#include "analyzer/HeaderFilter.h"
#include "analyzer/Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include <algorithm>

using namespace clang;

namespace corolint {

const Expr *ignoreWrappers(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = B->getSubExpr();
    else if (const auto *C = dyn_cast<ExprWithCleanups>(Next))
      Next = C->getSubExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(Next);
             CE && CE->getNumArgs() == 1 &&
             (CE->isElidable() ||
              CE->getConstructor()->isCopyOrMoveConstructor()) &&
             !isa<CXXTemporaryObjectExpr>(CE))
      Next = CE->getArg(0);
    else if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(Next);
             FC && FC->getCastKind() == CK_NoOp)
      Next = FC->getSubExpr();
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

const Expr *movedOperand(const Expr *E) {
  const auto *Call =
      dyn_cast_or_null<CallExpr>(E ? ignoreWrappers(E) : nullptr);
  if (!Call || Call->getNumArgs() != 1)
    return nullptr;
  const NamedDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    if (const auto *U =
            dyn_cast<UnresolvedLookupExpr>(Call->getCallee()->IgnoreParens());
        U && U->getNumDecls() != 0)
      Callee = (*U->decls_begin())->getUnderlyingDecl();
  if (!Callee || !Callee->isInStdNamespace() || !Callee->getIdentifier() ||
      (Callee->getName() != "move" && Callee->getName() != "forward"))
    return nullptr;
  return Call->getArg(0);
}

/// The variable an object expression is rooted at: "r", "std::get<0>(rs)",
/// "rs[i]", "rs.at(i)", a structured binding's holder.
const VarDecl *rootVariable(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = ignoreWrappers(E);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      // A structured binding: the object it decomposes ("auto [x, y] =
      // co_await ...").
      if (const auto *B = dyn_cast<BindingDecl>(Ref->getDecl()))
        return dyn_cast_or_null<VarDecl>(B->getDecomposedDecl());
      return dyn_cast<VarDecl>(Ref->getDecl());
    }
    if (const auto *M = dyn_cast<MemberExpr>(E)) {
      E = M->getBase();
    } else if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E)) {
      E = Sub->getBase();
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
               Op && Op->getNumArgs() >= 1 &&
               (Op->getOperator() == OO_Subscript ||
                Op->getOperator() == OO_Star ||
                Op->getOperator() == OO_Arrow)) {
      E = Op->getArg(0);
    } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      E = MC->getImplicitObjectArgument();
    } else if (const auto *C = dyn_cast<CallExpr>(E);
               C && C->getNumArgs() >= 1 && C->getDirectCallee() &&
               C->getDirectCallee()->getIdentifier() &&
               (C->getDirectCallee()->getName() == "get" ||
                C->getDirectCallee()->getName() == "move" ||
                C->getDirectCallee()->getName() == "forward")) {
      E = C->getArg(0); // std::get<N>(tuple), std::move(x)
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

const CoroutineBodyStmt *CoroutineModel::coroutineBody(const FunctionDecl *F) {
  if (!F)
    return nullptr;
  return dyn_cast_or_null<CoroutineBodyStmt>(F->getBody());
}

namespace {

/// The pass over the whole translation unit that finds the functions to
/// analyse and the facts about expressions the checks ask for.
class Collector : public RecursiveASTVisitor<Collector> {
public:
  Collector(ASTContext &AST, const HeaderFilter *Headers,
            std::vector<const FunctionDecl *> &Functions,
            llvm::DenseSet<const Expr *> &Awaited,
            llvm::DenseSet<const LambdaExpr *> &InPlace,
            llvm::DenseSet<const CXXRecordDecl *> &FreeCoAwait,
            llvm::DenseSet<const CXXRecordDecl *> &ExpectThrow)
      : SM(AST.getSourceManager()), Headers(Headers), Functions(Functions),
        Awaited(Awaited), InPlace(InPlace), FreeCoAwait(FreeCoAwait),
        ExpectThrow(ExpectThrow) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitFunctionDecl(FunctionDecl *F) {
    if (F->getOverloadedOperator() == OO_Coawait && !isa<CXXMethodDecl>(F) &&
        F->getNumParams() >= 1)
      noteFreeCoAwait(F->getParamDecl(0)->getType());
    if (F->doesThisDeclarationHaveABody() && !F->isDependentContext() &&
        inMainFile(F->getLocation()))
      Functions.push_back(F);
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr *L) {
    if (!inMainFile(L->getBeginLoc()))
      return true;
    if (const FunctionTemplateDecl *T = L->getDependentCallOperator()) {
      for (const FunctionDecl *Spec : T->specializations())
        if (Spec->hasBody() && !Spec->isDependentContext())
          Functions.push_back(Spec);
      return true;
    }
    const CXXMethodDecl *Op = L->getCallOperator();
    if (Op && Op->hasBody() && !Op->isDependentContext())
      Functions.push_back(Op);
    return true;
  }

  bool VisitCoawaitExpr(CoawaitExpr *E) {
    if (E->getOperand())
      Awaited.insert(ignoreWrappers(E->getOperand()));
    return true;
  }

  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *E) {
    if (E->getOperator() == OO_Call && E->getNumArgs() >= 1)
      if (const auto *L = dyn_cast<LambdaExpr>(ignoreWrappers(E->getArg(0))))
        InPlace.insert(L);
    return true;
  }

  bool VisitCallExpr(CallExpr *E) {
    const FunctionDecl *Callee = E->getDirectCallee();
    // assert_throws([&] { ... }): the lambda is expected to fail.
    if (CoroutineModel::isExpectThrowFunction(Callee))
      for (const Expr *Arg : E->arguments())
        if (const auto *L = dyn_cast<LambdaExpr>(ignoreWrappers(Arg)))
          ExpectThrow.insert(L->getLambdaClass());
    // std::invoke(lambda, ...) runs the lambda right here, too.
    if (Callee && E->getNumArgs() >= 1 && Callee->getIdentifier() &&
        Callee->getName() == "invoke" && qualifiedName(Callee) == "std::invoke")
      if (const auto *L = dyn_cast<LambdaExpr>(ignoreWrappers(E->getArg(0))))
        InPlace.insert(L);
    return true;
  }

private:
  /// In the main file, or in a header whose findings are reported.
  bool inMainFile(SourceLocation Loc) const {
    if (Loc.isInvalid())
      return false;
    Loc = SM.getExpansionLoc(Loc);
    return SM.isInMainFile(Loc) || (Headers && Headers->reports(Loc));
  }

  void noteFreeCoAwait(QualType T) {
    T = T.getNonReferenceType();
    if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl()) {
      FreeCoAwait.insert(RD->getCanonicalDecl());
      return;
    }
    if (const auto *TST = T->getAs<TemplateSpecializationType>())
      if (const auto *CT = dyn_cast_or_null<ClassTemplateDecl>(
              TST->getTemplateName().getAsTemplateDecl()))
        FreeCoAwait.insert(CT->getTemplatedDecl()->getCanonicalDecl());
  }

  SourceManager &SM;
  const HeaderFilter *Headers;
  std::vector<const FunctionDecl *> &Functions;
  llvm::DenseSet<const Expr *> &Awaited;
  llvm::DenseSet<const LambdaExpr *> &InPlace;
  llvm::DenseSet<const CXXRecordDecl *> &FreeCoAwait;
  llvm::DenseSet<const CXXRecordDecl *> &ExpectThrow;
};

/// Walks the statements that run in one function's frame.
class FrameWalker : public RecursiveASTVisitor<FrameWalker> {
public:
  FrameWalker(const CoroutineModel &Model,
              llvm::function_ref<void(const Stmt *)> Fn)
      : Model(Model), Fn(Fn) {}

  bool VisitStmt(Stmt *S) {
    Fn(S);
    return true;
  }

  bool TraverseLambdaExpr(LambdaExpr *L) {
    Fn(L);
    // Init-captures and copies are evaluated where the lambda is created.
    for (Expr *Init : L->capture_inits())
      if (Init)
        TraverseStmt(Init);
    if (Model.isInvokedInPlace(L))
      TraverseStmt(L->getBody());
    return true;
  }

  // Declarations of local classes and functions run elsewhere; local
  // variables' initializers run here.
  bool TraverseDecl(Decl *D) {
    if (!D || isa<TagDecl>(D) || isa<FunctionDecl>(D) ||
        isa<FunctionTemplateDecl>(D) || isa<ClassTemplateDecl>(D))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }

  // Unevaluated operands.
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) {
    return true;
  }
  bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *) { return true; }
  bool TraverseRequiresExpr(RequiresExpr *) { return true; }
  bool TraverseDecltypeTypeLoc(DecltypeTypeLoc) { return true; }
  bool TraverseTypeOfExprTypeLoc(TypeOfExprTypeLoc) { return true; }
  bool TraverseCXXTypeidExpr(CXXTypeidExpr *E) {
    if (E->isPotentiallyEvaluated())
      return RecursiveASTVisitor::TraverseCXXTypeidExpr(E);
    return true;
  }
  bool TraverseGenericSelectionExpr(GenericSelectionExpr *E) {
    return TraverseStmt(E->getResultExpr());
  }

private:
  const CoroutineModel &Model;
  llvm::function_ref<void(const Stmt *)> Fn;
};

} // namespace

CoroutineModel::CoroutineModel(ASTContext &AST, TaskOverrides Overrides,
                               const HeaderFilter *Headers)
    : AST(AST), Headers(Headers), Overrides(std::move(Overrides)) {
  collect();
}
CoroutineModel::~CoroutineModel() = default;

void CoroutineModel::collect() {
  std::vector<const FunctionDecl *> Found;
  Collector C(AST, Headers, Found, AwaitedOperands, InPlaceLambdas,
              FreeCoAwaitOperands, ExpectThrowLambdas);
  C.TraverseAST(AST);

  // A lambda that is itself a coroutine does not run its body in place: it
  // returns a task, and its body is analysed as its own coroutine.
  for (auto It = InPlaceLambdas.begin(); It != InPlaceLambdas.end();) {
    auto Cur = It++;
    if (coroutineBody((*Cur)->getCallOperator()))
      InPlaceLambdas.erase(Cur);
  }

  const SourceManager &SM = AST.getSourceManager();
  std::stable_sort(Found.begin(), Found.end(),
                   [&](const FunctionDecl *A, const FunctionDecl *B) {
                     return SM.isBeforeInTranslationUnit(A->getLocation(),
                                                         B->getLocation());
                   });
  Found.erase(std::unique(Found.begin(), Found.end()), Found.end());

  for (const FunctionDecl *F : Found) {
    FunctionInfo Info{F, coroutineBody(F), {}};
    if (Info.Coroutine)
      forEachStmtInFrame(F, [&](const Stmt *S) {
        if (const auto *A = dyn_cast<CoawaitExpr>(S))
          Info.Suspensions.push_back({A, false});
        else if (const auto *Y = dyn_cast<CoyieldExpr>(S))
          Info.Suspensions.push_back({Y, true});
      });
    Index[F] = Functions.size();
    Functions.push_back(std::move(Info));
  }
}

const FunctionInfo *CoroutineModel::info(const FunctionDecl *F) const {
  auto It = Index.find(F);
  return It == Index.end() ? nullptr : &Functions[It->second];
}

bool CoroutineModel::isAwaitedDirectly(const Expr *E) const {
  return E && AwaitedOperands.contains(ignoreWrappers(E));
}

bool CoroutineModel::isInvokedInPlace(const LambdaExpr *L) const {
  return InPlaceLambdas.contains(L);
}

void CoroutineModel::forEachStmtInFrame(
    const FunctionDecl *F, llvm::function_ref<void(const Stmt *)> Fn) const {
  FrameWalker W(*this, Fn);
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten() || Init->getInit())
        W.TraverseStmt(Init->getInit());
  const Stmt *Body = F->getBody();
  if (const auto *Coro = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    Body = Coro->getBody();
  W.TraverseStmt(const_cast<Stmt *>(Body));
}

Tristate CoroutineModel::isCoroutineDefinition(const FunctionDecl *F) {
  if (!F)
    return Tristate::Unknown;
  const FunctionDecl *Def = nullptr;
  if (!F->hasBody(Def) || !Def)
    return Tristate::Unknown;
  return coroutineBody(Def) ? Tristate::Yes : Tristate::No;
}

bool CoroutineModel::isExpectThrowFunction(const FunctionDecl *F) {
  if (!F || !F->getIdentifier())
    return false;
  std::string Lower = F->getName().lower();
  llvm::StringRef L(Lower);
  return L.contains("throw") && !L.contains("nothrow") &&
         !L.contains("no_throw") && !L.contains("not_throw") &&
         !L.contains("rethrow") && !L.contains("throw_if") &&
         !L.starts_with("throw") && !L.starts_with("__throw") &&
         F->getNumParams() > 0;
}

bool CoroutineModel::isExpectedToFail(const FunctionDecl *F) const {
  const auto *M = dyn_cast_or_null<CXXMethodDecl>(F);
  if (!M || !M->getParent()->isLambda())
    return false;
  return ExpectThrowLambdas.contains(M->getParent()) ||
         isInExpectThrow(M->getParent()->getLocation());
}

bool CoroutineModel::isInExpectThrow(SourceLocation Loc) const {
  const SourceManager &SM = AST.getSourceManager();
  for (unsigned Depth = 0; Loc.isMacroID() && Depth < 32; ++Depth) {
    llvm::StringRef Name =
        Lexer::getImmediateMacroName(Loc, SM, AST.getLangOpts());
    std::string Upper = Name.upper();
    llvm::StringRef U(Upper);
    if (U.contains("THROW") && !U.contains("NO_THROW") &&
        !U.contains("NOTHROW") && !U.contains("NOEXCEPT"))
      return true;
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  return false;
}

} // namespace corolint
