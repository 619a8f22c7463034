//===- DiagnosticSink.h - Where checks report, in AST terms ---------------===//
//
// Checks speak SourceLocations; the sink turns them into the plain
// FileRanges of Diagnostic.h (macro locations resolved to where the user
// wrote them, token ranges to character ranges) and keeps only findings in
// the main file (and the headers a HeaderFilter reports).
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_DIAGNOSTICSINK_H
#define COROLINT_ANALYZER_DIAGNOSTICSINK_H

#include "analyzer/Diagnostic.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/StringRef.h"
#include <vector>

namespace clang {
class ASTContext;
class SourceManager;
class LangOptions;
} // namespace clang

namespace corolint {

class HeaderFilter;

class DiagnosticSink {
public:
  /// Keeps the findings in the main file, and in the headers Headers
  /// reports, if given.
  explicit DiagnosticSink(const clang::ASTContext &AST,
                          const HeaderFilter *Headers = nullptr);

  /// Reports a finding of Check at Range.getBegin(), highlighting Range (a
  /// token range). Returns the diagnostic so that notes and fixes can be
  /// attached; a finding outside the reported files is dropped (and the
  /// returned diagnostic is a scratch one).
  Diagnostic &report(llvm::StringRef Check, clang::SourceRange Range,
                     std::string Message);
  /// Adds a note at Range (a token range; invalid for a note with no place).
  void note(Diagnostic &D, clang::SourceRange Range, std::string Message) const;
  /// Adds a fix that inserts Text before Loc.
  void insertBefore(Diagnostic &D, clang::SourceLocation Loc,
                    std::string Text) const;
  /// Adds a fix that replaces the character range Range with Text.
  void replace(Diagnostic &D, clang::CharSourceRange Range,
               std::string Text) const;

  /// Whether a finding at Loc would be kept.
  bool reports(clang::SourceLocation Loc) const;

  /// The plain range of a token range, or of a character range.
  FileRange toFileRange(clang::SourceRange TokenRange) const;
  FileRange toFileRange(clang::CharSourceRange Range) const;
  /// The path of the main file, absolute.
  const std::string &mainFile() const { return MainFile; }

  std::vector<Diagnostic> take() { return std::move(Found); }

private:
  FilePosition position(clang::SourceLocation Loc) const;
  std::string pathOf(clang::FileID FID) const;

  const clang::SourceManager &SM;
  const clang::LangOptions &LangOpts;
  const HeaderFilter *Headers;
  std::string MainFile;
  std::vector<Diagnostic> Found;
  Diagnostic Scratch;
};

} // namespace corolint

#endif
