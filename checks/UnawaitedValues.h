//===- UnawaitedValues.h - What unawaited-task's two halves share ---------===//
//
// Internal to unawaited-task, whose findings come in two halves: values
// dropped by the statement that makes them (UnawaitedDiscarded.cpp) and
// tasks kept in a local that some path leaves unawaited
// (UnawaitedLocals.cpp). Both ask the same questions of a value.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_CHECKS_UNAWAITEDVALUES_H
#define COROLINT_CHECKS_UNAWAITEDVALUES_H

#include "analyzer/CoroutineModel.h"

namespace clang {
class ValueDecl;
} // namespace clang

namespace corolint {
namespace unawaited {

/// How a task of type T starts (NotATask for a null type).
TaskKind kindOf(const CoroutineModel &Model, clang::QualType T);

/// A value made by Value (a call, a construction, a co_await) whose work is
/// lost if it is dropped: a lazy task as its coroutine's promise says, or an
/// awaitable operation -- not a finished result.
bool mustBeAwaitedValue(const CoroutineModel &Model, const clang::Expr *Value);

/// Whether E names D, wrappers aside.
bool refersTo(const clang::Expr *E, const clang::ValueDecl *D);

} // namespace unawaited
} // namespace corolint

#endif
