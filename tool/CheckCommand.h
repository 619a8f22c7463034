//===- CheckCommand.h - `corolint check` and `corolint explain` -----------===//
#ifndef COROLINT_TOOL_CHECKCOMMAND_H
#define COROLINT_TOOL_CHECKCOMMAND_H

#include "llvm/ADT/ArrayRef.h"
#include <string>

namespace corolint {

/// Exit codes of `corolint check`.
enum ExitCode : int { ExitClean = 0, ExitFindings = 1, ExitError = 2 };

int runCheckCommand(llvm::ArrayRef<std::string> Args);
int runExplainCommand(llvm::ArrayRef<std::string> Args);
int listChecks();

} // namespace corolint

#endif
