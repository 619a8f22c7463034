//===- Config.cpp - .corolint.yaml: which checks, and how they behave -----===//
#include "analyzer/Config.h"
#include "analyzer/YamlTraits.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
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
  }
};
} // namespace llvm::yaml

namespace corolint {

llvm::Expected<Config> parseConfig(llvm::StringRef Text, llvm::StringRef Path) {
  Config C;
  // An empty file (or one of only comments) is a valid, empty configuration.
  if (Text.trim().empty()) {
    C.Source = Path.str();
    return C;
  }
  if (llvm::Error E = parseYamlDocument(Text, Path, C))
    return std::move(E);
  C.Source = Path.str();
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
      auto Buffer = llvm::MemoryBuffer::getFile(Candidate);
      if (!Buffer)
        return llvm::createStringError(
            Buffer.getError(), "cannot read '%s': %s", Candidate.c_str(),
            Buffer.getError().message().c_str());
      auto C = parseConfig((*Buffer)->getBuffer(), Candidate);
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
  auto Buffer = llvm::MemoryBuffer::getFile(Settings.Source);
  if (!Buffer || Value.empty())
    return Settings.Source;
  llvm::StringRef Text = (*Buffer)->getBuffer();
  auto IsWord = [](char C) {
    return llvm::isAlnum(C) || C == '_' || C == '-' || C == ':';
  };
  for (size_t Pos = Text.find(Value); Pos != llvm::StringRef::npos;
       Pos = Text.find(Value, Pos + 1)) {
    size_t End = Pos + Value.size();
    if ((Pos > 0 && IsWord(Text[Pos - 1])) ||
        (End < Text.size() && IsWord(Text[End])))
      continue;
    llvm::StringRef Before = Text.take_front(Pos);
    size_t Line = Before.count('\n') + 1;
    size_t LineStart = Before.rfind('\n');
    size_t Col = LineStart == llvm::StringRef::npos ? Pos + 1 : Pos - LineStart;
    return Settings.Source + ":" + std::to_string(Line) + ":" +
           std::to_string(Col);
  }
  return Settings.Source;
}

} // namespace corolint
