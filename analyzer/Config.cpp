//===- Config.cpp - .corolint.yaml: which checks, and how they behave -----===//
#include "analyzer/Config.h"
#include "analyzer/HeaderFilter.h"
#include "analyzer/InputFile.h"
#include "analyzer/Suppression.h"
#include "analyzer/YamlTraits.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace llvm::yaml {
template <> struct MappingTraits<corolint::BlockingCallOptions> {
  static void mapping(IO &IO, corolint::BlockingCallOptions &O) {
    IO.mapOptional("disabled-categories", O.DisabledCategories);
    IO.mapOptional("extra", O.Extra);
    IO.mapOptional("nonblocking", O.NonBlocking);
    IO.mapOptional("offload-functions", O.OffloadFunctions);
    IO.mapOptional("failure-paths", O.FailurePaths);
    IO.mapOptional("blocking-executors", O.BlockingExecutors);
    IO.mapOptional("async-siblings", O.AsyncSiblings, false);
  }
};
template <> struct MappingTraits<corolint::TaskTypeOptions> {
  static void mapping(IO &IO, corolint::TaskTypeOptions &O) {
    IO.mapOptional("lazy-types", O.LazyTypes);
    IO.mapOptional("eager-types", O.EagerTypes);
    IO.mapOptional("detached-types", O.DetachedTypes);
    IO.mapOptional("consumers", O.Consumers);
  }
};
template <> struct MappingTraits<corolint::LockOptions> {
  static void mapping(IO &IO, corolint::LockOptions &O) {
    IO.mapOptional("extra-types", O.ExtraTypes);
    IO.mapOptional("allowed-types", O.AllowedTypes);
  }
};
template <> struct MappingTraits<corolint::DanglingOptions> {
  static void mapping(IO &IO, corolint::DanglingOptions &O) {
    IO.mapOptional("closure-owners", O.ClosureOwners);
  }
};
template <> struct MappingTraits<corolint::Config> {
  static void mapping(IO &IO, corolint::Config &C) {
    IO.mapOptional("checks", C.Checks);
    IO.mapOptional("strict", C.Strict, false);
    IO.mapOptional("blocking-call", C.BlockingCall);
    IO.mapOptional("unawaited-task", C.Tasks);
    IO.mapOptional("lock-across-suspend", C.Locks);
    IO.mapOptional("dangling-reference", C.Dangling);
    IO.mapOptional("header-filter", C.HeaderFilter);
  }
};
} // namespace llvm::yaml

namespace corolint {

namespace {

/// "Path:line:col" of the first occurrence of Value as a word in Text; Path
/// alone if it is not there.
std::string locate(llvm::StringRef Text, llvm::StringRef Path,
                   llvm::StringRef Value) {
  std::string Pos = lineAndColumn(Text, Value);
  return Pos.empty() ? Path.str() : Path.str() + ":" + Pos;
}

} // namespace

llvm::Expected<Config> parseConfig(llvm::StringRef Text, llvm::StringRef Path) {
  Config C;
  // An empty file (or one of only comments) is a valid, empty configuration.
  if (Text.trim().empty()) {
    C.Source = Path.str();
    return C;
  }
  if (llvm::Error E = parseYamlDocument(Text, Path, C))
    return std::move(E);
  // A list of globs that cannot be read would select nothing, silently.
  if (llvm::Error E = checkGlobs(C.Checks)) {
    std::string Why = llvm::toString(std::move(E));
    // "invalid glob 'G': why"
    llvm::StringRef Glob =
        llvm::StringRef(Why).split("glob '").second.split("': ").first;
    return llvm::createStringError(
        std::errc::invalid_argument, "%s: checks: %s",
        locate(Text, Path, Glob).c_str(), Why.c_str());
  }
  C.Source = Path.str();
  if (llvm::Error E = HeaderFilter::validate(C.HeaderFilter))
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s",
                                   configLocation(C, C.HeaderFilter).c_str(),
                                   llvm::toString(std::move(E)).c_str());
  return C;
}

llvm::Expected<std::optional<Config>> loadConfigFor(llvm::StringRef File) {
  llvm::SmallString<256> Dir(File);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_filename(Dir);
  while (!Dir.empty()) {
    llvm::SmallString<256> Candidate(Dir);
    llvm::sys::path::append(Candidate, ConfigFileName);
    if (llvm::sys::fs::exists(Candidate)) {
      auto Text =
          readRegularFile(Candidate, size_limit::Config, "configuration");
      if (!Text)
        return Text.takeError();
      auto C = parseConfig(*Text, Candidate);
      if (!C)
        return C.takeError();
      return std::optional<Config>(std::move(*C));
    }
    llvm::StringRef Parent = llvm::sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return std::optional<Config>();
}

std::string configLocation(const Config &Settings, llvm::StringRef Value) {
  if (Settings.Source.empty())
    return "configuration";
  auto Text = readRegularFile(Settings.Source, size_limit::Config);
  if (!Text) {
    llvm::consumeError(Text.takeError());
    return Settings.Source;
  }
  return locate(*Text, Settings.Source, Value);
}

} // namespace corolint
