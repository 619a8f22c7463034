//===- UnawaitedDiscarded.cpp - A task dropped where it is made -----------===//
//
// Part of unawaited-task: a lazy task or an awaitable (or an eager future)
// dropped by the statement that makes it -- discarded as a statement, cast
// to void, assigned to std::ignore, or tested as a bool -- and a callable
// returning one handed to code that calls it and drops the result (a
// std::function<void()>, std::thread, a template invoking it as a
// statement).
//
//===----------------------------------------------------------------------===//
#include "analyzer/DiagnosticSink.h"
#include "analyzer/Names.h"
#include "checks/UnawaitedTaskCheck.h"
#include "checks/UnawaitedValues.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace corolint {

using namespace unawaited;

namespace {

/// An eager task that can be awaited (a future): dropping it as a statement
/// leaves its work running with nobody to wait for its result or errors.
/// A type that cannot be awaited (fire-and-forget) never is one.
bool isEagerFuture(const CoroutineModel &Model, QualType T, TaskKind Start) {
  return Model.valueKind(T) == ValueKind::Task && Start == TaskKind::Eager &&
         Model.isAwaitable(T);
}

/// The statements whose value is discarded, as children of S: statements of
/// a block, bodies of control statements, the increment of a for loop, the
/// left operand of a comma.
void discardedChildren(const Stmt *S,
                       llvm::SmallVectorImpl<const Expr *> &Out) {
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

/// A discarded expression without its cleanups, parentheses and a cast to
/// void; Voided tells whether there was one.
const Expr *stripDiscard(const Expr *E, bool &Voided) {
  if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(E))
    E = Cleanups->getSubExpr();
  E = E->IgnoreParens();
  Voided = false;
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E);
      Cast && Cast->getType()->isVoidType()) {
    Voided = true;
    E = Cast->getSubExpr();
  }
  return E;
}

bool isLambdaCall(const Expr *E) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Call && Op->getNumArgs() > 0 &&
      isa<LambdaExpr>(ignoreWrappers(Op->getArg(0))))
    return true;
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (const auto *M =
            dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee()))
      return M->getParent()->isLambda();
  return false;
}

/// What produced the value, as the message names it.
std::string producerName(const Expr *E) {
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (isLambdaCall(Call))
      return "a lambda";
    if (const FunctionDecl *F = Call->getDirectCallee())
      return "'" + qualifiedName(F) + "'";
    return "a call";
  }
  return "";
}

bool isStdFunction(const FunctionDecl *F, llvm::StringRef Name) {
  return F && F->getIdentifier() && F->getName() == Name &&
         qualifiedName(F) == ("std::" + Name).str();
}

/// The std::function-like type a callable is converted to when its result is
/// dropped: a class template whose first argument is a function type
/// returning void (std::function<void()>, std::move_only_function<void()>,
/// absl::AnyInvocable<void()>, folly::Function<void()>).
bool isVoidCallableWrapper(QualType T) {
  if (T.isNull())
    return false;
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl());
  if (!Spec || Spec->getTemplateArgs().size() == 0)
    return false;
  const TemplateArgument &A = Spec->getTemplateArgs()[0];
  if (A.getKind() != TemplateArgument::Type)
    return false;
  const auto *Fn = A.getAsType()->getAs<FunctionProtoType>();
  return Fn && Fn->getReturnType()->isVoidType();
}

/// std::thread and std::jthread call their callable on a new thread and
/// drop what it returns.
bool isThreadType(QualType T) {
  if (T.isNull())
    return false;
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  std::string Name = qualifiedName(RD);
  return Name == "std::thread" || Name == "std::jthread";
}

/// The call operator of a lambda's closure type T, when it returns a value.
const CXXMethodDecl *lambdaCallOperator(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->isLambda())
    return nullptr;
  const CXXMethodDecl *Op = RD->getLambdaCallOperator();
  if (!Op || Op->getReturnType()->isDependentType())
    return nullptr;
  return Op;
}

/// A call in Body that invokes parameter P and discards what it returns:
/// "f();", "std::invoke(f);", "(void)f();".
class DiscardedInvocation : public RecursiveASTVisitor<DiscardedInvocation> {
public:
  explicit DiscardedInvocation(const ParmVarDecl *P) : P(P) {}
  const Expr *Found = nullptr;

  bool VisitStmt(Stmt *S) {
    llvm::SmallVector<const Expr *, 8> Discarded;
    discardedChildren(S, Discarded);
    for (const Expr *D : Discarded) {
      bool Voided;
      const Expr *E = ignoreWrappers(stripDiscard(D, Voided));
      const auto *Call = dyn_cast<CallExpr>(E);
      if (!Call || Call->getNumArgs() == 0)
        continue;
      bool Invokes =
          (isa<CXXOperatorCallExpr>(Call) &&
           cast<CXXOperatorCallExpr>(Call)->getOperator() == OO_Call &&
           refersTo(Call->getArg(0), P)) ||
          (isStdFunction(Call->getDirectCallee(), "invoke") &&
           refersTo(Call->getArg(0), P));
      if (Invokes && !Found)
        Found = Call;
    }
    return !Found;
  }

private:
  const ParmVarDecl *P;
};

/// Whether the coroutine may use co_await at all: a generator's promise
/// (std::generator's among them) deletes await_transform to forbid it.
bool canAwait(const CoroutineBodyStmt *Body) {
  const VarDecl *Promise = Body->getPromiseDecl();
  const CXXRecordDecl *RD =
      Promise ? Promise->getType()->getAsCXXRecordDecl() : nullptr;
  if (!RD)
    return true;
  ASTContext &AST = RD->getASTContext();
  bool Any = false, AllDeleted = true;
  for (const NamedDecl *D :
       RD->lookup(DeclarationName(&AST.Idents.get("await_transform")))) {
    Any = true;
    const auto *FD = dyn_cast<FunctionDecl>(D->getUnderlyingDecl());
    if (const auto *T = dyn_cast<FunctionTemplateDecl>(D->getUnderlyingDecl()))
      FD = T->getTemplatedDecl();
    if (!FD || !FD->isDeleted())
      AllDeleted = false;
  }
  return !(Any && AllDeleted);
}

/// Source ranges (of bodies of lambdas run in place, of catch blocks) and
/// whether a location is in one of them.
struct SourceRanges {
  llvm::SmallVector<SourceRange, 2> Ranges;
  bool contains(const SourceManager &SM, SourceLocation L) const {
    return llvm::any_of(Ranges, [&](SourceRange R) {
      return !SM.isBeforeInTranslationUnit(L, R.getBegin()) &&
             !SM.isBeforeInTranslationUnit(R.getEnd(), L);
    });
  }
};

/// unawaited-task's findings about the values one function drops in the
/// statement that makes them.
class DroppedValues {
public:
  DroppedValues(const AnalysisContext &Ctx, const FunctionInfo &F,
                DiagnosticSink &Out, llvm::StringRef Check)
      : Model(Ctx.Model), AST(Ctx.AST), SM(Ctx.AST.getSourceManager()),
        Policy(Ctx.AST.getPrintingPolicy()), F(F), Out(Out), Check(Check) {
    Policy.SuppressTagKeyword = true;
  }

  /// Checks S, the next statement of F's frame.
  void visit(const Stmt *S) {
    if (const auto *L = dyn_cast<LambdaExpr>(S); L && Model.isInvokedInPlace(L))
      Skip.Ranges.push_back(L->getBody()->getSourceRange());
    if (const auto *Catch = dyn_cast<CXXCatchStmt>(S))
      Handlers.Ranges.push_back(Catch->getHandlerBlock()->getSourceRange());
    if (!Skip.Ranges.empty() && Skip.contains(SM, S->getBeginLoc()))
      return;
    llvm::SmallVector<const Expr *, 8> Discarded;
    discardedChildren(S, Discarded);
    for (const Expr *Statement : Discarded)
      checkDiscarded(Statement);
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S))
      checkBoolTest(Call);
    checkCallablesHandedOn(S);
  }

private:
  /// A value discarded as a statement, cast to void, or given to
  /// std::ignore.
  void checkDiscarded(const Expr *Statement);
  /// Offers "co_await " before Value (in place of "std::ignore = ").
  void offerAwait(Diagnostic &D, const Expr *Value, const Expr *Ignore);
  /// A task tested as a bool: the test says whether it holds a coroutine,
  /// and awaits nothing.
  void checkBoolTest(const CXXMemberCallExpr *Call);
  /// A callable returning a task, handed to code that calls it and drops
  /// the result: a std::function<void()>, or a template parameter invoked
  /// as a statement.
  void checkCallablesHandedOn(const Stmt *S);
  /// The callable Arg, converted to Target or passed as parameter Param of
  /// Callee.
  void checkCallable(const Expr *Arg, QualType Target,
                     const FunctionDecl *Callee, unsigned Param);
  /// The note that says what to do with the task Value instead.
  void suggest(Diagnostic &D, const Expr *Value);

  std::string typeName(QualType T) const {
    return T.getCanonicalType().getUnqualifiedType().getAsString(Policy);
  }
  std::string what(QualType T) const {
    TaskKind K = kindOf(Model, T);
    return K == TaskKind::Lazy    ? std::string("lazy task '")
           : K == TaskKind::Eager ? std::string("eager task '")
                                  : std::string("awaitable '");
  }
  const char *loss(QualType T) const {
    TaskKind K = kindOf(Model, T);
    return K == TaskKind::Lazy ? "it never runs"
           : K == TaskKind::Eager
               ? "it runs, but nobody waits for its result or its errors"
               : "its work and errors are lost";
  }

  const CoroutineModel &Model;
  ASTContext &AST;
  const SourceManager &SM;
  PrintingPolicy Policy;
  const FunctionInfo &F;
  DiagnosticSink &Out;
  llvm::StringRef Check;
  // The statements of lambdas run in place belong to the lambda's own
  // function; co_await is not allowed in a catch block.
  SourceRanges Skip, Handlers;
};

void DroppedValues::suggest(Diagnostic &D, const Expr *Value) {
  if (F.Coroutine && !canAwait(F.Coroutine))
    Out.note(D, SourceRange(),
             "this coroutine's promise forbids co_await: hand the task to "
             "a function that runs it (co_spawn, spawn)");
  else if (F.Coroutine && Handlers.contains(SM, Value->getBeginLoc()))
    Out.note(D, SourceRange(),
             "co_await is not allowed in a catch block: keep the task and "
             "await it after the block, or hand it to a function that runs "
             "it (co_spawn, spawn)");
  else if (F.Coroutine)
    Out.note(D, SourceRange(),
             "co_await it, or hand it to a function "
             "that runs it (co_spawn, spawn, when_all)");
  else
    Out.note(D, SourceRange(),
             "return it to the caller, or hand it to a "
             "function that runs it (co_spawn, spawn, "
             "sync_wait at the top level)");
}

void DroppedValues::checkDiscarded(const Expr *Statement) {
  bool Voided;
  const Expr *E = stripDiscard(Statement, Voided);
  const Expr *Ignore = nullptr;
  if (const auto *Assign = dyn_cast<CXXOperatorCallExpr>(ignoreWrappers(E));
      Assign && Assign->getOperator() == OO_Equal && Assign->getNumArgs() == 2)
    if (const auto *Ref =
            dyn_cast<DeclRefExpr>(ignoreWrappers(Assign->getArg(0))))
      if (Ref->getDecl()->getIdentifier() &&
          Ref->getDecl()->getName() == "ignore" &&
          qualifiedName(Ref->getDecl()) == "std::ignore") {
        Ignore = Assign;
        E = Assign->getArg(1);
      }
  const Expr *Value = ignoreWrappers(E);
  // Only a prvalue is a task of its own; "t = other" yields a reference.
  // A co_await whose result is another task: task<task<T>>.
  if ((!isa<CallExpr, CXXConstructExpr, CoawaitExpr>(Value)) ||
      !Value->isPRValue())
    return;
  QualType T = Value->getType();
  if (T->isVoidType())
    return;
  // A future that runs on its own: "(void)" says that is meant.
  bool Eager = isa<CallExpr>(Value) && !Voided && !Ignore &&
               !Model.isFinishedResult(Value) &&
               isEagerFuture(Model, T, Model.startOfCall(Value));
  if (!Eager && !mustBeAwaitedValue(Model, Value))
    return;
  std::string By = isa<CoawaitExpr>(Value) ? "co_await" : producerName(Value);
  std::string Message =
      (Eager ? std::string("eager task '") : what(T)) + typeName(T) + "'" +
      (By.empty() ? "" : " returned by " + By) +
      " is discarded without being awaited; " +
      (Eager ? "it runs, but nobody waits for its result or its errors"
             : loss(T));
  if (Voided)
    Message += " (casting it to void does not start it)";
  if (Ignore)
    Message += " (assigning it to std::ignore does not start it)";
  Diagnostic &D = Out.report(Check, Value->getSourceRange(), Message);
  if (F.Coroutine && canAwait(F.Coroutine) &&
      !Handlers.contains(SM, Value->getBeginLoc()))
    offerAwait(D, Value, Ignore);
  if (Eager)
    Out.note(D, SourceRange(),
             F.Coroutine && canAwait(F.Coroutine)
                 ? "co_await it, or cast it to void if it is meant to run "
                   "on its own"
                 : "keep it and wait for it, or cast it to void if it is "
                   "meant to run on its own");
  else
    suggest(D, Value);
}

void DroppedValues::offerAwait(Diagnostic &D, const Expr *Value,
                               const Expr *Ignore) {
  // co_await binds tighter than a binary operator: "co_await (a | b)".
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(Value);
  bool Parens = Op && Op->getOperator() != OO_Call &&
                Op->getOperator() != OO_Subscript &&
                Op->getOperator() != OO_Arrow;
  std::string Await = Parens ? "co_await (" : "co_await ";
  if (Ignore)
    Out.replace(D,
                CharSourceRange::getCharRange(Ignore->getBeginLoc(),
                                              Value->getBeginLoc()),
                Await);
  else
    Out.insertBefore(D, Value->getBeginLoc(), Await);
  if (Parens) {
    SourceLocation End = Lexer::getLocForEndOfToken(Value->getEndLoc(), 0, SM,
                                                    AST.getLangOpts());
    if (End.isValid())
      Out.replace(D, CharSourceRange::getCharRange(End, End), ")");
    else
      D.Fixes.clear();
  }
}

void DroppedValues::checkBoolTest(const CXXMemberCallExpr *Call) {
  const auto *Conv = dyn_cast_or_null<CXXConversionDecl>(Call->getMethodDecl());
  const Expr *Object = Call->getImplicitObjectArgument();
  const Expr *Value = Object ? ignoreWrappers(Object) : nullptr;
  // Testing a task that is kept says whether it holds a coroutine: a
  // fair question. Testing one that is made and dropped loses it.
  bool Temporary =
      Value && (isa<CallExpr>(Value) || isa<CXXConstructExpr>(Value));
  if (!Conv || !Temporary || !Conv->getConversionType()->isBooleanType() ||
      !mustBeAwaitedValue(Model, Value))
    return;
  QualType T = Object->getType();
  std::string Message = what(T) + typeName(T) + "' returned by " +
                        producerName(Value) +
                        " is converted to bool, which does not await "
                        "it; " +
                        loss(T);
  Diagnostic &D = Out.report(Check, Value->getSourceRange(), Message);
  Out.note(D, SourceRange(),
           F.Coroutine ? "test the result instead: "
                         "'if (co_await ...)'"
                       : "test the result of awaiting it");
}

void DroppedValues::checkCallablesHandedOn(const Stmt *S) {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    if (isVoidCallableWrapper(Construct->getType()) ||
        isThreadType(Construct->getType()))
      for (const Expr *Arg : Construct->arguments())
        checkCallable(Arg, Construct->getType(), nullptr, 0);
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
             Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
    if (isVoidCallableWrapper(Op->getArg(0)->getType()))
      checkCallable(Op->getArg(1), Op->getArg(0)->getType(), nullptr, 0);
  } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    unsigned Shift = isa<CXXOperatorCallExpr>(Call) &&
                     isa_and_nonnull<CXXMethodDecl>(Callee);
    for (unsigned I = Shift; I < Call->getNumArgs(); ++I)
      checkCallable(Call->getArg(I), QualType(), Callee, I - Shift);
  }
}

void DroppedValues::checkCallable(const Expr *Arg, QualType Target,
                                  const FunctionDecl *Callee, unsigned Param) {
  const CXXMethodDecl *Op = lambdaCallOperator(Arg->getType());
  if (!Op)
    return;
  bool EagerFuture =
      isEagerFuture(Model, Op->getReturnType(), Model.startOf(Op));
  if (!EagerFuture && !Model.mustBeAwaited(Op->getReturnType()))
    return;
  // Either the target type drops the result, or the callee (a template,
  // instantiated for this lambda) calls it as a statement.
  const Expr *DropAt = nullptr;
  if (isThreadType(Target)) {
    // std::thread runs the callable and drops what it returns.
  } else if (Target.isNull() || !isVoidCallableWrapper(Target)) {
    const FunctionDecl *Def = nullptr;
    if (!Callee || !Callee->hasBody(Def) || !Def ||
        Param >= Def->getNumParams() || !Def->getTemplateInstantiationPattern())
      return;
    DiscardedInvocation Finder(Def->getParamDecl(Param));
    Finder.TraverseStmt(Def->getBody());
    DropAt = Finder.Found;
    if (!DropAt)
      return;
  }
  QualType R = Op->getReturnType();
  std::string Into =
      DropAt ? "'" + qualifiedName(Callee) + "'" : "'" + typeName(Target) + "'";
  Diagnostic &D = Out.report(
      Check, ignoreWrappers(Arg)->getSourceRange(),
      std::string(CoroutineModel::coroutineBody(Op) ? "coroutine lambda"
                                                    : "lambda") +
          " returning " + what(R) + typeName(R) + "' is passed to " + Into +
          (isThreadType(Target)
               ? ", which runs it and drops the task it returns; "
               : ", which expects a callable returning void and drops "
                 "the task; ") +
          loss(R));
  if (DropAt)
    Out.note(D, DropAt->getSourceRange(),
             "the task it returns is discarded here");
  Out.note(D, SourceRange(),
           "make the caller take a callable that returns the task and "
           "await it, or spawn the task inside a lambda that returns void");
}

} // namespace

void UnawaitedTaskCheck::checkDiscarded(const AnalysisContext &Ctx,
                                        const FunctionInfo &F,
                                        DiagnosticSink &Out) {
  DroppedValues Dropped(Ctx, F, Out, name());
  Ctx.Model.forEachStmtInFrame(F.Decl,
                               [&](const Stmt *S) { Dropped.visit(S); });
}

} // namespace corolint
