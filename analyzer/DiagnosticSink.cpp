//===- DiagnosticSink.cpp - Where checks report, in AST terms -------------===//
#include "analyzer/DiagnosticSink.h"
#include "analyzer/HeaderFilter.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace corolint {

DiagnosticSink::DiagnosticSink(const ASTContext &AST,
                               const HeaderFilter *Headers)
    : SM(AST.getSourceManager()), LangOpts(AST.getLangOpts()),
      Headers(Headers) {
  MainFile = pathOf(SM.getMainFileID());
}

std::string DiagnosticSink::pathOf(FileID FID) const {
  return absolutePathOf(SM, FID);
}

bool DiagnosticSink::reports(SourceLocation Loc) const {
  Loc = SM.getFileLoc(Loc);
  if (Loc.isInvalid())
    return false;
  return Headers ? Headers->reports(Loc) : SM.isInMainFile(Loc);
}

FilePosition DiagnosticSink::position(SourceLocation Loc) const {
  FilePosition P;
  if (Loc.isInvalid())
    return P;
  auto [FID, Offset] = SM.getDecomposedLoc(Loc);
  bool Invalid = false;
  P.Line = SM.getLineNumber(FID, Offset, &Invalid);
  P.Column = SM.getColumnNumber(FID, Offset, &Invalid);
  P.Offset = Offset;
  if (Invalid)
    P = FilePosition{};
  return P;
}

FileRange DiagnosticSink::toFileRange(CharSourceRange Range) const {
  FileRange R;
  SourceLocation B = SM.getFileLoc(Range.getBegin());
  SourceLocation E = SM.getFileLoc(Range.getEnd());
  if (B.isInvalid())
    return R;
  if (Range.isTokenRange() && E.isValid())
    E = Lexer::getLocForEndOfToken(E, 0, SM, LangOpts);
  if (E.isInvalid() || SM.getFileID(E) != SM.getFileID(B))
    E = B;
  R.File = pathOf(SM.getFileID(B));
  R.Begin = position(B);
  R.End = position(E);
  if (R.End.Offset < R.Begin.Offset)
    R.End = R.Begin;
  return R;
}

FileRange DiagnosticSink::toFileRange(SourceRange TokenRange) const {
  return toFileRange(CharSourceRange::getTokenRange(TokenRange));
}

Diagnostic &DiagnosticSink::report(llvm::StringRef Check, SourceRange Range,
                                   std::string Message) {
  if (!reports(Range.getBegin())) {
    Scratch = Diagnostic{};
    return Scratch;
  }
  Diagnostic D;
  D.Check = Check.str();
  D.Level = Severity::Warning;
  D.Range = toFileRange(Range);
  D.Message = std::move(Message);
  Found.push_back(std::move(D));
  return Found.back();
}

void DiagnosticSink::note(Diagnostic &D, SourceRange Range,
                          std::string Message) const {
  DiagnosticNote N;
  if (Range.isValid())
    N.Range = toFileRange(Range);
  N.Message = std::move(Message);
  D.Notes.push_back(std::move(N));
}

void DiagnosticSink::insertBefore(Diagnostic &D, SourceLocation Loc,
                                  std::string Text) const {
  // A fix inside a macro expansion would edit the macro: offer none.
  if (Loc.isInvalid() || Loc.isMacroID())
    return;
  FixIt F;
  F.Range = toFileRange(CharSourceRange::getCharRange(Loc, Loc));
  F.Replacement = std::move(Text);
  D.Fixes.push_back(std::move(F));
}

void DiagnosticSink::replace(Diagnostic &D, CharSourceRange Range,
                             std::string Text) const {
  if (Range.getBegin().isMacroID() || Range.getEnd().isMacroID())
    return;
  FixIt F;
  F.Range = toFileRange(Range);
  F.Replacement = std::move(Text);
  D.Fixes.push_back(std::move(F));
}

} // namespace corolint
