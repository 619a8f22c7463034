//===- BlockingCallCheck.cpp - A call that blocks in a coroutine ---------===//
#include "checks/BlockingCallCheck.h"
#include "analyzer/CoroutineModel.h"
#include "analyzer/DiagnosticSink.h"
#include "analyzer/FrameFlow.h"
#include "analyzer/Names.h"
#include "checks/Registry.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace corolint {

namespace {
/// The check's section of .corolint.yaml.
struct BlockingCallOptions {
  /// Catalogue categories turned off, by id ("fs-metadata").
  std::vector<std::string> DisabledCategories;
  CatalogueAdditions Additions;
  /// Report the "async sibling" heuristic: X when async_X exists.
  bool AsyncSiblings = false;
};
} // namespace
} // namespace corolint

template <> struct llvm::yaml::MappingTraits<corolint::BlockingCallOptions> {
  static void mapping(IO &IO, corolint::BlockingCallOptions &O) {
    IO.mapOptional("disabled-categories", O.DisabledCategories);
    IO.mapOptional("extra", O.Additions.Extra);
    IO.mapOptional("nonblocking", O.Additions.NonBlocking);
    IO.mapOptional("offload-functions", O.Additions.Offload);
    IO.mapOptional("failure-paths", O.Additions.FailurePaths);
    IO.mapOptional("blocking-executors", O.Additions.BlockingExecutors);
    IO.mapOptional("async-siblings", O.AsyncSiblings, false);
  }
};

namespace corolint {

/// The section of Settings, read and checked against the built-in catalogue.
static llvm::Expected<BlockingCallOptions> readOptions(const Config &Settings) {
  BlockingCallOptions O;
  if (llvm::Error E = Settings.options(BlockingCallCheck::Name).read(O))
    return std::move(E);
  auto Problem =
      builtinCatalogue().additionsProblem(O.Additions, O.DisabledCategories);
  if (!Problem.Message.empty()) {
    // "blocking-call.extra: ..." for one list, "blocking-call: ..." for a
    // name listed in two.
    std::string Where = BlockingCallCheck::Name.str();
    Where += Problem.List.empty() ? "" : "." + Problem.List;
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(), "%s: %s: %s",
        configLocation(Settings, Problem.Value).c_str(), Where.c_str(),
        Problem.Message.c_str());
  }
  return O;
}

llvm::Error BlockingCallCheck::configureEngine(const Config &Settings,
                                               EngineOptions &Engine) {
  auto O = readOptions(Settings);
  if (!O)
    return O.takeError();
  Engine.Blocking = std::move(O->Additions);
  Engine.AsyncSiblings = O->AsyncSiblings;
  return llvm::Error::success();
}

llvm::Expected<std::unique_ptr<Check>>
BlockingCallCheck::create(const Config &Settings) {
  auto Read = readOptions(Settings);
  if (!Read)
    return Read.takeError();
  BlockingCallOptions &O = *Read;
  std::unique_ptr<BlockingCallCheck> C(new BlockingCallCheck());
  C->Additions = std::move(O.Additions);
  C->Filter.MaxTier = Settings.maxTier();
  C->Disabled = O.DisabledCategories;
  // The heuristic is opt-in: its category is off unless asked for.
  if (!O.AsyncSiblings)
    C->Disabled.push_back("async-sibling");
  for (const std::string &Id : C->Disabled)
    C->Filter.DisabledCategories.insert(Id);
  C->Options.AsyncSiblings = O.AsyncSiblings;
  C->Options.ColdPaths = Settings.Strict;
  return std::unique_ptr<Check>(std::move(C));
}

namespace {

/// How the user names the coroutine a finding is in.
std::string coroutineName(const FunctionDecl *F) {
  if (const auto *M = dyn_cast<CXXMethodDecl>(F);
      M && M->getParent()->isLambda())
    return "a coroutine lambda";
  return "coroutine '" + qualifiedName(F) + "'";
}

/// The advice of E for a coroutine returning T: the first whose type is T's
/// class or one of its bases.
const CoroutineAdvice *adviceFor(const BlockingEntry &E, QualType T) {
  if (E.Advice.empty())
    return nullptr;
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  llvm::SmallVector<const CXXRecordDecl *, 4> Work;
  if (RD)
    Work.push_back(RD);
  for (unsigned I = 0; I < Work.size() && I < 16; ++I) {
    std::string Q = qualifiedName(Work[I]);
    for (const CoroutineAdvice &A : E.Advice)
      if (nameMatches(A.Coroutine, Q))
        return &A;
    if (const CXXRecordDecl *Def = Work[I]->getDefinition())
      for (const CXXBaseSpecifier &B : Def->bases())
        if (const CXXRecordDecl *Base = B.getType()->getAsCXXRecordDecl())
          Work.push_back(Base);
  }
  return nullptr;
}

/// Adds the advice's mechanical rewrite of Call to D, when it is one.
void addFix(Diagnostic &D, const DiagnosticSink &Out, const CoroutineAdvice &A,
            const Expr *E, ASTContext &AST) {
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call || (A.Replace.empty() && A.Rename.empty()))
    return;
  const SourceManager &SM = AST.getSourceManager();
  const LangOptions &LO = AST.getLangOpts();
  if (Call->getBeginLoc().isMacroID() || Call->getEndLoc().isMacroID())
    return;
  llvm::SmallVector<const Expr *, 4> Args;
  for (const Expr *Arg : Call->arguments()) {
    if (isa<CXXDefaultArgExpr>(Arg))
      continue;
    // The error_code overloads report instead of throwing: the rewrite
    // would change what the code means.
    if (const CXXRecordDecl *RD =
            Arg->getType().getNonReferenceType()->getAsCXXRecordDecl())
      if (RD->getIdentifier() && RD->getName() == "error_code")
        return;
    Args.push_back(Arg);
  }
  if (isa<CXXOperatorCallExpr>(Call))
    return;
  auto Text = [&](const Expr *X) {
    return Lexer::getSourceText(
               CharSourceRange::getTokenRange(X->getSourceRange()), SM, LO)
        .str();
  };
  if (!A.Replace.empty()) {
    std::string New;
    llvm::StringRef T = A.Replace;
    while (!T.empty()) {
      size_t Open = T.find('{');
      New += T.take_front(Open).str();
      if (Open == llvm::StringRef::npos)
        break;
      T = T.drop_front(Open);
      size_t Close = T.find('}');
      llvm::StringRef Key = T.slice(1, Close);
      unsigned N = 0;
      if (Key == "args") {
        for (size_t I = 0; I < Args.size(); ++I)
          New += (I ? ", " : "") + Text(Args[I]);
      } else if (!Key.getAsInteger(10, N)) {
        if (N >= Args.size())
          return;
        New += Text(Args[N]);
      } else {
        return;
      }
      T = T.drop_front(Close == llvm::StringRef::npos ? T.size() : Close + 1);
    }
    Out.replace(D, CharSourceRange::getTokenRange(Call->getSourceRange()), New);
    return;
  }
  // Rename the callee, add the completion token, co_await the result.
  SourceLocation NameLoc;
  llvm::StringRef Name;
  if (const auto *ME =
          dyn_cast<MemberExpr>(Call->getCallee()->IgnoreParenImpCasts())) {
    NameLoc = ME->getMemberLoc();
    if (ME->getMemberDecl()->getIdentifier())
      Name = ME->getMemberDecl()->getName();
  } else if (const auto *DRE = dyn_cast<DeclRefExpr>(
                 Call->getCallee()->IgnoreParenImpCasts())) {
    NameLoc = DRE->getLocation();
    if (DRE->getDecl()->getIdentifier())
      Name = DRE->getDecl()->getName();
  }
  if (NameLoc.isInvalid() || NameLoc.isMacroID() || Name.empty())
    return;
  std::string NewName = A.Rename;
  if (size_t P = NewName.find("{name}"); P != std::string::npos)
    NewName.replace(P, 6, Name.str());
  if (A.Await)
    Out.insertBefore(D, Call->getBeginLoc(), "co_await ");
  Out.replace(D, CharSourceRange::getTokenRange(NameLoc, NameLoc), NewName);
  if (!A.AppendArg.empty())
    Out.insertBefore(D, Call->getRParenLoc(),
                     (Args.empty() ? "" : ", ") + A.AppendArg);
}

} // namespace

bool BlockingCallCheck::inForce(const BlockingReach &R, unsigned MaxTier,
                                llvm::ArrayRef<std::string> Off) const {
  return R.Tier <= MaxTier && !llvm::is_contained(Off, R.Category);
}

void BlockingCallCheck::describe(Diagnostic &D, llvm::StringRef Coroutine,
                                 const BlockingReach &R,
                                 llvm::StringRef When) const {
  // Configurations add entries, never categories.
  const BlockingCategory *Cat = builtinCatalogue().category(R.Category);
  std::string What = Cat ? Cat->Summary : "blocks the thread";
  const std::string &Subject = R.Chain.front().Callee;
  if (R.Chain.size() == 1) {
    D.Message =
        "'" + Subject + "' " + What + When.str() + " inside " + Coroutine.str();
  } else {
    D.Message = "'" + Subject + "' " + What + When.str() + " inside " +
                Coroutine.str() + ": it reaches '" + R.Primitive + "'";
    // The chain, hop by hop, where each call is made.
    for (size_t I = 1; I < R.Chain.size(); ++I)
      D.Notes.push_back({R.Chain[I].Site, "'" + R.Chain[I].Caller + "' → '" +
                                              R.Chain[I].Callee + "'"});
  }
}

std::optional<BlockingReach>
BlockingCallCheck::throughIndex(llvm::ArrayRef<ExternalCall> Via,
                                const SummaryIndex &Index, unsigned MaxTier,
                                llvm::ArrayRef<std::string> Off) const {
  std::optional<BlockingReach> Best;
  for (const ExternalCall &E : Via)
    for (const BlockingReach &R : Index.reachesOf(E.USR)) {
      if (!inForce(R, MaxTier, Off) ||
          (Best && Best->Chain.size() <= E.Chain.size() + R.Chain.size()))
        continue;
      BlockingReach Full = R;
      Full.Chain.insert(Full.Chain.begin(), E.Chain.begin(), E.Chain.end());
      Best = std::move(Full);
    }
  return Best;
}

namespace {

bool mentions(const Stmt *S, const VarDecl *V) {
  if (!S)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
    if (Ref->getDecl() == V)
      return true;
    if (const auto *B = dyn_cast<BindingDecl>(Ref->getDecl()))
      if (B->getDecomposedDecl() == V || B->getHoldingVar() == V)
        return true;
  }
  for (const Stmt *Child : S->children())
    if (mentions(Child, V))
      return true;
  return false;
}

/// The sites of one coroutine that are not the loop's normal work: code
/// given to an "expect this to throw" assertion, waits on results a
/// co_await has already finished, and calls made after the coroutine moved
/// to an executor meant for blocking work.
class NormalWork {
public:
  NormalWork(const AnalysisContext &Ctx, const FunctionInfo &F,
             const Catalogue &Blocking)
      : Ctx(Ctx), F(F), Blocking(Blocking) {}

  bool exempt(const BlockingSite &Site) {
    const CallSite &Raw = *Site.Raw;
    if (RunsOnBlockingExecutor)
      return true;
    if (Ctx.Model.isInExpectThrow(Raw.Range.getBegin()))
      return true;
    if (Raw.K == CallSite::Call &&
        (finishedObject(Raw.E) || waitsOnlyOnFinished(Site)))
      return true;
    return onBlockingExecutor(Raw.E);
  }

  /// A coroutine whose promise posts it, at once, to the executor it is
  /// given, and that executor is one for blocking work: all of it runs
  /// there.
  void startsOn(const FunctionDecl *Coroutine) {
    if (Ctx.Model.startOf(Coroutine) != TaskKind::Eager)
      return;
    for (const ParmVarDecl *P : Coroutine->parameters())
      if (namesBlockingExecutorType(P->getType()))
        RunsOnBlockingExecutor = true;
  }

private:
  bool RunsOnBlockingExecutor = false;

  bool isFinished(const VarDecl *V) const {
    if (!V || !V->hasLocalStorage())
      return false;
    if (V->getInit() && isa<CoawaitExpr>(ignoreWrappers(V->getInit())))
      return true;
    return false;
  }

  /// "test_ready(std::move(done))": a helper that waits (sync-over-async)
  /// on results a co_await has already finished.
  bool waitsOnlyOnFinished(const BlockingSite &Site) const {
    const auto *Call = dyn_cast_or_null<CallExpr>(Site.Raw->E);
    if (!Call || !Site.Followed || Site.Reaches.empty())
      return false;
    for (const BlockingReach &R : Site.Reaches)
      if (R.Category != "sync-over-async")
        return false;
    for (const Expr *Arg : Call->arguments())
      if (isFinished(rootVariable(Arg)))
        return true;
    return false;
  }

  bool namesBlockingExecutorType(QualType T) const {
    T = T.getNonReferenceType();
    if (T->isPointerType())
      T = T->getPointeeType();
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (!RD)
      return false;
    if (Blocking.isBlockingExecutor(qualifiedName(RD)))
      return true;
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      if ((qualifiedName(RD) == "std::shared_ptr" ||
           qualifiedName(RD) == "std::unique_ptr") &&
          Spec->getTemplateArgs().size() >= 1 &&
          Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
        if (const CXXRecordDecl *Arg =
                Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl())
          return Blocking.isBlockingExecutor(qualifiedName(Arg));
    return false;
  }

  /// "r.get()" where r came out of a co_await, or a co_await on r (its
  /// resolve(), when_ready(), a when_all over it) came before.
  bool finishedObject(const Expr *E) {
    const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(E);
    if (!Call)
      return false;
    const VarDecl *V = rootVariable(Call->getImplicitObjectArgument());
    if (!V || !V->hasLocalStorage())
      return false;
    if (isFinished(V))
      return true;
    // Only a result (a task, a future that can be awaited) is finished by
    // awaiting something of its own; a socket that was read from is not.
    if (Ctx.Model.valueKind(Call->getImplicitObjectArgument()->getType()) ==
        ValueKind::Ordinary)
      return false;
    const SourceManager &SM = Ctx.AST.getSourceManager();
    for (const SuspensionPoint &P : F.Suspensions)
      if (!P.IsYield &&
          SM.isBeforeInTranslationUnit(P.E->getEndLoc(), Call->getBeginLoc()) &&
          mentions(cast<CoawaitExpr>(P.E)->getOperand(), V))
        return true;
    return false;
  }

  /// Whether the awaited operand names an executor for blocking work: a call
  /// to a function that returns one, a variable holding one, an object of
  /// its class.
  bool namesBlockingExecutor(const Stmt *S) const {
    if (!S)
      return false;
    auto Named = [&](const NamedDecl *D) {
      return D && Blocking.isBlockingExecutor(qualifiedName(D));
    };
    if (const auto *C = dyn_cast<CallExpr>(S); C && Named(C->getDirectCallee()))
      return true;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
        Ref && Named(Ref->getDecl()))
      return true;
    if (const auto *E = dyn_cast<Expr>(S)) {
      QualType T = E->getType().getNonReferenceType();
      if (!T.isNull() && T->isPointerType())
        T = T->getPointeeType();
      if (const CXXRecordDecl *RD =
              T.isNull() ? nullptr : T->getAsCXXRecordDecl()) {
        if (Named(RD))
          return true;
        // std::shared_ptr<executor>, std::unique_ptr<executor>.
        if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
          if (Spec->getTemplateArgs().size() >= 1 &&
              Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
            if (const CXXRecordDecl *Arg = Spec->getTemplateArgs()[0]
                                               .getAsType()
                                               ->getAsCXXRecordDecl();
                Arg &&
                (qualifiedName(RD) == "std::shared_ptr" ||
                 qualifiedName(RD) == "std::unique_ptr") &&
                Named(Arg))
              return true;
      }
    }
    for (const Stmt *Child : S->children())
      if (namesBlockingExecutor(Child))
        return true;
    return false;
  }

  /// The callee a co_await's operand calls, if any: the switch function.
  static const FunctionDecl *switchCallee(const CoawaitExpr *A) {
    const auto *C = dyn_cast_or_null<CallExpr>(ignoreWrappers(A->getOperand()));
    return C ? C->getDirectCallee() : nullptr;
  }

  /// Whether, on every path that reaches E, the coroutine last switched to
  /// an executor for blocking work.
  bool onBlockingExecutor(const Expr *E) {
    if (!E)
      return false;
    if (!Computed) {
      Computed = true;
      compute();
    }
    auto It = Seen.find(E);
    return It != Seen.end() && It->second == 2;
  }

  void compute() {
    llvm::SmallPtrSet<const FunctionDecl *, 2> Switches;
    llvm::DenseMap<const Stmt *, bool> Kind; // co_await: to blocking or not.
    for (const SuspensionPoint &P : F.Suspensions) {
      if (P.IsYield)
        continue;
      const auto *A = cast<CoawaitExpr>(P.E);
      if (namesBlockingExecutor(A->getOperand())) {
        Kind[A] = true;
        if (const FunctionDecl *C = switchCallee(A))
          Switches.insert(C->getCanonicalDecl());
      }
    }
    if (Kind.empty())
      return;
    // A later switch through the same function to another executor leaves.
    for (const SuspensionPoint &P : F.Suspensions)
      if (!P.IsYield && !Kind.count(P.E))
        if (const FunctionDecl *C = switchCallee(cast<CoawaitExpr>(P.E));
            C && Switches.contains(C->getCanonicalDecl()))
          Kind[P.E] = false;
    FrameFlow Flow(F.Decl, Ctx.AST);
    if (!Flow.valid())
      return;
    Flow.explore(
        Flow.entry(), 0,
        [&](const CFGElement &El, unsigned State) -> std::optional<unsigned> {
          auto S = El.getAs<CFGStmt>();
          if (!S)
            return State;
          const Stmt *St = S->getStmt();
          Seen[St] |= 1u << State;
          if (auto K = Kind.find(St); K != Kind.end())
            return K->second ? 1u : 0u;
          return State;
        });
  }

  const AnalysisContext &Ctx;
  const FunctionInfo &F;
  const Catalogue &Blocking;
  bool Computed = false;
  /// Per statement: bit 0 if reached on the loop's executor, bit 1 if
  /// reached after a switch to a blocking one.
  llvm::DenseMap<const Stmt *, unsigned> Seen;
};

} // namespace

void BlockingCallCheck::run(const AnalysisContext &Ctx, DiagnosticSink &Out) {
  BlockingAnalysis *Analysis = Ctx.Blocking;
  // Without the front end's catalogue, the file's own (create() checked
  // that the configuration extends it without error).
  std::optional<Catalogue> Effective;
  std::optional<BlockingAnalysis> Own;
  if (!Analysis) {
    Own.emplace(Ctx.Model,
                Effective.emplace(builtinCatalogue().extendedWith(Additions)),
                Options);
    Analysis = &*Own;
  } else if (Analysis->followsColdPaths() != Options.ColdPaths) {
    // --strict on the command line asks for failure paths too; the front
    // end's shared analysis follows the file's configuration. The same
    // catalogue, walked again.
    Own.emplace(Ctx.Model, Analysis->catalogue(), Options);
    Analysis = &*Own;
  }
  for (const FunctionInfo &F : Ctx.Model.functions()) {
    if (!F.Coroutine)
      continue;
    NormalWork Normal(Ctx, F, Analysis->catalogue());
    Normal.startsOn(F.Decl);
    for (const BlockingSite &Site : Analysis->sitesOf(F.Decl))
      if (!Normal.exempt(Site))
        checkSite(Ctx, Out, F.Decl, Site);
  }
}

void BlockingCallCheck::checkSite(const AnalysisContext &Ctx,
                                  DiagnosticSink &Out,
                                  const FunctionDecl *Coroutine,
                                  const BlockingSite &Site) const {
  const CallSite &Raw = *Site.Raw;
  std::string Where = coroutineName(Coroutine);
  // The best reach in force: the catalogue's preferred entry for a direct
  // call, else the shortest chain.
  const BlockingReach *Best = nullptr;
  for (const BlockingReach &R : Site.Reaches)
    if (inForce(R, Filter.MaxTier, Disabled) &&
        (!Best || R.Chain.size() < Best->Chain.size()))
      Best = &R;

  // A local that dies at the end of its scope: when, and where.
  std::string When;
  std::optional<DiagnosticNote> Dies;
  if (Raw.K == CallSite::Destroy && Raw.Var) {
    std::string Name = Raw.Var->getNameAsString();
    When = " when '" + Name + "' is destroyed";
    if (Raw.ScopeEnd.isValid())
      Dies = DiagnosticNote{Out.toFileRange(SourceRange(Raw.ScopeEnd)),
                            "'" + Name + "' is destroyed here"};
  } else if (Raw.K == CallSite::Destroy) {
    When = " when the temporary is destroyed";
  }

  // Nothing here blocks, but a function of another file may: the project's
  // index decides, now (the language server) or once every file is
  // summarised (the CLI).
  std::optional<BlockingReach> Remote;
  if (!Best && !Site.Externals.empty()) {
    if (Ctx.Index) {
      Remote =
          throughIndex(Site.Externals, *Ctx.Index, Filter.MaxTier, Disabled);
      Best = Remote ? &*Remote : nullptr;
    } else if (Ctx.Deferred) {
      if (!Out.reports(Raw.Range.getBegin()))
        return;
      DeferredFinding Wait;
      Wait.Check = name().str();
      Wait.Draft.Check = name().str();
      Wait.Draft.Range = Out.toFileRange(Raw.Range);
      Wait.Draft.Message = Where;
      Wait.Context = When;
      if (Dies)
        Wait.Draft.Notes.push_back(*Dies);
      Wait.Via = Site.Externals;
      Wait.MaxTier = Filter.MaxTier;
      Wait.DisabledCategories = Disabled;
      Ctx.Deferred->push_back(std::move(Wait));
      return;
    }
  }
  if (!Best)
    return;

  Diagnostic &D = Out.report(name(), Raw.Range, "");
  if (Best->Primitive == "~std::future" && Best->Chain.size() == 1)
    When = Best->Chain.front().Site.Begin == D.Range.Begin
               ? " (the future is discarded)"
               : " when the future is destroyed";
  describe(D, Where, *Best, When);
  if (Dies)
    D.Notes.push_back(*Dies);
  else if (Raw.K != CallSite::Destroy && Raw.E &&
           Raw.E->getBeginLoc() != Raw.Range.getBegin())
    D.ExtraRanges.push_back(Out.toFileRange(Raw.E->getSourceRange()));

  // Advice: the ecosystem's own when the coroutine's type has one, with its
  // mechanical rewrite for a call written right here.
  const BlockingMatch *Direct = nullptr;
  if (Best->Chain.size() == 1)
    for (const BlockingMatch &M : Site.Matches)
      if (M.Entry->Category == Best->Category && M.Entry->Tier == Best->Tier) {
        Direct = &M;
        break;
      }
  const CoroutineAdvice *Advice =
      Direct ? adviceFor(*Direct->Entry, Coroutine->getReturnType()) : nullptr;
  std::string Suggest =
      Advice && !Advice->Suggest.empty() ? Advice->Suggest : Best->Suggest;
  if (!Best->Reason.empty())
    Out.note(D, SourceRange(), Best->Reason);
  if (!Suggest.empty())
    Out.note(D, SourceRange(), Suggest);
  if (Advice && Raw.E)
    addFix(D, Out, *Advice, Raw.E, Ctx.AST);
}

std::optional<Diagnostic>
BlockingCallCheck::resolveDeferred(const DeferredFinding &W,
                                   const SummaryIndex &Index) const {
  auto Best = throughIndex(W.Via, Index, W.MaxTier, W.DisabledCategories);
  if (!Best)
    return std::nullopt;
  Diagnostic D = W.Draft;
  D.Notes.clear();
  describe(D, W.Draft.Message, *Best, W.Context);
  D.Notes.insert(D.Notes.end(), W.Draft.Notes.begin(), W.Draft.Notes.end());
  if (!Best->Reason.empty())
    D.Notes.push_back({FileRange(), Best->Reason});
  if (!Best->Suggest.empty())
    D.Notes.push_back({FileRange(), Best->Suggest});
  return D;
}

} // namespace corolint
