//===- Compilation.h - How to compile each file: the compile database -----===//
//
// Flags come from, in order: the flags after "--" on the command line; the
// compile_commands.json in the -p directory; or, as clangd does, the nearest
// compile_commands.json found walking up from the file (in each directory
// and its build/ subdirectory). Files missing from a database borrow the
// flags of their nearest neighbour in it. Every command is then adjusted for
// analysis: syntax only, no outputs, Clang's resource directory added.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_COMPILATION_H
#define COROLINT_ANALYZER_COMPILATION_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace corolint {

/// Whether File is a C or C++ (or Objective-C/C++) source by its extension:
/// what a compile database's other entries (assembly...) are not.
bool isCOrCxxSource(llvm::StringRef File);

/// Clang's resource directory (builtin headers): $COROLINT_RESOURCE_DIR if
/// set, else the one found when corolint was built.
std::string clangResourceDir();

class Compilations {
public:
  /// BuildDir: the -p argument, if any. FixedFlags: the flags after "--",
  /// if "--" was given (possibly none).
  static llvm::Expected<std::unique_ptr<Compilations>>
  create(std::optional<std::string> BuildDir,
         std::optional<std::vector<std::string>> FixedFlags);

  /// The adjusted command for File, or an error naming File and why no
  /// command could be found. Thread-safe.
  llvm::Expected<clang::tooling::CompileCommand>
  commandFor(llvm::StringRef File);

  /// Every source file of the -p database (for "check everything").
  std::vector<std::string> allFiles() const;

  /// Adjusts a command line for analysis (exposed for the language server).
  static std::vector<std::string>
  adjustForAnalysis(std::vector<std::string> Args, llvm::StringRef File);

private:
  Compilations() = default;
  llvm::Expected<clang::tooling::CompilationDatabase *>
  databaseFor(llvm::StringRef File);

  std::unique_ptr<clang::tooling::CompilationDatabase> Explicit;
  std::optional<std::vector<std::string>> Fixed;
  std::mutex Lock;
  /// Databases discovered by walking up, by directory (null: none there).
  llvm::StringMap<std::shared_ptr<clang::tooling::CompilationDatabase>> Found;
};

} // namespace corolint

#endif
