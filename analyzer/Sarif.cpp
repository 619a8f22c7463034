//===- Sarif.cpp - Findings as SARIF 2.1.0, for code scanning -------------===//
#include "analyzer/Sarif.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Path.h"
#include <nlohmann/json.hpp>

namespace corolint {

using Json = nlohmann::ordered_json;

static const char SarifSchema[] =
    "https://json.schemastore.org/sarif-2.1.0.json";
static const char SourceRootId[] = "%SRCROOT%";
static const char FingerprintKey[] = "corolintFingerprint/v1";

/// Percent-encodes what a URI path may not hold as it is.
static std::string encodeUriPath(llvm::StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("-._~/").contains(C)) {
      Out += C;
      continue;
    }
    Out += '%';
    Out += llvm::hexdigit(C >> 4);
    Out += llvm::hexdigit(C & 15);
  }
  return Out;
}

/// The first paragraph of a Markdown page's first section, as one line.
static std::string firstParagraph(llvm::StringRef Markdown) {
  llvm::SmallVector<llvm::StringRef> Lines;
  Markdown.split(Lines, '\n');
  std::string Out;
  bool InSection = false;
  for (llvm::StringRef Line : Lines) {
    Line = Line.trim();
    if (Line.starts_with("## ")) {
      if (!Out.empty())
        break;
      InSection = true;
      continue;
    }
    if (!InSection || Line.starts_with("#"))
      continue;
    if (Line.empty()) {
      if (!Out.empty())
        break;
      continue;
    }
    Out += (Out.empty() ? "" : " ") + Line.str();
  }
  return Out;
}

/// "blocking-call" -> "BlockingCall", the rule's human-readable name.
static std::string ruleName(llvm::StringRef Id) {
  std::string Out;
  bool Upper = true;
  for (char C : Id) {
    if (!llvm::isAlnum(C)) {
      Upper = true;
      continue;
    }
    Out += Upper ? llvm::toUpper(C) : C;
    Upper = false;
  }
  return Out;
}

static const char *levelName(Severity S) {
  switch (S) {
  case Severity::Error:
    return "error";
  case Severity::Note:
    return "note";
  case Severity::Warning:
    break;
  }
  return "warning";
}

/// SARIF message text treats "[" and "]" as link syntax: escape literal ones.
static std::string escapeBrackets(llvm::StringRef Text) {
  std::string Out;
  for (char C : Text) {
    if (C == '[' || C == ']' || C == '\\')
      Out += '\\';
    Out += C;
  }
  return Out;
}

namespace {

class SarifWriter {
public:
  SarifWriter(const SarifOptions &Options, SourceLines &Sources)
      : Options(Options), Sources(Sources) {
    if (!Options.SourceRoot.empty())
      Root = absolutePath(Options.SourceRoot);
    for (size_t I = 0; I < Options.Rules.size(); ++I)
      RuleIndex[Options.Rules[I].Id] = I;
  }

  Json log(llvm::ArrayRef<Diagnostic> Findings,
           llvm::ArrayRef<Diagnostic> Errors) {
    Json Run;
    Run["tool"] = {{"driver", driver()}};
    Run["invocations"] = Json::array({invocation(Errors)});
    if (!Root.empty())
      Run["originalUriBaseIds"] = {
          {SourceRootId,
           {{"uri", "file://" +
                        encodeUriPath(llvm::StringRef(Root).rtrim('/')) +
                        "/"}}}};
    std::vector<FindingIdentity> Ids =
        identifyFindings(Findings, Root.empty() ? "/" : Root, Sources);
    Json Results = Json::array();
    for (size_t I = 0; I < Findings.size(); ++I)
      Results.push_back(result(Findings[I], Ids[I]));
    Run["results"] = std::move(Results);
    Run["columnKind"] = "utf16CodeUnits";

    Json Log;
    Log["$schema"] = SarifSchema;
    Log["version"] = "2.1.0";
    Log["runs"] = Json::array({std::move(Run)});
    return Log;
  }

private:
  const SarifOptions &Options;
  SourceLines &Sources;
  std::string Root;
  llvm::StringMap<size_t> RuleIndex;

  Json driver() {
    Json Rules = Json::array();
    for (const SarifRule &R : Options.Rules) {
      Json Rule;
      Rule["id"] = R.Id;
      Rule["name"] = ruleName(R.Id);
      Rule["shortDescription"] = {{"text", R.Summary}};
      std::string Full = firstParagraph(R.Documentation);
      Rule["fullDescription"] = {{"text", Full.empty() ? R.Summary : Full}};
      if (!R.Documentation.empty())
        Rule["help"] = {{"text", R.Documentation},
                        {"markdown", R.Documentation}};
      if (!R.HelpUri.empty())
        Rule["helpUri"] = R.HelpUri;
      Rule["defaultConfiguration"] = {{"level", "warning"}};
      Rules.push_back(std::move(Rule));
    }
    Json Driver;
    Driver["name"] = "corolint";
    if (!Options.InformationUri.empty())
      Driver["informationUri"] = Options.InformationUri;
    Driver["version"] = Options.ToolVersion;
    Driver["semanticVersion"] = Options.ToolVersion;
    Driver["rules"] = std::move(Rules);
    return Driver;
  }

  Json artifactLocation(llvm::StringRef File) {
    std::string Abs = absolutePath(File);
    if (!Root.empty()) {
      std::string Rel = pathBelow(Abs, Root);
      if (!llvm::sys::path::is_absolute(Rel))
        return {{"uri", encodeUriPath(Rel)}, {"uriBaseId", SourceRootId}};
    }
    return {{"uri", "file://" + encodeUriPath(Abs)}};
  }

  /// A byte column as UTF-16 code units, counted on the line as it is now.
  unsigned utf16Column(llvm::StringRef File, const FilePosition &P) {
    std::optional<llvm::StringRef> Line = Sources.line(File, P.Line);
    if (!Line || P.Column == 0)
      return P.Column;
    unsigned Bytes = P.Column - 1, Units = 0;
    for (unsigned I = 0; I < Bytes; ++I) {
      unsigned char C = I < Line->size() ? (*Line)[I] : ' ';
      if ((C & 0xC0) == 0x80)
        continue;                          // A continuation byte.
      Units += (C & 0xF8) == 0xF0 ? 2 : 1; // Beyond the BMP: a surrogate pair.
    }
    return Units + 1;
  }

  Json region(const FileRange &R) {
    Json Region;
    Region["startLine"] = R.Begin.Line;
    Region["startColumn"] = utf16Column(R.File, R.Begin);
    if (R.End.Line != 0 && R.End.Offset >= R.Begin.Offset) {
      Region["endLine"] = R.End.Line;
      Region["endColumn"] = utf16Column(R.File, R.End);
    }
    return Region;
  }

  Json physicalLocation(const FileRange &R) {
    return {{"artifactLocation", artifactLocation(R.File)},
            {"region", region(R)}};
  }

  Json result(const Diagnostic &D, const FindingIdentity &Id) {
    Json Result;
    Result["ruleId"] = D.Check;
    if (auto It = RuleIndex.find(D.Check); It != RuleIndex.end())
      Result["ruleIndex"] = It->second;
    Result["level"] = levelName(D.Level);

    // Code scanning shows related locations only where the message links to
    // them, so each located note becomes a linked line of the message.
    std::string Text = escapeBrackets(D.Message);
    Json Related = Json::array();
    for (const DiagnosticNote &N : D.Notes) {
      if (!N.Range.valid()) {
        Text += "\nnote: " + escapeBrackets(N.Message);
        continue;
      }
      unsigned RelatedId = Related.size() + 1;
      Text += "\nnote: [" + escapeBrackets(N.Message) + "](" +
              std::to_string(RelatedId) + ")";
      Related.push_back({{"id", RelatedId},
                         {"physicalLocation", physicalLocation(N.Range)},
                         {"message", {{"text", N.Message}}}});
    }
    Result["message"] = {{"text", Text}};
    Result["locations"] =
        Json::array({{{"physicalLocation", physicalLocation(D.Range)}}});
    if (!Related.empty())
      Result["relatedLocations"] = std::move(Related);
    Result["partialFingerprints"] = {
        {FingerprintKey, Id.Fingerprint + ":" + std::to_string(Id.Occurrence)}};
    if (!D.Fixes.empty())
      Result["fixes"] = Json::array({fix(D)});
    return Result;
  }

  /// All of a diagnostic's fix-its form one fix, grouped by file.
  Json fix(const Diagnostic &D) {
    Json Changes = Json::array();
    llvm::StringMap<size_t> ChangeOf;
    for (const FixIt &F : D.Fixes) {
      auto [It, Inserted] = ChangeOf.try_emplace(F.Range.File, Changes.size());
      if (Inserted)
        Changes.push_back({{"artifactLocation", artifactLocation(F.Range.File)},
                           {"replacements", Json::array()}});
      Changes[It->second]["replacements"].push_back(
          {{"deletedRegion", region(F.Range)},
           {"insertedContent", {{"text", F.Replacement}}}});
    }
    return {
        {"description",
         {{"text", "Apply corolint's fix for this " + D.Check + " finding"}}},
        {"artifactChanges", std::move(Changes)}};
  }

  Json invocation(llvm::ArrayRef<Diagnostic> Errors) {
    Json Notifications = Json::array();
    for (const Diagnostic &E : Errors) {
      Json N;
      N["level"] = "error";
      N["message"] = {{"text", E.Message}};
      if (!E.Range.File.empty())
        N["locations"] = Json::array(
            {{{"physicalLocation",
               {{"artifactLocation", artifactLocation(E.Range.File)}}}}});
      Notifications.push_back(std::move(N));
    }
    Json Invocation;
    Invocation["executionSuccessful"] = Errors.empty();
    if (!Notifications.empty())
      Invocation["toolExecutionNotifications"] = std::move(Notifications);
    return Invocation;
  }
};

} // namespace

std::string renderSarif(llvm::ArrayRef<Diagnostic> Findings,
                        llvm::ArrayRef<Diagnostic> Errors,
                        const SarifOptions &Options, SourceLines &Sources) {
  return SarifWriter(Options, Sources).log(Findings, Errors).dump(2) + "\n";
}

} // namespace corolint
