//===- Catalogue.cpp - What blocks the thread, as data --------------------===//
#include "analyzer/Catalogue.h"
#include "analyzer/CoroutineModel.h"
#include "analyzer/Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>

using namespace clang;

namespace corolint {

const BlockingCategory *Catalogue::category(llvm::StringRef Id) const {
  for (const BlockingCategory &C : Categories)
    if (C.Id == Id)
      return &C;
  return nullptr;
}

void Catalogue::reindex() {
  ByFunction.clear();
  ByConstructor.clear();
  ByDestructor.clear();
  ByObject.clear();
  WithPatterns.clear();
  for (size_t I = 0; I < Entries.size(); ++I) {
    const BlockingEntry &E = Entries[I];
    auto Add = [I](llvm::StringMap<std::vector<size_t>> &Map,
                   const std::vector<std::string> &Names) {
      for (const std::string &N : Names) {
        std::vector<size_t> &Slot = Map[unqualifiedName(N)];
        if (Slot.empty() || Slot.back() != I)
          Slot.push_back(I);
      }
    };
    Add(ByFunction, E.Functions);
    Add(ByConstructor, E.Constructors);
    Add(ByDestructor, E.Destructors);
    Add(ByObject, E.Objects);
    if (!E.Patterns.empty())
      WithPatterns.push_back(I);
  }

  std::string Text;
  llvm::raw_string_ostream OS(Text);
  auto List = [&](const std::vector<std::string> &L) {
    for (const std::string &N : L)
      OS << N << '\x1f';
    OS << '\x1e';
  };
  auto Arg = [&](const ArgCondition &A) {
    OS << A.Index << ':' << A.Object << ':' << (A.Value ? *A.Value : -1) << ':'
       << A.Type << '\x1f';
  };
  for (const BlockingCategory &C : Categories)
    OS << C.Id << '\x1f' << C.Summary << '\x1e';
  for (const BlockingEntry &E : Entries) {
    OS << E.Category << '\x1f' << E.Tier << '\x1f' << E.Suggest << '\x1f'
       << E.Reason << '\x1f' << E.MinArgs << '\x1f';
    for (const auto *L : {&E.Functions, &E.Patterns, &E.Constructors,
                          &E.Destructors, &E.Objects, &E.UnlessArgTypes})
      List(*L);
    if (E.Arg)
      Arg(*E.Arg);
    for (const ArgCondition &A : E.UnlessArgs)
      Arg(A);
    OS << '\x1d';
  }
  List(NonBlocking);
  List(Offload);
  List(FailurePaths);
  List(BlockingExecutors);
  Fingerprint = llvm::utohexstr(llvm::xxh3_64bits(Text));
}

bool Catalogue::inForce(const BlockingEntry &E, const CatalogueFilter &F) {
  return E.Tier <= F.MaxTier && !F.DisabledCategories.contains(E.Category);
}

BlockingMatch Catalogue::makeMatch(const BlockingEntry &E,
                                   std::string Name) const {
  return BlockingMatch{&E, category(E.Category), std::move(Name)};
}

namespace {

/// The class of an object expression (through one pointer), and its bases.
void collectClasses(const CXXRecordDecl *RD,
                    llvm::SmallVectorImpl<const CXXRecordDecl *> &Out,
                    unsigned Depth = 0) {
  if (!RD || Depth > 16)
    return;
  Out.push_back(RD);
  if (const CXXRecordDecl *Def = RD->getDefinition())
    for (const CXXBaseSpecifier &B : Def->bases())
      collectClasses(B.getType()->getAsCXXRecordDecl(), Out, Depth + 1);
}

const CXXRecordDecl *classOf(const Expr *Object) {
  if (!Object)
    return nullptr;
  // The object as written: a member of a base is called through an implicit
  // derived-to-base cast.
  QualType T = Object->IgnoreParenImpCasts()->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return T.getNonReferenceType()->getAsCXXRecordDecl();
}

/// A call's arguments as the callee's parameters see them (the object of a
/// member operator call is not an argument), and its object expression.
struct CallShape {
  llvm::SmallVector<const Expr *, 4> Args;
  const Expr *Object = nullptr;
};

CallShape shapeOf(const CallExpr *Call) {
  CallShape S;
  unsigned First = 0;
  if (const auto *M = dyn_cast<CXXMemberCallExpr>(Call)) {
    S.Object = M->getImplicitObjectArgument();
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()) &&
        Op->getNumArgs() > 0) {
      S.Object = Op->getArg(0);
      First = 1;
    }
  }
  for (unsigned I = First; I < Call->getNumArgs(); ++I)
    S.Args.push_back(Call->getArg(I));
  return S;
}

const VarDecl *namedVariable(const Expr *E) {
  if (!E)
    return nullptr;
  if (const auto *DRE =
          dyn_cast<DeclRefExpr>(ignoreWrappers(E)->IgnoreParenCasts()))
    return dyn_cast<VarDecl>(DRE->getDecl());
  return nullptr;
}

bool argHolds(const ArgCondition &C, llvm::ArrayRef<const Expr *> Args,
              const ASTContext &AST) {
  if (C.Index >= Args.size())
    return false;
  const Expr *A = Args[C.Index];
  if (!C.Type.empty()) {
    llvm::SmallVector<const CXXRecordDecl *, 4> Classes;
    QualType T = A->IgnoreParenImpCasts()->getType().getNonReferenceType();
    collectClasses(T->getAsCXXRecordDecl(), Classes);
    for (const CXXRecordDecl *RD : Classes)
      if (nameMatches(C.Type, qualifiedName(RD)))
        return true;
    return false;
  }
  if (!C.Object.empty()) {
    const VarDecl *V = namedVariable(A);
    return V && nameMatches(C.Object, qualifiedName(V));
  }
  Expr::EvalResult R;
  if (A->isValueDependent() || !A->EvaluateAsInt(R, AST))
    return false;
  return R.Val.getInt().getExtValue() == *C.Value;
}

bool hasExemptArgType(const BlockingEntry &E,
                      llvm::ArrayRef<const Expr *> Args) {
  for (const Expr *A : Args)
    if (const CXXRecordDecl *RD =
            A->getType().getNonReferenceType()->getAsCXXRecordDecl()) {
      std::string Q = qualifiedName(RD);
      for (const std::string &T : E.UnlessArgTypes)
        if (nameMatches(T, Q))
          return true;
    }
  return false;
}

} // namespace

bool Catalogue::isNonBlocking(const FunctionDecl *F) const {
  if (NonBlocking.empty() || !F)
    return false;
  std::string Q = qualifiedName(F);
  for (const std::string &N : NonBlocking)
    if (nameMatches(N, Q))
      return true;
  return false;
}

bool Catalogue::isOffload(const FunctionDecl *F) const {
  if (Offload.empty() || !F)
    return false;
  std::string Q = qualifiedName(F);
  // A constructor is named by its class ("std::thread").
  std::string Class;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
    Class = qualifiedName(Ctor->getParent());
  for (const std::string &N : Offload)
    if (nameMatches(N, Q) || (!Class.empty() && nameMatches(N, Class)))
      return true;
  return false;
}

/// Whether Pattern names Qualified, or (ending in "::") a namespace or
/// class that encloses it.
static bool namesOrEncloses(llvm::StringRef Pattern,
                            llvm::StringRef Qualified) {
  if (!Pattern.ends_with("::"))
    return nameMatches(Pattern, Qualified);
  if (Pattern.consume_front("::"))
    return Qualified.starts_with(Pattern);
  return Qualified.starts_with(Pattern) ||
         Qualified.contains(("::" + Pattern).str());
}

bool Catalogue::isFailurePath(const FunctionDecl *F) const {
  if (FailurePaths.empty() || !F)
    return false;
  std::string Q = qualifiedName(F);
  return llvm::any_of(FailurePaths, [&](const std::string &P) {
    return namesOrEncloses(P, Q);
  });
}

bool Catalogue::isBlockingExecutor(llvm::StringRef Qualified) const {
  return llvm::any_of(BlockingExecutors, [&](const std::string &P) {
    return namesOrEncloses(P, Qualified);
  });
}

void Catalogue::collect(
    const Expr *E, std::vector<std::pair<size_t, std::string>> &Out) const {
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    const CXXRecordDecl *RD = CE->getConstructor()->getParent();
    auto It = ByConstructor.find(RD->getName());
    if (It == ByConstructor.end())
      return;
    std::string Q = qualifiedName(RD);
    llvm::SmallVector<const Expr *, 4> Args;
    for (const Expr *A : CE->arguments())
      if (!isa<CXXDefaultArgExpr>(A))
        Args.push_back(A);
    const ASTContext &AST = RD->getASTContext();
    for (size_t I : It->second) {
      const BlockingEntry &Entry = Entries[I];
      if (Args.size() < Entry.MinArgs || hasExemptArgType(Entry, Args) ||
          (Entry.Arg && !argHolds(*Entry.Arg, Args, AST)) ||
          llvm::any_of(Entry.UnlessArgs, [&](const ArgCondition &C) {
            return argHolds(C, Args, AST);
          }))
        continue;
      for (const std::string &N : Entry.Constructors)
        if (nameMatches(N, Q)) {
          Out.emplace_back(I, Q);
          break;
        }
    }
    return;
  }

  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call)
    return;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || isNonBlocking(Callee))
    return;
  const ASTContext &AST = Callee->getASTContext();
  CallShape Shape = shapeOf(Call);

  // The names this call answers to: the callee's own, and the method's name
  // on the object's class and every base of it.
  std::string Simple = Callee->getNameAsString();
  llvm::SmallVector<std::string, 4> Names{qualifiedName(Callee)};
  if (const auto *M = dyn_cast<CXXMethodDecl>(Callee)) {
    llvm::SmallVector<const CXXRecordDecl *, 4> Classes;
    collectClasses(classOf(Shape.Object), Classes);
    for (const CXXRecordDecl *RD : Classes)
      if (RD != M->getParent())
        Names.push_back(qualifiedName(RD) + "::" + Simple);
  }

  auto Accepts = [&](const BlockingEntry &Entry) {
    return Shape.Args.size() >= Entry.MinArgs &&
           !hasExemptArgType(Entry, Shape.Args) &&
           (!Entry.Arg || argHolds(*Entry.Arg, Shape.Args, AST)) &&
           llvm::none_of(Entry.UnlessArgs, [&](const ArgCondition &C) {
             return argHolds(C, Shape.Args, AST);
           });
  };

  if (auto It = ByFunction.find(Simple); It != ByFunction.end())
    for (size_t I : It->second) {
      const BlockingEntry &Entry = Entries[I];
      if (!Accepts(Entry))
        continue;
      auto Named = [&]() -> std::optional<std::string> {
        for (const std::string &Pattern : Entry.Functions)
          for (const std::string &N : Names)
            if (nameMatches(Pattern, N))
              return N;
        return std::nullopt;
      }();
      if (Named)
        Out.emplace_back(I, *Named);
    }

  // Calls on, or taking first, an object listed as blocking (std::cin).
  const Expr *Subject = Shape.Object
                            ? Shape.Object
                            : (Shape.Args.empty() ? nullptr : Shape.Args[0]);
  if (const VarDecl *V = namedVariable(Subject))
    if (auto It = ByObject.find(V->getName()); It != ByObject.end()) {
      std::string Q = qualifiedName(V);
      for (size_t I : It->second) {
        const BlockingEntry &Entry = Entries[I];
        if (!Accepts(Entry))
          continue;
        if (llvm::any_of(Entry.Objects, [&](const std::string &N) {
              return nameMatches(N, Q);
            }))
          Out.emplace_back(I, Names.front());
      }
    }

  for (size_t I : WithPatterns) {
    const BlockingEntry &Entry = Entries[I];
    if (!Accepts(Entry))
      continue;
    [&] {
      for (const auto &RE : Entry.Compiled)
        for (const std::string &N : Names)
          if (RE->match(N)) {
            Out.emplace_back(I, N);
            return;
          }
    }();
  }
}

std::vector<BlockingMatch> Catalogue::matchAll(const Expr *E) const {
  std::vector<std::pair<size_t, std::string>> Candidates;
  collect(E, Candidates);
  // An entry with an argument condition is more specific: read(0, ...) is
  // console input before it is file I/O.
  std::stable_sort(Candidates.begin(), Candidates.end(),
                   [&](const auto &A, const auto &B) {
                     return Entries[A.first].Arg.has_value() >
                            Entries[B.first].Arg.has_value();
                   });
  std::vector<BlockingMatch> Out;
  for (auto &[I, Name] : Candidates) {
    const BlockingEntry &Entry = Entries[I];
    if (llvm::any_of(Out, [&](const BlockingMatch &M) {
          return M.Entry->Category == Entry.Category &&
                 M.Entry->Tier == Entry.Tier;
        }))
      continue;
    Out.push_back(makeMatch(Entry, std::move(Name)));
  }
  return Out;
}

std::optional<BlockingMatch>
Catalogue::matchDestructor(const CXXRecordDecl *RD,
                           const CatalogueFilter &F) const {
  if (!RD)
    return std::nullopt;
  auto It = ByDestructor.find(RD->getName());
  if (It == ByDestructor.end())
    return std::nullopt;
  std::string Q = qualifiedName(RD);
  for (size_t I : It->second) {
    const BlockingEntry &Entry = Entries[I];
    if (!inForce(Entry, F))
      continue;
    for (const std::string &N : Entry.Destructors)
      if (nameMatches(N, Q))
        return makeMatch(Entry, "~" + Q);
  }
  return std::nullopt;
}

} // namespace corolint

namespace corolint {

std::vector<std::string> asyncSiblingNames(llvm::StringRef Name) {
  if (Name.empty())
    return {};
  std::string Upper = Name.str();
  Upper[0] = llvm::toUpper(Upper[0]);
  return {"async_" + Name.str(), Name.str() + "Async", Name.str() + "_async",
          "async" + Upper};
}

} // namespace corolint
