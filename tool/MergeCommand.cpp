//===- MergeCommand.cpp - `check --shard` and `corolint merge` ------------===//
#include "tool/MergeCommand.h"
#include "analyzer/Fixes.h"
#include "checks/Registry.h"
#include "tool/CheckCommand.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

namespace corolint {

static const char MergeUsage[] =
    R"(USAGE: corolint merge [options] <shard files...>

Combines the shard files that `corolint check --shard K/N --shard-out FILE`
wrote (all N of them) into one report: the findings that need another
shard's summaries (a blocking helper defined in a file another shard
analysed) are completed, and the report is the one a single
`corolint check` over every file gives. Exit status as for check: 0 no
findings, 1 findings, 2 a shard is missing or damaged, or a file did not
compile.

OPTIONS (as for check):
  --format=<fmt>        text (default), json, sarif or github
  --sarif-root=<dir>    SARIF names files below <dir> relative to it
  --baseline=<file>     report only findings that <file> does not record
  --write-baseline=<file>
                        record the findings in <file> (exit status 0)
  --color=<when>        auto (default), always or never
  --quiet               no summary line on stderr
  --help                this text
)";

int runShard(const ShardRun &Shard, Compilations &DB,
             const CheckFactory &Factory, RunnerOptions Run,
             llvm::ArrayRef<std::string> Files, llvm::StringRef Cwd) {
  // Every machine of a CI matrix must see the same names: paths below the
  // working directory (the checkout) are named relative to it.
  std::vector<ShardInput> Inputs;
  for (const std::string &F : Files) {
    llvm::SmallString<256> Abs(F);
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, true);
    llvm::StringRef Name = Abs;
    if (Name.starts_with(Cwd) && Name.drop_front(Cwd.size()).starts_with("/"))
      Name = Name.drop_front(Cwd.size() + 1);
    uint64_t Size = 0;
    if (llvm::sys::fs::file_size(Abs, Size))
      Size = 0;
    Inputs.push_back({Name.str(), Size});
  }
  std::vector<unsigned> Assigned = assignShards(Inputs, Shard.Spec.Count);
  ShardFile Out;
  Out.Spec = Shard.Spec;
  Out.Options = Shard.Options;
  Out.TotalFiles = Files.size();
  std::vector<std::string> Slice;
  for (size_t I = 0; I < Files.size(); ++I)
    if (Assigned[I] == Shard.Spec.Index - 1) {
      Slice.push_back(Files[I]);
      Out.Positions.push_back(I);
    }

  Run.LeaveDeferred = true;
  if (!Slice.empty())
    analyzeFiles(DB, Factory, Run, Slice, [&](FileResult &&R) {
      if (R.failed()) {
        llvm::errs() << R.CompilerErrors;
        llvm::WithColor::error(llvm::errs(), "corolint")
            << R.File << ": " << R.Error << "\n";
      }
      Out.Results.push_back(std::move(R));
    });

  std::string Path = Shard.Out.empty()
                         ? "corolint-shard-" +
                               std::to_string(Shard.Spec.Index) + "-of-" +
                               std::to_string(Shard.Spec.Count) + ".json"
                         : Shard.Out;
  if (llvm::Error E = writeFileAtomically(Path, shardToJson(Out))) {
    llvm::WithColor::error(llvm::errs(), "corolint")
        << llvm::toString(std::move(E)) << "\n";
    return ExitError;
  }
  if (!Shard.Quiet)
    llvm::errs() << "corolint: shard " << Shard.Spec.Index << "/"
                 << Shard.Spec.Count << ": analysed " << Slice.size() << " of "
                 << Files.size() << (Files.size() == 1 ? " file" : " files")
                 << ", written to '" << Path << "'.\n";
  return ExitClean;
}

int runMergeCommand(llvm::ArrayRef<std::string> Args) {
  std::vector<std::string> ReportArgs, Paths;
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    if (A == "--help" || A == "-h") {
      llvm::outs() << MergeUsage;
      return ExitClean;
    }
    if (A == "--quiet" || A == "-q") {
      ReportArgs.push_back(A.str());
      continue;
    }
    bool Taken = false;
    for (llvm::StringRef Flag : {"--format", "--sarif-root", "--baseline",
                                 "--write-baseline", "--color"}) {
      if (A == Flag) {
        // The value follows; check's parser says what is wrong with it.
        ReportArgs.push_back(A.str());
        if (I + 1 < Args.size())
          ReportArgs.push_back(Args[++I]);
        Taken = true;
      } else if (A.starts_with(Flag) &&
                 A.drop_front(Flag.size()).starts_with("=")) {
        ReportArgs.push_back(A.str());
        Taken = true;
      }
      if (Taken)
        break;
    }
    if (Taken)
      continue;
    if (A.starts_with("-") && A.size() > 1) {
      llvm::errs() << "corolint: error: unknown option '" << A
                   << "' for merge (see corolint merge --help)\n";
      return ExitError;
    }
    Paths.push_back(A.str());
  }
  if (Paths.empty()) {
    llvm::errs() << "corolint: error: no shard files to merge (see corolint "
                    "merge --help)\n";
    return ExitError;
  }
  std::vector<ShardFile> Shards;
  for (const std::string &P : Paths) {
    auto S = loadShardFile(P);
    if (!S) {
      llvm::errs() << "corolint: error: " << llvm::toString(S.takeError())
                   << "\n";
      return ExitError;
    }
    Shards.push_back(std::move(*S));
  }
  // Deferred findings carry what their file's configuration decided (tiers,
  // categories); resolving one needs only the check that made it.
  CheckFactory Factory = [](const Config &) {
    Config Every;
    Every.Checks = "*";
    return createChecks(Every);
  };
  auto Results = mergeShards(std::move(Shards), Paths, Factory);
  if (!Results) {
    llvm::errs() << "corolint: error: " << llvm::toString(Results.takeError())
                 << "\n";
    return ExitError;
  }
  return reportResults(ReportArgs,
                       [&](llvm::function_ref<void(FileResult &&)> OnResult) {
                         for (FileResult &R : *Results)
                           OnResult(std::move(R));
                       });
}

} // namespace corolint
