//===- Diagnostic.h - A finding, independent of any SourceManager ---------===//
//
// Diagnostics leave the analysis as plain data (paths, 1-based lines, 1-based
// byte columns, byte offsets) so that every renderer -- clang-style text, JSON,
// SARIF, LSP -- and the cross-file summaries can use them after the AST that
// produced them is gone.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_DIAGNOSTIC_H
#define COROLINT_ANALYZER_DIAGNOSTIC_H

#include <string>
#include <vector>

namespace corolint {

/// A position in a file: 1-based line, 1-based column counted in bytes, and
/// the 0-based byte offset from the start of the file.
struct FilePosition {
  unsigned Line = 0;
  unsigned Column = 0;
  unsigned Offset = 0;

  friend bool operator==(const FilePosition &, const FilePosition &) = default;
  friend auto operator<=>(const FilePosition &A, const FilePosition &B) {
    return A.Offset <=> B.Offset;
  }
};

/// A half-open byte range [Begin, End) in one file.
struct FileRange {
  std::string File;
  FilePosition Begin;
  FilePosition End;

  bool valid() const { return !File.empty() && Begin.Line != 0; }
  friend bool operator==(const FileRange &, const FileRange &) = default;
};

/// Replace the text in Range with Replacement (an insertion when the range is
/// empty).
struct FixIt {
  FileRange Range;
  std::string Replacement;
  friend bool operator==(const FixIt &, const FixIt &) = default;
};

/// A secondary location: a hop of a call chain, a suspension point, a
/// suggestion.
struct DiagnosticNote {
  FileRange Range; ///< May be invalid for a note without a location.
  std::string Message;
  friend bool operator==(const DiagnosticNote &,
                         const DiagnosticNote &) = default;
};

enum class Severity { Note, Warning, Error };

const char *severityName(Severity S);

/// One finding of one check.
struct Diagnostic {
  std::string Check; ///< e.g. "blocking-call"; empty for tool errors.
  Severity Level = Severity::Warning;
  FileRange Range;                    ///< Range.Begin is the primary location.
  std::vector<FileRange> ExtraRanges; ///< Highlighted in addition.
  std::string Message;
  std::vector<DiagnosticNote> Notes;
  /// Mechanical fixes; all of them together form one edit.
  std::vector<FixIt> Fixes;

  friend bool operator==(const Diagnostic &, const Diagnostic &) = default;
};

/// Orders diagnostics by file, then position, then check, then message, so
/// that output is deterministic whatever order the work ran in.
bool diagnosticLess(const Diagnostic &A, const Diagnostic &B);

/// Message with every "<...>" removed: how instantiations of one template
/// word the same finding alike ("operator<<" too, harmlessly).
std::string withoutTemplateArguments(const std::string &Message);

/// Sorts and removes duplicates (the same finding reached through two
/// template instantiations, worded with their own types, or two translation
/// units).
void sortAndUnique(std::vector<Diagnostic> &Diags);

} // namespace corolint

#endif
