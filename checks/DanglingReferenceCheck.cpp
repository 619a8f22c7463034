//===- DanglingReferenceCheck.cpp - A lazy coroutine outliving its referents ===//
