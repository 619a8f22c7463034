//===- Shard.cpp - Splitting a run over machines, and merging it back -----===//
#include "analyzer/Shard.h"
#include "analyzer/CompactJson.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>
#include <nlohmann/json.hpp>
#include <numeric>

using nlohmann::json;

namespace corolint {

namespace {

/// Identifies the format of a shard file; bumped when it changes.
constexpr int ShardFormat = 1;

llvm::Error error(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

std::string specText(const ShardSpec &S) {
  return std::to_string(S.Index) + "/" + std::to_string(S.Count);
}

} // namespace

llvm::Expected<ShardSpec> parseShardSpec(llvm::StringRef Text) {
  auto [K, N] = Text.split('/');
  ShardSpec S;
  if (K.getAsInteger(10, S.Index) || N.getAsInteger(10, S.Count) ||
      S.Count == 0 || S.Index == 0 || S.Index > S.Count)
    return error("--shard needs K/N with 1 <= K <= N, such as 2/4 (got '" +
                 Text + "')");
  return S;
}

std::vector<unsigned> assignShards(llvm::ArrayRef<ShardInput> Files,
                                   unsigned Count) {
  std::vector<unsigned> Out(Files.size(), 0);
  if (Count <= 1)
    return Out;
  auto WeightOf = [&](size_t I) {
    return std::max<uint64_t>(Files[I].Weight, 1);
  };
  uint64_t Total = 0;
  for (size_t I = 0; I < Files.size(); ++I)
    Total += WeightOf(I);
  // An even share of the bytes, and 10% slack: the slack is what lets most
  // files stay on the shard they prefer as the project changes.
  uint64_t Room = (Total * 11 + 10 * uint64_t(Count) - 1) / (10 * Count);

  std::vector<size_t> Order(Files.size());
  std::iota(Order.begin(), Order.end(), 0);
  std::stable_sort(Order.begin(), Order.end(), [&](size_t A, size_t B) {
    if (WeightOf(A) != WeightOf(B))
      return WeightOf(A) > WeightOf(B);
    return Files[A].Name < Files[B].Name;
  });
  std::vector<uint64_t> Load(Count, 0);
  llvm::SmallVector<std::pair<uint64_t, unsigned>, 16> Preference;
  for (size_t I : Order) {
    // Rendezvous hashing: the file's own ranking of the shards.
    Preference.clear();
    for (unsigned K = 0; K < Count; ++K)
      Preference.push_back(
          {llvm::xxh3_64bits(Files[I].Name + '\0' + std::to_string(K)), K});
    std::sort(Preference.begin(), Preference.end(), std::greater<>());
    uint64_t W = WeightOf(I);
    std::optional<unsigned> Chosen;
    for (auto [Hash, K] : Preference)
      if (Load[K] + W <= Room) {
        Chosen = K;
        break;
      }
    if (!Chosen) {
      // Too big for any shard's room: the least loaded one takes it.
      Chosen = Preference.front().second;
      for (auto [Hash, K] : Preference)
        if (Load[K] < Load[*Chosen])
          Chosen = K;
    }
    Load[*Chosen] += W;
    Out[I] = *Chosen;
  }
  return Out;
}

std::string shardToJson(const ShardFile &S) {
  json Results = json::array();
  for (size_t I = 0; I < S.Results.size(); ++I) {
    const FileResult &R = S.Results[I];
    json Findings = json::array(), Deferred = json::array();
    for (const Diagnostic &D : R.Findings)
      Findings.push_back(compactDiagnostic(D));
    for (const DeferredFinding &D : R.Deferred)
      Deferred.push_back(compactDeferred(D));
    Results.push_back({{"position", S.Positions[I]},
                       {"file", R.File},
                       {"error", R.Error},
                       {"compiler-errors", R.CompilerErrors},
                       {"findings", std::move(Findings)},
                       {"summary", json::parse(toJson(R.Summary))},
                       {"deferred", std::move(Deferred)}});
  }
  json J = {{"corolint-shard", ShardFormat},
            {"shard", S.Spec.Index},
            {"of", S.Spec.Count},
            {"options", S.Options},
            {"files", S.TotalFiles},
            {"results", std::move(Results)}};
  return J.dump() + "\n";
}

llvm::Expected<ShardFile> loadShardFile(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return error("cannot read shard file '" + Path +
                 "': " + Buffer.getError().message());
  ShardFile S;
  try {
    llvm::StringRef Text = (*Buffer)->getBuffer();
    json J = json::parse(Text.begin(), Text.end());
    if (!J.is_object() || !J.contains("corolint-shard"))
      return error("'" + Path + "' is not a corolint shard file");
    if (J.at("corolint-shard").get<int>() != ShardFormat)
      return error("shard file '" + Path +
                   "' was written by another version of corolint");
    S.Spec.Index = J.at("shard").get<unsigned>();
    S.Spec.Count = J.at("of").get<unsigned>();
    if (S.Spec.Count == 0 || S.Spec.Index == 0 || S.Spec.Index > S.Spec.Count)
      return error("shard file '" + Path + "' names shard " + specText(S.Spec));
    S.Options = J.at("options").get<std::string>();
    S.TotalFiles = J.at("files").get<unsigned>();
    for (const json &E : J.at("results")) {
      FileResult R;
      R.File = E.at("file").get<std::string>();
      R.Error = E.at("error").get<std::string>();
      R.CompilerErrors = E.at("compiler-errors").get<std::string>();
      for (const json &D : E.at("findings"))
        R.Findings.push_back(compactDiagnosticFrom(D));
      auto Summary = fileSummaryFromJson(E.at("summary").dump());
      if (!Summary)
        return error("shard file '" + Path +
                     "' is damaged: " + llvm::toString(Summary.takeError()));
      R.Summary = std::move(*Summary);
      for (const json &D : E.at("deferred"))
        R.Deferred.push_back(compactDeferredFrom(D));
      S.Positions.push_back(E.at("position").get<unsigned>());
      S.Results.push_back(std::move(R));
    }
  } catch (const std::exception &E) {
    return error("shard file '" + Path + "' is damaged: " + E.what());
  }
  return S;
}

llvm::Expected<std::vector<FileResult>>
mergeShards(std::vector<ShardFile> Shards, llvm::ArrayRef<std::string> Paths,
            const CheckFactory &Factory) {
  if (Shards.empty())
    return error("no shard files to merge");
  const ShardFile &First = Shards.front();
  unsigned Count = First.Spec.Count;
  std::vector<int> Given(Count, -1);
  for (size_t I = 0; I < Shards.size(); ++I) {
    const ShardFile &S = Shards[I];
    if (S.Spec.Count != Count || S.TotalFiles != First.TotalFiles)
      return error("'" + Paths[I] + "' (shard " + specText(S.Spec) + ", " +
                   llvm::Twine(S.TotalFiles) + " files) and '" + Paths[0] +
                   "' (shard " + specText(First.Spec) + ", " +
                   llvm::Twine(First.TotalFiles) +
                   " files) are not shards of the same run");
    if (S.Options != First.Options)
      return error("'" + Paths[I] + "' and '" + Paths[0] +
                   "' were analysed with different options (" + S.Options +
                   " against " + First.Options + ")");
    int &Seen = Given[S.Spec.Index - 1];
    if (Seen >= 0)
      return error("shard " + specText(S.Spec) + " is given twice: '" +
                   Paths[Seen] + "' and '" + Paths[I] + "'");
    Seen = static_cast<int>(I);
  }
  for (unsigned K = 0; K < Count; ++K)
    if (Given[K] < 0)
      return error("shard " + specText({K + 1, Count}) +
                   " is missing: merge needs all " + llvm::Twine(Count) +
                   " shard files of the run");

  std::vector<std::optional<FileResult>> Placed(First.TotalFiles);
  for (size_t I = 0; I < Shards.size(); ++I) {
    ShardFile &S = Shards[I];
    for (size_t J = 0; J < S.Results.size(); ++J) {
      unsigned P = S.Positions[J];
      if (P >= Placed.size() || Placed[P])
        return error("shard file '" + Paths[I] + "' reports '" +
                     S.Results[J].File + "', which " +
                     (P >= Placed.size() ? "is not a file of the run"
                                         : "another shard analysed too"));
      Placed[P] = std::move(S.Results[J]);
    }
  }
  size_t Analysed = llvm::count_if(
      Placed, [](const std::optional<FileResult> &R) { return R.has_value(); });
  if (Analysed != Placed.size())
    return error("the shards analysed " + llvm::Twine(Analysed) +
                 " of the run's " + llvm::Twine(Placed.size()) +
                 " files: were they made from the same file list?");
  std::vector<FileResult> Results;
  Results.reserve(Placed.size());
  for (std::optional<FileResult> &R : Placed)
    Results.push_back(std::move(*R));
  std::vector<FileSummary> Others;
  resolveDeferred(Results, Others, Factory);
  // Each shard reported its own headers' findings once; across shards they
  // repeat.
  reportHeaderFindingsOnce(Results);
  return Results;
}

} // namespace corolint
