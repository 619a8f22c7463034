//===- HeaderFilter.h - Which files of a translation unit carry findings --===//
//
// A translation unit reports findings in its main file, and -- with
// --header-filter or header-filter in .corolint.yaml, as in clang-tidy -- in
// the non-system headers whose path matches a regular expression. The
// coroutine model analyses the functions of those files, the sink keeps
// their findings, and the runner reports each header finding once however
// many translation units include the header.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_HEADERFILTER_H
#define COROLINT_ANALYZER_HEADERFILTER_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/Regex.h"
#include <optional>
#include <string>

namespace clang {
class SourceManager;
} // namespace clang

namespace corolint {

/// The absolute path of FID's file, without "." and ".." components: how
/// diagnostics name files. Empty for a buffer with no file.
std::string absolutePathOf(const clang::SourceManager &SM, clang::FileID FID);

class HeaderFilter {
public:
  /// Regex empty: the main file only (the default).
  HeaderFilter(const clang::SourceManager &SM, llvm::StringRef Regex);

  /// Whether findings at Loc are reported: Loc is in the main file, or in a
  /// header outside the system directories whose absolute path the regular
  /// expression matches (anywhere in it, as clang-tidy's does).
  bool reports(clang::SourceLocation Loc) const;
  /// The file a reported finding names by Path, if it is a reported file.
  std::optional<clang::FileID> fileOf(llvm::StringRef Path) const;

  /// An error naming what is wrong with Regex as a header filter, or none
  /// (an empty one is valid: no headers).
  static llvm::Error validate(llvm::StringRef Regex);

private:
  const clang::SourceManager &SM;
  std::optional<llvm::Regex> Filter;
  mutable llvm::DenseMap<clang::FileID, bool> Known;
  mutable llvm::StringMap<clang::FileID> Reported;
};

} // namespace corolint

#endif
