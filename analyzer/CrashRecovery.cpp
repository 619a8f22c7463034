//===- CrashRecovery.cpp - A file's Clang crash is that file's error
//-------===//
#include "analyzer/CrashRecovery.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/thread.h"
#include <csignal>
#include <memory>
#include <mutex>
#include <optional>

namespace corolint {

namespace {
/// An alternate signal stack for the calling thread while it lives: a stack
/// overflow raises SIGSEGV with no stack left to run the handler on.
class AlternateSignalStack {
public:
  AlternateSignalStack() : Memory(new char[Size]) {
    stack_t Stack{};
    Stack.ss_sp = Memory.get();
    Stack.ss_size = Size;
    Installed = sigaltstack(&Stack, &Previous) == 0;
  }
  ~AlternateSignalStack() {
    if (Installed)
      sigaltstack(&Previous, nullptr);
  }
  AlternateSignalStack(const AlternateSignalStack &) = delete;
  AlternateSignalStack &operator=(const AlternateSignalStack &) = delete;

private:
  static constexpr size_t Size = 256u << 10;
  std::unique_ptr<char[]> Memory;
  stack_t Previous{};
  bool Installed = false;
};
} // namespace

void enableCrashRecovery() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    llvm::CrashRecoveryContext::Enable();
    // The handlers it installs run on the interrupted stack; let the ones
    // for the signals of a stack overflow use the alternate stack.
    for (int Signal : {SIGSEGV, SIGBUS}) {
      struct sigaction Action;
      if (sigaction(Signal, nullptr, &Action) == 0) {
        Action.sa_flags |= SA_ONSTACK;
        sigaction(Signal, &Action, nullptr);
      }
    }
  });
}

bool runCrashSafely(llvm::function_ref<void()> Fn, size_t StackBytes) {
  enableCrashRecovery();
  bool Survived = false;
  llvm::thread Worker(std::optional<unsigned>(StackBytes), [&] {
    AlternateSignalStack OnOverflow;
    llvm::CrashRecoveryContext Recovery;
    Survived = Recovery.RunSafely(Fn);
  });
  Worker.join();
  return Survived;
}

} // namespace corolint
