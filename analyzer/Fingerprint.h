//===- Fingerprint.h - Identities of findings that survive line shifts ----===//
//
// A baseline must recognise yesterday's finding after an edit moved it ten
// lines down, and code scanning must keep it the same alert. Both use one
// identity: a hash of the check, the file's path relative to a root, the
// message and the whitespace-normalised text of the flagged source lines --
// never a line number -- plus an occurrence index among findings whose hashes
// are equal (counted in source order, so it too survives shifts).
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_FINGERPRINT_H
#define COROLINT_ANALYZER_FINGERPRINT_H

#include "analyzer/Diagnostic.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace corolint {

/// Source files read from disk once each, by line, for the renderers that
/// quote or hash source text.
class SourceLines {
public:
  /// Line N (1-based) of Path without its line ending, or nullopt when the
  /// file cannot be read or is shorter.
  std::optional<llvm::StringRef> line(llvm::StringRef Path, unsigned N);

private:
  struct File {
    std::unique_ptr<llvm::MemoryBuffer> Buffer; ///< Null: unreadable.
    std::vector<size_t> Starts;                 ///< Offset of each line.
  };
  llvm::StringMap<File> Files;
};

/// Path made absolute, with "." and ".." removed.
std::string absolutePath(llvm::StringRef Path);

/// Path relative to Root ("src/net.cpp", with '/') when it lies below Root;
/// otherwise Path made absolute. Both are made absolute, dots removed.
std::string pathBelow(llvm::StringRef Path, llvm::StringRef Root);

/// Text with each run of whitespace made one space, and trimmed.
std::string normalizeSourceText(llvm::StringRef Text);

/// The hash behind a finding's identity: 16 hex digits of SHA-256 over the
/// check, the (relative) path, the message and the normalised flagged text.
std::string findingFingerprint(llvm::StringRef Check, llvm::StringRef Path,
                               llvm::StringRef Message,
                               llvm::StringRef FlaggedText);

struct FindingIdentity {
  std::string Path;        ///< pathBelow(the finding's file, Root).
  std::string Fingerprint; ///< findingFingerprint of the finding.
  unsigned Occurrence = 0; ///< How many earlier findings share Fingerprint.
};

/// The identity of each of Diags (sorted, as sortAndUnique leaves them),
/// with paths relative to Root and the flagged lines as Sources has them.
std::vector<FindingIdentity> identifyFindings(llvm::ArrayRef<Diagnostic> Diags,
                                              llvm::StringRef Root,
                                              SourceLines &Sources);

} // namespace corolint

#endif
