//===- SourceText.cpp - LSP positions over UTF-8 text, and text edits -----===//
#include "lsp/SourceText.h"
#include "llvm/Support/FormatVariadic.h"

namespace corolint::lsp {

llvm::StringRef encodingName(OffsetEncoding E) {
  switch (E) {
  case OffsetEncoding::UTF8:
    return "utf-8";
  case OffsetEncoding::UTF16:
    return "utf-16";
  case OffsetEncoding::UTF32:
    return "utf-32";
  }
  return "utf-16";
}

std::optional<OffsetEncoding> parseEncoding(llvm::StringRef Name) {
  if (Name == "utf-8")
    return OffsetEncoding::UTF8;
  if (Name == "utf-16")
    return OffsetEncoding::UTF16;
  if (Name == "utf-32")
    return OffsetEncoding::UTF32;
  return std::nullopt;
}

namespace {

/// The length of the UTF-8 sequence starting at Text[I], or 1 for a byte that
/// does not start a valid sequence.
size_t sequenceLength(llvm::StringRef Text, size_t I) {
  unsigned char Lead = Text[I];
  size_t Len = Lead < 0x80           ? 1
               : (Lead >> 5) == 0x6  ? 2
               : (Lead >> 4) == 0xE  ? 3
               : (Lead >> 3) == 0x1E ? 4
                                     : 1;
  if (Len == 1 || I + Len > Text.size())
    return 1;
  for (size_t K = 1; K < Len; ++K)
    if ((static_cast<unsigned char>(Text[I + K]) & 0xC0) != 0x80)
      return 1;
  return Len;
}

/// Code units that a UTF-8 sequence of ByteLen bytes occupies.
size_t unitsOf(size_t ByteLen, OffsetEncoding Encoding) {
  switch (Encoding) {
  case OffsetEncoding::UTF8:
    return ByteLen;
  case OffsetEncoding::UTF16:
    return ByteLen == 4 ? 2 : 1; // Outside the BMP: a surrogate pair.
  case OffsetEncoding::UTF32:
    return 1;
  }
  return 1;
}

/// The byte offset where Line (0-based) starts; Found is false past the end.
size_t lineStart(llvm::StringRef Code, unsigned Line, bool &Found) {
  size_t Start = 0;
  for (unsigned L = 0; L < Line; ++L) {
    size_t NL = Code.find('\n', Start);
    if (NL == llvm::StringRef::npos) {
      Found = false;
      return Code.size();
    }
    Start = NL + 1;
  }
  Found = true;
  return Start;
}

llvm::StringRef lineAt(llvm::StringRef Code, size_t Start) {
  llvm::StringRef Rest = Code.substr(Start);
  llvm::StringRef Line = Rest.take_until([](char C) { return C == '\n'; });
  // Drop the CR of a CRLF ending; it is not part of the line's content.
  if (Line.ends_with("\r"))
    Line = Line.drop_back();
  return Line;
}

} // namespace

size_t measureUnits(llvm::StringRef Text, OffsetEncoding Encoding) {
  if (Encoding == OffsetEncoding::UTF8)
    return Text.size();
  size_t Units = 0;
  for (size_t I = 0; I < Text.size();) {
    size_t Len = sequenceLength(Text, I);
    Units += unitsOf(Len, Encoding);
    I += Len;
  }
  return Units;
}

size_t unitsToByteColumn(llvm::StringRef Line, size_t Units,
                         OffsetEncoding Encoding) {
  if (Encoding == OffsetEncoding::UTF8)
    return std::min(Units, Line.size());
  size_t Seen = 0;
  size_t I = 0;
  while (I < Line.size()) {
    size_t Len = sequenceLength(Line, I);
    size_t Next = Seen + unitsOf(Len, Encoding);
    if (Next > Units)
      break; // Units lands before or inside this character.
    Seen = Next;
    I += Len;
  }
  return I;
}

llvm::Expected<size_t> positionToOffset(llvm::StringRef Code, TextPosition P,
                                        OffsetEncoding Encoding,
                                        bool AllowPastEnd) {
  bool Found = false;
  size_t Start = lineStart(Code, P.Line, Found);
  if (!Found) {
    if (AllowPastEnd)
      return Code.size();
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("line {0} is past the end of the document", P.Line)
            .str());
  }
  return Start + unitsToByteColumn(lineAt(Code, Start), P.Character, Encoding);
}

TextPosition offsetToPosition(llvm::StringRef Code, size_t Offset,
                              OffsetEncoding Encoding) {
  Offset = std::min(Offset, Code.size());
  llvm::StringRef Before = Code.take_front(Offset);
  TextPosition P;
  P.Line = Before.count('\n');
  size_t LineBegin = Before.rfind('\n');
  LineBegin = LineBegin == llvm::StringRef::npos ? 0 : LineBegin + 1;
  P.Character = measureUnits(Before.drop_front(LineBegin), Encoding);
  return P;
}

TextPosition lineColumnToPosition(llvm::StringRef Code, unsigned Line,
                                  unsigned ByteColumn,
                                  OffsetEncoding Encoding) {
  TextPosition P;
  P.Line = Line ? Line - 1 : 0;
  bool Found = false;
  size_t Start = lineStart(Code, P.Line, Found);
  if (!Found)
    return offsetToPosition(Code, Code.size(), Encoding);
  llvm::StringRef Text = lineAt(Code, Start);
  size_t Bytes = std::min<size_t>(ByteColumn ? ByteColumn - 1 : 0, Text.size());
  P.Character = measureUnits(Text.take_front(Bytes), Encoding);
  return P;
}

llvm::Error applyEdit(std::string &Code, TextPosition Start, TextPosition End,
                      llvm::StringRef NewText, OffsetEncoding Encoding) {
  auto StartOffset = positionToOffset(Code, Start, Encoding);
  if (!StartOffset)
    return StartOffset.takeError();
  // Editors may send an end one line past the last (select-all ranges).
  auto EndOffset = positionToOffset(Code, End, Encoding, /*AllowPastEnd=*/true);
  if (!EndOffset)
    return EndOffset.takeError();
  if (*EndOffset < *StartOffset)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("edit range ends ({0}:{1}) before it starts ({2}:{3})",
                      End.Line, End.Character, Start.Line, Start.Character)
            .str());
  Code.replace(*StartOffset, *EndOffset - *StartOffset, NewText.str());
  return llvm::Error::success();
}

} // namespace corolint::lsp
