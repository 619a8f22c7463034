//===- SourceText.h - LSP positions over UTF-8 text, and text edits -------===//
//
// LSP positions are (line, character) where "character" counts code units of
// the negotiated encoding (UTF-16 unless both sides agree on UTF-8 or
// UTF-32). Drafts are stored as UTF-8; these functions convert both ways and
// apply incremental didChange edits.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_LSP_SOURCETEXT_H
#define COROLINT_LSP_SOURCETEXT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cstddef>
#include <optional>
#include <string>

namespace corolint::lsp {

enum class OffsetEncoding { UTF8, UTF16, UTF32 };

/// "utf-8", "utf-16" or "utf-32".
llvm::StringRef encodingName(OffsetEncoding E);
std::optional<OffsetEncoding> parseEncoding(llvm::StringRef Name);

/// A 0-based line and a 0-based column in units of some OffsetEncoding.
struct TextPosition {
  unsigned Line = 0;
  unsigned Character = 0;
  friend bool operator==(const TextPosition &, const TextPosition &) = default;
};

/// Counts the code units of Encoding in the UTF-8 text Text. Invalid UTF-8
/// bytes count as one unit each so that every byte stays addressable.
size_t measureUnits(llvm::StringRef Text, OffsetEncoding Encoding);

/// The byte offset within Line (UTF-8, no line break) that is Units code
/// units from its start. A count past the end clamps to the end; a count that
/// falls inside a character (half a surrogate pair) rounds down to its start.
size_t unitsToByteColumn(llvm::StringRef Line, size_t Units,
                         OffsetEncoding Encoding);

/// Converts a position to a byte offset in Code. Characters past the end of a
/// line clamp to the line's end (as LSP requires); a line past the end of the
/// file is an error unless AllowPastEnd, which clamps to the end of the file.
llvm::Expected<size_t> positionToOffset(llvm::StringRef Code, TextPosition P,
                                        OffsetEncoding Encoding,
                                        bool AllowPastEnd = false);

/// Converts a byte offset (clamped to Code's size) to a position.
TextPosition offsetToPosition(llvm::StringRef Code, size_t Offset,
                              OffsetEncoding Encoding);

/// Converts a 1-based line and 1-based byte column (as in
/// corolint::Diagnostic) to a position.
TextPosition lineColumnToPosition(llvm::StringRef Code, unsigned Line,
                                  unsigned ByteColumn, OffsetEncoding Encoding);

/// Replaces [Start, End) in Code with NewText. Start after End is an error.
llvm::Error applyEdit(std::string &Code, TextPosition Start, TextPosition End,
                      llvm::StringRef NewText, OffsetEncoding Encoding);

} // namespace corolint::lsp

#endif
