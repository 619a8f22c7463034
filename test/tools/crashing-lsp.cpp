//===- crashing-lsp.cpp - `corolint lsp` whose analysis can be made to crash
//===//
//
// For test/lsp/preamble.test only: the shipped server has no way to crash on
// purpose. This one is the same server, except that an analysis of a draft
// containing COROLINT_CRASH_HERE traps where Clang's own work runs (inside
// the crash containment), as a bug in Clang or a check would.
//
//===----------------------------------------------------------------------===//
#include "lsp/DocumentAnalysis.h"
#include "tool/LspCommand.h"
#include "llvm/Support/Compiler.h"
#include <string>
#include <vector>

int main(int argc, char **argv) {
  using namespace corolint::lsp;
  std::vector<std::string> Args(argv + 1, argv + argc);
  return corolint::runLspCommand(Args, [] {
    return createClangDocumentAnalyzer([](const ParseInputs &Inputs) {
      if (llvm::StringRef(*Inputs.Contents).contains("COROLINT_CRASH_HERE"))
        LLVM_BUILTIN_TRAP;
    });
  });
}
