//===- SourceTextTest.cpp - Position encodings and incremental edits ------===//
#include "lsp/SourceText.h"
#include "gtest/gtest.h"

namespace corolint::lsp {
namespace {

// "a" (1 byte), "é" (2 bytes, 1 UTF-16 unit), "€" (3 bytes, 1 unit),
// "😀" (4 bytes, a surrogate pair: 2 UTF-16 units), "b".
const std::string Line = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"
                         "b";

TEST(SourceText, MeasuresEachEncoding) {
  EXPECT_EQ(measureUnits(Line, OffsetEncoding::UTF8), 11u);
  EXPECT_EQ(measureUnits(Line, OffsetEncoding::UTF16), 6u);
  EXPECT_EQ(measureUnits(Line, OffsetEncoding::UTF32), 5u);
}

TEST(SourceText, UnitsToBytesInUTF16) {
  EXPECT_EQ(unitsToByteColumn(Line, 0, OffsetEncoding::UTF16), 0u);
  EXPECT_EQ(unitsToByteColumn(Line, 1, OffsetEncoding::UTF16), 1u);
  EXPECT_EQ(unitsToByteColumn(Line, 2, OffsetEncoding::UTF16), 3u);
  EXPECT_EQ(unitsToByteColumn(Line, 3, OffsetEncoding::UTF16), 6u);
  // Inside the surrogate pair: rounds down to the emoji's first byte.
  EXPECT_EQ(unitsToByteColumn(Line, 4, OffsetEncoding::UTF16), 6u);
  EXPECT_EQ(unitsToByteColumn(Line, 5, OffsetEncoding::UTF16), 10u);
  EXPECT_EQ(unitsToByteColumn(Line, 6, OffsetEncoding::UTF16), 11u);
  // Past the end clamps.
  EXPECT_EQ(unitsToByteColumn(Line, 99, OffsetEncoding::UTF16), 11u);
}

TEST(SourceText, UnitsToBytesInUTF32AndUTF8) {
  EXPECT_EQ(unitsToByteColumn(Line, 3, OffsetEncoding::UTF32), 6u);
  EXPECT_EQ(unitsToByteColumn(Line, 4, OffsetEncoding::UTF32), 10u);
  EXPECT_EQ(unitsToByteColumn(Line, 7, OffsetEncoding::UTF8), 7u);
}

TEST(SourceText, RoundTripsEveryCharacterBoundary) {
  std::string Code = "int x;\n" + Line + "\n// end\n";
  for (auto Enc :
       {OffsetEncoding::UTF8, OffsetEncoding::UTF16, OffsetEncoding::UTF32}) {
    for (size_t Offset : {0u, 7u, 8u, 10u, 13u, 17u, 18u, 19u, 26u}) {
      TextPosition P = offsetToPosition(Code, Offset, Enc);
      auto Back = positionToOffset(Code, P, Enc);
      ASSERT_TRUE(static_cast<bool>(Back));
      EXPECT_EQ(*Back, Offset) << "encoding " << encodingName(Enc).str();
    }
  }
}

TEST(SourceText, OffsetToPositionCountsUTF16Units) {
  std::string Code = "x\n" + Line;
  // Offset of "b": 2 + 10.
  EXPECT_EQ(offsetToPosition(Code, 12, OffsetEncoding::UTF16),
            (TextPosition{1, 5}));
  EXPECT_EQ(offsetToPosition(Code, 12, OffsetEncoding::UTF8),
            (TextPosition{1, 10}));
}

TEST(SourceText, LineColumnToPosition) {
  std::string Code = "x\n" + Line + "\n";
  // 1-based byte column 11 is "b".
  EXPECT_EQ(lineColumnToPosition(Code, 2, 11, OffsetEncoding::UTF16),
            (TextPosition{1, 5}));
}

TEST(SourceText, LinePastEndIsAnError) {
  auto R = positionToOffset("a\nb", {5, 0}, OffsetEncoding::UTF16);
  EXPECT_FALSE(static_cast<bool>(R));
  llvm::consumeError(R.takeError());
  auto Clamped = positionToOffset("a\nb", {5, 0}, OffsetEncoding::UTF16, true);
  ASSERT_TRUE(static_cast<bool>(Clamped));
  EXPECT_EQ(*Clamped, 3u);
}

TEST(SourceText, CRLFLineEndsAreNotCharacters) {
  auto R = positionToOffset("ab\r\ncd", {0, 10}, OffsetEncoding::UTF16);
  ASSERT_TRUE(static_cast<bool>(R));
  EXPECT_EQ(*R, 2u);
}

TEST(SourceText, AppliesIncrementalEditsAfterNonASCII) {
  std::string Code = "// " + Line + " tail\n";
  // Replace "tail" (UTF-16 column 3 + 6 + 1 = 10) with "x".
  ASSERT_FALSE(static_cast<bool>(
      applyEdit(Code, {0, 10}, {0, 14}, "x", OffsetEncoding::UTF16)));
  EXPECT_EQ(Code, "// " + Line + " x\n");
}

TEST(SourceText, InsertsDeletesAndAppends) {
  std::string Code = "a\nb\n";
  ASSERT_FALSE(static_cast<bool>(
      applyEdit(Code, {1, 0}, {1, 0}, "co_await ", OffsetEncoding::UTF16)));
  EXPECT_EQ(Code, "a\nco_await b\n");
  ASSERT_FALSE(static_cast<bool>(
      applyEdit(Code, {0, 0}, {1, 0}, "", OffsetEncoding::UTF16)));
  EXPECT_EQ(Code, "co_await b\n");
  ASSERT_FALSE(static_cast<bool>(
      applyEdit(Code, {1, 0}, {1, 0}, "z", OffsetEncoding::UTF16)));
  EXPECT_EQ(Code, "co_await b\nz");
}

TEST(SourceText, ReversedRangeIsAnError) {
  std::string Code = "abc";
  llvm::Error E = applyEdit(Code, {0, 2}, {0, 1}, "", OffsetEncoding::UTF16);
  EXPECT_TRUE(static_cast<bool>(E));
  llvm::consumeError(std::move(E));
  EXPECT_EQ(Code, "abc");
}

TEST(SourceText, InvalidUTF8BytesCountAsOneUnit) {
  std::string Bad = "a\xFF"
                    "b";
  EXPECT_EQ(measureUnits(Bad, OffsetEncoding::UTF16), 3u);
  EXPECT_EQ(unitsToByteColumn(Bad, 2, OffsetEncoding::UTF16), 2u);
}

TEST(SourceText, ParsesEncodingNames) {
  EXPECT_EQ(parseEncoding("utf-8"), OffsetEncoding::UTF8);
  EXPECT_EQ(parseEncoding("utf-16"), OffsetEncoding::UTF16);
  EXPECT_EQ(parseEncoding("utf-32"), OffsetEncoding::UTF32);
  EXPECT_EQ(parseEncoding("latin1"), std::nullopt);
}

} // namespace
} // namespace corolint::lsp
