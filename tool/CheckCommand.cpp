//===- CheckCommand.cpp - `corolint check` and `corolint explain` ---------===//
#include "tool/CheckCommand.h"
#include "analyzer/Baseline.h"
#include "analyzer/Compilation.h"
#include "analyzer/Fixes.h"
#include "analyzer/HeaderFilter.h"
#include "analyzer/InputFile.h"
#include "analyzer/Render.h"
#include "analyzer/Runner.h"
#include "analyzer/Sarif.h"
#include "analyzer/Shard.h"
#include "analyzer/Suppression.h"
#include "checks/Registry.h"
#include "corolint/BuildInfo.h"
#include "tool/MergeCommand.h"
#include "tool/Progress.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>

namespace corolint {

static const char CheckUsage[] =
    R"(USAGE: corolint check [options] <files...> [-- <compiler flags>]

Reports async misuse in C++20 coroutine code. Exit status: 0 no findings,
1 findings, 2 corolint could not do its job (bad arguments, a missing file,
a malformed compile database or configuration, a file that does not compile).

OPTIONS:
  -p <build-dir>        read compile_commands.json from <build-dir>; with no
                        files, check every file in it
  -- <flags>            compile every file with these flags instead of a
                        compile database (e.g. -- -std=c++20 -Iinclude)
  --checks=<globs>      enable or disable checks, clang-tidy style:
                        --checks=-*,blocking-call
  --header-filter=<regex>
                        also report findings in the non-system headers whose
                        absolute path matches <regex> (clang-tidy's option;
                        default: none, or header-filter in .corolint.yaml),
                        each once however many files include it
  --strict              the strict profile: also report tier-3 blocking calls
                        (lock acquisitions, console output, single syscalls)
  --list-checks         list the checks and whether they are on by default
  --format=<fmt>        text (default, like Clang's own diagnostics), json,
                        sarif (SARIF 2.1.0, for code scanning) or github
                        (GitHub Actions annotations)
  --sarif-root=<dir>    SARIF names files below <dir> relative to it, under
                        the base %SRCROOT% (default: the working directory)
  --baseline=<file>     report only findings that <file> does not record
  --write-baseline=<file>
                        record the findings in <file> (exit status 0)
  --color=<when>        auto (default), always or never
  -j <n>, --jobs=<n>    analyse <n> files at a time (default: all cores)
  --fix                 apply the findings' mechanical fixes (such as the
                        missing co_await) to the files, each file replaced
                        atomically; overlapping fixes are skipped and named
  --export-fixes=<file> write the fixes as clang-apply-replacements YAML
  --quiet               no summary line on stderr, and no progress line
                        (shown on a terminal while several files are
                        analysed with --format=text)
  --cache-dir=<dir>     keep per-file results and blocking summaries in <dir>
                        (default: <build-dir>/.corolint-cache with -p, else
                        ./.corolint-cache); unchanged files are not re-parsed
  --cache-size=<size>   keep the cache below <size> bytes (K, M, G suffixes;
                        default 1G): the least recently used entries go
  --no-cache            neither read nor write the cache
  --stats               print how many files were parsed and how many were
                        taken from the cache
  --shard=<k>/<n>       analyse only the k-th of n slices of the files (by
                        path and size; for a CI matrix) and write a shard
                        file for `corolint merge` instead of a report
  --shard-out=<file>    where --shard writes (default:
                        corolint-shard-<k>-of-<n>.json)
  --help                this text

Without -p or --, each file's compile command comes from the nearest
compile_commands.json in its directory or a parent (or their build/).
Configuration: the nearest .corolint.yaml above each file (docs/configuration.md).
)";

int listChecks() {
  for (const CheckInfo &C : registeredChecks())
    llvm::outs() << llvm::left_justify(C.Name, 24)
                 << (C.EnabledByDefault ? "on " : "off") << "  " << C.Summary
                 << "\n";
  return ExitClean;
}

int runExplainCommand(llvm::ArrayRef<std::string> Args) {
  if (Args.size() != 1 || Args[0] == "--help") {
    llvm::errs() << "USAGE: corolint explain <check>\n";
    return Args.size() == 1 ? ExitClean : ExitError;
  }
  llvm::StringRef Doc = checkDocumentation(Args[0]);
  if (Doc.empty()) {
    llvm::errs() << "corolint: unknown check '" << Args[0]
                 << "' (see corolint --list-checks)\n";
    return ExitError;
  }
  llvm::outs() << Doc;
  if (!Doc.ends_with("\n"))
    llvm::outs() << "\n";
  return ExitClean;
}

namespace {

struct CheckOptions {
  std::optional<std::string> BuildDir;
  std::optional<std::vector<std::string>> FixedFlags;
  std::vector<std::string> Files;
  std::string Checks;
  std::optional<std::string> HeaderFilter;
  std::string Format = "text";
  std::string SarifRoot;
  std::string Baseline;
  std::string WriteBaseline;
  std::string Color = "auto";
  unsigned Jobs = 0;
  bool Strict = false;
  bool Quiet = false;
  bool NoCache = false;
  uint64_t CacheSize = 0;
  bool Stats = false;
  std::optional<std::string> CacheDir;
  bool Fix = false;
  std::string ExportFixes;
  bool ListChecks = false;
  bool Help = false;
  std::optional<ShardSpec> Shard;
  std::string ShardOut;
};

/// "512M", "2G", "1048576": a size in bytes (K, M, G are powers of 1024).
std::optional<uint64_t> parseSize(llvm::StringRef Text) {
  uint64_t N = 0;
  if (Text.consumeInteger(10, N))
    return std::nullopt;
  Text.consume_back_insensitive("b");
  Text.consume_back_insensitive("i");
  unsigned Shift = 0;
  if (Text.equals_insensitive("k"))
    Shift = 10;
  else if (Text.equals_insensitive("m"))
    Shift = 20;
  else if (Text.equals_insensitive("g"))
    Shift = 30;
  else if (!Text.empty())
    return std::nullopt;
  if (N == 0 || N > (UINT64_MAX >> Shift))
    return std::nullopt;
  return N << Shift;
}

/// Parses the arguments, or returns the message of the first bad one.
std::optional<std::string> parseArgs(llvm::ArrayRef<std::string> Args,
                                     CheckOptions &O) {
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    auto Value = [&](llvm::StringRef Flag,
                     std::string &Out) -> std::optional<bool> {
      // Accepts "--flag=value" and "--flag value" (and "-pDIR" for -p).
      if (A == Flag) {
        if (I + 1 >= Args.size())
          return false;
        Out = Args[++I];
        return true;
      }
      if (A.starts_with(Flag) &&
          (A.drop_front(Flag.size()).starts_with("=") ||
           (Flag.size() == 2 && Flag[0] == '-' && Flag[1] != '-'))) {
        llvm::StringRef V = A.drop_front(Flag.size());
        V.consume_front("=");
        Out = V.str();
        return true;
      }
      return std::nullopt;
    };
    std::string V;
    if (A == "--") {
      O.FixedFlags = std::vector<std::string>(Args.begin() + I + 1, Args.end());
      break;
    }
    if (A == "--help" || A == "-h") {
      O.Help = true;
    } else if (A == "--list-checks") {
      O.ListChecks = true;
    } else if (A == "--strict") {
      O.Strict = true;
    } else if (A == "--quiet" || A == "-q") {
      O.Quiet = true;
    } else if (A == "--no-cache") {
      O.NoCache = true;
    } else if (A == "--stats") {
      O.Stats = true;
    } else if (auto R = Value("--cache-dir", V)) {
      if (!*R || V.empty())
        return "--cache-dir needs a directory";
      O.CacheDir = V;
    } else if (auto R = Value("--cache-size", V)) {
      std::optional<uint64_t> Size = *R ? parseSize(V) : std::nullopt;
      if (!Size)
        return "--cache-size needs a size, such as 512M or 2G";
      O.CacheSize = *Size;
    } else if (A == "--fix") {
      O.Fix = true;
    } else if (auto R = Value("--export-fixes", V)) {
      if (!*R || V.empty())
        return "--export-fixes needs a file name";
      O.ExportFixes = V;
    } else if (auto R = Value("-p", V)) {
      if (!*R)
        return "-p needs a build directory";
      O.BuildDir = V;
    } else if (auto R = Value("--shard", V)) {
      if (!*R)
        return "--shard needs K/N, such as 2/4";
      auto Spec = parseShardSpec(V);
      if (!Spec)
        return llvm::toString(Spec.takeError());
      O.Shard = *Spec;
    } else if (auto R = Value("--shard-out", V)) {
      if (!*R || V.empty())
        return "--shard-out needs a file name";
      O.ShardOut = V;
    } else if (auto R = Value("--checks", V)) {
      if (!*R)
        return "--checks needs a list of globs";
      O.Checks += (O.Checks.empty() ? "" : ",") + V;
    } else if (auto R = Value("--header-filter", V)) {
      if (!*R)
        return "--header-filter needs a regular expression";
      if (llvm::Error E = HeaderFilter::validate(V))
        return llvm::toString(std::move(E));
      O.HeaderFilter = V;
    } else if (auto R = Value("--format", V)) {
      if (!*R || (V != "text" && V != "json" && V != "sarif" && V != "github"))
        return "--format must be text, json, sarif or github";
      O.Format = V;
    } else if (auto R = Value("--sarif-root", V)) {
      if (!*R || V.empty())
        return "--sarif-root needs a directory";
      O.SarifRoot = V;
    } else if (auto R = Value("--baseline", V)) {
      if (!*R || V.empty())
        return "--baseline needs a file name";
      O.Baseline = V;
    } else if (auto R = Value("--write-baseline", V)) {
      if (!*R || V.empty())
        return "--write-baseline needs a file name";
      O.WriteBaseline = V;
    } else if (auto R = Value("--color", V)) {
      if (!*R || (V != "auto" && V != "always" && V != "never"))
        return "--color must be auto, always or never";
      O.Color = V;
    } else if (auto R = A.starts_with("--jobs") ? Value("--jobs", V)
                                                : Value("-j", V)) {
      unsigned N = 0;
      if (!*R || llvm::StringRef(V).getAsInteger(10, N) || N == 0)
        return "-j needs a positive number of jobs";
      O.Jobs = N;
    } else if (A.starts_with("-") && A.size() > 1) {
      return "unknown option '" + A.str() + "' (see corolint check --help)";
    } else {
      O.Files.push_back(A.str());
    }
  }
  return std::nullopt;
}

/// A path relative to the working directory when it lies below it, as
/// people read it in a terminal.
std::string displayPath(const std::string &Path, llvm::StringRef Cwd) {
  llvm::StringRef P(Path);
  if (!Cwd.empty() && P.starts_with(Cwd) &&
      P.drop_front(Cwd.size()).starts_with("/"))
    return P.drop_front(Cwd.size() + 1).str();
  return Path;
}

/// The files a run analysed, by identity (symlinks resolved): what --fix
/// may edit.
class AnalysedFiles {
public:
  void add(llvm::StringRef Path) {
    if (!Seen.insert(Path).second)
      return;
    llvm::SmallString<256> Real;
    if (!llvm::sys::fs::real_path(Path, Real))
      Identities.insert(Real);
  }
  bool contains(llvm::StringRef Path) const {
    llvm::SmallString<256> Real;
    return !llvm::sys::fs::real_path(Path, Real) && Identities.contains(Real);
  }

private:
  llvm::StringSet<> Seen, Identities;
};

/// --fix: rewrites the files; returns false if one could not be written.
/// A fix is applied only to a file the run analysed (a main file or a
/// header it included): findings come from the cache too, and a cache
/// directory can come with the project.
bool fixFiles(llvm::ArrayRef<Diagnostic> Findings,
              const AnalysedFiles &Analysed, bool Quiet) {
  auto Skip = [](llvm::StringRef Check, const FileRange &Where,
                 const llvm::Twine &Why) {
    llvm::WithColor::warning(llvm::errs(), "corolint")
        << "did not fix the finding at " << Where.File << ":"
        << Where.Begin.Line << ":" << Where.Begin.Column << " [" << Check
        << "]: " << Why << "\n";
  };
  std::vector<Diagnostic> Fixable;
  for (const Diagnostic &D : Findings) {
    auto Outside = llvm::find_if(D.Fixes, [&](const FixIt &F) {
      return !Analysed.contains(F.Range.File);
    });
    if (Outside != D.Fixes.end()) {
      Skip(D.Check, D.Range,
           "its fix would edit '" + Outside->Range.File +
               "', which this run did not analyse");
      continue;
    }
    if (!D.Fixes.empty())
      Fixable.push_back(D);
  }
  FixOutcome Fixed = applyFixes(
      Fixable, [](llvm::StringRef Path) -> llvm::Expected<std::string> {
        return readRegularFile(Path, size_limit::Source);
      });
  for (const SkippedFix &S : Fixed.Skipped)
    Skip(S.Check, S.Where, S.Reason);
  bool Ok = true;
  unsigned Written = 0, Applied = 0;
  for (const FixedFile &F : Fixed.Files) {
    if (llvm::Error E = writeFileAtomically(F.Path, F.Contents)) {
      llvm::WithColor::error(llvm::errs(), "corolint")
          << llvm::toString(std::move(E)) << "\n";
      Ok = false;
      continue;
    }
    ++Written;
    Applied += F.Applied;
  }
  if (!Quiet && Written)
    llvm::errs() << "corolint: applied " << Applied
                 << (Applied == 1 ? " fix" : " fixes") << " in " << Written
                 << (Written == 1 ? " file" : " files") << ".\n";
  return Ok;
}

/// SARIF's tool and rules, from the registry: the analyzer knows no check.
SarifOptions sarifOptions(llvm::StringRef SourceRoot) {
  SarifOptions S;
  S.ToolVersion = COROLINT_VERSION;
  llvm::StringRef Docs = llvm::StringRef(COROLINT_DOCS_URL).rtrim('/');
  S.InformationUri = Docs.str();
  for (const CheckInfo &C : registeredChecks())
    S.Rules.push_back(
        {C.Name.str(), C.Summary.str(), checkDocumentation(C.Name).str(),
         Docs.empty() ? "" : (Docs + "/checks/" + C.Name + ".md").str()});
  S.SourceRoot = SourceRoot.str();
  return S;
}

void relativize(Diagnostic &D, llvm::StringRef Cwd) {
  D.Range.File = displayPath(D.Range.File, Cwd);
  for (FileRange &R : D.ExtraRanges)
    R.File = displayPath(R.File, Cwd);
  for (DiagnosticNote &N : D.Notes)
    N.Range.File = displayPath(N.Range.File, Cwd);
  for (FixIt &F : D.Fixes)
    F.Range.File = displayPath(F.Range.File, Cwd);
}

/// Loads --baseline into Recorded (nothing without the flag); false, and the
/// error on stderr, when it cannot be read.
bool loadBaseline(const CheckOptions &O, std::optional<Baseline> &Recorded) {
  if (O.Baseline.empty())
    return true;
  auto B = Baseline::load(O.Baseline);
  if (!B) {
    llvm::errs() << "corolint: error: " << llvm::toString(B.takeError())
                 << "\n";
    return false;
  }
  Recorded = std::move(*B);
  return true;
}

int report(CheckOptions &O, std::optional<Baseline> &Recorded,
           const RunStats *Stats, ResultSource Produce);

} // namespace

int runCheckCommand(llvm::ArrayRef<std::string> Args) {
  CheckOptions O;
  if (auto Problem = parseArgs(Args, O)) {
    llvm::errs() << "corolint: error: " << *Problem << "\n";
    return ExitError;
  }
  if (O.Help) {
    llvm::outs() << CheckUsage;
    return ExitClean;
  }
  if (O.ListChecks)
    return listChecks();
  if (llvm::Error E = checkGlobs(O.Checks)) {
    llvm::errs() << "corolint: error: --checks: "
                 << llvm::toString(std::move(E)) << "\n";
    return ExitError;
  }
  if (auto Selected = selectChecks(O.Checks); !Selected) {
    llvm::errs() << "corolint: error: " << llvm::toString(Selected.takeError())
                 << "\n";
    return ExitError;
  }

  std::optional<Baseline> Recorded;
  if (!loadBaseline(O, Recorded))
    return ExitError;

  auto DB = Compilations::create(O.BuildDir, O.FixedFlags);
  if (!DB) {
    llvm::errs() << "corolint: error: " << llvm::toString(DB.takeError())
                 << "\n";
    return ExitError;
  }
  if (O.Files.empty()) {
    if (!O.BuildDir) {
      llvm::errs()
          << "corolint: error: no files to check (name files, or "
             "pass -p BUILD_DIR to check its whole compile database)\n";
      return ExitError;
    }
    O.Files = (*DB)->allFiles();
    if (O.Files.empty()) {
      llvm::errs() << "corolint: error: the compilation database in '"
                   << *O.BuildDir << "' lists no files\n";
      return ExitError;
    }
  }

  // A file named twice is analysed (and reported) once.
  {
    llvm::StringSet<> Seen;
    std::vector<std::string> Unique;
    for (const std::string &F : O.Files) {
      llvm::SmallString<256> Abs(F);
      llvm::sys::fs::make_absolute(Abs);
      llvm::sys::path::remove_dots(Abs, true);
      if (Seen.insert(Abs).second)
        Unique.push_back(F);
    }
    O.Files = std::move(Unique);
  }

  if (O.Shard && (O.Fix || !O.ExportFixes.empty() || !O.Baseline.empty() ||
                  !O.WriteBaseline.empty() || O.Format != "text")) {
    llvm::errs() << "corolint: error: --shard writes a shard file; give "
                    "--format, --baseline, --write-baseline to `corolint "
                    "merge`, and run --fix and --export-fixes without "
                    "--shard\n";
    return ExitError;
  }

  prepareAllocatorForBatchRun();
  RunnerOptions Run;
  Run.Jobs = O.Jobs;
  // Blocking summaries, followed across the files of the run, and the cache
  // that spares re-parsing unchanged files.
  Run.Blocking = &builtinCatalogue();
  RunStats Stats;
  Run.Stats = &Stats;
  Run.CacheSalt = O.Strict ? "strict" : "";
  if (!O.NoCache) {
    llvm::SmallString<256> Dir(O.CacheDir   ? *O.CacheDir
                               : O.BuildDir ? *O.BuildDir
                                            : ".");
    if (!O.CacheDir)
      llvm::sys::path::append(Dir, ".corolint-cache");
    llvm::sys::fs::make_absolute(Dir);
    Run.CacheDir = std::string(Dir);
    Run.CacheLimit = O.CacheSize;
  }
  Run.ExtraChecks = O.Checks;
  Run.HeaderFilter = O.HeaderFilter;
  Run.Color = O.Color == "always" ||
              (O.Color == "auto" && llvm::sys::Process::StandardErrHasColors());
  bool Strict = O.Strict;
  CheckFactory Factory = [Strict](const Config &C) {
    Config Effective = C;
    Effective.Strict |= Strict;
    return createChecks(Effective);
  };

  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);
  if (O.Shard) {
    ShardRun Shard;
    Shard.Spec = *O.Shard;
    Shard.Out = O.ShardOut;
    Shard.Options = "checks=" + O.Checks +
                    ";strict=" + (O.Strict ? "yes" : "no") + ";corolint " +
                    COROLINT_VERSION;
    Shard.Quiet = O.Quiet;
    return runShard(Shard, **DB, Factory, Run, O.Files, Cwd);
  }
  // A sign of life for people watching a long run; never in a log, a pipe,
  // or the machine formats.
  std::optional<ProgressLine> Progress;
  if (!O.Quiet && O.Format == "text" && O.Files.size() > 1 &&
      llvm::sys::Process::StandardErrIsDisplayed()) {
    Progress.emplace(llvm::errs(), O.Files.size(),
                     ProgressLine::terminalColumns());
    Run.OnFile = [&Progress, &Cwd](llvm::StringRef File, bool Finished) {
      Progress->update(displayPath(File.str(), Cwd), Finished);
    };
  }
  return report(O, Recorded, &Stats,
                [&](llvm::function_ref<void(FileResult &&)> OnResult) {
                  analyzeFiles(**DB, Factory, Run, O.Files,
                               [&](FileResult &&R) {
                                 if (Progress)
                                   Progress->finish();
                                 OnResult(std::move(R));
                               });
                });
}

int reportResults(llvm::ArrayRef<std::string> Args, ResultSource Produce) {
  CheckOptions O;
  if (auto Problem = parseArgs(Args, O)) {
    llvm::errs() << "corolint: error: " << *Problem << "\n";
    return ExitError;
  }
  std::optional<Baseline> Recorded;
  if (!loadBaseline(O, Recorded))
    return ExitError;
  return report(O, Recorded, nullptr, Produce);
}

namespace {

/// Shows the results of a run -- `check` analysing files, or `merge`
/// combining shards -- as O asks, and returns the exit status.
int report(CheckOptions &O, std::optional<Baseline> &Recorded,
           const RunStats *Stats, ResultSource Produce) {
  bool Color =
      O.Color == "always" || (O.Color == "auto" && O.Format == "text" &&
                              llvm::sys::Process::StandardOutIsDisplayed());
  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);
  TextRenderer Text(llvm::outs(), Color);
  std::vector<Diagnostic> AllFindings, Errors;
  unsigned Failed = 0, FilesWithFindings = 0;
  AnalysedFiles Analysed;
  llvm::StringSet<> FindingFiles;
  Produce([&](FileResult &&R) {
    if (R.failed()) {
      ++Failed;
      llvm::errs() << R.CompilerErrors;
      llvm::WithColor::error(llvm::errs(), "corolint")
          << R.File << ": " << R.Error << "\n";
      Diagnostic E;
      E.Level = Severity::Error;
      E.Range.File = R.File;
      E.Message = R.Error;
      Errors.push_back(std::move(E));
      return;
    }
    if (O.Fix) {
      Analysed.add(R.File);
      for (const std::string &D : R.Dependencies)
        Analysed.add(D);
    }
    for (Diagnostic &D : R.Findings) {
      // A header's findings name the header: count the files they are in.
      FindingFiles.insert(D.Range.File);
      if (O.Format == "text" && !Recorded) {
        Diagnostic Shown = D;
        relativize(Shown, Cwd);
        Text.render(Shown);
      }
      AllFindings.push_back(std::move(D));
    }
  });

  FilesWithFindings = FindingFiles.size();
  // Files sharing a header may report the same finding twice.
  sortAndUnique(AllFindings);
  SourceLines Sources;
  if (!O.WriteBaseline.empty()) {
    if (llvm::Error E = writeBaseline(AllFindings, O.WriteBaseline, Sources)) {
      llvm::errs() << "corolint: error: " << llvm::toString(std::move(E))
                   << "\n";
      return ExitError;
    }
    if (!O.Quiet)
      llvm::errs() << "corolint: recorded " << AllFindings.size()
                   << (AllFindings.size() == 1 ? " finding" : " findings")
                   << " in '" << O.WriteBaseline << "'.\n";
  }
  if (Recorded) {
    size_t Before = AllFindings.size();
    AllFindings = Recorded->newFindings(AllFindings, Sources);
    llvm::StringSet<> Reported;
    for (const Diagnostic &D : AllFindings) {
      Reported.insert(D.Range.File);
      if (O.Format == "text") {
        Diagnostic Shown = D;
        relativize(Shown, Cwd);
        Text.render(Shown);
      }
    }
    FilesWithFindings = Reported.size();
    size_t Hidden = Before - AllFindings.size();
    if (!O.Quiet && Hidden)
      llvm::errs() << "corolint: " << Hidden
                   << (Hidden == 1 ? " finding" : " findings")
                   << " recorded in '" << O.Baseline << "' not reported.\n";
  }
  if (O.Format == "json")
    llvm::outs() << renderJson(AllFindings, Errors);
  if (O.Format == "sarif")
    llvm::outs() << renderSarif(
        AllFindings, Errors,
        sarifOptions(O.SarifRoot.empty() ? llvm::StringRef(Cwd) : O.SarifRoot),
        Sources);
  if (O.Format == "github") {
    for (const std::vector<Diagnostic> *List : {&Errors, &AllFindings})
      for (Diagnostic Shown : *List) {
        relativize(Shown, Cwd);
        llvm::outs() << renderGithub(Shown);
      }
  }
  llvm::outs().flush();

  if (!O.Quiet && O.Format == "text" && !AllFindings.empty())
    llvm::errs() << AllFindings.size()
                 << (AllFindings.size() == 1 ? " finding" : " findings")
                 << " in " << FilesWithFindings
                 << (FilesWithFindings == 1 ? " file" : " files") << ".\n";
  if (!O.ExportFixes.empty()) {
    // clang-tidy writes one file per translation unit; ours may hold many.
    llvm::SmallString<256> Main;
    if (O.Files.size() == 1) {
      Main = O.Files.front();
      llvm::sys::fs::make_absolute(Main);
    }
    std::error_code EC;
    llvm::raw_fd_ostream OS(O.ExportFixes, EC, llvm::sys::fs::OF_Text);
    if (!EC) {
      OS << exportFixesYaml(AllFindings, Main, Cwd);
      OS.close();
      EC = OS.error();
      OS.clear_error();
    }
    if (EC) {
      llvm::WithColor::error(llvm::errs(), "corolint")
          << "cannot write '" << O.ExportFixes << "': " << EC.message() << "\n";
      return ExitError;
    }
  }
  if (O.Fix && !fixFiles(AllFindings, Analysed, O.Quiet))
    return ExitError;
  if (Failed)
    return ExitError;
  // Recording a baseline accepts today's findings.
  if (!O.WriteBaseline.empty())
    return ExitClean;
  if (O.Stats && Stats)
    llvm::errs() << "corolint: " << Stats->Parsed.load() << " parsed, "
                 << Stats->Cached.load() << " from the cache"
                 << (Stats->Indexed
                         ? ", " + std::to_string(Stats->Indexed) +
                               " other files' summaries from the cache"
                         : std::string())
                 << "\n";
  return AllFindings.empty() ? ExitClean : ExitFindings;
}

} // namespace

} // namespace corolint
