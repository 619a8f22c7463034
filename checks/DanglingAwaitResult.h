//===- DanglingAwaitResult.h - A reference into a dead awaitable ----------===//
//
// Part of dangling-reference: "const T &r = co_await f();" where f() returns
// a temporary awaitable (or task) whose await_resume() returns a reference
// into the awaiter itself, or into the promise of a coroutine frame that the
// temporary task destroys. The temporary dies at the end of the
// full-expression, and r refers to freed memory from then on.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_CHECKS_DANGLINGAWAITRESULT_H
#define COROLINT_CHECKS_DANGLINGAWAITRESULT_H

#include "llvm/ADT/StringRef.h"

namespace corolint {

struct AnalysisContext;
class DiagnosticSink;

/// Reports, under the check name Check, every reference variable in a
/// coroutine frame bound to a co_await result that refers into a temporary
/// awaitable, and used after its declaration.
void checkDanglingAwaitResults(const AnalysisContext &Ctx, DiagnosticSink &Out,
                               llvm::StringRef Check);

} // namespace corolint

#endif
