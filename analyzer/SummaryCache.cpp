//===- SummaryCache.cpp - Per-file analysis results kept on disk ----------===//
#include "analyzer/SummaryCache.h"
#include "analyzer/CompactJson.h"
#include "analyzer/InputFile.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

using nlohmann::json;

namespace corolint {

namespace {

/// Bumped whenever what an entry holds, or how it is computed, changes.
constexpr int CacheVersion = 4;

} // namespace

SummaryCache::SummaryCache(std::string Dir, uint64_t Limit)
    : Dir(std::move(Dir)), Limit(Limit) {}

namespace {

/// The first line of an entry: what it is, the format's version, and the
/// checksum of the rest (so an entry that was edited, truncated or copied
/// from elsewhere is noticed, not believed).
constexpr llvm::StringLiteral Magic = "corolint-cache";

std::string checksum(llvm::StringRef Body) {
  llvm::XXH128_hash_t H = llvm::xxh3_128bits(llvm::ArrayRef(
      reinterpret_cast<const uint8_t *>(Body.data()), Body.size()));
  return llvm::utohexstr(H.high64, false, 16) +
         llvm::utohexstr(H.low64, false, 16);
}

void forEachRange(const Diagnostic &D,
                  llvm::function_ref<void(const FileRange &, bool Fix)> F) {
  F(D.Range, false);
  for (const FileRange &R : D.ExtraRanges)
    F(R, false);
  for (const DiagnosticNote &N : D.Notes)
    F(N.Range, false);
  for (const FixIt &X : D.Fixes)
    F(X.Range, true);
}

void forEachSite(const std::vector<CallHop> &Chain,
                 llvm::function_ref<void(const FileRange &, bool Fix)> F) {
  for (const CallHop &H : Chain)
    F(H.Site, false);
}

} // namespace

/// Bytes in each cache directory as this process last counted them, plus
/// what it wrote since: the directory is listed again only when that passes
/// the limit, not on every store (the language server makes a SummaryCache
/// per file it analyses).
static std::mutex &usageLock() {
  static std::mutex M;
  return M;
}
static llvm::StringMap<uint64_t> &usage() {
  static llvm::StringMap<uint64_t> Bytes;
  return Bytes;
}

void SummaryCache::warnOnce(const llvm::Twine &Message) {
  std::lock_guard<std::mutex> L(Lock);
  if (Warned)
    return;
  Warned = true;
  llvm::errs() << ("corolint: warning: " + Message + "\n").str();
}

void SummaryCache::ignoreEntry(llvm::StringRef Path, const llvm::Twine &Why) {
  std::string Line =
      ("corolint: warning: ignoring cache entry '" + Path + "': " + Why + "\n")
          .str();
  // A damaged entry would be rejected again on every run; the analysis
  // that follows writes a good one.
  llvm::sys::fs::file_status St;
  if (!llvm::sys::fs::status(Path, St) &&
      St.type() == llvm::sys::fs::file_type::regular_file)
    llvm::sys::fs::remove(Path);
  std::lock_guard<std::mutex> L(Lock);
  llvm::errs() << Line;
}

std::string SummaryCache::digestOf(llvm::StringRef Path) {
  {
    std::lock_guard<std::mutex> L(Lock);
    if (auto It = Digests.find(Path); It != Digests.end())
      return It->second;
  }
  std::string Digest;
  if (auto Text = readRegularFile(Path, size_limit::Source))
    Digest = llvm::utohexstr(llvm::xxh3_64bits(*Text)) + ":" +
             std::to_string(Text->size());
  else
    llvm::consumeError(Text.takeError());
  std::lock_guard<std::mutex> L(Lock);
  Digests[Path] = Digest;
  return Digest;
}

std::string SummaryCache::identityOf(llvm::StringRef Path) {
  {
    std::lock_guard<std::mutex> L(Lock);
    if (auto It = Identities.find(Path); It != Identities.end())
      return It->second;
  }
  llvm::SmallString<256> Real;
  std::string Identity;
  if (!Path.empty() && !llvm::sys::fs::real_path(Path, Real))
    Identity = std::string(Real);
  std::lock_guard<std::mutex> L(Lock);
  Identities[Path] = Identity;
  return Identity;
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

std::optional<CachedAnalysis> SummaryCache::lookup(llvm::StringRef Key,
                                                   llvm::StringRef File) {
  if (Key.empty())
    return std::nullopt;
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, Key + ".json");
  if (!llvm::sys::fs::exists(Path))
    return std::nullopt;
  auto Text = readRegularFile(Path, size_limit::CacheEntry, "cache entry");
  if (!Text) {
    std::string Why = llvm::toString(Text.takeError());
    std::lock_guard<std::mutex> L(Lock);
    llvm::errs() << "corolint: warning: " << Why << "; ignored\n";
    return std::nullopt;
  }
  auto [Header, Body] = llvm::StringRef(*Text).split('\n');
  llvm::SmallVector<llvm::StringRef, 3> Fields;
  Header.split(Fields, ' ');
  if (Fields.size() != 3 || Fields[0] != Magic) {
    ignoreEntry(Path, "it is not a corolint cache entry");
    return std::nullopt;
  }
  if (Fields[1] != std::to_string(CacheVersion))
    return std::nullopt; // Another version of corolint wrote it.
  if (Fields[2] != checksum(Body)) {
    ignoreEntry(Path, "its checksum does not match its contents");
    return std::nullopt;
  }
  if (llvm::Error E = checkNesting(Body, Path, /*Indentation=*/false)) {
    ignoreEntry(Path, llvm::toString(std::move(E)));
    return std::nullopt;
  }
  CachedAnalysis A;
  try {
    json J = json::parse(Body.begin(), Body.end());
    if (J.at("version").get<int>() != CacheVersion ||
        J.at("key").get<std::string>() != Key) {
      ignoreEntry(Path, "it is stored under another key");
      return std::nullopt;
    }
    for (const json &Dep : J.at("deps")) {
      std::string D = Dep.at(0).get<std::string>();
      if (digestOf(D) != Dep.at(1).get<std::string>())
        return std::nullopt; // A file it read has changed: stale.
      A.Dependencies.push_back(std::move(D));
    }
    for (const json &D : J.at("findings"))
      A.Findings.push_back(compactDiagnosticFrom(D));
    auto Summary = fileSummaryFromJson(J.at("summary").dump());
    if (!Summary) {
      ignoreEntry(Path, llvm::toString(Summary.takeError()));
      return std::nullopt;
    }
    A.Summary = std::move(*Summary);
    for (const json &W : J.at("deferred"))
      A.Deferred.push_back(compactDeferredFrom(W));
  } catch (const std::exception &E) {
    ignoreEntry(Path, llvm::Twine("malformed: ") + E.what());
    return std::nullopt;
  }

  // Every place the entry names must be a file its analysis read, and what
  // --fix would edit, the file itself: an entry cannot point anywhere else.
  std::string Main = identityOf(File);
  llvm::StringSet<> Read;
  for (const std::string &D : A.Dependencies)
    if (std::string Id = identityOf(D); !Id.empty())
      Read.insert(Id);
  if (Main.empty() || !Read.contains(Main)) {
    ignoreEntry(Path, "it was not made from '" + File + "'");
    return std::nullopt;
  }
  std::string Stray;
  auto Check = [&](const FileRange &R, bool Fix) {
    if (!Stray.empty() || R.File.empty())
      return;
    std::string Id = identityOf(R.File);
    if (Id.empty() || (Fix ? Id != Main : !Read.contains(Id)))
      Stray = R.File;
  };
  for (const Diagnostic &D : A.Findings)
    forEachRange(D, Check);
  for (const DeferredFinding &F : A.Deferred) {
    forEachRange(F.Draft, Check);
    for (const ExternalCall &E : F.Via)
      forEachSite(E.Chain, Check);
  }
  Check({A.Summary.File, {}, {}}, false);
  for (const FunctionSummary &F : A.Summary.Functions) {
    for (const BlockingReach &R : F.Reaches)
      forEachSite(R.Chain, Check);
    for (const ExternalCall &E : F.Externals)
      forEachSite(E.Chain, Check);
  }
  if (!Stray.empty()) {
    ignoreEntry(Path,
                "it names '" + Stray + "', which its analysis did not read");
    return std::nullopt;
  }
  // Least recently used first when the directory is over its limit.
  ::utimensat(AT_FDCWD, Path.c_str(), nullptr, 0);
  return A;
}

void SummaryCache::store(llvm::StringRef Key, const CachedAnalysis &A,
                         llvm::ArrayRef<std::string> Dependencies) {
  if (Key.empty())
    return;
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir)) {
    warnOnce("cannot create the cache directory '" + Dir +
             "': " + EC.message() + "; results are not cached");
    return;
  }
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
    Findings.push_back(compactDiagnostic(D));
  for (const DeferredFinding &F : A.Deferred)
    Deferred.push_back(compactDeferred(F));
  json J = {{"version", CacheVersion},
            {"key", Key.str()},
            {"deps", std::move(Deps)},
            {"findings", std::move(Findings)},
            {"summary", json::parse(toJson(A.Summary))},
            {"deferred", std::move(Deferred)}};
  std::string Body = J.dump();
  std::string Text = (Magic + " " + llvm::Twine(CacheVersion) + " " +
                      checksum(Body) + "\n" + Body)
                         .str();
  // Write then rename, so a parallel run never reads half an entry.
  llvm::SmallString<256> Path(Dir), Temp;
  llvm::sys::path::append(Path, Key + ".json");
  int FD = -1;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueFile(Path + ".%%%%%%.tmp", FD, Temp)) {
    warnOnce("cannot write to the cache directory '" + Dir +
             "': " + EC.message() + "; results are not cached");
    return;
  }
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
    OS.close();
    if (OS.has_error()) {
      // A full disk: the entry is lost, the analysis is not.
      std::error_code EC = OS.error();
      OS.clear_error();
      llvm::sys::fs::remove(Temp);
      warnOnce("cannot write to the cache directory '" + Dir +
               "': " + EC.message() + "; results are not cached");
      return;
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(Temp, Path)) {
    llvm::sys::fs::remove(Temp);
    warnOnce("cannot write the cache entry '" + Path + "': " + EC.message() +
             "; results are not cached");
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
  bool Over;
  {
    std::lock_guard<std::mutex> L(usageLock());
    auto [It, Unknown] = usage().try_emplace(Dir, 0);
    It->second += Text.size();
    Over = Unknown || It->second > Limit;
  }
  if (Over)
    evict();
}

void SummaryCache::evict() {
  struct Entry {
    std::string Path;
    uint64_t Size;
    llvm::sys::TimePoint<> Used;
  };
  std::vector<Entry> Entries;
  uint64_t Total = 0;
  auto Now = std::chrono::system_clock::now();
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    llvm::StringRef Name = llvm::sys::path::filename(It->path());
    bool Temporary = Name.ends_with(".tmp");
    if (!Name.ends_with(".json") && !Temporary)
      continue;
    llvm::sys::fs::file_status St;
    if (llvm::sys::fs::status(It->path(), St, /*Follow=*/false) ||
        St.type() != llvm::sys::fs::file_type::regular_file)
      continue;
    // What a run that died left behind; another run's file being written
    // is younger than that.
    if (Temporary &&
        Now - St.getLastModificationTime() > std::chrono::hours(1)) {
      llvm::sys::fs::remove(It->path());
      continue;
    }
    Total += St.getSize();
    if (!Temporary)
      Entries.push_back(
          {It->path(), St.getSize(), St.getLastModificationTime()});
  }
  // Down to seven eighths of the limit, so that the next stores do not
  // each scan the directory again.
  uint64_t Target = Limit - Limit / 8;
  if (Total > Limit) {
    llvm::sort(Entries, [](const Entry &A, const Entry &B) {
      return std::tie(A.Used, A.Path) < std::tie(B.Used, B.Path);
    });
    for (const Entry &E : Entries) {
      if (Total <= Target)
        break;
      if (!llvm::sys::fs::remove(E.Path))
        Total -= E.Size;
    }
  }
  std::lock_guard<std::mutex> L(usageLock());
  usage()[Dir] = Total;
}

} // namespace corolint
