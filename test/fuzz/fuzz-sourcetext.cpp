//===- fuzz-sourcetext.cpp - Positions and incremental edits --------------===//
//
// Input: an encoding byte (UTF-8, UTF-16 or UTF-32), a document (any bytes,
// invalid UTF-8 and CRLF included) up to the first NUL byte, then didChange
// edits of 5 bytes each (start line, start character, end line, end
// character, length of the new text) followed by the new text.
//
// Checks: every character boundary converts to a position and back to
// itself; each edit either fails with an error or replaces exactly the bytes
// between its converted offsets; positions of the result stay convertible.
//
//===----------------------------------------------------------------------===//
#include "lsp/SourceText.h"
#include "llvm/ADT/StringRef.h"
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace corolint::lsp;

static void check(bool Holds, const char *What) {
  if (!Holds) {
    std::fprintf(stderr, "fuzz invariant violated: %s\n", What);
    std::abort();
  }
}

/// Byte length of the character at Code[I], as the server counts it: a
/// valid UTF-8 sequence, or one byte.
static size_t charLength(llvm::StringRef Code, size_t I) {
  unsigned char Lead = Code[I];
  size_t Len = Lead < 0x80           ? 1
               : (Lead >> 5) == 0x6  ? 2
               : (Lead >> 4) == 0xE  ? 3
               : (Lead >> 3) == 0x1E ? 4
                                     : 1;
  if (I + Len > Code.size())
    return 1;
  for (size_t K = 1; K < Len; ++K)
    if ((static_cast<unsigned char>(Code[I + K]) & 0xC0) != 0x80)
      return 1;
  return Len;
}

static void checkRoundTrips(llvm::StringRef Code, OffsetEncoding E) {
  for (size_t I = 0;;) {
    // A CR before a line break (or at the end) is not part of the line:
    // the offset after it has no position of its own.
    bool AfterLineEndCR =
        I > 0 && Code[I - 1] == '\r' && (I == Code.size() || Code[I] == '\n');
    TextPosition P = offsetToPosition(Code, I, E);
    auto Back = positionToOffset(Code, P, E);
    check(static_cast<bool>(Back), "a position made from an offset is refused");
    if (Back && !AfterLineEndCR)
      check(*Back == I, "offset -> position -> offset changed the offset");
    if (!Back)
      llvm::consumeError(Back.takeError());
    if (I == Code.size())
      break;
    I += Code[I] == '\n' ? 1 : charLength(Code, I);
  }
  // Past the end: clamped, never out of bounds.
  TextPosition End = offsetToPosition(Code, Code.size() + 10, E);
  auto Clamped = positionToOffset(Code, {End.Line + 1, 0}, E, true);
  check(Clamped && *Clamped == Code.size(), "AllowPastEnd does not clamp");
  if (!Clamped)
    llvm::consumeError(Clamped.takeError());
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size < 1)
    return 0;
  OffsetEncoding E = static_cast<OffsetEncoding>(Data[0] % 3);
  llvm::StringRef Rest(reinterpret_cast<const char *>(Data) + 1, Size - 1);
  auto [Text, Edits] = Rest.split('\0');
  std::string Code = Text.str();
  checkRoundTrips(Code, E);

  while (Edits.size() >= 5) {
    TextPosition Start{static_cast<unsigned char>(Edits[0]),
                       static_cast<unsigned char>(Edits[1])};
    TextPosition End{static_cast<unsigned char>(Edits[2]),
                     static_cast<unsigned char>(Edits[3])};
    size_t Len = std::min<size_t>(static_cast<unsigned char>(Edits[4]),
                                  Edits.size() - 5);
    llvm::StringRef New = Edits.substr(5, Len);
    Edits = Edits.drop_front(5 + Len);

    auto S = positionToOffset(Code, Start, E);
    auto T = positionToOffset(Code, End, E, /*AllowPastEnd=*/true);
    std::string Expected;
    bool ShouldApply = S && T && *S <= *T;
    if (ShouldApply)
      Expected = Code.substr(0, *S) + New.str() + Code.substr(*T);
    if (!S)
      llvm::consumeError(S.takeError());
    if (!T)
      llvm::consumeError(T.takeError());

    std::string Before = Code;
    llvm::Error Err = applyEdit(Code, Start, End, New, E);
    if (Err) {
      llvm::consumeError(std::move(Err));
      check(!ShouldApply, "a valid edit was refused");
      check(Code == Before, "a refused edit changed the document");
      continue;
    }
    check(ShouldApply, "an invalid edit was applied");
    check(Code == Expected, "an edit replaced the wrong bytes");
    check(measureUnits(Code, E) <= Code.size(), "more units than bytes");
  }
  checkRoundTrips(Code, E);
  return 0;
}
