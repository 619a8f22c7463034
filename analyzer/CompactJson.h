//===- CompactJson.h - The compact JSON form of ranges used on disk -------===//
//
// Internal to the analyzer: the summary cache, the summary index and shard
// files store FileRanges as [file, line, column, offset, endLine, endColumn,
// endOffset], and findings and deferred findings in the forms below.
// (The user-facing --format=json uses named fields instead: see Render.cpp.)
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_COMPACTJSON_H
#define COROLINT_ANALYZER_COMPACTJSON_H

#include "analyzer/BlockingSummary.h"
#include "analyzer/Diagnostic.h"
#include <nlohmann/json.hpp>
#include <stdexcept>

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

inline nlohmann::json compactDiagnostic(const Diagnostic &D) {
  nlohmann::json Notes = nlohmann::json::array(),
                 Extra = nlohmann::json::array(),
                 Fixes = nlohmann::json::array();
  for (const DiagnosticNote &N : D.Notes)
    Notes.push_back({compactRange(N.Range), N.Message});
  for (const FileRange &R : D.ExtraRanges)
    Extra.push_back(compactRange(R));
  for (const FixIt &F : D.Fixes)
    Fixes.push_back({compactRange(F.Range), F.Replacement});
  return {{"check", D.Check},
          {"level", static_cast<int>(D.Level)},
          {"range", compactRange(D.Range)},
          {"extra", std::move(Extra)},
          {"message", D.Message},
          {"notes", std::move(Notes)},
          {"fixes", std::move(Fixes)}};
}

/// The inverse of compactDiagnostic; throws like compactRangeFrom.
inline Diagnostic compactDiagnosticFrom(const nlohmann::json &J) {
  Diagnostic D;
  D.Check = J.at("check").get<std::string>();
  int Level = J.at("level").get<int>();
  if (Level < 0 || Level > static_cast<int>(Severity::Error))
    throw std::out_of_range("severity");
  D.Level = static_cast<Severity>(Level);
  D.Range = compactRangeFrom(J.at("range"));
  for (const nlohmann::json &R : J.at("extra"))
    D.ExtraRanges.push_back(compactRangeFrom(R));
  D.Message = J.at("message").get<std::string>();
  for (const nlohmann::json &N : J.at("notes"))
    D.Notes.push_back({compactRangeFrom(N.at(0)), N.at(1).get<std::string>()});
  for (const nlohmann::json &F : J.at("fixes"))
    D.Fixes.push_back({compactRangeFrom(F.at(0)), F.at(1).get<std::string>()});
  return D;
}

inline nlohmann::json compactDeferred(const DeferredFinding &F) {
  nlohmann::json Via = nlohmann::json::array();
  for (const ExternalCall &E : F.Via) {
    nlohmann::json Chain = nlohmann::json::array();
    for (const CallHop &H : E.Chain)
      Chain.push_back({H.Caller, H.Callee, compactRange(H.Site)});
    Via.push_back({E.USR, E.Callee, std::move(Chain)});
  }
  return {{"check", F.Check},      {"draft", compactDiagnostic(F.Draft)},
          {"context", F.Context},  {"via", std::move(Via)},
          {"max-tier", F.MaxTier}, {"disabled", F.DisabledCategories}};
}

/// The inverse of compactDeferred; throws like compactRangeFrom.
inline DeferredFinding compactDeferredFrom(const nlohmann::json &J) {
  DeferredFinding F;
  F.Check = J.at("check").get<std::string>();
  F.Draft = compactDiagnosticFrom(J.at("draft"));
  F.Context = J.at("context").get<std::string>();
  for (const nlohmann::json &E : J.at("via")) {
    ExternalCall Call{
        E.at(0).get<std::string>(), E.at(1).get<std::string>(), {}};
    for (const nlohmann::json &H : E.at(2))
      Call.Chain.push_back({H.at(0).get<std::string>(),
                            H.at(1).get<std::string>(),
                            compactRangeFrom(H.at(2))});
    F.Via.push_back(std::move(Call));
  }
  F.MaxTier = J.at("max-tier").get<unsigned>();
  F.DisabledCategories = J.at("disabled").get<std::vector<std::string>>();
  return F;
}

} // namespace corolint

#endif
