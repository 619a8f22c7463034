//===- BlockingSummary.cpp - What blocks, through which chain of calls ----===//
#include "analyzer/BlockingSummary.h"
#include "analyzer/CoroutineModel.h"
#include "analyzer/Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;

namespace corolint {

namespace {
/// Chains longer than this are not worth reading (and bound the work).
constexpr size_t MaxChain = 24;
constexpr size_t MaxExternals = 32;

bool mergeExternal(std::vector<ExternalCall> &Out, ExternalCall Candidate) {
  if (Candidate.Chain.size() > MaxChain)
    return false;
  for (ExternalCall &E : Out)
    if (E.USR == Candidate.USR) {
      if (Candidate.Chain.size() >= E.Chain.size())
        return false;
      E = std::move(Candidate);
      return true;
    }
  if (Out.size() >= MaxExternals)
    return false;
  Out.push_back(std::move(Candidate));
  return true;
}

const CatalogueFilter &everything() {
  static const CatalogueFilter All = [] {
    CatalogueFilter F;
    F.MaxTier = 3;
    return F;
  }();
  return All;
}

/// The first parent of a statement as ASTContext::getParents names it: a
/// statement, or a declaration (a variable's initializer), or neither (the
/// body itself, a constructor's initializer).
struct Parent {
  const Stmt *S = nullptr;
  const Decl *D = nullptr;
};

/// The parents of the statements of one function's frame -- its body and a
/// constructor's initializers -- as ASTContext::getParents names the first
/// of them. That map indexes every node of the translation unit (every
/// function body of every header) the first time it is asked, which costs
/// more time and memory than the rest of the analysis; this one indexes one
/// function.
class FrameParents {
public:
  FrameParents(ASTContext &AST, const FunctionDecl *F) : AST(AST) {
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getInit())
          add(Init->getInit());
    if (F->getBody())
      add(F->getBody());
  }

  Parent of(const Stmt *S) const {
    if (auto It = Map.find(S); It != Map.end())
      return It->second;
    // Not a statement of the frame as its children reach it (an expression
    // in a type, say): the AST's map, whatever it costs.
    DynTypedNodeList Parents = AST.getParents(*S);
    if (Parents.empty())
      return {};
    return {Parents[0].get<Stmt>(), Parents[0].get<Decl>()};
  }

private:
  /// Walks Root's statements in the order RecursiveASTVisitor visits them
  /// with implicit code, keeping each statement's first parent (a shared
  /// operand, as in co_await x, has more than one).
  void add(const Stmt *Root) {
    llvm::SmallVector<std::pair<const Stmt *, Parent>, 64> Work;
    Work.push_back({Root, Parent{}}); // A declaration's or an initializer's.
    llvm::SmallVector<std::pair<const Stmt *, Parent>, 16> Children;
    while (!Work.empty()) {
      auto [S, Up] = Work.pop_back_val();
      if (!Map.try_emplace(S, Up).second)
        continue;
      Children.clear();
      if (const auto *DS = dyn_cast<DeclStmt>(S)) {
        // A variable's initializer is the variable's; a size of a
        // variable-length array is its type's.
        for (const Stmt *C : DS->children()) {
          Parent P;
          for (const Decl *D : DS->decls())
            if (const auto *V = dyn_cast<VarDecl>(D); V && V->getInit() == C)
              P.D = V;
          Children.push_back({C, P});
        }
      } else if (const auto *L = dyn_cast<LambdaExpr>(S)) {
        auto Init = L->capture_init_begin();
        for (const LambdaCapture &C : L->captures()) {
          const Expr *E = *Init++;
          if (!E)
            continue;
          Parent P{S, nullptr};
          if (L->isInitCapture(&C))
            P = {nullptr, C.getCapturedVar()};
          Children.push_back({E, P});
        }
        Children.push_back({L->getBody(), Parent{S, nullptr}});
      } else {
        // An initializer list's written form comes before its semantic one.
        if (const auto *IL = dyn_cast<InitListExpr>(S))
          if (const InitListExpr *Written = IL->getSyntacticForm())
            for (const Stmt *C : Written->children())
              Children.push_back({C, Parent{S, nullptr}});
        for (const Stmt *C : S->children())
          Children.push_back({C, Parent{S, nullptr}});
      }
      for (auto It = Children.rbegin(); It != Children.rend(); ++It)
        if (It->first)
          Work.push_back(*It);
    }
  }

  ASTContext &AST;
  llvm::DenseMap<const Stmt *, Parent> Map;
};

/// Expressions between a call and the place its value is used.
const Stmt *userOf(const FrameParents &Parents, const Stmt *S) {
  for (unsigned Depth = 0; Depth < 16; ++Depth) {
    const Stmt *P = Parents.of(S).S;
    if (!P)
      return nullptr; // A declaration (a variable's initializer) or none.
    if (isa<ImplicitCastExpr, CXXBindTemporaryExpr, MaterializeTemporaryExpr,
            ExprWithCleanups, ParenExpr>(P) ||
        (isa<CXXConstructExpr>(P) &&
         cast<CXXConstructExpr>(P)->getNumArgs() == 1)) {
      S = P;
      continue;
    }
    return P;
  }
  return nullptr;
}

const VarDecl *initializedVariable(const FrameParents &Parents, const Stmt *S) {
  for (unsigned Depth = 0; Depth < 16; ++Depth) {
    Parent Up = Parents.of(S);
    if (const auto *V = dyn_cast_or_null<VarDecl>(Up.D))
      return V;
    const Stmt *P = Up.S;
    if (!P ||
        !isa<ImplicitCastExpr, CXXBindTemporaryExpr, MaterializeTemporaryExpr,
             ExprWithCleanups, ParenExpr, CXXConstructExpr>(P))
      return nullptr;
    S = P;
  }
  return nullptr;
}

} // namespace

bool mergeReach(std::vector<BlockingReach> &Reaches, BlockingReach Candidate) {
  if (Candidate.Chain.size() > MaxChain)
    return false;
  for (BlockingReach &R : Reaches)
    if (R.Category == Candidate.Category && R.Tier == Candidate.Tier) {
      if (Candidate.Chain.size() >= R.Chain.size())
        return false;
      R = std::move(Candidate);
      return true;
    }
  Reaches.push_back(std::move(Candidate));
  return true;
}

struct BlockingAnalysis::Node {
  bool Classified = false;
  std::vector<BlockingSite> Local;
  bool Solved = false;
  FunctionSummary Summary;
  bool FullDone = false;
  std::vector<BlockingSite> Full;
};

BlockingAnalysis::BlockingAnalysis(const CoroutineModel &Model,
                                   const Catalogue &Blocking,
                                   BlockingOptions Options)
    : Model(Model), Blocking(Blocking), Options(Options), Graph(Model),
      Ranges(Model.ast()) {}

BlockingAnalysis::~BlockingAnalysis() = default;

BlockingAnalysis::Node &BlockingAnalysis::node(const FunctionDecl *F) {
  std::unique_ptr<Node> &N = Nodes[F];
  if (!N)
    N = std::make_unique<Node>();
  if (!N->Classified) {
    N->Classified = true;
    llvm::ArrayRef<CallSite> Sites = Graph.sitesOf(F);
    // Failure paths are not the loop's normal work: a helper's calls there
    // are left out of what it reaches, and in a coroutine's own body only
    // the direct blocking calls stay.
    const llvm::DenseSet<const Stmt *> *ColdHere =
        Options.ColdPaths ? nullptr : &coldStatements(F);
    bool IsCoroutine = CoroutineModel::coroutineBody(F) != nullptr;
    for (const CallSite &S : Sites) {
      BlockingSite B;
      classify(F, S, B);
      if (ColdHere && S.E && ColdHere->contains(S.E)) {
        if (!IsCoroutine)
          continue;
        B.Followed = nullptr;
        B.Externals.clear();
        B.Reaches.clear();
        for (const BlockingMatch &M : B.Matches)
          B.Reaches.push_back(reachOf(F, M, S.Range));
      }
      if (!B.Reaches.empty() || !B.Externals.empty() || B.Followed)
        N->Local.push_back(std::move(B));
    }
  }
  return *N;
}

CallHop BlockingAnalysis::hop(const FunctionDecl *Caller, std::string Callee,
                              SourceRange Site) const {
  return CallHop{displayName(Caller), std::move(Callee),
                 Ranges.toFileRange(Site)};
}

BlockingReach BlockingAnalysis::reachOf(const FunctionDecl *F,
                                        const BlockingMatch &M,
                                        SourceRange Site) const {
  BlockingReach R;
  R.Category = M.Entry->Category;
  R.Tier = M.Entry->Tier;
  R.Primitive = M.Name;
  R.Reason = M.Entry->Reason;
  R.Suggest = M.Entry->Suggest;
  R.Chain.push_back(hop(F, M.Name, Site));
  return R;
}

bool BlockingAnalysis::followable(const FunctionDecl *F) const {
  if (!F || F->isInvalidDecl())
    return false;
  const SourceManager &SM = Model.ast().getSourceManager();
  SourceLocation Loc = F->getLocation();
  if (const auto *D = dyn_cast<CXXDestructorDecl>(F))
    Loc = D->getParent()->getLocation();
  if (Loc.isInvalid() || SM.isInSystemHeader(SM.getExpansionLoc(Loc)))
    return false;
  if (CoroutineModel::coroutineBody(F))
    return false;
  if (annotationOf(F) != Annotation::None)
    return false;
  if (Blocking.isNonBlocking(F) || Blocking.isOffload(F) ||
      (!Options.ColdPaths &&
       (Blocking.isFailurePath(F) || CoroutineModel::isExpectThrowFunction(F))))
    return false;
  if (isa<CXXDestructorDecl>(F))
    return true;
  return F->hasBody();
}

std::optional<BlockingMatch>
BlockingAnalysis::blockingDestructor(QualType T) const {
  T = T.getCanonicalType();
  while (const auto *A = dyn_cast<ArrayType>(T.getTypePtr()))
    T = A->getElementType().getCanonicalType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return std::nullopt;
  if (auto M = Blocking.matchDestructor(RD, everything()))
    return M;
  // A standard container or owner of joining threads joins them all.
  static const llvm::StringSet<> Owners = {"std::vector",
                                           "std::array",
                                           "std::deque",
                                           "std::list",
                                           "std::forward_list",
                                           "std::optional",
                                           "std::unique_ptr",
                                           "std::map",
                                           "std::multimap",
                                           "std::unordered_map",
                                           "std::unordered_multimap",
                                           "std::pair",
                                           "std::tuple",
                                           "std::variant"};
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!Spec || !Owners.contains(qualifiedName(RD)))
    return std::nullopt;
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
    if (Arg.getKind() == TemplateArgument::Type) {
      if (auto M = blockingDestructor(Arg.getAsType()))
        return M;
    } else if (Arg.getKind() == TemplateArgument::Pack) {
      for (const TemplateArgument &P : Arg.pack_elements())
        if (P.getKind() == TemplateArgument::Type)
          if (auto M = blockingDestructor(P.getAsType()))
            return M;
    }
  }
  return std::nullopt;
}

bool BlockingAnalysis::releasedIn(
    const FunctionDecl *F, const VarDecl *V,
    std::initializer_list<llvm::StringRef> Members) {
  // One walk per function records, for each local, whether it is moved and
  // which members are called on it.
  auto [It, Inserted] = Uses.try_emplace(F);
  if (Inserted) {
    FrameParents Parents(Model.ast(), F);
    Model.forEachStmtInFrame(F, [&](const Stmt *S) {
      const auto *Ref = dyn_cast<DeclRefExpr>(S);
      const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
      if (!Var || !Var->hasLocalStorage())
        return;
      const Stmt *U = userOf(Parents, Ref);
      if (!U)
        return;
      if (const auto *ME = dyn_cast<MemberExpr>(U)) {
        if (ME->getMemberDecl()->getIdentifier())
          It->second[Var].insert(ME->getMemberDecl()->getName());
      } else if (const auto *C = dyn_cast<CallExpr>(U)) {
        if (const FunctionDecl *FD = C->getDirectCallee();
            FD && FD->getIdentifier() && FD->getName() == "move")
          It->second[Var].insert("std::move");
      }
    });
  }
  auto Found = It->second.find(V);
  if (Found == It->second.end())
    return false;
  if (Found->second.contains("std::move"))
    return true;
  return llvm::any_of(
      Members, [&](llvm::StringRef M) { return Found->second.contains(M); });
}

std::optional<BlockingReach>
BlockingAnalysis::asyncFutureWaits(const FunctionDecl *F,
                                   const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() || Callee->getName() != "async" ||
      qualifiedName(Callee) != "std::async" || Call->getNumArgs() == 0)
    return std::nullopt;
  ASTContext &AST = Model.ast();
  // The launch policy: std::launch::async is bit 1 in libstdc++ and libc++.
  // Without a policy (async | deferred) both libraries start a thread.
  const Expr *First = Call->getArg(0)->IgnoreParenImpCasts();
  if (const auto *ET = First->getType()->getAs<EnumType>();
      ET && ET->getDecl()->getName() == "launch") {
    Expr::EvalResult R;
    if (First->isValueDependent() || !First->EvaluateAsInt(R, AST) ||
        (R.Val.getInt().getExtValue() & 1) == 0)
      return std::nullopt;
  }
  BlockingReach Reach;
  Reach.Category = "sync-over-async";
  Reach.Tier = 1;
  Reach.Primitive = "~std::future";
  Reach.Reason = "the future of std::async(std::launch::async, ...) waits for "
                 "its task when destroyed";
  Reach.Suggest = "run the work on a pool and co_await its completion instead";
  FrameParents Parents(AST, F);
  const Stmt *User = userOf(Parents, Call);
  bool Discarded =
      User && (isa<CompoundStmt>(User) ||
               (isa<ExplicitCastExpr>(User) &&
                cast<ExplicitCastExpr>(User)->getType()->isVoidType()));
  if (Discarded) {
    Reach.Chain.push_back(
        hop(F, Reach.Primitive,
            SourceRange(Call->getBeginLoc(), Call->getEndLoc())));
    return Reach;
  }
  const VarDecl *V = initializedVariable(Parents, Call);
  if (!V || !V->hasLocalStorage() || V->getType()->isReferenceType())
    return std::nullopt;
  // Waited for, moved away or shared: the destructor does not wait (a get()
  // or wait() is a finding of its own).
  bool Released =
      releasedIn(F, V, {"get", "wait", "share", "wait_for", "wait_until"});
  if (Released)
    return std::nullopt;
  Reach.Chain.push_back(hop(F, Reach.Primitive, SourceRange(V->getLocation())));
  return Reach;
}

void BlockingAnalysis::classify(const FunctionDecl *F, const CallSite &S,
                                BlockingSite &Out) {
  Out.Raw = &S;
  auto Reach = [&](const BlockingMatch &M) { return reachOf(F, M, S.Range); };

  if (S.K == CallSite::Destroy) {
    // A thread detached, joined or moved away does not join when its
    // (empty) object dies; a join() is a finding of its own.
    if (S.Var && releasedIn(F, S.Var, {"detach", "join"}))
      return;
    if (auto M = blockingDestructor(S.Destroyed)) {
      Out.Reaches.push_back(Reach(*M));
      Out.Matches.push_back(*M);
      return;
    }
    if (!S.Callee || !followable(S.Callee))
      return;
    const FunctionDecl *Def = nullptr;
    if (S.Callee->hasBody(Def) && Def) {
      Out.Followed = Def;
      return;
    }
    // A destructor written in another file: that file's summary has its
    // body and the members it destroys.
    if (S.Callee->isUserProvided() && S.Callee->isExternallyVisible()) {
      std::string USR = usrOf(S.Callee->getCanonicalDecl());
      if (!USR.empty()) {
        ExternalCall E;
        E.USR = std::move(USR);
        E.Callee = displayName(S.Callee);
        E.Chain.push_back(hop(F, E.Callee, S.Range));
        Out.Externals.push_back(std::move(E));
      }
    }
    Out.Followed = S.Callee; // The members and bases it destroys.
    return;
  }
  if (Model.isAwaitedDirectly(S.E))
    return; // It makes an awaitable; the co_await suspends.

  const FunctionDecl *Callee = S.Callee;
  // A test framework's assertion machinery runs its slow paths only once
  // an assertion has failed.
  if (!Options.ColdPaths && (Blocking.isFailurePath(Callee) ||
                             CoroutineModel::isExpectThrowFunction(Callee)))
    return;
  std::string AnnotatedCategory;
  switch (annotationOf(Callee, &AnnotatedCategory)) {
  case Annotation::NonBlocking:
    return;
  case Annotation::Blocking: {
    BlockingReach R;
    R.Category =
        Blocking.category(AnnotatedCategory) ? AnnotatedCategory : "user";
    R.Tier = 1;
    R.Primitive = displayName(Callee);
    R.Reason = "'" + R.Primitive + "' is annotated corolint::blocking";
    R.Chain.push_back(hop(F, R.Primitive, S.Range));
    Out.Reaches.push_back(std::move(R));
    return;
  }
  case Annotation::None:
    break;
  }

  Out.Matches = Blocking.matchAll(S.E);
  for (const BlockingMatch &M : Out.Matches)
    Out.Reaches.push_back(Reach(M));
  if (const auto *Call = dyn_cast<CallExpr>(S.E))
    if (auto R = asyncFutureWaits(F, Call))
      Out.Reaches.insert(Out.Reaches.begin(), std::move(*R));
  if (!Out.Reaches.empty() || !Callee)
    return;
  if (Blocking.isNonBlocking(Callee) || Blocking.isOffload(Callee))
    return;
  // sync_wait's shape, whatever its name or namespace: it takes a task and
  // blocks the thread until the task's result is there.
  if (Model.waitsForCompletion(Callee)) {
    BlockingReach R;
    R.Category = "sync-over-async";
    R.Tier = 1;
    R.Primitive = displayName(Callee);
    R.Reason = "'" + R.Primitive +
               "' blocks the thread until the task it is given has finished";
    R.Suggest = "co_await the task instead";
    R.Chain.push_back(hop(F, R.Primitive, S.Range));
    Out.Reaches.push_back(std::move(R));
    return;
  }
  // A call that returns a task or an awaitable starts asynchronous work (or
  // none, if lazy): its body is the other coroutine's business.
  if (Model.taskKind(Callee->getReturnType()) != TaskKind::NotATask ||
      Model.isAwaitable(Callee->getReturnType()))
    return;

  const FunctionDecl *Def = nullptr;
  bool HasBody = Callee->hasBody(Def) && Def;
  if (HasBody && followable(Def)) {
    Out.Followed = Def;
    return;
  }
  const SourceManager &SM = Model.ast().getSourceManager();
  bool System = SM.isInSystemHeader(SM.getExpansionLoc(Callee->getLocation()));
  if (Options.AsyncSiblings)
    if (auto Sibling = asyncSibling(Callee)) {
      BlockingReach R;
      R.Category = "async-sibling";
      R.Tier = 2;
      R.Primitive = displayName(Callee);
      R.Suggest =
          "'" + *Sibling + "' is its asynchronous form: co_await that instead";
      R.Chain.push_back(hop(F, R.Primitive, S.Range));
      Out.Reaches.push_back(std::move(R));
      return;
    }
  const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
  if (HasBody || System || !Callee->isExternallyVisible() ||
      Callee->isTemplateInstantiation() || (Method && Method->isPureVirtual()))
    return;
  std::string USR = usrOf(Callee->getCanonicalDecl());
  if (USR.empty())
    return;
  ExternalCall E;
  E.USR = std::move(USR);
  E.Callee = displayName(Callee);
  E.Chain.push_back(hop(F, E.Callee, S.Range));
  Out.Externals.push_back(std::move(E));
}

void BlockingAnalysis::solveFrom(const FunctionDecl *Root) {
  if (node(Root).Solved)
    return;
  // The unsolved part of the graph below Root, numbered.
  std::vector<const FunctionDecl *> Order;
  llvm::DenseMap<const FunctionDecl *, unsigned> Id;
  Order.push_back(Root);
  Id[Root] = 0;
  for (size_t I = 0; I < Order.size(); ++I)
    for (const BlockingSite &S : node(Order[I]).Local)
      if (S.Followed && !node(S.Followed).Solved &&
          Id.try_emplace(S.Followed, Order.size()).second)
        Order.push_back(S.Followed);

  auto Compute = [&](const FunctionDecl *F) {
    FunctionSummary Sum;
    for (const BlockingSite &S : node(F).Local) {
      for (const BlockingReach &R : S.Reaches)
        mergeReach(Sum.Reaches, R);
      for (const ExternalCall &E : S.Externals)
        mergeExternal(Sum.Externals, E);
      if (!S.Followed)
        continue;
      const FunctionSummary &Callee = node(S.Followed).Summary;
      if (Callee.Reaches.empty() && Callee.Externals.empty())
        continue;
      CallHop H = hop(F, displayName(S.Followed), S.Raw->Range);
      for (const BlockingReach &R : Callee.Reaches) {
        BlockingReach Via = R;
        Via.Chain.insert(Via.Chain.begin(), H);
        mergeReach(Sum.Reaches, std::move(Via));
      }
      for (const ExternalCall &E : Callee.Externals) {
        ExternalCall Via = E;
        Via.Chain.insert(Via.Chain.begin(), H);
        mergeExternal(Sum.Externals, std::move(Via));
      }
    }
    return Sum;
  };

  forEachSCCBottomUp(
      Order.size(),
      [&](unsigned V, std::vector<unsigned> &Succ) {
        for (const BlockingSite &S : node(Order[V]).Local)
          if (S.Followed)
            if (auto It = Id.find(S.Followed); It != Id.end())
              Succ.push_back(It->second);
      },
      [&](llvm::ArrayRef<unsigned> Component) {
        // Within a cycle, iterate until nothing changes: chains only get
        // shorter, so this ends.
        for (unsigned Round = 0; Round < 64; ++Round) {
          bool Changed = false;
          for (unsigned V : Component) {
            FunctionSummary Sum = Compute(Order[V]);
            Node &N = node(Order[V]);
            if (!(Sum.Reaches == N.Summary.Reaches &&
                  Sum.Externals == N.Summary.Externals)) {
              N.Summary.Reaches = std::move(Sum.Reaches);
              N.Summary.Externals = std::move(Sum.Externals);
              Changed = true;
            }
          }
          if (!Changed)
            break;
        }
        for (unsigned V : Component)
          node(Order[V]).Solved = true;
      });
}

const FunctionSummary &BlockingAnalysis::summaryOf(const FunctionDecl *F) {
  solveFrom(F);
  return node(F).Summary;
}

const std::vector<BlockingSite> &
BlockingAnalysis::sitesOf(const FunctionDecl *F) {
  Node &N = node(F);
  if (N.FullDone)
    return N.Full;
  std::vector<BlockingSite> Full;
  for (const BlockingSite &Local : node(F).Local) {
    BlockingSite S = Local;
    if (S.Followed) {
      const FunctionSummary &Callee = summaryOf(S.Followed);
      CallHop H = hop(F, displayName(S.Followed), S.Raw->Range);
      for (const BlockingReach &R : Callee.Reaches) {
        BlockingReach Via = R;
        Via.Chain.insert(Via.Chain.begin(), H);
        S.Reaches.push_back(std::move(Via));
      }
      for (const ExternalCall &E : Callee.Externals) {
        ExternalCall Via = E;
        Via.Chain.insert(Via.Chain.begin(), H);
        S.Externals.push_back(std::move(Via));
      }
    }
    if (!S.Reaches.empty() || !S.Externals.empty())
      Full.push_back(std::move(S));
  }
  Node &Again = node(F); // The map may have grown.
  Again.Full = std::move(Full);
  Again.FullDone = true;
  return Again.Full;
}

FileSummary BlockingAnalysis::fileSummary() {
  FileSummary Out;
  Out.File = Ranges.mainFile();
  for (const FunctionInfo &Info : Model.functions()) {
    const FunctionDecl *F = Info.Decl;
    if (Info.Coroutine || !F->isExternallyVisible() || !followable(F))
      continue;
    if (const auto *M = dyn_cast<CXXMethodDecl>(F);
        M && M->getParent()->isLambda())
      continue;
    const FunctionSummary &Sum = summaryOf(F);
    if (Sum.Reaches.empty() && Sum.Externals.empty())
      continue;
    FunctionSummary S = Sum;
    S.USR = usrOf(F->getCanonicalDecl());
    S.Name = displayName(F);
    if (!S.USR.empty())
      Out.Functions.push_back(std::move(S));
  }
  return Out;
}

} // namespace corolint
