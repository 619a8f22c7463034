//===- Suppression.h - NOLINT comments, as clang-tidy reads them ----------===//
//
// `// NOLINT`, `// NOLINT(check,glob-*)`, `// NOLINTNEXTLINE(...)` and
// `// NOLINTBEGIN(...)` ... `// NOLINTEND(...)`, read from a file's text so
// that the CLI and the language server (whose drafts are in memory) agree;
// and written, for the language server's "suppress" action.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_SUPPRESSION_H
#define COROLINT_ANALYZER_SUPPRESSION_H

#include "analyzer/Diagnostic.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace corolint {

class Suppressions {
public:
  explicit Suppressions(llvm::StringRef FileText);

  /// Whether a finding of Check on 1-based Line is suppressed.
  bool suppresses(llvm::StringRef Check, unsigned Line) const;

  /// Problems found while reading the comments (a NOLINTBEGIN without its
  /// NOLINTEND, or the reverse), as errors of File that clang-tidy would
  /// report, with the check name NolintCheckName.
  std::vector<Diagnostic> problems(llvm::StringRef File) const;

private:
  struct Marker {
    FilePosition At;
    std::vector<std::string> Checks; ///< Empty: every check.
    bool Begin = false;              ///< For an unmatched marker.
  };
  struct Region {
    unsigned Begin, End;
    std::vector<std::string> Checks;
  };
  std::vector<Marker> SameLine, NextLine;
  std::vector<Region> Regions;
  std::vector<Marker> Unmatched;
};

/// The name of the problems of NOLINT comments themselves (clang-tidy's are
/// "clang-tidy-nolint"); no check has it, and no comment silences it.
inline constexpr const char *NolintCheckName = "corolint-nolint";

/// Where to insert what into a line so that a NOLINT comment on it covers
/// Check: added to the line's NOLINT(...) list, or a new comment at its end.
struct SuppressionEdit {
  size_t Offset; ///< In bytes from the start of the line.
  std::string Text;
};
SuppressionEdit suppressionEdit(llvm::StringRef LineText,
                                llvm::StringRef Check);

/// Whether Check is selected by a comma-separated list of globs, read left
/// to right ("-*,blocking-call"); a glob with a leading '-' removes.
bool checkEnabledByGlobs(llvm::StringRef Check, llvm::StringRef Globs,
                         bool Default);

/// Fails, naming the first glob of Globs that is not a valid pattern
/// ("blocking-call["): a list that cannot be read must not silently
/// select nothing.
llvm::Error checkGlobs(llvm::StringRef Globs);

} // namespace corolint

#endif
