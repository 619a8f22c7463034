//===- SanitizerDefaults.cpp - ASan/LSan defaults of the sanitizer build --===//
//
// Linked into corolint and the unit tests when they are built with
// AddressSanitizer (the `asan` preset, docs/fuzzing.md). Only corolint's own
// code is instrumented; Clang and LLVM are Debian's shared libraries, and
// mixing the two needs two defaults (ASAN_OPTIONS and LSAN_OPTIONS still
// override them):
//
// - allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons and unpoisons
//   its slabs by hand in a build with ASan. Our copies of its inline code
//   poison a new slab of an ASTContext that Clang's uninstrumented copies
//   then carve without unpoisoning, so reading a live AST node (a template's
//   specializations) was reported as a use-after-poison.
// - leaks allocated inside libLLVM or libclang-cpp are not reported: Clang
//   19 never frees the buffer of a template deduction failure's diagnostic
//   (MakeDeductionFailureInfo puts a growing SmallVector in ASTContext
//   memory, which is never destroyed), and without frame pointers in those
//   libraries a leak's stack shows only the LLVM function that called
//   malloc. Memory corolint allocates itself is still checked.
//
//===----------------------------------------------------------------------===//

extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}

extern "C" const char *__lsan_default_suppressions() {
  return "leak:libLLVM.so\n"
         "leak:libclang-cpp.so\n";
}
