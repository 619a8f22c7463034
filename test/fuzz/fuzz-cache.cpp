//===- fuzz-cache.cpp - Summary cache entries and index summaries ---------===//
//
// Input: the contents of a cache entry (.corolint-cache/<key>.json), as a
// repository may ship one. SummaryCache::lookup must return an analysis or a
// miss, never crash (an entry is checksummed, so most mutations are misses
// there). The entry's "summary" member (or the whole input, if it
// has none) also goes through fileSummaryFromJson, whose results must
// survive toJson and back unchanged.
//
//===----------------------------------------------------------------------===//
#include "analyzer/Render.h"
#include "analyzer/SummaryCache.h"
#include "analyzer/SummaryIndex.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

using namespace corolint;

static void check(bool Holds, const char *What) {
  if (!Holds) {
    std::fprintf(stderr, "fuzz invariant violated: %s\n", What);
    std::abort();
  }
}

static std::string Dir;
// Seeds in corpus/fuzz-cache use this key.
static const char *Key = "0123456789abcdef-0123456789abcdef0123456789abcdef";

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  llvm::SmallString<128> D;
  if (llvm::sys::fs::createUniqueDirectory("corolint-fuzz-cache", D))
    std::abort();
  Dir = D.str().str();
  return 0;
}

static void checkSummary(llvm::StringRef Text) {
  auto S = fileSummaryFromJson(Text);
  if (!S) {
    llvm::consumeError(S.takeError());
    return;
  }
  auto Again = fileSummaryFromJson(toJson(*S));
  check(static_cast<bool>(Again), "toJson output does not load");
  if (!Again) {
    llvm::consumeError(Again.takeError());
    return;
  }
  check(*Again == *S, "a summary changed through toJson and back");
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Dir + "/" + Key + ".json", EC);
    if (EC)
      std::abort();
    OS << Text;
  }
  SummaryCache Cache(Dir);
  // The file the seeds' entries are for; entries are confined to it.
  if (auto A = Cache.lookup(Key, "/tmp/a.cpp")) {
    // What a hit hands on: findings as the renderers read them.
    (void)renderJson(A->Findings, {});
    checkSummary(toJson(A->Summary));
  }
  auto J = nlohmann::json::parse(Text.begin(), Text.end(), nullptr,
                                 /*allow_exceptions=*/false);
  if (J.is_object() && J.contains("summary"))
    checkSummary(J["summary"].dump());
  else
    checkSummary(Text);
  return 0;
}
