//===- BlockingNames.cpp - How the blocking analysis reads declarations ---===//
//
// Part of BlockingAnalysis (BlockingSummary.h): the names chains show, the
// USRs summaries are keyed by, the corolint::blocking / nonblocking
// annotations, and the asynchronous siblings (async_X next to X) the
// opt-in heuristic looks for.
//
//===----------------------------------------------------------------------===//
#include "analyzer/BlockingSummary.h"
#include "analyzer/CoroutineModel.h"
#include "analyzer/Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/Index/USRGeneration.h"

using namespace clang;

namespace corolint {

std::string BlockingAnalysis::displayName(const FunctionDecl *F) {
  if (const auto *M = dyn_cast<CXXMethodDecl>(F);
      M && M->getParent()->isLambda())
    return qualifiedName(M->getParent());
  return qualifiedName(F);
}

std::string BlockingAnalysis::usrOf(const Decl *D) {
  llvm::SmallString<128> Buf;
  if (!D || index::generateUSRForDecl(D, Buf))
    return "";
  return std::string(Buf);
}

BlockingAnalysis::Annotation
BlockingAnalysis::annotationOf(const FunctionDecl *F, std::string *Category) {
  if (!F)
    return Annotation::None;
  auto Scan = [&](const FunctionDecl *D) {
    for (const FunctionDecl *R : D->redecls())
      for (const AnnotateAttr *A : R->specific_attrs<AnnotateAttr>()) {
        llvm::StringRef Text = A->getAnnotation();
        if (Text == "corolint::nonblocking")
          return Annotation::NonBlocking;
        if (Text == "corolint::blocking") {
          if (Category && A->args_size() > 0)
            if (const auto *S = dyn_cast<StringLiteral>(
                    (*A->args_begin())->IgnoreParenImpCasts()))
              *Category = S->getString().str();
          return Annotation::Blocking;
        }
      }
    return Annotation::None;
  };
  Annotation A = Scan(F);
  if (A == Annotation::None)
    if (const FunctionDecl *Pattern = F->getTemplateInstantiationPattern())
      A = Scan(Pattern);
  return A;
}

std::optional<std::string>
BlockingAnalysis::asyncSibling(const FunctionDecl *Callee) const {
  if (!Callee->getIdentifier() || isa<CXXConstructorDecl>(Callee))
    return std::nullopt;
  llvm::StringRef Name = Callee->getName();
  if (Name.starts_with("async") || Name.ends_with("Async") ||
      Name.ends_with("_async"))
    return std::nullopt;
  ASTContext &AST = Model.ast();
  std::vector<std::string> Candidates = asyncSiblingNames(Name);
  auto Declares = [&](const DeclContext *DC) -> std::optional<std::string> {
    for (const std::string &C : Candidates) {
      auto It = AST.Idents.find(C);
      if (It == AST.Idents.end())
        continue;
      for (const NamedDecl *D : DC->lookup(DeclarationName(It->getValue()))) {
        const NamedDecl *U = D->getUnderlyingDecl();
        if (isa<FunctionDecl, FunctionTemplateDecl>(U))
          return C;
      }
    }
    return std::nullopt;
  };
  const DeclContext *DC = Callee->getDeclContext()->getPrimaryContext();
  if (const auto *RD = dyn_cast<CXXRecordDecl>(DC)) {
    llvm::SmallVector<const CXXRecordDecl *, 4> Work{RD};
    for (unsigned I = 0; I < Work.size() && I < 16; ++I) {
      const CXXRecordDecl *Def = Work[I]->getDefinition();
      if (!Def)
        continue;
      if (auto S = Declares(Def))
        return S;
      for (const CXXBaseSpecifier &B : Def->bases())
        if (const CXXRecordDecl *Base = B.getType()->getAsCXXRecordDecl())
          Work.push_back(Base);
    }
    return std::nullopt;
  }
  if (isa<NamespaceDecl>(DC))
    return Declares(DC);
  return std::nullopt;
}

} // namespace corolint
