// dangling-reference: a lazy task that holds a reference to a named local
// (a loop variable, a local of an inner block, a by-value parameter) and is
// stored where it outlives that local -- a container of an outer scope, a
// member, a container the caller passed by reference -- reads it after it
// is gone, just as with a temporary. Stored in a container of the same
// scope, or awaited, it is fine.
// RUN: not %corolint check --checks=-*,dangling-reference %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "coro.h"
#include <optional>
#include <string>
#include <vector>

test::task<int> measure(const std::string &text) {
  co_await test::async_sleep(1);
  co_return static_cast<int>(text.size());
}

struct Batch {
  std::vector<test::task<int>> pending;
  std::optional<test::task<int>> last;

  void add(std::string name) {
    pending.push_back(measure(name));
    // CHECK: :[[@LINE-1]]:23: warning: local 'name' bound to reference parameter 'text' of lazy coroutine 'measure' is destroyed at the end of its scope, but the task runs later and reads it [dangling-reference]
    // CHECK: note: the task is stored here, and outlives 'name'
  }
  void replace(const std::vector<std::string> &names) {
    for (std::string n : names)
      last.emplace(measure(n));
    // CHECK: :[[@LINE-1]]:20: warning: local 'n' bound to reference parameter 'text' of lazy coroutine 'measure' is destroyed at the end of its scope{{.*}} [dangling-reference]
  }
};

void collect(const std::vector<std::string> &names,
             std::vector<test::task<int>> &out) {
  std::vector<test::task<int>> mine;
  for (std::string copy : names) {
    out.push_back(measure(copy));
    // CHECK: :[[@LINE-1]]:19: warning: local 'copy' bound to reference parameter 'text' of lazy coroutine 'measure' is destroyed at the end of its scope{{.*}} [dangling-reference]
    mine.push_back(measure(copy));
    // CHECK: :[[@LINE-1]]:20: warning: local 'copy' bound to reference parameter 'text' of lazy coroutine 'measure' is destroyed at the end of its scope{{.*}} [dangling-reference]
  }
  {
    std::string inner = "x";
    mine.push_back(measure(inner));
    // CHECK: :[[@LINE-1]]:20: warning: local 'inner' bound to reference parameter 'text' {{.*}} [dangling-reference]
  }
}

test::task<int> fine(const std::vector<std::string> &names) {
  int total = 0;
  for (const std::string &n : names) {
    std::vector<test::task<int>> here;
    here.push_back(measure(n));
    std::string local = n;
    here.push_back(measure(local));
    for (auto &t : here)
      total += co_await std::move(t);
  }
  std::string outer = "y";
  std::vector<test::task<int>> same_scope;
  same_scope.push_back(measure(outer));
  for (auto &t : same_scope)
    total += co_await std::move(t);
  co_return total;
}
