//===- DanglingAwaitResult.cpp - A reference into a dead awaitable --------===//
#include "checks/DanglingAwaitResult.h"
#include "analyzer/Check.h"
#include "analyzer/CoroutineModel.h"
#include "analyzer/DiagnosticSink.h"
#include "analyzer/Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <functional>

using namespace clang;

namespace corolint {

namespace {

/// Where a reference that a method returns points, seen from the method's
/// object.
enum class Into {
  Elsewhere, ///< Something the object does not own, or we cannot tell.
  Object,    ///< The object: *this, a member, what a member unique_ptr or
             ///< optional holds.
  Frame,     ///< The promise of the coroutine frame a member handle names.
};

struct Target {
  Into Where = Into::Elsewhere;
  std::string What; ///< "member 'value'", for the note.
};

bool isStd(QualType T, llvm::StringRef Name) {
  const CXXRecordDecl *RD =
      T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() && RD->getName() == unqualifiedName(Name) &&
         qualifiedName(RD) == Name;
}

/// Owning wrappers whose contents are part of the object that holds them.
bool isOwning(QualType T) {
  return isStd(T, "std::unique_ptr") || isStd(T, "std::optional");
}

/// E without parentheses, implicit casts, std::move/std::forward and
/// static_cast/const_cast: the object a reference is taken to.
const Expr *stripMoves(const Expr *E) {
  while (true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Call = dyn_cast<CallExpr>(E);
        Call && Call->getNumArgs() == 1 && Call->getDirectCallee() &&
        Call->getDirectCallee()->getIdentifier()) {
      std::string Name = qualifiedName(Call->getDirectCallee());
      if (Name == "std::move" || Name == "std::forward" ||
          Name == "std::as_const") {
        E = Call->getArg(0);
        continue;
      }
    }
    if (isa<CXXStaticCastExpr, CXXConstCastExpr>(E)) {
      E = cast<CXXNamedCastExpr>(E)->getSubExpr();
      continue;
    }
    return E;
  }
}

Target returnedState(const FunctionDecl *F, unsigned Depth,
                     const ReturnStmt **First);

/// Where E, an expression in a method, refers to, seen from the method's
/// object.
Target stateOf(const Expr *E, unsigned Depth) {
  E = stripMoves(E);
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && U->getOpcode() == UO_Deref) {
    // *this is the object; any other raw pointer points elsewhere.
    if (isa<CXXThisExpr>(stripMoves(U->getSubExpr())))
      return {Into::Object, "the awaiter itself"};
    return {};
  }
  if (const auto *M = dyn_cast<MemberExpr>(E)) {
    // A reference member refers to something else; so does a raw pointer.
    const auto *Field = dyn_cast<FieldDecl>(M->getMemberDecl());
    if (!Field || Field->getType()->isReferenceType())
      return {};
    const Expr *Base = stripMoves(M->getBase());
    Target T;
    if (!M->isArrow())
      T = stateOf(Base, Depth);
    else if (isa<CXXThisExpr>(Base))
      T = {Into::Object, ""};
    else if (isa<CXXOperatorCallExpr>(Base))
      T = stateOf(Base, Depth); // A member unique_ptr's operator->.
    if (T.Where != Into::Elsewhere && T.What.empty())
      T.What = "member '" + M->getMemberDecl()->getNameAsString() + "'";
    return T;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if ((Op->getOperator() == OO_Star || Op->getOperator() == OO_Arrow) &&
        Op->getNumArgs() >= 1 && isOwning(Op->getArg(0)->getType()))
      return stateOf(Op->getArg(0), Depth);
    return {};
  }
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *M = Call->getMethodDecl();
    const Expr *Object = Call->getImplicitObjectArgument();
    if (!M || !Object || !M->getIdentifier())
      return {};
    if (M->getName() == "promise" &&
        isStd(Object->getType(), "std::coroutine_handle")) {
      if (stateOf(Object, Depth).Where == Into::Object)
        return {Into::Frame, "the promise of its coroutine frame"};
      return {};
    }
    if (isOwning(Object->getType()) && M->getName() == "value")
      return stateOf(Object, Depth);
    if (!M->getReturnType()->isReferenceType() || Depth == 0)
      return {};
    // A method of the object (or of the promise) that returns a reference
    // into its own object: the result is where that object is.
    Target Owner = stateOf(Object, Depth);
    if (Owner.Where == Into::Elsewhere)
      return {};
    Target Inner = returnedState(M, Depth - 1, nullptr);
    if (Inner.Where != Into::Object)
      return {};
    if (Owner.Where == Into::Frame)
      return Owner;
    return {Into::Object, Inner.What};
  }
  if (const auto *C = dyn_cast<ConditionalOperator>(E)) {
    Target T = stateOf(C->getTrueExpr(), Depth);
    return T.Where != Into::Elsewhere ? T : stateOf(C->getFalseExpr(), Depth);
  }
  return {};
}

void collectReturns(const Stmt *S,
                    llvm::SmallVectorImpl<const ReturnStmt *> &Out) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *R = dyn_cast<ReturnStmt>(S))
    Out.push_back(R);
  for (const Stmt *Child : S->children())
    collectReturns(Child, Out);
}

/// Where every return statement of F points, seen from F's object; First is
/// set to the first of them.
Target returnedState(const FunctionDecl *F, unsigned Depth,
                     const ReturnStmt **First) {
  const FunctionDecl *Def = F ? F->getDefinition() : nullptr;
  if (!Def || !Def->getBody() || !Def->getReturnType()->isReferenceType())
    return {};
  llvm::SmallVector<const ReturnStmt *, 2> Returns;
  collectReturns(Def->getBody(), Returns);
  Target Result;
  for (const ReturnStmt *R : Returns) {
    if (!R->getRetValue())
      return {};
    Target T = stateOf(R->getRetValue(), Depth);
    if (T.Where == Into::Elsewhere)
      return {};
    if (Result.Where != Into::Frame)
      Result = T;
  }
  if (First && !Returns.empty())
    *First = Returns.front();
  return Result;
}

/// Whether the destructor of RD destroys a coroutine frame: a task that
/// owns its frame takes the promise with it.
bool destroysFrame(const CXXRecordDecl *RD) {
  RD = RD ? RD->getDefinition() : nullptr;
  const CXXDestructorDecl *Dtor = RD ? RD->getDestructor() : nullptr;
  const FunctionDecl *Def = Dtor ? Dtor->getDefinition() : nullptr;
  if (!Def || !Def->getBody())
    return false;
  bool Destroys = false;
  std::function<void(const Stmt *, unsigned)> Walk = [&](const Stmt *S,
                                                         unsigned Depth) {
    if (!S || Destroys)
      return;
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
      const CXXMethodDecl *M = Call->getMethodDecl();
      if (M && M->getIdentifier() && M->getName() == "destroy" &&
          isStd(Call->getImplicitObjectArgument()->getType(),
                "std::coroutine_handle"))
        Destroys = true;
      else if (M && Depth > 0 &&
               M->getParent()->getCanonicalDecl() == RD->getCanonicalDecl())
        if (const FunctionDecl *Callee = M->getDefinition())
          Walk(Callee->getBody(), Depth - 1);
    }
    for (const Stmt *Child : S->children())
      Walk(Child, Depth);
  };
  Walk(Def->getBody(), 2);
  return Destroys;
}

const CXXMemberCallExpr *findMemberCall(const Stmt *S, llvm::StringRef Name) {
  if (!S)
    return nullptr;
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S))
    if (const CXXMethodDecl *M = Call->getMethodDecl();
        M && M->getIdentifier() && M->getName() == Name)
      return Call;
  for (const Stmt *Child : S->children())
    if (const CXXMemberCallExpr *Found = findMemberCall(Child, Name))
      return Found;
  return nullptr;
}

/// The co_await that V, a reference, binds to directly: no temporary in
/// between (which would be lifetime-extended).
const CoawaitExpr *boundAwait(const VarDecl *V) {
  if (!V->getType()->isReferenceType() || !V->getInit())
    return nullptr;
  const Expr *E = V->getInit();
  while (true) {
    if (const auto *C = dyn_cast<ExprWithCleanups>(E))
      E = C->getSubExpr();
    else if (const auto *P = dyn_cast<ParenExpr>(E))
      E = P->getSubExpr();
    else if (const auto *Cast = dyn_cast<ImplicitCastExpr>(E);
             Cast && (Cast->getCastKind() == CK_NoOp ||
                      Cast->getCastKind() == CK_DerivedToBase ||
                      Cast->getCastKind() == CK_UncheckedDerivedToBase))
      E = Cast->getSubExpr();
    else
      break;
  }
  return dyn_cast<CoawaitExpr>(E);
}

/// Whether the operand of A is a temporary, destroyed at the end of the
/// full-expression: f(), not a named awaitable or std::move of one.
const Expr *temporaryOperand(const CoawaitExpr *A) {
  const Expr *O = A->getOperand();
  while (true) {
    if (const auto *P = dyn_cast<ParenExpr>(O))
      O = P->getSubExpr();
    else if (const auto *C = dyn_cast<ExprWithCleanups>(O))
      O = C->getSubExpr();
    else if (const auto *Cast = dyn_cast<ImplicitCastExpr>(O);
             Cast && Cast->getCastKind() == CK_NoOp)
      O = Cast->getSubExpr();
    else
      break;
  }
  if (isa<MaterializeTemporaryExpr>(O) || O->isPRValue())
    return O;
  return nullptr;
}

/// The first use of each local in S, other than in its own initializer.
void collectUses(const Stmt *S,
                 llvm::DenseMap<const VarDecl *, const DeclRefExpr *> &Uses) {
  if (!S)
    return;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
      Uses.try_emplace(V, Ref);
  for (const Stmt *Child : S->children())
    collectUses(Child, Uses);
}

} // namespace

void checkDanglingAwaitResults(const AnalysisContext &Ctx, DiagnosticSink &Out,
                               llvm::StringRef Check) {
  const CoroutineModel &Model = Ctx.Model;
  // C++23 extends the temporaries of a range-for initializer (P2718).
  bool RangeForExtends = Ctx.AST.getLangOpts().CPlusPlus23;
  for (const FunctionInfo &F : Model.functions()) {
    if (!F.Coroutine || F.Suspensions.empty())
      continue;
    llvm::SmallVector<std::pair<const VarDecl *, const CoawaitExpr *>, 2> Bound;
    llvm::DenseSet<const VarDecl *> Ranges;
    Model.forEachStmtInFrame(F.Decl, [&](const Stmt *S) {
      // "for (auto &x : co_await f())" binds the hidden range variable.
      if (const auto *For = dyn_cast<CXXForRangeStmt>(S)) {
        const auto *V =
            For->getRangeStmt() && For->getRangeStmt()->isSingleDecl()
                ? dyn_cast<VarDecl>(For->getRangeStmt()->getSingleDecl())
                : nullptr;
        if (const CoawaitExpr *A = V ? boundAwait(V) : nullptr;
            A && !RangeForExtends && Ranges.insert(V).second)
          Bound.push_back({V, A});
        return;
      }
      if (const auto *DS = dyn_cast<DeclStmt>(S))
        for (const Decl *D : DS->decls())
          if (const auto *V = dyn_cast<VarDecl>(D); V && !V->isImplicit())
            if (const CoawaitExpr *A = boundAwait(V))
              Bound.push_back({V, A});
    });
    if (Bound.empty())
      continue;
    llvm::DenseMap<const VarDecl *, const DeclRefExpr *> Uses;
    collectUses(F.Decl->getBody(), Uses);
    for (const auto &[V, A] : Bound) {
      const DeclRefExpr *Use = Uses.lookup(V);
      const Expr *Temporary = temporaryOperand(A);
      const CXXMemberCallExpr *Resume =
          findMemberCall(A->getResumeExpr(), "await_resume");
      if (!Use || !Temporary || !Resume || !Resume->getMethodDecl() ||
          !Resume->getMethodDecl()->getReturnType()->isReferenceType())
        continue;
      const ReturnStmt *Return = nullptr;
      Target T = returnedState(Resume->getMethodDecl(), 3, &Return);
      if (T.Where == Into::Elsewhere || !Return)
        continue;
      const CXXRecordDecl *Awaiter = Resume->getMethodDecl()->getParent();
      const CXXRecordDecl *Awaitable =
          Temporary->getType()->getAsCXXRecordDecl();
      // An operator co_await that returns a reference may hand out an
      // awaiter that the temporary does not own.
      const Expr *Common = A->getCommonExpr();
      if (const auto *OV = dyn_cast_or_null<OpaqueValueExpr>(
              Common ? Common->IgnoreImplicit() : nullptr))
        Common = OV->getSourceExpr();
      if (const auto *Call = dyn_cast_or_null<CallExpr>(
              Common ? Common->IgnoreImplicit() : nullptr);
          Call && Call->getDirectCallee() &&
          Call->getDirectCallee()->getOverloadedOperator() == OO_Coawait &&
          Call->getDirectCallee()->getReturnType()->isReferenceType())
        continue;
      // The frame dies with the temporary only if the task (or the awaiter
      // it made) destroys it.
      if (T.Where == Into::Frame && !destroysFrame(Awaitable) &&
          !destroysFrame(Awaiter))
        continue;
      bool RangeFor = Ranges.contains(V);
      std::string Name = RangeFor ? "the range of this for loop"
                                  : "reference '" + V->getNameAsString() + "'";
      std::string Where = T.Where == Into::Frame
                              ? "the promise of the temporary task's "
                                "coroutine frame"
                              : "the temporary awaitable (" + T.What + ")";
      SourceRange At = RangeFor ? SourceRange(A->getBeginLoc())
                                : SourceRange(V->getLocation());
      Diagnostic &D = Out.report(
          Check, At,
          Name + " is bound to what co_await returns, a reference into " +
              Where +
              "; the temporary is destroyed at the end of the "
              "full-expression, so the reference dangles");
      Out.note(
          D, Return->getSourceRange(),
          "'await_resume' returns a reference into " +
              (T.Where == Into::Frame ? T.What : T.What + " of the awaiter"));
      Out.note(D, Temporary->getSourceRange(),
               T.Where == Into::Frame
                   ? "this task is a temporary: its destructor destroys the "
                     "coroutine frame at the end of the full-expression"
                   : "this awaitable is a temporary, destroyed at the end of "
                     "the full-expression");
      if (!RangeFor)
        Out.note(D, Use->getSourceRange(), "used here, after it dangles");
      Out.note(D, SourceRange(),
               RangeFor
                   ? "await into a named variable first, and loop over "
                     "that"
                   : "bind the result by value ('auto " + V->getNameAsString() +
                         " = co_await ...'), or keep the awaitable in a "
                         "named variable that outlives the reference");
    }
  }
}

} // namespace corolint
