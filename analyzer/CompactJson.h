//===- CompactJson.h - The compact JSON form of ranges used on disk -------===//
//
// Internal to the analyzer: the summary cache and the summary index store
// FileRanges as [file, line, column, offset, endLine, endColumn, endOffset].
// (The user-facing --format=json uses named fields instead: see Render.cpp.)
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_COMPACTJSON_H
#define COROLINT_ANALYZER_COMPACTJSON_H

#include "analyzer/Diagnostic.h"
#include <nlohmann/json.hpp>

namespace corolint {

inline nlohmann::json compactRange(const FileRange &R) {
  return nlohmann::json::array({R.File, R.Begin.Line, R.Begin.Column,
                                R.Begin.Offset, R.End.Line, R.End.Column,
                                R.End.Offset});
}

/// The inverse of compactRange; throws nlohmann::json::exception on a
/// malformed value (callers treat the entry as missing).
inline FileRange compactRangeFrom(const nlohmann::json &J) {
  FileRange R;
  R.File = J.at(0).get<std::string>();
  R.Begin = {J.at(1).get<unsigned>(), J.at(2).get<unsigned>(),
             J.at(3).get<unsigned>()};
  R.End = {J.at(4).get<unsigned>(), J.at(5).get<unsigned>(),
           J.at(6).get<unsigned>()};
  return R;
}

} // namespace corolint

#endif
