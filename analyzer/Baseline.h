//===- Baseline.h - Record today's findings, report only new ones ---------===//
//
// `--write-baseline FILE` records the findings of a run; `--baseline FILE`
// then hides those and reports the rest. A recorded finding is its check,
// file (relative to the baseline's directory, so the file can live at the
// repository's root and be used from any working directory), message and
// fingerprint (Fingerprint.h: the flagged source text, no line numbers), with
// a count: identical findings form a multiset, so a second copy of a recorded
// finding in the same file is new.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_BASELINE_H
#define COROLINT_ANALYZER_BASELINE_H

#include "analyzer/Diagnostic.h"
#include "analyzer/Fingerprint.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace corolint {

class Baseline {
public:
  /// Reads the baseline at Path; the error names Path and what is wrong.
  static llvm::Expected<Baseline> load(llvm::StringRef Path);

  /// The findings of Diags (sorted) that the baseline does not record, in
  /// order; of N identical findings where the baseline records M < N, the
  /// last N - M are new.
  std::vector<Diagnostic> newFindings(llvm::ArrayRef<Diagnostic> Diags,
                                      SourceLines &Sources) const;

private:
  // (file, check, message, fingerprint)
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::string Root;
  std::map<Key, unsigned> Counts;
};

/// The baseline document recording Diags, to be written at BaselinePath.
std::string renderBaseline(llvm::ArrayRef<Diagnostic> Diags,
                           llvm::StringRef BaselinePath, SourceLines &Sources);

/// Writes renderBaseline(...) to BaselinePath, atomically.
llvm::Error writeBaseline(llvm::ArrayRef<Diagnostic> Diags,
                          llvm::StringRef BaselinePath, SourceLines &Sources);

} // namespace corolint

#endif
