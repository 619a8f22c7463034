//===- BlockingCallCheck.cpp - A call that blocks in a coroutine ---------===//
#include "checks/BlockingCallCheck.h"
#include "analyzer/CoroutineModel.h"
#include "analyzer/DiagnosticSink.h"
#include "analyzer/Names.h"
#include "checks/Registry.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace corolint {

llvm::Expected<std::unique_ptr<Check>>
BlockingCallCheck::create(const Config &Settings) {
  std::unique_ptr<BlockingCallCheck> C(new BlockingCallCheck());
  const BlockingCallOptions &O = Settings.BlockingCall;
  for (const BlockingEntry &E : O.Extra)
    if (!builtinCatalogue().category(E.Category))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "%s: blocking-call.extra: unknown category '%s'",
          configLocation(Settings, E.Category).c_str(), E.Category.c_str());
  auto Effective = builtinCatalogue().withOptions(
      O.Extra, O.NonBlocking, O.OffloadFunctions, configLocation(Settings, ""));
  if (!Effective)
    return Effective.takeError();
  C->Blocking = std::move(*Effective);
  for (const std::string &Id : O.DisabledCategories)
    if (!C->Blocking.category(Id))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "%s: blocking-call.disabled-categories: unknown category '%s'",
          configLocation(Settings, Id).c_str(), Id.c_str());
  C->Filter.MaxTier = Settings.maxTier();
  C->Disabled = O.DisabledCategories;
  // The heuristic is opt-in: its category is off unless asked for.
  if (!O.AsyncSiblings)
    C->Disabled.push_back("async-sibling");
  for (const std::string &Id : C->Disabled)
    C->Filter.DisabledCategories.insert(Id);
  C->Options.AsyncSiblings = O.AsyncSiblings;
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
  const BlockingCategory *Cat = Blocking.category(R.Category);
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

void BlockingCallCheck::run(const AnalysisContext &Ctx, DiagnosticSink &Out) {
  BlockingAnalysis *Analysis = Ctx.Blocking;
  std::optional<BlockingAnalysis> Own;
  if (!Analysis) {
    Own.emplace(Ctx.Model, Blocking, Options);
    Analysis = &*Own;
  }
  for (const FunctionInfo &F : Ctx.Model.functions())
    if (F.Coroutine)
      for (const BlockingSite &Site : Analysis->sitesOf(F.Decl))
        checkSite(Ctx, Out, F.Decl, Site);
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
      const SourceManager &SM = Ctx.AST.getSourceManager();
      if (!SM.isInMainFile(SM.getFileLoc(Raw.Range.getBegin())))
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
