//===- fuzz-config.cpp - .corolint.yaml and the blocking-call catalogue ---===//
//
// Input: a .corolint.yaml document, optionally followed by a NUL byte and a
// catalogue document (the schema of checks/blocking-catalogue.yaml). Both
// parsers must return a value or an error naming the file, never crash; a
// configuration that parses is then applied to the catalogue (or to a small
// built-in one), as the CLI and the server do.
//
//===----------------------------------------------------------------------===//
#include "analyzer/Catalogue.h"
#include "analyzer/Config.h"
#include "checks/Registry.h"
#include "llvm/ADT/StringRef.h"
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

static const char *SmallCatalogue = R"(version: 1
categories:
  - id: sleep
    summary: "sleeps the thread"
    title: "Sleeps"
  - id: fs-metadata
    summary: "reads file metadata"
    title: "File metadata"
entries:
  - category: sleep
    tier: 1
    functions: ["std::this_thread::sleep_for"]
  - category: fs-metadata
    tier: 2
    functions: ["std::filesystem::exists"]
)";

/// An error names the file it is about.
static void checkError(llvm::Error E, llvm::StringRef Name) {
  std::string Message = llvm::toString(std::move(E));
  check(!Message.empty(), "an empty error message");
  check(llvm::StringRef(Message).contains(Name), "an error without the file");
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Input(reinterpret_cast<const char *>(Data), Size);
  auto [ConfigText, CatalogueText] = Input.split('\0');

  auto Settings = parseConfig(ConfigText, "fuzz/.corolint.yaml");
  if (!Settings) {
    checkError(Settings.takeError(), ".corolint.yaml");
  } else {
    (void)configLocation(*Settings, "sleep");
  }

  bool OwnCatalogue = ConfigText.size() != Input.size();
  auto Cat = Catalogue::parse(OwnCatalogue ? CatalogueText : SmallCatalogue,
                              "fuzz-catalogue.yaml");
  if (!Cat) {
    check(OwnCatalogue, "the small catalogue does not parse");
    checkError(Cat.takeError(), "fuzz-catalogue.yaml");
    return 0;
  }
  (void)Cat->category("sleep");
  if (!Settings)
    return 0;
  // What the checks make of their sections: an error names the file; what
  // they add to a catalogue extends it without failing.
  auto Made = createChecks(*Settings);
  if (!Made) {
    // An unknown check is named as such; the file it is in is shown only
    // where it can be read (this one is not on disk).
    std::string Message = llvm::toString(Made.takeError());
    if (!llvm::StringRef(Message).starts_with("unknown check '"))
      checkError(
          llvm::createStringError(llvm::inconvertibleErrorCode(), Message),
          ".corolint.yaml");
    return 0;
  }
  if (Cat->additionsProblem(Made->Engine.Blocking, {}).Message.empty())
    (void)Cat->extendedWith(Made->Engine.Blocking);
  return 0;
}
