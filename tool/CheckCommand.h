//===- CheckCommand.h - `corolint check` and `corolint explain` -----------===//
#ifndef COROLINT_TOOL_CHECKCOMMAND_H
#define COROLINT_TOOL_CHECKCOMMAND_H

#include "analyzer/Runner.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <string>

namespace corolint {

/// Exit codes of `corolint check`.
enum ExitCode : int { ExitClean = 0, ExitFindings = 1, ExitError = 2 };

int runCheckCommand(llvm::ArrayRef<std::string> Args);
int runExplainCommand(llvm::ArrayRef<std::string> Args);
int listChecks();

/// Where a report's results come from: a source hands each file's result,
/// in the run's order, to the function it is given.
using ResultSource =
    llvm::function_ref<void(llvm::function_ref<void(FileResult &&)>)>;
/// Reports the results Produce gives as `check` does, with check's
/// reporting options in Args (--format, --baseline, --write-baseline,
/// --sarif-root, --color, --quiet), and returns the exit status.
int reportResults(llvm::ArrayRef<std::string> Args, ResultSource Produce);

} // namespace corolint

#endif
