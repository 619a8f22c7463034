//===- CoroutineModel.cpp - What the AST says about coroutines ------------===//
#include "analyzer/CoroutineModel.h"
#include "analyzer/Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include <algorithm>

using namespace clang;

namespace corolint {

const char *taskKindName(TaskKind K) {
  switch (K) {
  case TaskKind::NotATask:
    return "not a task";
  case TaskKind::Lazy:
    return "lazy";
  case TaskKind::Eager:
    return "eager";
  case TaskKind::Unknown:
    return "unknown";
  }
  return "unknown";
}

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

const CoroutineBodyStmt *CoroutineModel::coroutineBody(const FunctionDecl *F) {
  if (!F)
    return nullptr;
  return dyn_cast_or_null<CoroutineBodyStmt>(F->getBody());
}

namespace {

/// Finds the method Name in RD or its bases.
const CXXMethodDecl *findMethod(const CXXRecordDecl *RD, DeclarationName Name,
                                unsigned Depth = 0) {
  if (!RD || Depth > 16)
    return nullptr;
  if (const CXXRecordDecl *Def = RD->getDefinition())
    RD = Def;
  else
    return nullptr;
  for (const NamedDecl *D : RD->lookup(Name)) {
    const NamedDecl *U = D->getUnderlyingDecl();
    if (const auto *M = dyn_cast<CXXMethodDecl>(U))
      return M;
    if (const auto *T = dyn_cast<FunctionTemplateDecl>(U))
      if (const auto *M = dyn_cast<CXXMethodDecl>(T->getTemplatedDecl()))
        return M;
  }
  for (const CXXBaseSpecifier &B : RD->bases())
    if (const CXXMethodDecl *M =
            findMethod(B.getType()->getAsCXXRecordDecl(), Name, Depth + 1))
      return M;
  return nullptr;
}

const CXXMethodDecl *findMethod(const CXXRecordDecl *RD, ASTContext &AST,
                                llvm::StringRef Name) {
  return findMethod(RD, DeclarationName(&AST.Idents.get(Name)));
}

/// A definition for RD even when RD is a member class or specialization that
/// was declared but never instantiated: fall back to its pattern.
const CXXRecordDecl *definitionOrPattern(const CXXRecordDecl *RD) {
  if (!RD)
    return nullptr;
  if (const CXXRecordDecl *Def = RD->getDefinition())
    return Def;
  if (const CXXRecordDecl *From = RD->getInstantiatedFromMemberClass())
    if (const CXXRecordDecl *Def = From->getDefinition())
      return Def;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    if (const ClassTemplateDecl *T = Spec->getSpecializedTemplate())
      return T->getTemplatedDecl()->getDefinition();
  return nullptr;
}

const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  return T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
}

/// The record a promise_type member names, for a typedef or a nested class.
const CXXRecordDecl *promiseMember(const CXXRecordDecl *RD, ASTContext &AST,
                                   unsigned Depth = 0) {
  if (!RD || Depth > 16)
    return nullptr;
  const CXXRecordDecl *Def = definitionOrPattern(RD);
  if (!Def)
    return nullptr;
  for (const NamedDecl *D :
       Def->lookup(DeclarationName(&AST.Idents.get("promise_type")))) {
    if (const auto *R = dyn_cast<CXXRecordDecl>(D))
      return R;
    if (const auto *TD = dyn_cast<TypedefNameDecl>(D)) {
      QualType U = TD->getUnderlyingType();
      if (const CXXRecordDecl *R = U->getAsCXXRecordDecl())
        return R;
      if (const auto *TST = U->getAs<TemplateSpecializationType>())
        if (const auto *CT = dyn_cast_or_null<ClassTemplateDecl>(
                TST->getTemplateName().getAsTemplateDecl()))
          return CT->getTemplatedDecl();
    }
  }
  for (const CXXBaseSpecifier &B : Def->bases())
    if (const CXXRecordDecl *R =
            promiseMember(B.getType()->getAsCXXRecordDecl(), AST, Depth + 1))
      return R;
  return nullptr;
}

const ClassTemplateDecl *findStdCoroutineTraits(ASTContext &AST) {
  for (const NamedDecl *NS : AST.getTranslationUnitDecl()->lookup(
           DeclarationName(&AST.Idents.get("std")))) {
    const auto *N = dyn_cast<NamespaceDecl>(NS);
    if (!N)
      continue;
    for (const NamedDecl *D :
         N->lookup(DeclarationName(&AST.Idents.get("coroutine_traits"))))
      if (const auto *T = dyn_cast<ClassTemplateDecl>(D))
        return T;
  }
  return nullptr;
}

/// The pass over the whole translation unit that finds the functions to
/// analyse and the facts about expressions the checks ask for.
class Collector : public RecursiveASTVisitor<Collector> {
public:
  Collector(ASTContext &AST, std::vector<const FunctionDecl *> &Functions,
            llvm::DenseSet<const Expr *> &Awaited,
            llvm::DenseSet<const LambdaExpr *> &InPlace,
            llvm::DenseSet<const CXXRecordDecl *> &FreeCoAwait)
      : SM(AST.getSourceManager()), Functions(Functions), Awaited(Awaited),
        InPlace(InPlace), FreeCoAwait(FreeCoAwait) {}

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
    // std::invoke(lambda, ...) runs the lambda right here, too.
    const FunctionDecl *Callee = E->getDirectCallee();
    if (Callee && E->getNumArgs() >= 1 && Callee->getIdentifier() &&
        Callee->getName() == "invoke" && qualifiedName(Callee) == "std::invoke")
      if (const auto *L = dyn_cast<LambdaExpr>(ignoreWrappers(E->getArg(0))))
        InPlace.insert(L);
    return true;
  }

private:
  bool inMainFile(SourceLocation Loc) const {
    return Loc.isValid() && SM.isInMainFile(SM.getExpansionLoc(Loc));
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
  std::vector<const FunctionDecl *> &Functions;
  llvm::DenseSet<const Expr *> &Awaited;
  llvm::DenseSet<const LambdaExpr *> &InPlace;
  llvm::DenseSet<const CXXRecordDecl *> &FreeCoAwait;
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

CoroutineModel::CoroutineModel(ASTContext &AST) : AST(AST) { collect(); }
CoroutineModel::~CoroutineModel() = default;

void CoroutineModel::collect() {
  std::vector<const FunctionDecl *> Found;
  Collector C(AST, Found, AwaitedOperands, InPlaceLambdas, FreeCoAwaitOperands);
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

const CXXRecordDecl *CoroutineModel::promiseType(QualType T) const {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD)
    return nullptr;
  if (const ClassTemplateDecl *Traits = findStdCoroutineTraits(AST)) {
    QualType Canon =
        T.getNonReferenceType().getCanonicalType().getUnqualifiedType();
    for (const ClassTemplateSpecializationDecl *Spec :
         Traits->specializations()) {
      const TemplateArgumentList &Args = Spec->getTemplateArgs();
      if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type)
        continue;
      // The pack of coroutine_traits<R, Args...> is one argument holding
      // the pack; R is the first.
      if (AST.hasSameType(Args[0].getAsType(), Canon))
        if (const CXXRecordDecl *P = promiseMember(Spec, AST))
          return P;
    }
  }
  return promiseMember(RD, AST);
}

bool CoroutineModel::readyIsConstant(QualType Awaiter, bool &Value) const {
  const CXXRecordDecl *RD = definitionOrPattern(recordOf(Awaiter));
  if (!RD)
    return false;
  const CXXMethodDecl *Ready = findMethod(RD, AST, "await_ready");
  if (!Ready) {
    // An awaitable whose operator co_await yields the awaiter.
    DeclarationName Op = AST.DeclarationNames.getCXXOperatorName(OO_Coawait);
    if (const CXXMethodDecl *M = findMethod(RD, Op))
      if (!M->getReturnType()->isDependentType())
        return readyIsConstant(M->getReturnType(), Value);
    return false;
  }
  const FunctionDecl *Def = nullptr;
  if (!Ready->hasBody(Def) || !Def)
    return false;
  const auto *Body = dyn_cast<CompoundStmt>(Def->getBody());
  if (!Body || Body->size() != 1)
    return false;
  const auto *Ret = dyn_cast<ReturnStmt>(Body->body_front());
  if (!Ret || !Ret->getRetValue() || Ret->getRetValue()->isValueDependent())
    return false;
  bool Result = false;
  if (!Ret->getRetValue()->EvaluateAsBooleanCondition(Result, AST))
    return false;
  Value = Result;
  return true;
}

TaskKind CoroutineModel::taskKind(QualType T) const {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD)
    return TaskKind::NotATask;
  const Type *Key = T.getNonReferenceType().getCanonicalType().getTypePtr();
  if (auto It = TaskKinds.find(Key); It != TaskKinds.end())
    return It->second;
  TaskKind Kind = TaskKind::NotATask;
  if (const CXXRecordDecl *Promise = promiseType(T)) {
    Kind = TaskKind::Unknown;
    const CXXMethodDecl *Initial =
        findMethod(definitionOrPattern(Promise), AST, "initial_suspend");
    bool Ready = false;
    if (Initial && !Initial->getReturnType()->isDependentType() &&
        readyIsConstant(Initial->getReturnType(), Ready))
      Kind = Ready ? TaskKind::Eager : TaskKind::Lazy;
  }
  TaskKinds[Key] = Kind;
  return Kind;
}

bool CoroutineModel::isAwaitable(QualType T) const {
  const CXXRecordDecl *RD = definitionOrPattern(recordOf(T));
  if (!RD)
    return false;
  if (findMethod(RD, AST, "await_ready") &&
      findMethod(RD, AST, "await_suspend") &&
      findMethod(RD, AST, "await_resume"))
    return true;
  if (findMethod(RD, AST.DeclarationNames.getCXXOperatorName(OO_Coawait)))
    return true;
  const CXXRecordDecl *Canon = recordOf(T)->getCanonicalDecl();
  if (FreeCoAwaitOperands.contains(Canon))
    return true;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(recordOf(T)))
    if (const ClassTemplateDecl *CT = Spec->getSpecializedTemplate())
      return FreeCoAwaitOperands.contains(
          CT->getTemplatedDecl()->getCanonicalDecl());
  return false;
}

bool CoroutineModel::mustBeAwaited(QualType T) const {
  switch (taskKind(T)) {
  case TaskKind::Lazy:
    return true;
  case TaskKind::Eager:
    return false;
  case TaskKind::Unknown:
  case TaskKind::NotATask:
    return isAwaitable(T);
  }
  return false;
}

} // namespace corolint
