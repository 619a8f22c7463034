//===- Names.cpp - Qualified names as the catalogue and config write them -===//
#include "analyzer/Names.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"

using namespace clang;

namespace corolint {

static void appendContext(const DeclContext *DC, std::string &Out) {
  if (!DC || DC->isTranslationUnit())
    return;
  if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
    appendContext(DC->getParent(), Out);
    if (NS->isInline() || NS->isAnonymousNamespace())
      return;
    Out += NS->getName();
    Out += "::";
    return;
  }
  if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
    appendContext(DC->getParent(), Out);
    if (const auto *CRD = dyn_cast<CXXRecordDecl>(RD); CRD && CRD->isLambda())
      Out += "(lambda)";
    else if (RD->getIdentifier())
      Out += RD->getName();
    else
      Out += "(anonymous)";
    Out += "::";
    return;
  }
  if (const auto *FD = dyn_cast<FunctionDecl>(DC)) {
    appendContext(DC->getParent(), Out);
    Out += FD->getNameAsString();
    Out += "::";
    return;
  }
  // Linkage specs, export blocks and the like add nothing to a name.
  appendContext(DC->getParent(), Out);
}

std::string qualifiedName(const NamedDecl *D) {
  std::string Out;
  appendContext(D->getDeclContext(), Out);
  if (const auto *RD = dyn_cast<CXXRecordDecl>(D); RD && RD->isLambda())
    Out += "(lambda)";
  else
    Out += D->getNameAsString();
  return Out;
}

bool nameMatches(llvm::StringRef Pattern, llvm::StringRef Qualified) {
  if (Pattern.consume_front("::"))
    return Pattern == Qualified;
  if (Pattern == Qualified)
    return true;
  return Qualified.size() > Pattern.size() + 2 &&
         Qualified.ends_with(Pattern) &&
         Qualified.drop_back(Pattern.size()).ends_with("::");
}

llvm::StringRef unqualifiedName(llvm::StringRef Qualified) {
  // Operators may contain "::" only in their own name in pathological cases;
  // the last "::" outside an operator name is where the name starts.
  size_t Op = Qualified.rfind("operator");
  llvm::StringRef Head =
      Op == llvm::StringRef::npos ? Qualified : Qualified.take_front(Op);
  size_t Pos = Head.rfind("::");
  return Pos == llvm::StringRef::npos ? Qualified
                                      : Qualified.drop_front(Pos + 2);
}

} // namespace corolint
