//===- InputFile.h - Reading what a project supplies, safely --------------===//
//
// Configuration, compile databases, baselines, cache entries and sources come
// from the project, which may be hostile or merely odd: a FIFO where a file
// should be (an open that never returns), a symlink to /dev/zero (a read that
// never ends), a file truncated by an editor while Clang reads it (SIGBUS on
// a memory map), a document nested 40,000 deep (a recursive parser's stack).
// Everything corolint reads from a project goes through here: regular files
// only, with a size limit, read into memory, never mapped.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_INPUTFILE_H
#define COROLINT_ANALYZER_INPUTFILE_H

#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <string>

namespace llvm::vfs {
class FileSystem;
}

namespace corolint {

/// The largest file of each kind corolint reads. Far above anything real,
/// far below what exhausts memory.
namespace size_limit {
inline constexpr uint64_t Config = 4ull << 20;          // .corolint.yaml
inline constexpr uint64_t CompileDatabase = 2ull << 30; // compile_commands
inline constexpr uint64_t Baseline = 1ull << 30;        // --baseline
inline constexpr uint64_t CacheEntry = 256ull << 20;    // one cache entry
inline constexpr uint64_t Source = 1ull << 30;          // a file to fix/hash
} // namespace size_limit

/// The deepest nesting a configuration or JSON document may have before it
/// is parsed (the YAML and JSON parsers recurse once per level).
inline constexpr unsigned MaxNestingDepth = 100;

/// Reads the whole of Path into memory. Path (after symlinks) must be a
/// regular file of at most MaxBytes bytes; the error names Kind and Path and
/// says what it is instead: "cannot read baseline 'b.json': it is a FIFO,
/// not a regular file".
/// Opening never blocks, and a file that grows while it is read is refused
/// when it passes the limit.
llvm::Expected<std::string> readRegularFile(const llvm::Twine &Path,
                                            uint64_t MaxBytes,
                                            llvm::StringRef Kind = "");

/// Fails, naming Path and the line, if Text nests deeper than MaxDepth:
/// brackets and braces outside quoted strings, plus (when Indentation, for
/// YAML) block structure -- indentation levels and the "- ", "? " and ": "
/// indicators on a line. An overestimate for odd but harmless text, never
/// an underestimate of what a parser will recurse into.
llvm::Error checkNesting(llvm::StringRef Text, llvm::StringRef Path,
                         bool Indentation, unsigned MaxDepth = MaxNestingDepth);

/// A view of Base for Clang's file manager: files are read into memory
/// (never mapped, so a file truncated while it is parsed cannot kill the
/// process), and opening anything but a regular file (a FIFO, a device)
/// fails instead of blocking.
llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>
createSourceFileSystem(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> Base);

} // namespace corolint

#endif
