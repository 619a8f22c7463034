//===- ValueKinds.cpp - What a value is, and how a task starts ------------===//
//
// Part of CoroutineModel (CoroutineModel.h): what a value of a type is to
// the checks (ValueKind: a task, an awaitable operation, a generator, a
// detached coroutine's result) and how a task starts (TaskKind), decided
// from the promise std::coroutine_traits finds and the shapes of its
// awaiters -- and the questions built on those: what co_await gives, whether
// a function waits for a task synchronously, whether a value must be awaited.
//
//===----------------------------------------------------------------------===//
#include "analyzer/CoroutineModel.h"
#include "analyzer/Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"
#include <functional>

using namespace clang;

namespace corolint {

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

/// Whether T is work that can be started: a callable (a lambda, a class with
/// an operator()) or a coroutine's result (a class with a promise_type); a
/// type still dependent (in a template's pattern) may be either.
bool isWork(QualType T) {
  if (T.isNull() || T->isDependentType())
    return true;
  const CXXRecordDecl *RD =
      T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  ASTContext &AST = RD->getASTContext();
  return RD->isLambda() ||
         !RD->lookup(AST.DeclarationNames.getCXXOperatorName(OO_Call))
              .empty() ||
         !RD->lookup(DeclarationName(&AST.Idents.get("promise_type"))).empty();
}

/// Whether E is std::move or std::forward of one of the object's own members
/// that holds work (isWork), in a template's pattern too.
bool movesOwnMember(const Expr *E) {
  const Expr *Arg = movedOperand(E);
  if (!Arg)
    return false;
  Arg = Arg->IgnoreParenImpCasts();
  if (const auto *M = dyn_cast<MemberExpr>(Arg))
    return isa<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts()) &&
           isWork(M->getType());
  if (const auto *M = dyn_cast<CXXDependentScopeMemberExpr>(Arg))
    return M->isImplicitAccess() ||
           isa<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts());
  return false;
}

/// Whether RD's destructor hands one of RD's members that holds work (a
/// callable, a task) on to a call, moved or forwarded: an awaitable that,
/// dropped without being awaited, starts its work elsewhere (a nursery's
/// detached start) loses nothing. Giving back a buffer or a token is no
/// such thing.
bool handsWorkOnWhenDestroyed(const CXXRecordDecl *RD) {
  const CXXDestructorDecl *D = RD ? RD->getDestructor() : nullptr;
  if (!D || !D->isUserProvided())
    return false;
  const FunctionDecl *Def = nullptr;
  if (!D->hasBody(Def))
    if (const FunctionDecl *Pattern = D->getTemplateInstantiationPattern())
      Pattern->hasBody(Def);
  if (!Def)
    return false;
  bool Found = false;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Found)
      return;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      for (const Expr *Arg : Call->arguments())
        Found = Found || movesOwnMember(Arg);
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Def->getBody());
  return Found;
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

/// What identifies T's class across instantiations: its class template, or
/// the class itself.
const Decl *classIdentity(QualType Q) {
  if (Q.isNull())
    return nullptr;
  Q = Q.getNonReferenceType();
  if (const auto *TST = Q->getAs<TemplateSpecializationType>())
    if (const TemplateDecl *TD = TST->getTemplateName().getAsTemplateDecl())
      return TD->getCanonicalDecl();
  if (const auto *ICN = Q->getAs<InjectedClassNameType>())
    if (const ClassTemplateDecl *CT =
            ICN->getDecl()->getDescribedClassTemplate())
      return CT->getCanonicalDecl();
  const CXXRecordDecl *RD = Q->getAsCXXRecordDecl();
  if (!RD)
    return nullptr;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    return Spec->getSpecializedTemplate()->getCanonicalDecl();
  if (const ClassTemplateDecl *CT = RD->getDescribedClassTemplate())
    return CT->getCanonicalDecl();
  if (const CXXRecordDecl *From = RD->getInstantiatedFromMemberClass())
    return From->getCanonicalDecl();
  return RD->getCanonicalDecl();
}

/// The record a (possibly dependent) type names, as far as it can be known.
const CXXRecordDecl *namedRecord(QualType Q) {
  if (Q.isNull())
    return nullptr;
  Q = Q.getNonReferenceType();
  if (const CXXRecordDecl *RD = Q->getAsCXXRecordDecl())
    return RD;
  if (const auto *TST = Q->getAs<TemplateSpecializationType>())
    if (const auto *CT = dyn_cast_or_null<ClassTemplateDecl>(
            TST->getTemplateName().getAsTemplateDecl()))
      return CT->getTemplatedDecl();
  return nullptr;
}

/// Whether Body passes the coroutine handle H on: a call (not one of the
/// handle's own members) that takes an expression using H -- posting the
/// coroutine to an executor.
class HandsOnHandle : public RecursiveASTVisitor<HandsOnHandle> {
public:
  explicit HandsOnHandle(const ParmVarDecl *H) : H(H) {}
  bool Found = false;

  bool VisitCallExpr(CallExpr *C) {
    if (isa<CXXOperatorCallExpr>(C) || onHandle(C->getCallee()))
      return true;
    for (const Expr *Arg : C->arguments())
      if (uses(Arg))
        Found = true;
    return !Found;
  }

private:
  bool onHandle(const Expr *Callee) const {
    Callee = Callee->IgnoreParenImpCasts();
    const Expr *Base = nullptr;
    if (const auto *M = dyn_cast<MemberExpr>(Callee))
      Base = M->getBase();
    else if (const auto *D = dyn_cast<CXXDependentScopeMemberExpr>(Callee))
      Base = D->isImplicitAccess() ? nullptr : D->getBase();
    if (!Base)
      return false;
    const auto *Ref = dyn_cast<DeclRefExpr>(Base->IgnoreParenImpCasts());
    return Ref && Ref->getDecl() == H;
  }
  bool uses(const Stmt *S) const {
    if (!S)
      return false;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S); Ref && Ref->getDecl() == H)
      return true;
    for (const Stmt *Child : S->children())
      if (uses(Child))
        return true;
    return false;
  }
  const ParmVarDecl *H;
};

} // namespace

const CXXRecordDecl *CoroutineModel::promiseType(QualType T) const {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD)
    return nullptr;
  if (const ClassTemplateDecl *Traits = findStdCoroutineTraits(AST)) {
    QualType Canon =
        T.getNonReferenceType().getCanonicalType().getUnqualifiedType();
    // coroutine_traits may pick a promise by the coroutine's parameters
    // (an executor first: the task is scheduled at once). The type alone
    // says what a coroutine without such parameters gets: the
    // specialization with the fewest arguments.
    const CXXRecordDecl *Best = nullptr;
    size_t BestArgs = ~size_t(0);
    for (const ClassTemplateSpecializationDecl *Spec :
         Traits->specializations()) {
      const TemplateArgumentList &Args = Spec->getTemplateArgs();
      if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type)
        continue;
      // The pack of coroutine_traits<R, Args...> is one argument holding
      // the pack; R is the first.
      if (!AST.hasSameType(Args[0].getAsType(), Canon))
        continue;
      size_t N = 0;
      for (unsigned I = 1; I < Args.size(); ++I)
        N += Args[I].getKind() == TemplateArgument::Pack ? Args[I].pack_size()
                                                         : 1;
      if (N >= BestArgs)
        continue;
      if (const CXXRecordDecl *P = promiseMember(Spec, AST)) {
        Best = P;
        BestArgs = N;
      }
    }
    if (Best)
      return Best;
    // No coroutine of this TU returns T, so no specialization was made for
    // it: a partial specialization written for T's template says what one
    // would get (concurrencpp's result<type> is eager that way).
    llvm::SmallVector<ClassTemplatePartialSpecializationDecl *, 4> Partials;
    const_cast<ClassTemplateDecl *>(Traits)->getPartialSpecializations(
        Partials);
    const Decl *Id = classIdentity(T);
    for (const ClassTemplatePartialSpecializationDecl *PS : Partials) {
      const TemplateArgumentList &Args = PS->getTemplateArgs();
      if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type ||
          classIdentity(Args[0].getAsType()) != Id)
        continue;
      size_t N = 0;
      for (unsigned I = 1; I < Args.size(); ++I)
        if (!(Args[I].getKind() == TemplateArgument::Type &&
              Args[I].getAsType()->containsUnexpandedParameterPack()) &&
            Args[I].getKind() != TemplateArgument::Pack)
          ++N;
      if (N >= BestArgs)
        continue;
      if (const CXXRecordDecl *P = promiseMember(PS, AST)) {
        Best = P;
        BestArgs = N;
      }
    }
    if (Best)
      return Best;
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

bool CoroutineModel::schedulesOnSuspend(QualType Awaiter) const {
  const CXXRecordDecl *RD = definitionOrPattern(recordOf(Awaiter));
  if (!RD)
    return false;
  const CXXMethodDecl *Suspend = findMethod(RD, AST, "await_suspend");
  if (!Suspend)
    return false;
  const FunctionDecl *Def = nullptr;
  if (!Suspend->hasBody(Def) || !Def) {
    // A member template of a class template's instantiation keeps its body
    // in the template it was instantiated from.
    Def = nullptr;
    if (const FunctionTemplateDecl *FT =
            Suspend->getDescribedFunctionTemplate())
      if (const FunctionTemplateDecl *From =
              FT->getInstantiatedFromMemberTemplate())
        From->getTemplatedDecl()->hasBody(Def);
    if (!Def)
      if (const FunctionDecl *From =
              Suspend->getInstantiatedFromMemberFunction())
        From->hasBody(Def);
  }
  if (!Def || Def->getNumParams() != 1)
    return false;
  HandsOnHandle Finder(Def->getParamDecl(0));
  Finder.TraverseStmt(Def->getBody());
  return Finder.Found;
}

TaskKind CoroutineModel::startOfPromise(const CXXRecordDecl *Promise) const {
  if (!Promise)
    return TaskKind::NotATask;
  auto [It, New] = PromiseStarts.try_emplace(Promise, TaskKind::Unknown);
  if (!New)
    return It->second;
  TaskKind Kind = TaskKind::Unknown;
  const CXXMethodDecl *Initial =
      findMethod(definitionOrPattern(Promise), AST, "initial_suspend");
  bool Ready = false;
  if (Initial && !Initial->getReturnType()->isDependentType() &&
      readyIsConstant(Initial->getReturnType(), Ready)) {
    Kind = Ready ? TaskKind::Eager : TaskKind::Lazy;
    // An initial awaiter that hands the coroutine to an executor starts it
    // at once, elsewhere: eager in effect.
    if (!Ready && schedulesOnSuspend(Initial->getReturnType()))
      Kind = TaskKind::Eager;
  }
  PromiseStarts[Promise] = Kind;
  return Kind;
}

const CXXRecordDecl *CoroutineModel::overridden(QualType T,
                                                TaskKind &Kind) const {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || (Overrides.LazyTypes.empty() && Overrides.EagerTypes.empty()))
    return nullptr;
  std::string Name = qualifiedName(RD);
  auto Any = [&](const std::vector<std::string> &Patterns) {
    return llvm::any_of(
        Patterns, [&](const std::string &P) { return nameMatches(P, Name); });
  };
  if (Any(Overrides.LazyTypes)) {
    Kind = TaskKind::Lazy;
    return RD;
  }
  if (Any(Overrides.EagerTypes)) {
    Kind = TaskKind::Eager;
    return RD;
  }
  return nullptr;
}

ValueKind CoroutineModel::computeValueKind(QualType T) const {
  if (!Overrides.DetachedTypes.empty()) {
    std::string Name = qualifiedName(recordOf(T));
    if (llvm::any_of(Overrides.DetachedTypes, [&](const std::string &P) {
          return nameMatches(P, Name);
        }))
      return ValueKind::Detached;
  }
  TaskKind Forced;
  if (overridden(T, Forced))
    return ValueKind::Task;
  const CXXRecordDecl *Promise = promiseType(T);
  if (!Promise)
    return isAwaitable(T) ? ValueKind::Awaitable : ValueKind::Ordinary;
  const CXXRecordDecl *P = definitionOrPattern(Promise);
  // The promise must make T: an iterator that names its generator's promise
  // (for its handle) is not what a coroutine returns.
  if (const CXXMethodDecl *Get = findMethod(P, AST, "get_return_object")) {
    QualType Made = Get->getReturnType();
    const Decl *MadeId = classIdentity(Made);
    if (MadeId && MadeId != classIdentity(T))
      if (const CXXRecordDecl *MadeRD = namedRecord(Made);
          MadeRD && promiseMember(MadeRD, AST))
        return isAwaitable(T) ? ValueKind::Awaitable : ValueKind::Ordinary;
  }
  bool Awaitable = isAwaitable(T);
  if (!Awaitable && findMethod(P, AST, "yield_value"))
    return ValueKind::Generator;
  if (!Awaitable) {
    // No way to await it, and the frame frees itself at the end (a final
    // awaiter that never suspends): fire-and-forget.
    const CXXMethodDecl *Final = findMethod(P, AST, "final_suspend");
    bool Ready = false;
    if (Final && !Final->getReturnType()->isDependentType() &&
        readyIsConstant(Final->getReturnType(), Ready) && Ready)
      return ValueKind::Detached;
  }
  return ValueKind::Task;
}

ValueKind CoroutineModel::valueKind(QualType T) const {
  if (T.isNull() || T->isDependentType() || !recordOf(T))
    return ValueKind::Ordinary;
  const Type *Key = T.getNonReferenceType().getCanonicalType().getTypePtr();
  if (auto It = ValueKinds.find(Key); It != ValueKinds.end())
    return It->second;
  ValueKind Kind = computeValueKind(T);
  ValueKinds[Key] = Kind;
  return Kind;
}

TaskKind CoroutineModel::taskKind(QualType T) const {
  if (valueKind(T) != ValueKind::Task)
    return TaskKind::NotATask;
  TaskKind Forced;
  if (overridden(T, Forced))
    return Forced;
  const Type *Key = T.getNonReferenceType().getCanonicalType().getTypePtr();
  if (auto It = TaskKinds.find(Key); It != TaskKinds.end())
    return It->second;
  TaskKind Kind = startOfPromise(promiseType(T));
  TaskKinds[Key] = Kind;
  return Kind;
}

bool CoroutineModel::isDetachedCoroutine(const FunctionDecl *F) const {
  if (!F || !coroutineBody(F))
    return false;
  QualType R = F->getReturnType();
  return R->isVoidType() || valueKind(R) == ValueKind::Detached;
}

TaskKind CoroutineModel::startOf(const FunctionDecl *F) const {
  if (!F)
    return TaskKind::NotATask;
  QualType R = F->getReturnType();
  // A function returning a reference (std::move) returns no new task.
  if (R->isReferenceType() || valueKind(R) != ValueKind::Task)
    return TaskKind::NotATask;
  TaskKind Forced;
  if (overridden(R, Forced))
    return Forced;
  const FunctionDecl *Def = nullptr;
  if (F->hasBody(Def) && Def)
    if (const CoroutineBodyStmt *Body = coroutineBody(Def))
      if (const VarDecl *Promise = Body->getPromiseDecl())
        if (const CXXRecordDecl *P = Promise->getType()->getAsCXXRecordDecl())
          return startOfPromise(P);
  return taskKind(R);
}

TaskKind CoroutineModel::startOfCall(const Expr *E) const {
  if (!E)
    return TaskKind::NotATask;
  E = ignoreWrappers(E);
  if (E->getType()->isReferenceType() || !E->isPRValue())
    return TaskKind::NotATask;
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *F = Call->getDirectCallee())
      return startOf(F);
  return taskKind(E->getType());
}

QualType CoroutineModel::awaitResultType(QualType T) const {
  const CXXRecordDecl *RD = definitionOrPattern(recordOf(T));
  if (!RD)
    return QualType();
  if (const CXXMethodDecl *Resume = findMethod(RD, AST, "await_resume"))
    return Resume->getReturnType();
  DeclarationName Op = AST.DeclarationNames.getCXXOperatorName(OO_Coawait);
  if (const CXXMethodDecl *M = findMethod(RD, Op)) {
    QualType Awaiter = M->getReturnType();
    if (!Awaiter->isDependentType() && recordOf(Awaiter) != recordOf(T))
      return awaitResultType(Awaiter);
  }
  return QualType();
}

bool CoroutineModel::waitsForCompletion(const FunctionDecl *F) const {
  if (!F || isCoroutineDefinition(F) == Tristate::Yes)
    return false;
  QualType R = F->getReturnType();
  if (R->isDependentType() || valueKind(R) == ValueKind::Task ||
      valueKind(R) == ValueKind::Awaitable)
    return false;
  if (const IdentifierInfo *Id = F->getIdentifier()) {
    static const llvm::StringRef Spellings[] = {
        "sync_wait",     "syncWait",     "sync_await",   "syncAwait",
        "blocking_wait", "blockingWait", "block_on",     "blockOn",
        "run_sync",      "runSync",      "wait_for_task"};
    if (llvm::is_contained(Spellings, Id->getName()))
      return true;
  }
  // sync_wait's shape: takes a task or an awaitable and returns what
  // awaiting it gives (not void: a void function taking a task may as
  // well start it and return).
  if (R->isVoidType())
    return false;
  for (const ParmVarDecl *P : F->parameters()) {
    QualType T = P->getType().getNonReferenceType();
    ValueKind K = valueKind(T);
    if (K != ValueKind::Task && K != ValueKind::Awaitable)
      continue;
    QualType Result = awaitResultType(T);
    if (!Result.isNull() && !Result->isDependentType() &&
        AST.hasSameType(Result.getNonReferenceType().getUnqualifiedType(),
                        R.getNonReferenceType().getUnqualifiedType()))
      return true;
  }
  return false;
}

bool CoroutineModel::isFinishedResult(const Expr *E) const {
  if (!E)
    return false;
  const auto *Await = dyn_cast<CoawaitExpr>(ignoreWrappers(E));
  if (!Await)
    return false;
  QualType T = Await->getType();
  if (valueKind(T) != ValueKind::Task)
    return true;
  // "co_await r.resolve()": the same kind of result back, now ready.
  if (const auto *Member = dyn_cast_or_null<CXXMemberCallExpr>(
          ignoreWrappers(Await->getOperand())))
    if (const Expr *Object = Member->getImplicitObjectArgument())
      if (classIdentity(Object->getType()) == classIdentity(T))
        return true;
  // What an eager task gives back through co_await has already run.
  return taskKind(T) != TaskKind::Lazy;
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
  if (T.isNull() || T->isDependentType())
    return false;
  switch (valueKind(T)) {
  case ValueKind::Awaitable:
    // One that starts its work when dropped unawaited loses nothing.
    return !handsWorkOnWhenDestroyed(definitionOrPattern(recordOf(T)));
  case ValueKind::Task:
    switch (taskKind(T)) {
    case TaskKind::Lazy:
      return true;
    case TaskKind::Eager:
      return false;
    case TaskKind::Unknown:
    case TaskKind::NotATask:
      return isAwaitable(T) &&
             !handsWorkOnWhenDestroyed(definitionOrPattern(recordOf(T)));
    }
    return false;
  case ValueKind::Ordinary:
  case ValueKind::Generator:
  case ValueKind::Detached:
    return false;
  }
  return false;
}

} // namespace corolint
