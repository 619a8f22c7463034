//===- Registry.cpp - Every check, by name, with its documentation --------===//
#include "checks/Registry.h"
#include "analyzer/Suppression.h"
#include "checks/BlockingCallCheck.h"
#include "checks/DanglingReferenceCheck.h"
#include "checks/LockAcrossSuspendCheck.h"
#include "checks/UnawaitedTaskCheck.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>

namespace corolint {

namespace {
struct EmbeddedFile {
  const char *Name;
  const char *Contents;
};
const EmbeddedFile Embedded[] = {
#include "Embedded.inc"
};

llvm::StringRef embedded(llvm::StringRef Name) {
  for (const EmbeddedFile &F : Embedded)
    if (Name == F.Name)
      return F.Contents;
  return {};
}

const CheckInfo Checks[] = {
    {BlockingCallCheck::Name,
     "a call that blocks the thread, made from a coroutine body", true,
     BlockingCallCheck::create, BlockingCallCheck::configureEngine},
    {UnawaitedTaskCheck::Name,
     "a lazy task or awaitable dropped without being awaited", true,
     UnawaitedTaskCheck::create, UnawaitedTaskCheck::configureEngine},
    {LockAcrossSuspendCheck::Name,
     "a thread-affine lock held across co_await or co_yield", true,
     LockAcrossSuspendCheck::create, nullptr},
    {DanglingReferenceCheck::Name,
     "a lazy coroutine that reads a temporary after it is destroyed", true,
     DanglingReferenceCheck::create, nullptr},
};
} // namespace

llvm::ArrayRef<CheckInfo> registeredChecks() { return Checks; }

const CheckInfo *findCheck(llvm::StringRef Name) {
  for (const CheckInfo &C : Checks)
    if (C.Name == Name)
      return &C;
  return nullptr;
}

llvm::StringRef checkDocumentation(llvm::StringRef Name) {
  if (!findCheck(Name))
    return {};
  return embedded(("doc:" + Name).str());
}

llvm::Expected<std::vector<const CheckInfo *>>
selectChecks(llvm::StringRef Globs) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Globs.split(Parts, ',', -1, false);
  for (llvm::StringRef P : Parts) {
    P = P.trim();
    P.consume_front("-");
    if (P.empty() || P.find_first_of("*?[") != llvm::StringRef::npos)
      continue;
    if (!findCheck(P))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "unknown check '%s' (see --list-checks)",
                                     P.str().c_str());
  }
  std::vector<const CheckInfo *> Selected;
  for (const CheckInfo &C : Checks)
    if (checkEnabledByGlobs(C.Name, Globs, C.EnabledByDefault))
      Selected.push_back(&C);
  return Selected;
}

llvm::Expected<CheckSet> createChecks(const Config &Settings) {
  // A section for no check is a typo the user must hear of: its options
  // would silently do nothing.
  for (const auto &[Name, Options] : Settings.Sections)
    if (!findCheck(Name))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "%s: unknown key '%s': neither a setting nor a check's name (see "
          "--list-checks)",
          Options.location().c_str(), Name.c_str());
  auto Selected = selectChecks(Settings.Checks);
  if (!Selected) {
    // A name the configuration file wrote is shown where it wrote it; one
    // that came from elsewhere (--checks, an editor's settings) as it is.
    std::string Why = llvm::toString(Selected.takeError());
    llvm::StringRef Name =
        llvm::StringRef(Why).split("check '").second.split("'").first;
    std::string Where = configLocation(Settings, Name);
    if (!Name.empty() && Where != Settings.Source && Where != "configuration")
      Why = Where + ": checks: " + Why;
    return llvm::createStringError(llvm::inconvertibleErrorCode(), Why);
  }
  CheckSet Set;
  for (const CheckInfo &Info : Checks)
    if (Info.ConfigureEngine)
      if (llvm::Error E = Info.ConfigureEngine(Settings, Set.Engine))
        return std::move(E);
  for (const CheckInfo *Info : *Selected) {
    auto C = Info->Create(Settings);
    if (!C)
      return C.takeError();
    Set.Checks.push_back(std::move(*C));
  }
  return Set;
}

const Catalogue &builtinCatalogue() {
  static const Catalogue Builtin = [] {
    auto C = Catalogue::parse(embedded("blocking-catalogue"),
                              "checks/blocking-catalogue.yaml");
    if (!C) {
      // The built-in catalogue is tested; a broken one is a build defect.
      llvm::errs() << "corolint: internal error: "
                   << llvm::toString(C.takeError()) << "\n";
      std::abort();
    }
    return std::move(*C);
  }();
  return Builtin;
}

} // namespace corolint
