//===- SummaryCache.cpp - Per-file analysis results kept on disk ----------===//
#include "analyzer/SummaryCache.h"
#include "analyzer/CompactJson.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <nlohmann/json.hpp>

using nlohmann::json;

namespace corolint {

namespace {

/// Bumped whenever what an entry holds, or how it is computed, changes.
constexpr int CacheVersion = 3;

json diagJson(const Diagnostic &D) {
  json Notes = json::array(), Extra = json::array(), Fixes = json::array();
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

Diagnostic diagFrom(const json &J) {
  Diagnostic D;
  D.Check = J.at("check").get<std::string>();
  D.Level = static_cast<Severity>(J.at("level").get<int>());
  D.Range = compactRangeFrom(J.at("range"));
  for (const json &R : J.at("extra"))
    D.ExtraRanges.push_back(compactRangeFrom(R));
  D.Message = J.at("message").get<std::string>();
  for (const json &N : J.at("notes"))
    D.Notes.push_back({compactRangeFrom(N.at(0)), N.at(1).get<std::string>()});
  for (const json &F : J.at("fixes"))
    D.Fixes.push_back({compactRangeFrom(F.at(0)), F.at(1).get<std::string>()});
  return D;
}

json chainJson(const std::vector<CallHop> &Chain) {
  json A = json::array();
  for (const CallHop &H : Chain)
    A.push_back({H.Caller, H.Callee, compactRange(H.Site)});
  return A;
}
std::vector<CallHop> chainFrom(const json &J) {
  std::vector<CallHop> Chain;
  for (const json &H : J)
    Chain.push_back({H.at(0).get<std::string>(), H.at(1).get<std::string>(),
                     compactRangeFrom(H.at(2))});
  return Chain;
}

} // namespace

std::string diagnosticsToJson(llvm::ArrayRef<Diagnostic> Diags) {
  json A = json::array();
  for (const Diagnostic &D : Diags)
    A.push_back(diagJson(D));
  return A.dump();
}

SummaryCache::SummaryCache(std::string Dir) : Dir(std::move(Dir)) {}

std::string SummaryCache::digestOf(llvm::StringRef Path) {
  {
    std::lock_guard<std::mutex> L(Lock);
    if (auto It = Digests.find(Path); It != Digests.end())
      return It->second;
  }
  std::string Digest;
  if (auto Buffer =
          llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false))
    Digest = llvm::utohexstr(llvm::xxh3_64bits((*Buffer)->getBuffer())) + ":" +
             std::to_string((*Buffer)->getBufferSize());
  std::lock_guard<std::mutex> L(Lock);
  Digests[Path] = Digest;
  return Digest;
}

std::string SummaryCache::keyFor(llvm::StringRef File,
                                 llvm::ArrayRef<std::string> Inputs) {
  std::string Contents = digestOf(File);
  if (Contents.empty())
    return "";
  // "<slot>-<contents>": the slot names the file analysed one way (its
  // command, configuration, tool), so a new version of the file replaces
  // the entry of the old one; the second part covers everything.
  std::string Slot = std::to_string(CacheVersion) + '\x1e' + File.str();
  for (const std::string &I : Inputs)
    Slot += '\x1e' + I;
  std::string Text = Slot + '\x1e' + Contents;
  // Independent 64-bit digests: collisions are not a practical concern.
  return llvm::utohexstr(llvm::xxh3_64bits(Slot), false, 16) + "-" +
         llvm::utohexstr(llvm::xxh3_64bits(Text), false, 16) +
         llvm::utohexstr(llvm::xxh3_64bits(Text + "#"), false, 16);
}

std::optional<CachedAnalysis> SummaryCache::lookup(llvm::StringRef Key) {
  if (Key.empty())
    return std::nullopt;
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, Key + ".json");
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return std::nullopt;
  try {
    llvm::StringRef Text = (*Buffer)->getBuffer();
    json J = json::parse(Text.begin(), Text.end());
    if (J.at("version").get<int>() != CacheVersion ||
        J.at("key").get<std::string>() != Key)
      return std::nullopt;
    for (const json &Dep : J.at("deps"))
      if (digestOf(Dep.at(0).get<std::string>()) !=
          Dep.at(1).get<std::string>())
        return std::nullopt;
    CachedAnalysis A;
    for (const json &D : J.at("findings"))
      A.Findings.push_back(diagFrom(D));
    auto Summary = fileSummaryFromJson(J.at("summary").dump());
    if (!Summary) {
      llvm::consumeError(Summary.takeError());
      return std::nullopt;
    }
    A.Summary = std::move(*Summary);
    for (const json &W : J.at("deferred")) {
      DeferredFinding F;
      F.Check = W.at("check").get<std::string>();
      F.Draft = diagFrom(W.at("draft"));
      F.Context = W.at("context").get<std::string>();
      for (const json &E : W.at("via"))
        F.Via.push_back({E.at(0).get<std::string>(), E.at(1).get<std::string>(),
                         chainFrom(E.at(2))});
      F.MaxTier = W.at("max-tier").get<unsigned>();
      F.DisabledCategories = W.at("disabled").get<std::vector<std::string>>();
      A.Deferred.push_back(std::move(F));
    }
    return A;
  } catch (const std::exception &) {
    return std::nullopt; // A damaged entry is a miss.
  }
}

void SummaryCache::store(llvm::StringRef Key, const CachedAnalysis &A,
                         llvm::ArrayRef<std::string> Dependencies) {
  if (Key.empty() || llvm::sys::fs::create_directories(Dir))
    return;
  json Deps = json::array();
  for (const std::string &D : Dependencies) {
    std::string Digest = digestOf(D);
    if (Digest.empty()) {
      if (getenv("COROLINT_DEBUG_CACHE"))
        llvm::errs() << "cache: cannot read dependency " << D << "\n";
      return; // Not a file on disk (an overlay): do not cache.
    }
    Deps.push_back({D, Digest});
  }
  json Findings = json::array(), Deferred = json::array();
  for (const Diagnostic &D : A.Findings)
    Findings.push_back(diagJson(D));
  for (const DeferredFinding &F : A.Deferred) {
    json Via = json::array();
    for (const ExternalCall &E : F.Via)
      Via.push_back({E.USR, E.Callee, chainJson(E.Chain)});
    Deferred.push_back({{"check", F.Check},
                        {"draft", diagJson(F.Draft)},
                        {"context", F.Context},
                        {"via", std::move(Via)},
                        {"max-tier", F.MaxTier},
                        {"disabled", F.DisabledCategories}});
  }
  json J = {{"version", CacheVersion},
            {"key", Key.str()},
            {"deps", std::move(Deps)},
            {"findings", std::move(Findings)},
            {"summary", json::parse(toJson(A.Summary))},
            {"deferred", std::move(Deferred)}};
  // Write then rename, so a parallel run never reads half an entry.
  llvm::SmallString<256> Path(Dir), Temp;
  llvm::sys::path::append(Path, Key + ".json");
  int FD = -1;
  if (llvm::sys::fs::createUniqueFile(Path + ".%%%%%%.tmp", FD, Temp))
    return;
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << J.dump();
  }
  if (llvm::sys::fs::rename(Temp, Path)) {
    llvm::sys::fs::remove(Temp);
    return;
  }
  // Older versions of the same file, analysed the same way, are stale.
  llvm::StringRef Slot = Key.split('-').first;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    llvm::StringRef Name = llvm::sys::path::filename(It->path());
    if (Name.starts_with((Slot + "-").str()) && Name.ends_with(".json") &&
        Name != (Key + ".json").str())
      llvm::sys::fs::remove(It->path());
  }
}

} // namespace corolint
