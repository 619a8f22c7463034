//===- UnawaitedTaskCheck.cpp - A lazy task or awaitable dropped unawaited ===//
#include "checks/UnawaitedTaskCheck.h"
#include "analyzer/DiagnosticSink.h"
#include "analyzer/FrameFlow.h"
#include "analyzer/Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace corolint {

namespace {
/// The check's section of .corolint.yaml.
struct UnawaitedOptions {
  /// Types to treat as lazy tasks or eager tasks whatever their promise says,
  /// and coroutine result types that cannot be awaited: the model's.
  TaskOverrides Types;
  /// Functions that take ownership of a task handed to them.
  std::vector<std::string> Consumers;
};
} // namespace
} // namespace corolint

template <> struct llvm::yaml::MappingTraits<corolint::UnawaitedOptions> {
  static void mapping(IO &IO, corolint::UnawaitedOptions &O) {
    IO.mapOptional("lazy-types", O.Types.LazyTypes);
    IO.mapOptional("eager-types", O.Types.EagerTypes);
    IO.mapOptional("detached-types", O.Types.DetachedTypes);
    IO.mapOptional("consumers", O.Consumers);
  }
};

namespace corolint {

llvm::Expected<std::unique_ptr<Check>>
UnawaitedTaskCheck::create(const Config &Settings) {
  UnawaitedOptions O;
  if (llvm::Error E = Settings.options(Name).read(O))
    return std::move(E);
  std::unique_ptr<UnawaitedTaskCheck> C(new UnawaitedTaskCheck());
  C->Consumers = std::move(O.Consumers);
  return std::unique_ptr<Check>(std::move(C));
}

llvm::Error UnawaitedTaskCheck::configureEngine(const Config &Settings,
                                                EngineOptions &Engine) {
  UnawaitedOptions O;
  if (llvm::Error E = Settings.options(Name).read(O))
    return E;
  Engine.Tasks = std::move(O.Types);
  return llvm::Error::success();
}

static bool matchesAny(llvm::ArrayRef<std::string> Patterns,
                       const NamedDecl *D) {
  std::string Name = qualifiedName(D);
  return llvm::any_of(
      Patterns, [&](const std::string &P) { return nameMatches(P, Name); });
}

bool UnawaitedTaskCheck::isConsumer(const FunctionDecl *F) const {
  return F && !Consumers.empty() && matchesAny(Consumers, F);
}

namespace {

TaskKind kindOf(const CoroutineModel &Model, QualType T) {
  return T.isNull() ? TaskKind::NotATask : Model.taskKind(T);
}

bool mustBeAwaited(const CoroutineModel &Model, QualType T) {
  return Model.mustBeAwaited(T);
}

/// A value made by Value (a call, a construction, a co_await) whose work is
/// lost if it is dropped: a lazy task as its coroutine's promise says, or an
/// awaitable operation -- not a finished result.
bool mustBeAwaitedValue(const CoroutineModel &Model, const Expr *Value) {
  QualType T = Value->getType();
  if (!Model.mustBeAwaited(T))
    return false;
  if (Model.isFinishedResult(Value))
    return false;
  if (Model.valueKind(T) == ValueKind::Task && isa<CallExpr>(Value))
    return Model.startOfCall(Value) != TaskKind::Eager;
  return true;
}

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

/// Whether parameter I of F (as written, before deduction) is a forwarding
/// reference: an lvalue argument binds to it, yet F may take it over.
bool isForwardingParam(const FunctionDecl *F, unsigned I) {
  const FunctionDecl *Pattern = F->getTemplateInstantiationPattern();
  if (!Pattern || I >= Pattern->getNumParams())
    return false;
  QualType T = Pattern->getParamDecl(I)->getType();
  if (const auto *R = T->getAs<RValueReferenceType>())
    return R->getPointeeType()->isDependentType();
  return T->isDependentType() && !T->isReferenceType();
}

/// Whether a task of type T can be copied: then a const& parameter may keep
/// a copy (a container of shared tasks), and is a hand-off too.
bool isCopyable(QualType T) {
  const CXXRecordDecl *RD =
      T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  for (const CXXConstructorDecl *C : RD->ctors())
    if (C->isCopyConstructor() && !C->isDeleted())
      return true;
  return RD->needsImplicitCopyConstructor() &&
         !RD->defaultedCopyConstructorIsDeleted();
}

/// Whether a parameter of type T takes the argument over: by value, by
/// rvalue reference or by non-const lvalue reference, but not by const
/// reference.
bool takesOver(const FunctionDecl *F, unsigned I, QualType Task) {
  if (!F || I >= F->getNumParams())
    return true; // Variadic or unknown: assume so.
  QualType T = F->getParamDecl(I)->getType();
  if (T->isLValueReferenceType() && T.getNonReferenceType().isConstQualified())
    return isForwardingParam(F, I) || isCopyable(Task);
  return true;
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

bool refersTo(const Expr *E, const ValueDecl *D) {
  const auto *Ref =
      dyn_cast_or_null<DeclRefExpr>(E ? ignoreWrappers(E) : nullptr);
  return Ref && Ref->getDecl() == D;
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

} // namespace

void UnawaitedTaskCheck::run(const AnalysisContext &Ctx, DiagnosticSink &Out) {
  for (const FunctionInfo &F : Ctx.Model.functions()) {
    // Code given to an "expect this to throw" assertion is meant to fail.
    if (Ctx.Model.isExpectedToFail(F.Decl))
      continue;
    checkDiscarded(Ctx, F, Out);
    checkLocals(Ctx, F, Out);
  }
}

void UnawaitedTaskCheck::checkDiscarded(const AnalysisContext &Ctx,
                                        const FunctionInfo &F,
                                        DiagnosticSink &Out) {
  const CoroutineModel &Model = Ctx.Model;
  const SourceManager &SM = Ctx.AST.getSourceManager();
  PrintingPolicy Policy = Ctx.AST.getPrintingPolicy();
  Policy.SuppressTagKeyword = true;
  auto TypeName = [&](QualType T) {
    return T.getCanonicalType().getUnqualifiedType().getAsString(Policy);
  };
  auto What = [&](QualType T) {
    TaskKind K = kindOf(Model, T);
    return K == TaskKind::Lazy    ? std::string("lazy task '")
           : K == TaskKind::Eager ? std::string("eager task '")
                                  : std::string("awaitable '");
  };
  auto Loss = [&](QualType T) {
    TaskKind K = kindOf(Model, T);
    return K == TaskKind::Lazy ? "it never runs"
           : K == TaskKind::Eager
               ? "it runs, but nobody waits for its result or its errors"
               : "its work and errors are lost";
  };
  // The statements of lambdas run in place belong to the lambda's own
  // function; co_await is not allowed in a catch block.
  SourceRanges Skip, Handlers;
  auto Suggest = [&](Diagnostic &D, const Expr *Value) {
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
  };

  Model.forEachStmtInFrame(F.Decl, [&](const Stmt *S) {
    if (const auto *L = dyn_cast<LambdaExpr>(S); L && Model.isInvokedInPlace(L))
      Skip.Ranges.push_back(L->getBody()->getSourceRange());
    if (const auto *Catch = dyn_cast<CXXCatchStmt>(S))
      Handlers.Ranges.push_back(Catch->getHandlerBlock()->getSourceRange());
    if (!Skip.Ranges.empty() && Skip.contains(SM, S->getBeginLoc()))
      return;

    // A value discarded as a statement, cast to void, or given to std::ignore.
    llvm::SmallVector<const Expr *, 8> Discarded;
    discardedChildren(S, Discarded);
    for (const Expr *Statement : Discarded) {
      bool Voided;
      const Expr *E = stripDiscard(Statement, Voided);
      const Expr *Ignore = nullptr;
      if (const auto *Assign = dyn_cast<CXXOperatorCallExpr>(ignoreWrappers(E));
          Assign && Assign->getOperator() == OO_Equal &&
          Assign->getNumArgs() == 2)
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
        continue;
      QualType T = Value->getType();
      if (T->isVoidType())
        continue;
      // A future that runs on its own: "(void)" says that is meant.
      bool Eager = isa<CallExpr>(Value) && !Voided && !Ignore &&
                   !Model.isFinishedResult(Value) &&
                   isEagerFuture(Model, T, Model.startOfCall(Value));
      if (!Eager && !mustBeAwaitedValue(Model, Value))
        continue;
      std::string By =
          isa<CoawaitExpr>(Value) ? "co_await" : producerName(Value);
      std::string Message =
          (Eager ? std::string("eager task '") : What(T)) + TypeName(T) + "'" +
          (By.empty() ? "" : " returned by " + By) +
          " is discarded without being awaited; " +
          (Eager ? "it runs, but nobody waits for its result or its errors"
                 : Loss(T));
      if (Voided)
        Message += " (casting it to void does not start it)";
      if (Ignore)
        Message += " (assigning it to std::ignore does not start it)";
      Diagnostic &D = Out.report(name(), Value->getSourceRange(), Message);
      if (F.Coroutine && canAwait(F.Coroutine) &&
          !Handlers.contains(SM, Value->getBeginLoc())) {
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
          SourceLocation End = Lexer::getLocForEndOfToken(
              Value->getEndLoc(), 0, SM, Ctx.AST.getLangOpts());
          if (End.isValid())
            Out.replace(D, CharSourceRange::getCharRange(End, End), ")");
          else
            D.Fixes.clear();
        }
      }
      if (Eager)
        Out.note(D, SourceRange(),
                 F.Coroutine && canAwait(F.Coroutine)
                     ? "co_await it, or cast it to void if it is meant to run "
                       "on its own"
                     : "keep it and wait for it, or cast it to void if it is "
                       "meant to run on its own");
      else
        Suggest(D, Value);
    }

    // A task tested as a bool: the test says whether it holds a coroutine,
    // and awaits nothing.
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
      const auto *Conv =
          dyn_cast_or_null<CXXConversionDecl>(Call->getMethodDecl());
      const Expr *Object = Call->getImplicitObjectArgument();
      const Expr *Value = Object ? ignoreWrappers(Object) : nullptr;
      // Testing a task that is kept says whether it holds a coroutine: a
      // fair question. Testing one that is made and dropped loses it.
      bool Temporary =
          Value && (isa<CallExpr>(Value) || isa<CXXConstructExpr>(Value));
      if (Conv && Temporary && Conv->getConversionType()->isBooleanType() &&
          mustBeAwaitedValue(Model, Value)) {
        QualType T = Object->getType();
        std::string Message = What(T) + TypeName(T) + "' returned by " +
                              producerName(Value) +
                              " is converted to bool, which does not await "
                              "it; " +
                              Loss(T);
        Diagnostic &D = Out.report(name(), Value->getSourceRange(), Message);
        Out.note(D, SourceRange(),
                 F.Coroutine ? "test the result instead: "
                               "'if (co_await ...)'"
                             : "test the result of awaiting it");
      }
    }

    // A callable returning a task, handed to code that calls it and drops
    // the result: a std::function<void()>, or a template parameter invoked as
    // a statement.
    auto CheckCallable = [&](const Expr *Arg, QualType Target,
                             const FunctionDecl *Callee, unsigned Param) {
      const CXXMethodDecl *Op = lambdaCallOperator(Arg->getType());
      if (!Op)
        return;
      bool EagerFuture =
          isEagerFuture(Model, Op->getReturnType(), Model.startOf(Op));
      if (!EagerFuture && !mustBeAwaited(Model, Op->getReturnType()))
        return;
      // Either the target type drops the result, or the callee (a template,
      // instantiated for this lambda) calls it as a statement.
      const Expr *DropAt = nullptr;
      if (isThreadType(Target)) {
        // std::thread runs the callable and drops what it returns.
      } else if (Target.isNull() || !isVoidCallableWrapper(Target)) {
        const FunctionDecl *Def = nullptr;
        if (!Callee || !Callee->hasBody(Def) || !Def ||
            Param >= Def->getNumParams() ||
            !Def->getTemplateInstantiationPattern())
          return;
        DiscardedInvocation Finder(Def->getParamDecl(Param));
        Finder.TraverseStmt(Def->getBody());
        DropAt = Finder.Found;
        if (!DropAt)
          return;
      }
      QualType R = Op->getReturnType();
      std::string Into = DropAt ? "'" + qualifiedName(Callee) + "'"
                                : "'" + TypeName(Target) + "'";
      Diagnostic &D = Out.report(
          name(), ignoreWrappers(Arg)->getSourceRange(),
          std::string(CoroutineModel::coroutineBody(Op) ? "coroutine lambda"
                                                        : "lambda") +
              " returning " + What(R) + TypeName(R) + "' is passed to " + Into +
              (isThreadType(Target)
                   ? ", which runs it and drops the task it returns; "
                   : ", which expects a callable returning void and drops "
                     "the task; ") +
              Loss(R));
      if (DropAt)
        Out.note(D, DropAt->getSourceRange(),
                 "the task it returns is discarded here");
      Out.note(D, SourceRange(),
               "make the caller take a callable that returns the task and "
               "await it, or spawn the task inside a lambda that returns void");
    };
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
      if (isVoidCallableWrapper(Construct->getType()) ||
          isThreadType(Construct->getType()))
        for (const Expr *Arg : Construct->arguments())
          CheckCallable(Arg, Construct->getType(), nullptr, 0);
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
               Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
      if (isVoidCallableWrapper(Op->getArg(0)->getType()))
        CheckCallable(Op->getArg(1), Op->getArg(0)->getType(), nullptr, 0);
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      unsigned Shift = isa<CXXOperatorCallExpr>(Call) &&
                       isa_and_nonnull<CXXMethodDecl>(Callee);
      for (unsigned I = Shift; I < Call->getNumArgs(); ++I)
        CheckCallable(Call->getArg(I), QualType(), Callee, I - Shift);
    }
  });
}

UnawaitedTaskCheck::Use
UnawaitedTaskCheck::classify(const CoroutineModel &Model, const FrameFlow &Flow,
                             const DeclRefExpr *Ref) const {
  if (Model.isAwaitedDirectly(Ref))
    return Use::Consumes;
  const Expr *Child = nullptr;
  const Stmt *P = Flow.semanticParent(Ref, Child);
  if (!P)
    return Use::Consumes;
  if (Model.isAwaitedDirectly(Child))
    return Use::Consumes;
  if (const auto *Cast = dyn_cast<ImplicitCastExpr>(P))
    return Cast->getType()->isBooleanType() ? Use::Tests : Use::Consumes;
  if (const auto *Member = dyn_cast<MemberExpr>(P)) {
    const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(Flow.parent(Member));
    const CXXMethodDecl *M = Call ? Call->getMethodDecl() : nullptr;
    if (!M)
      return Use::Consumes;
    if (const auto *Conv = dyn_cast<CXXConversionDecl>(M);
        Conv && Conv->getConversionType()->isBooleanType())
      return Use::Tests;
    // A member whose result is awaited, or that gives another awaitable,
    // task or generator (task.when_ready(), std::move(task).result(), a
    // generator's operator()), runs the task: so does one that changes it.
    if (!M->isConst() || Model.isAwaitedDirectly(Call))
      return Use::Consumes;
    QualType R = M->getReturnType();
    if (!R->isReferenceType() && Model.valueKind(R) != ValueKind::Ordinary)
      return Use::Consumes;
    // Asking its state (is_ready(), done()) is managing it: a finished task
    // needs no awaiting, and the code has looked.
    if (R->isBooleanType())
      return Use::Consumes;
    return Use::Neutral;
  }
  if (const auto *Call = dyn_cast<CallExpr>(P)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (isConsumer(Callee))
      return Use::Consumes;
    unsigned Index = 0;
    while (Index < Call->getNumArgs() && Call->getArg(Index) != Child)
      ++Index;
    if (Index == Call->getNumArgs())
      return Use::Consumes; // The callee itself: invoking a task object.
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
        Op && isa_and_nonnull<CXXMethodDecl>(Callee)) {
      if (Index == 0) {
        // "t = std::move(t)": the task stays where it was.
        if (Op->getOperator() == OO_Equal)
          return rootVariable(Op->getArg(1)) == Ref->getDecl() ? Use::Neutral
                                                               : Use::Assigns;
        return cast<CXXMethodDecl>(Callee)->isConst() ? Use::Neutral
                                                      : Use::Consumes;
      }
      --Index;
    }
    return takesOver(Callee, Index, Ref->getType()) ? Use::Consumes
                                                    : Use::Neutral;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(P)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (Ctor->isCopyOrMoveConstructor())
      return Use::Consumes;
    for (unsigned I = 0; I < Construct->getNumArgs(); ++I)
      if (Construct->getArg(I) == Child)
        return takesOver(Ctor, I, Ref->getType()) ? Use::Consumes
                                                  : Use::Neutral;
    return Use::Consumes;
  }
  // Awaited, returned, captured, bound to a reference, its address taken,
  // stored in an aggregate: it is no longer this frame's to drop.
  return Use::Consumes;
}

void UnawaitedTaskCheck::checkLocals(const AnalysisContext &Ctx,
                                     const FunctionInfo &F,
                                     DiagnosticSink &Out) {
  const CoroutineModel &Model = Ctx.Model;
  llvm::SmallVector<const VarDecl *, 4> Locals;
  Model.forEachStmtInFrame(F.Decl, [&](const Stmt *S) {
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D);
            V && V->hasLocalStorage() && !isa<ParmVarDecl>(V) &&
            !V->getType()->isReferenceType() &&
            mustBeAwaited(Model, V->getType()))
          Locals.push_back(V);
  });
  // A task taken by value is this function's to run or hand on, too.
  for (const ParmVarDecl *P : F.Decl->parameters())
    if (P->getIdentifier() && !P->getType()->isReferenceType() &&
        kindOf(Model, P->getType()) == TaskKind::Lazy)
      Locals.push_back(P);
  if (Locals.empty())
    return;
  FrameFlow Flow(F.Decl, Ctx.AST);
  if (!Flow.valid())
    return;
  const SourceManager &SM = Ctx.AST.getSourceManager();
  PrintingPolicy Policy = Ctx.AST.getPrintingPolicy();
  Policy.SuppressTagKeyword = true;

  const Stmt *Body = F.Coroutine ? F.Coroutine->getBody() : F.Decl->getBody();
  for (const VarDecl *V : Locals) {
    bool Param = isa<ParmVarDecl>(V);
    std::optional<FrameFlow::Point> Decl =
        Param ? std::optional(Flow.entry()) : Flow.declaration(V);
    if (!Decl)
      continue;
    // Where V gets a task: a real initializer (not a default construction),
    // and each assignment.
    struct Definition {
      FrameFlow::Point At;
      SourceLocation Loc;
    };
    llvm::SmallVector<Definition, 2> Definitions;
    const Expr *Init = V->getInit() ? ignoreWrappers(V->getInit()) : nullptr;
    // An awaitable that is not a task is followed only when a call made it
    // (an operation); one constructed in place is an object that others
    // wait on (an event, a latch) and may well never be awaited here.
    bool Task = kindOf(Model, V->getType()) == TaskKind::Lazy;
    // An empty, default-constructed result holds no task; nor does the
    // finished result of a co_await.
    bool Empty =
        Init && ((isa<CXXConstructExpr>(Init) &&
                  (cast<CXXConstructExpr>(Init)->getNumArgs() == 0 || !Task)) ||
                 (isa<InitListExpr>(Init) &&
                  cast<InitListExpr>(Init)->getNumInits() == 0));
    if (Init && !Empty && !Param && isa<CallExpr, CoawaitExpr>(Init) &&
        !mustBeAwaitedValue(Model, Init))
      Empty = true;
    // Of an operation (an awaitable that is no task) or a copyable handle
    // (shared_result, shared_task), only what a call makes here is this
    // variable's own: a copy or a move of another variable is that one's.
    bool OnlyMade = !Task || isCopyable(V->getType());
    // Moved out of a local that holds nothing (default-constructed, or
    // itself moved from an empty one): nothing arrives.
    auto FromEmpty = [&](const Expr *E) {
      const VarDecl *From = E ? rootVariable(E) : nullptr;
      if (!From || From == V || !From->hasLocalStorage() || !From->getInit())
        return false;
      const Expr *I = ignoreWrappers(From->getInit());
      return (isa<CXXConstructExpr>(I) &&
              cast<CXXConstructExpr>(I)->getNumArgs() == 0) ||
             (isa<InitListExpr>(I) &&
              cast<InitListExpr>(I)->getNumInits() == 0);
    };
    auto MadeHere = [&](const Expr *E) {
      E = E ? ignoreWrappers(E) : nullptr;
      if (const auto *C = dyn_cast_or_null<CallExpr>(E))
        return !(C->getDirectCallee() &&
                 C->getDirectCallee()->getIdentifier() &&
                 (C->getDirectCallee()->getName() == "move" ||
                  C->getDirectCallee()->getName() == "forward"));
      return E && isa<CoawaitExpr>(E);
    };
    if (Param || (Init && !Empty && (!OnlyMade || MadeHere(Init))))
      Definitions.push_back({*Decl, V->getLocation()});
    for (const CFGBlock *B : Flow.cfg())
      for (unsigned I = 0; I < B->size(); ++I)
        if (auto S = (*B)[I].getAs<CFGStmt>())
          if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S->getStmt());
              Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
              refersTo(Op->getArg(0), V) && !FromEmpty(Op->getArg(1)) &&
              rootVariable(Op->getArg(1)) != V &&
              (!OnlyMade || MadeHere(Op->getArg(1))))
            Definitions.push_back({{B, I}, Op->getOperatorLoc()});

    for (const Definition &Def : Definitions) {
      llvm::SmallVector<std::pair<SourceLocation, bool>, 2> Leaks;
      Flow.explore(
          Def.At, 1,
          [&](const CFGElement &E, unsigned State) -> std::optional<unsigned> {
            const Stmt *Trigger = nullptr;
            if (FrameFlow::scopeEnd(E, &Trigger) == V) {
              Leaks.push_back({FrameFlow::exitLocation(Trigger), false});
              return std::nullopt;
            }
            auto S = E.getAs<CFGStmt>();
            if (!S)
              return State;
            const Stmt *St = S->getStmt();
            // A parameter's scope is the whole function: a return leaves it.
            if (Param && isa<ReturnStmt, CoreturnStmt>(St)) {
              Leaks.push_back({St->getBeginLoc(), false});
              return std::nullopt;
            }
            // Paths that leave by an exception or never return do not count.
            if (isa<CXXThrowExpr>(St))
              return std::nullopt;
            if (const auto *Call = dyn_cast<CallExpr>(St);
                Call && Call->getDirectCallee() &&
                Call->getDirectCallee()->isNoReturn())
              return std::nullopt;
            if (const auto *DS = dyn_cast<DeclStmt>(St);
                DS && DS->isSingleDecl() && DS->getSingleDecl() == V)
              return std::nullopt;
            if (const auto *L = dyn_cast<LambdaExpr>(St)) {
              for (const LambdaCapture &C : L->captures())
                if (C.capturesVariable() && C.getCapturedVar() == V)
                  return std::nullopt;
              return State;
            }
            const auto *Ref = dyn_cast<DeclRefExpr>(St);
            if (!Ref || Ref->getDecl() != V)
              return State;
            switch (classify(Model, Flow, Ref)) {
            case Use::Consumes:
              return std::nullopt;
            case Use::Assigns:
              Leaks.push_back({Ref->getBeginLoc(), true});
              return std::nullopt;
            case Use::Neutral:
            case Use::Tests:
              return State;
            }
            return State;
          },
          [&](unsigned) {
            // Falling off the end of the function.
            if (Param && Body)
              Leaks.push_back({Body->getEndLoc(), false});
          });
      if (Leaks.empty())
        continue;
      llvm::sort(Leaks, [&](const auto &A, const auto &B) {
        return SM.isBeforeInTranslationUnit(A.first, B.first);
      });
      Leaks.erase(std::unique(Leaks.begin(), Leaks.end()), Leaks.end());
      QualType T = V->getType();
      bool Lazy = kindOf(Model, T) == TaskKind::Lazy;
      std::string Type =
          T.getCanonicalType().getUnqualifiedType().getAsString(Policy);
      bool Assigned = Def.Loc != V->getLocation();
      Diagnostic &D = Out.report(
          name(), SourceRange(Def.Loc),
          std::string(Lazy ? "lazy task" : "awaitable") +
              (Param ? " parameter '" : " '") + V->getNameAsString() +
              "' of type '" + Type + "'" + (Assigned ? " assigned here" : "") +
              " is not awaited, moved, returned or handed off on every path; " +
              (Lazy ? "on those paths it never runs"
                    : "on those paths its work and "
                      "errors are lost"));
      for (const auto &[Loc, Overwritten] : Leaks)
        Out.note(D, SourceRange(Loc),
                 Overwritten
                     ? "it is overwritten here before being awaited"
                     : "this path leaves its scope without awaiting it");
    }
  }
}

} // namespace corolint
