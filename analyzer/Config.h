//===- Config.h - .corolint.yaml: which checks, and how they behave -------===//
//
// A project configures corolint with a .corolint.yaml file; the nearest one
// above a source file applies to it (like .clang-tidy). The command line's
// --checks adds to the file's list.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_CONFIG_H
#define COROLINT_ANALYZER_CONFIG_H

#include "analyzer/YamlTraits.h"
#include "llvm/Support/Error.h"
#include <optional>
#include <string>
#include <vector>

namespace corolint {

/// One check's section of a .corolint.yaml ("lock-across-suspend: ..."), as
/// the reader found it. The configuration reader names no check's keys: the
/// check reads its section with its own YAML mapping and its own defaults,
/// as a clang-tidy check reads its options in its constructor.
class CheckSection {
public:
  CheckSection() = default;
  /// Text is the section's YAML, placed at the lines and columns it has in
  /// the file Path, so that errors point into the file; KeyAt is
  /// "path:line:col" of the section's name.
  CheckSection(std::string Text, std::string Path, std::string KeyAt)
      : Text(std::move(Text)), Path(std::move(Path)), KeyAt(std::move(KeyAt)) {}

  /// "path:line:col" of the section's name in its file.
  const std::string &location() const { return KeyAt; }

  /// Whether the file has no section, or an empty one, for the check.
  bool empty() const { return llvm::StringRef(Text).trim().empty(); }

  /// Reads the section into Out with T's llvm::yaml::MappingTraits; without
  /// a section Out keeps its defaults. A key T does not map, or a value of
  /// the wrong shape, is an error naming the file, line and column.
  template <typename T> llvm::Error read(T &Out) const;

private:
  std::string Text;
  std::string Path;
  std::string KeyAt;
};

struct Config {
  /// clang-tidy style globs, e.g. "-*,blocking-call"; applied after the
  /// default set.
  std::string Checks;
  /// The strict profile: catalogue tier 3 (locks, console output, single
  /// syscalls) on.
  bool Strict = false;
  /// Every other top-level key, in the file's order: a check's name and its
  /// options (the registry refuses a name that is no check's).
  std::vector<std::pair<std::string, CheckSection>> Sections;
  /// A regular expression: the non-system headers (by absolute path) whose
  /// findings are reported too, as clang-tidy's HeaderFilterRegex; empty:
  /// the main file only.
  std::string HeaderFilter;
  /// The file this configuration came from; empty for the defaults.
  std::string Source;

  unsigned maxTier() const { return Strict ? 3 : 2; }
  /// The section of the check named Check; an empty one when there is none.
  const CheckSection &options(llvm::StringRef Check) const;
};

/// Parses a .corolint.yaml document. Errors name Path, line, column and the
/// offending key.
llvm::Expected<Config> parseConfig(llvm::StringRef Text, llvm::StringRef Path);

/// "path:line:col" of the first occurrence of Value as a word in the file
/// Settings came from (to point at a value the YAML reader accepted but a
/// check refuses, such as an unknown category); the path alone if it is not
/// found, "configuration" for the defaults.
std::string configLocation(const Config &Settings, llvm::StringRef Value);

/// The name of the configuration file.
inline constexpr const char *ConfigFileName = ".corolint.yaml";

/// Finds the nearest .corolint.yaml at or above the directory of File, and
/// parses it; std::nullopt when there is none.
llvm::Expected<std::optional<Config>> loadConfigFor(llvm::StringRef File);

template <typename T> llvm::Error CheckSection::read(T &Out) const {
  if (empty())
    return llvm::Error::success();
  return parseYamlDocument(Text, Path, Out);
}

} // namespace corolint

#endif
