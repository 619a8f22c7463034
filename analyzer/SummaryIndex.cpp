//===- SummaryIndex.cpp - Blocking summaries of a whole project -----------===//
#include "analyzer/SummaryIndex.h"
#include "analyzer/CallGraph.h"
#include "analyzer/CompactJson.h"
#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>

using nlohmann::json;

namespace corolint {

namespace {

json chainJson(const std::vector<CallHop> &Chain) {
  json A = json::array();
  for (const CallHop &H : Chain)
    A.push_back({{"caller", H.Caller},
                 {"callee", H.Callee},
                 {"site", compactRange(H.Site)}});
  return A;
}
std::vector<CallHop> chainFrom(const json &J) {
  std::vector<CallHop> Chain;
  for (const json &H : J)
    Chain.push_back({H.at("caller").get<std::string>(),
                     H.at("callee").get<std::string>(),
                     compactRangeFrom(H.at("site"))});
  return Chain;
}

json summaryJson(const FileSummary &S) {
  json Fns = json::array();
  for (const FunctionSummary &F : S.Functions) {
    json Reaches = json::array(), Externals = json::array();
    for (const BlockingReach &R : F.Reaches)
      Reaches.push_back({{"category", R.Category},
                         {"tier", R.Tier},
                         {"primitive", R.Primitive},
                         {"reason", R.Reason},
                         {"suggest", R.Suggest},
                         {"chain", chainJson(R.Chain)}});
    for (const ExternalCall &E : F.Externals)
      Externals.push_back({{"usr", E.USR},
                           {"callee", E.Callee},
                           {"chain", chainJson(E.Chain)}});
    Fns.push_back({{"usr", F.USR},
                   {"name", F.Name},
                   {"reaches", std::move(Reaches)},
                   {"externals", std::move(Externals)}});
  }
  json J = {{"file", S.File}, {"functions", std::move(Fns)}};
  if (!S.Coroutines.empty())
    J["coroutines"] = S.Coroutines;
  return J;
}

FileSummary summaryFrom(const json &J) {
  FileSummary S;
  S.File = J.at("file").get<std::string>();
  for (const json &F : J.at("functions")) {
    FunctionSummary Fn;
    Fn.USR = F.at("usr").get<std::string>();
    Fn.Name = F.at("name").get<std::string>();
    for (const json &R : F.at("reaches"))
      Fn.Reaches.push_back(
          {R.at("category").get<std::string>(), R.at("tier").get<unsigned>(),
           R.at("primitive").get<std::string>(),
           R.value("reason", std::string()), R.at("suggest").get<std::string>(),
           chainFrom(R.at("chain"))});
    for (const json &E : F.at("externals"))
      Fn.Externals.push_back({E.at("usr").get<std::string>(),
                              E.at("callee").get<std::string>(),
                              chainFrom(E.at("chain"))});
    S.Functions.push_back(std::move(Fn));
  }
  if (auto It = J.find("coroutines"); It != J.end())
    for (const json &U : *It)
      S.Coroutines.push_back(U.get<std::string>());
  return S;
}

} // namespace

std::string toJson(const FileSummary &S) { return summaryJson(S).dump(); }

llvm::Expected<FileSummary> fileSummaryFromJson(llvm::StringRef Text) {
  try {
    return summaryFrom(json::parse(Text.begin(), Text.end()));
  } catch (const std::exception &E) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "malformed summary: %s", E.what());
  }
}

void SummaryIndex::update(FileSummary S) {
  std::unique_lock<std::shared_mutex> L(Lock);
  std::string File = S.File;
  Files[File] = std::move(S);
  Resolved = false;
}

void SummaryIndex::remove(llvm::StringRef File) {
  std::unique_lock<std::shared_mutex> L(Lock);
  Files.erase(File.str());
  Resolved = false;
}

bool SummaryIndex::isCoroutine(llvm::StringRef USR) const {
  std::shared_lock<std::shared_mutex> L(Lock);
  for (const auto &[Name, S] : Files)
    if (std::binary_search(S.Coroutines.begin(), S.Coroutines.end(), USR))
      return true;
  return false;
}

size_t SummaryIndex::files() const {
  std::shared_lock<std::shared_mutex> L(Lock);
  return Files.size();
}

size_t SummaryIndex::functions() const {
  std::shared_lock<std::shared_mutex> L(Lock);
  size_t N = 0;
  for (const auto &[Name, S] : Files)
    N += S.Functions.size();
  return N;
}

void SummaryIndex::resolveLocked() const {
  // Number every function (the first definition of a USR wins), then solve
  // bottom-up over the components of the cross-file call graph.
  std::vector<const FunctionSummary *> Fns;
  llvm::StringMap<unsigned> Id;
  for (const auto &[Name, S] : Files)
    for (const FunctionSummary &F : S.Functions)
      if (Id.try_emplace(F.USR, Fns.size()).second)
        Fns.push_back(&F);
  std::vector<std::vector<BlockingReach>> Result(Fns.size());
  forEachSCCBottomUp(
      Fns.size(),
      [&](unsigned V, std::vector<unsigned> &Succ) {
        for (const ExternalCall &E : Fns[V]->Externals)
          if (auto It = Id.find(E.USR); It != Id.end())
            Succ.push_back(It->second);
      },
      [&](llvm::ArrayRef<unsigned> Component) {
        for (unsigned Round = 0; Round < 64; ++Round) {
          bool Changed = false;
          for (unsigned V : Component) {
            std::vector<BlockingReach> &Out = Result[V];
            for (const BlockingReach &R : Fns[V]->Reaches)
              Changed |= mergeReach(Out, R);
            for (const ExternalCall &E : Fns[V]->Externals) {
              auto It = Id.find(E.USR);
              if (It == Id.end())
                continue;
              // Copy: Result[It->second] may be Out itself.
              std::vector<BlockingReach> Callee = Result[It->second];
              for (const BlockingReach &R : Callee) {
                BlockingReach Via = R;
                Via.Chain.insert(Via.Chain.begin(), E.Chain.begin(),
                                 E.Chain.end());
                Changed |= mergeReach(Out, std::move(Via));
              }
            }
          }
          if (!Changed)
            break;
        }
      });
  ByUSR.clear();
  for (unsigned I = 0; I < Fns.size(); ++I)
    if (!Result[I].empty())
      ByUSR[Fns[I]->USR] = std::move(Result[I]);
  Resolved = true;
}

std::vector<BlockingReach> SummaryIndex::reachesOf(llvm::StringRef USR) const {
  {
    std::shared_lock<std::shared_mutex> L(Lock);
    if (Resolved) {
      auto It = ByUSR.find(USR);
      return It == ByUSR.end() ? std::vector<BlockingReach>() : It->second;
    }
  }
  std::unique_lock<std::shared_mutex> L(Lock);
  if (!Resolved)
    resolveLocked();
  auto It = ByUSR.find(USR);
  return It == ByUSR.end() ? std::vector<BlockingReach>() : It->second;
}

std::string SummaryIndex::save() const {
  std::shared_lock<std::shared_mutex> L(Lock);
  json Files_ = json::array();
  for (const auto &[Name, S] : Files)
    Files_.push_back(summaryJson(S));
  return json{{"version", 1}, {"files", std::move(Files_)}}.dump();
}

llvm::Expected<std::unique_ptr<SummaryIndex>>
SummaryIndex::load(llvm::StringRef Text) {
  auto Index = std::make_unique<SummaryIndex>();
  try {
    json J = json::parse(Text.begin(), Text.end());
    if (J.at("version").get<int>() != 1)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "unsupported summary index version");
    for (const json &F : J.at("files"))
      Index->update(summaryFrom(F));
  } catch (const std::exception &E) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "malformed summary index: %s", E.what());
  }
  return Index;
}

} // namespace corolint
