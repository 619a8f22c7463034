//===- main.cpp - The corolint binary: dispatches to its subcommands ------===//
#include "corolint/BuildInfo.h"
#include "tool/CheckCommand.h"
#include "tool/MergeCommand.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"
#ifdef COROLINT_WITH_LSP
#include "tool/LspCommand.h"
#endif
#include <csignal>
#include <string>
#include <vector>

using namespace corolint;

static const char Usage[] =
    R"(corolint: finds async misuse in C++20 coroutine code

USAGE:
  corolint check [options] <files...> [-- <compiler flags>]
  corolint merge [options] <shards...>
                                     one report from `check --shard` files
  corolint lsp [options]             run the language server on stdio
  corolint explain <check>           print a check's documentation
  corolint --list-checks             list the checks
  corolint --version

Run `corolint check --help` for the checker's options.
)";

int main(int argc, const char **argv) {
  llvm::InitLLVM Init(argc, argv);
  // A file-size limit (ulimit -f) should fail a write like a full disk does,
  // which corolint reports, rather than kill the process.
  std::signal(SIGXFSZ, SIG_IGN);
  std::vector<std::string> Args(argv + 1, argv + argc);
  if (Args.empty()) {
    llvm::errs() << Usage;
    return ExitError;
  }
  std::string Command = Args.front();
  std::vector<std::string> Rest(Args.begin() + 1, Args.end());
  if (Command == "--help" || Command == "-h" || Command == "help") {
    llvm::outs() << Usage;
    return ExitClean;
  }
  if (Command == "--version" || Command == "version") {
    llvm::outs() << "corolint " << COROLINT_VERSION << " (LLVM "
                 << COROLINT_LLVM_VERSION << ")\n";
    return ExitClean;
  }
  if (Command == "--list-checks" || Command == "list-checks")
    return listChecks();
  if (Command == "check")
    return runCheckCommand(Rest);
  if (Command == "merge")
    return runMergeCommand(Rest);
  if (Command == "explain")
    return runExplainCommand(Rest);
  if (Command == "lsp") {
#ifdef COROLINT_WITH_LSP
    return runLspCommand(Rest);
#else
    llvm::errs() << "corolint: this build has no language server\n";
    return ExitError;
#endif
  }
  llvm::errs()
      << "corolint: unknown command '" << Command
      << "' (expected check, merge, lsp, explain; see corolint --help)\n";
  return ExitError;
}
