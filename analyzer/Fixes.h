//===- Fixes.h - Apply fix-its to file contents, export them as YAML ------===//
//
// `corolint check --fix` and the language server's fix-all start from the
// same data, the FixIts of each Diagnostic, and one function, planFixes,
// decides which of them apply together: a diagnostic's fixes are applied
// together or not at all, and a diagnostic whose fixes overlap or touch
// fixes already taken is skipped with a reason. planFixes and applyFixes are
// pure (contents in, edits or contents out) so that they can be tested
// without touching files.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_FIXES_H
#define COROLINT_ANALYZER_FIXES_H

#include "analyzer/Diagnostic.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/FunctionExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace corolint {

/// One file's contents after the fixes applied to it.
struct FixedFile {
  std::string Path;
  std::string Contents;
  unsigned Applied = 0; ///< Fix-its applied (duplicates counted once).
};

/// A finding whose fixes were left out, and why.
struct SkippedFix {
  std::string Check;
  FileRange Where;
  std::string Reason;
};

struct FixOutcome {
  std::vector<FixedFile> Files; ///< Only files that changed, by path.
  std::vector<SkippedFix> Skipped;
  unsigned Findings = 0; ///< Findings whose fixes were applied.
};

/// Reads a file's current contents.
using FileReader =
    llvm::function_ref<llvm::Expected<std::string>(llvm::StringRef Path)>;

/// The edits chosen for one file, each once, in the order of their offsets
/// (every pair disjoint and not touching, so any order of applying them
/// gives the same text).
struct FileEdits {
  std::string Path;
  std::string Original; ///< The contents the edits' offsets refer to.
  std::vector<FixIt> Edits;
};

struct FixPlan {
  std::vector<FileEdits> Files; ///< Only files with edits, by path.
  std::vector<SkippedFix> Skipped;
  unsigned Findings = 0; ///< Findings whose fixes were taken.
};

/// Decides which fixes of Diags apply together, taking the findings in their
/// order, to the files' contents as Read returns them. A finding's fixes
/// that overlap or touch fixes already taken (identical fixes aside), that
/// fall outside their file, that disagree with its contents (it changed
/// after it was analysed), or whose file cannot be read, are skipped
/// together. Both front ends decide with this: `check --fix` and the
/// language server's source.fixAll.
FixPlan planFixes(llvm::ArrayRef<Diagnostic> Diags, FileReader Read);

/// Applies what planFixes chooses: each changed file's new contents.
FixOutcome applyFixes(llvm::ArrayRef<Diagnostic> Diags, FileReader Read);

/// Replaces the contents of Path with Contents, keeping what the file is:
/// a symlink's target is rewritten (the link stays), and the mode, owner
/// and hard links are kept. The contents go to a temporary file beside the
/// target first; it is renamed over the target when that keeps everything
/// (one link, owner settable), else the target is rewritten in place from
/// it. A read-only file (no write permission bit) is refused. On failure
/// before the target is touched, it is unchanged.
llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Contents);

/// Diags as clang-apply-replacements reads them (clang-tidy's
/// --export-fixes format): MainSourceFile, then each diagnostic's name,
/// message, place, replacements and notes.
std::string exportFixesYaml(llvm::ArrayRef<Diagnostic> Diags,
                            llvm::StringRef MainSourceFile,
                            llvm::StringRef BuildDirectory);

} // namespace corolint

#endif
