//===- CrashRecovery.h - A file's Clang crash is that file's error
//---------===//
//
// Clang can crash on a file (an expression of 100,000 terms overflows its
// stack, a bug trips an assertion). Both front ends run each file's parse and
// analysis through runCrashSafely: on a thread of its own with a stack of a
// known size, inside llvm::CrashRecoveryContext, with an alternate signal
// stack so that even a stack overflow is caught. The crash then becomes that
// file's error and the run (or the server) goes on.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_ANALYZER_CRASHRECOVERY_H
#define COROLINT_ANALYZER_CRASHRECOVERY_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include <cstddef>

namespace corolint {

/// The stack each file's Clang work gets: Clang's own choice
/// (clang::DesiredStackSize) for deeply nested code.
inline constexpr size_t ClangStackBytes = 8u << 20;

/// Turns on crash recovery for the process. Idempotent and thread-safe;
/// runCrashSafely calls it too.
void enableCrashRecovery();

/// Runs Fn on a new thread with a stack of StackBytes and waits for it.
/// Returns false if Fn crashed (a signal, a stack overflow included); what
/// it was doing is then abandoned, its memory leaked.
bool runCrashSafely(llvm::function_ref<void()> Fn,
                    size_t StackBytes = ClangStackBytes);

} // namespace corolint

#endif
