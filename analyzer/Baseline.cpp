//===- Baseline.cpp - Record today's findings, report only new ones -------===//
#include "analyzer/Baseline.h"
#include "analyzer/Fixes.h"
#include "analyzer/InputFile.h"
#include "llvm/Support/Path.h"
#include <nlohmann/json.hpp>

namespace corolint {

static constexpr int BaselineVersion = 1;

/// The directory a baseline's paths are relative to: its own.
static std::string rootOf(llvm::StringRef BaselinePath) {
  return llvm::sys::path::parent_path(absolutePath(BaselinePath)).str();
}

llvm::Expected<Baseline> Baseline::load(llvm::StringRef Path) {
  auto Text = readRegularFile(Path, size_limit::Baseline, "baseline");
  if (!Text)
    return Text.takeError();
  auto Malformed = [&](const std::string &Why) {
    return llvm::createStringError(std::errc::invalid_argument,
                                   "malformed baseline '%s': %s",
                                   Path.str().c_str(), Why.c_str());
  };
  if (llvm::Error E = checkNesting(*Text, Path, /*Indentation=*/false))
    return Malformed(llvm::toString(std::move(E)));
  nlohmann::json Doc = nlohmann::json::parse(*Text, nullptr,
                                             /*allow_exceptions=*/false);
  if (Doc.is_discarded())
    return Malformed("not JSON");
  if (!Doc.is_object() || !Doc.contains("version") ||
      Doc["version"] != BaselineVersion)
    return Malformed("expected a JSON object with \"version\": " +
                     std::to_string(BaselineVersion));
  if (!Doc.contains("findings") || !Doc["findings"].is_array())
    return Malformed("expected a \"findings\" array");

  Baseline B;
  B.Root = rootOf(Path);
  const nlohmann::json &Findings = Doc["findings"];
  for (size_t I = 0; I < Findings.size(); ++I) {
    const nlohmann::json &E = Findings[I];
    std::string Where = "findings[" + std::to_string(I) + "]";
    if (!E.is_object())
      return Malformed(Where + " is not an object");
    std::string Fields[4];
    const char *Names[4] = {"file", "check", "message", "fingerprint"};
    for (int F = 0; F < 4; ++F) {
      auto It = E.find(Names[F]);
      if (It == E.end() || !It->is_string())
        return Malformed(Where + " needs a string \"" + Names[F] + "\"");
      Fields[F] = It->get<std::string>();
    }
    unsigned Count = 1;
    if (auto It = E.find("count"); It != E.end()) {
      if (!It->is_number_unsigned() || *It == 0)
        return Malformed(Where + ": \"count\" must be a positive integer");
      Count = It->get<unsigned>();
    }
    B.Counts[{Fields[0], Fields[1], Fields[2], Fields[3]}] += Count;
  }
  return B;
}

std::vector<Diagnostic> Baseline::newFindings(llvm::ArrayRef<Diagnostic> Diags,
                                              SourceLines &Sources) const {
  std::vector<FindingIdentity> Ids = identifyFindings(Diags, Root, Sources);
  std::map<Key, unsigned> Left = Counts;
  std::vector<Diagnostic> New;
  for (size_t I = 0; I < Diags.size(); ++I) {
    auto It = Left.find(
        {Ids[I].Path, Diags[I].Check, Diags[I].Message, Ids[I].Fingerprint});
    if (It != Left.end() && It->second > 0) {
      --It->second;
      continue;
    }
    New.push_back(Diags[I]);
  }
  return New;
}

std::string renderBaseline(llvm::ArrayRef<Diagnostic> Diags,
                           llvm::StringRef BaselinePath, SourceLines &Sources) {
  std::vector<FindingIdentity> Ids =
      identifyFindings(Diags, rootOf(BaselinePath), Sources);
  // Sorted by file, so that the file's diff shows which findings came and went.
  std::map<std::tuple<std::string, std::string, std::string, std::string>,
           unsigned>
      Counts;
  for (size_t I = 0; I < Diags.size(); ++I)
    ++Counts[{Ids[I].Path, Diags[I].Check, Diags[I].Message,
              Ids[I].Fingerprint}];
  nlohmann::ordered_json Findings = nlohmann::ordered_json::array();
  for (const auto &[Key, Count] : Counts) {
    const auto &[File, Check, Message, Fingerprint] = Key;
    Findings.push_back({{"file", File},
                        {"check", Check},
                        {"message", Message},
                        {"fingerprint", Fingerprint},
                        {"count", Count}});
  }
  nlohmann::ordered_json Doc;
  Doc["version"] = BaselineVersion;
  Doc["tool"] = "corolint";
  Doc["findings"] = std::move(Findings);
  return Doc.dump(2) + "\n";
}

llvm::Error writeBaseline(llvm::ArrayRef<Diagnostic> Diags,
                          llvm::StringRef BaselinePath, SourceLines &Sources) {
  // Atomically: an interrupted run must not leave half a baseline behind.
  if (llvm::Error E = writeFileAtomically(
          BaselinePath, renderBaseline(Diags, BaselinePath, Sources)))
    return llvm::createStringError(std::errc::io_error, "baseline: %s",
                                   llvm::toString(std::move(E)).c_str());
  return llvm::Error::success();
}

} // namespace corolint
