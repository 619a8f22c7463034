//===- fuzz-baseline.cpp - Baseline files (--baseline) --------------------===//
//
// Input: the contents of a baseline file, as a repository may ship it.
// Baseline::load must return a baseline or an error naming the file; a
// baseline that loads filters findings without crashing, and never reports
// more findings than it was given.
//
//===----------------------------------------------------------------------===//
#include "analyzer/Baseline.h"
#include "analyzer/Diagnostic.h"
#include "analyzer/Fingerprint.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace corolint;

static void check(bool Holds, const char *What) {
  if (!Holds) {
    std::fprintf(stderr, "fuzz invariant violated: %s\n", What);
    std::abort();
  }
}

static std::string Dir, BaselinePath, SourcePath;

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  llvm::SmallString<128> D;
  if (llvm::sys::fs::createUniqueDirectory("corolint-fuzz-baseline", D))
    std::abort();
  Dir = D.str().str();
  BaselinePath = Dir + "/corolint-baseline.json";
  SourcePath = Dir + "/src/a.cpp";
  llvm::sys::fs::create_directories(Dir + "/src");
  std::error_code EC;
  llvm::raw_fd_ostream OS(SourcePath, EC);
  OS << "task<void> f() {\n  std::this_thread::sleep_for(1s);\n  g();\n}\n";
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(BaselinePath, EC);
    if (EC)
      std::abort();
    OS.write(reinterpret_cast<const char *>(Data), Size);
  }
  auto B = Baseline::load(BaselinePath);
  if (!B) {
    std::string Message = llvm::toString(B.takeError());
    check(llvm::StringRef(Message).contains(BaselinePath),
          "a baseline error that does not name the file");
    return 0;
  }
  std::vector<Diagnostic> Diags(3);
  Diags[0].Check = "blocking-call";
  Diags[0].Range = {SourcePath, {2, 3, 19}, {2, 34, 50}};
  Diags[0].Message = "'std::this_thread::sleep_for' sleeps the thread";
  Diags[1] = Diags[0];
  Diags[2].Check = "unawaited-task";
  Diags[2].Range = {SourcePath, {3, 3, 55}, {3, 6, 58}};
  Diags[2].Message = "lazy task 'task<void>' returned by 'g' is discarded";
  SourceLines Sources;
  auto New = B->newFindings(Diags, Sources);
  check(New.size() <= Diags.size(), "more new findings than findings");
  return 0;
}
