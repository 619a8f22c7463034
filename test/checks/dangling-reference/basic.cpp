// dangling-reference: a coroutine that reads a temporary after it is gone.
// RUN: not %corolint check --checks=-*,dangling-reference %s -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "task-uses.h"
#include <span>
#include <string>
#include <string_view>
#include <vector>

test::task<int> count(const std::string &s) { co_return (int)s.size(); }
test::task<int> count_view(std::string_view s) { co_return (int)s.size(); }
test::task<int> sum(std::span<const int> v) { co_return (int)v.size(); }
test::task<int> by_value(std::string s) { co_return (int)s.size(); }
test::task<int> moved_in(std::string &&s) { co_return (int)s.size(); }
std::string name();
const std::string &keep_alive();
test::task<int> with_default(const std::string &s = "default") {
  co_return (int)s.size();
}

struct Session {
  std::string user;
  test::task<int> greet() { co_return (int)user.size(); }
};
Session open_session();

// clang-tidy's cppcoreguidelines-avoid-reference-coroutine-parameters warns
// at every coroutine declaration with a reference parameter, whatever the
// callers do, and never about views (count_view, sum), 'this' (greet) or
// lambda captures: the findings below on those are corolint's alone.
test::task<> stored() {
  auto t = count(std::string("bob"));
  // CHECK: :[[@LINE-1]]:12: warning: temporary bound to reference parameter 's' of lazy coroutine 'count' is destroyed at the end of the full-expression, but the task runs later and reads it [dangling-reference]
  // CHECK: :9:42: note: reference parameter 's' is declared here
  // CHECK: :[[@LINE-3]]:8: note: the task is stored in 't' here, and outlives the temporary
  auto u = count("implicitly converted");
  // CHECK: :[[@LINE-1]]:12: warning: temporary bound to reference parameter 's' {{.*}} [dangling-reference]
  auto v = count_view(name());
  // CHECK: :[[@LINE-1]]:12: warning: temporary bound to view parameter 's' of lazy coroutine 'count_view' {{.*}} [dangling-reference]
  auto w = sum(std::vector<int>{1, 2, 3});
  // CHECK: :[[@LINE-1]]:12: warning: temporary bound to view parameter 'v' of lazy coroutine 'sum' {{.*}} [dangling-reference]
  auto x = moved_in(name());
  // CHECK: :[[@LINE-1]]:12: warning: temporary bound to reference parameter 's' of lazy coroutine 'moved_in' {{.*}} [dangling-reference]
  auto g = open_session().greet();
  // CHECK: :[[@LINE-1]]:12: warning: temporary bound to 'this' of lazy coroutine 'Session::greet' {{.*}} [dangling-reference]
  // CHECK: note: 'Session::greet' is a member of the temporary
  auto y = with_default();
  // CHECK: :[[@LINE-1]]:12: warning: temporary bound to reference parameter 's' of lazy coroutine 'with_default' {{.*}} [dangling-reference]
  co_await t;
  co_await y;
  co_await u;
  co_await v;
  co_await w;
  co_await x;
  co_await g;
}

test::task<int> returned() {
  return count(name());
  // CHECK: :[[@LINE-1]]:10: warning: temporary bound to reference parameter 's' {{.*}} [dangling-reference]
  // CHECK: :[[@LINE-2]]:3: note: the task is returned here, and outlives the temporary
}

void spawned() {
  test::spawn([]() -> test::task<> { co_return; }());
  std::vector<test::task<int>> pending;
  pending.push_back(count(name()));
  // CHECK: :[[@LINE-1]]:21: warning: temporary bound to reference parameter 's' {{.*}} [dangling-reference]
  // CHECK: :[[@LINE-2]]:3: note: the task is handed to 'std::vector::push_back' here, and outlives the temporary
}

// A named coroutine lambda and a member coroutine with reference parameters.
struct Parser {
  test::task<int> parse(const std::string &text) { co_return (int)text.size(); }
};
test::task<> named_callables(Parser &p) {
  auto measure = [](const std::string &s) -> test::task<int> {
    co_return (int)s.size();
  };
  auto t = measure(name());
  // CHECK: :[[@LINE-1]]:12: warning: temporary bound to reference parameter 's' of lazy coroutine lambda is destroyed {{.*}} [dangling-reference]
  auto u = p.parse(name() + "!");
  // CHECK: :[[@LINE-1]]:12: warning: temporary bound to reference parameter 'text' of lazy coroutine 'Parser::parse' {{.*}} [dangling-reference]
  co_await t;
  co_await u;
  int ok = co_await measure(name());
  (void)ok;
}

// Coroutine lambdas whose closure is a temporary.
test::task<> lambdas(int n) {
  auto t = [n]() -> test::task<int> { co_return n; }();
  // CHECK: :[[@LINE-1]]:12: warning: coroutine lambda with captures is called on a temporary; its captures live in the closure, which is destroyed at the end of the full-expression, but the task runs later and reads them [dangling-reference]
  // CHECK: :[[@LINE-2]]:8: note: the task is stored in 't' here, and outlives the temporary
  test::spawn([&]() -> test::task<> { co_await test::async_sleep(n); }());
  // CHECK: :[[@LINE-1]]:15: warning: coroutine lambda with captures {{.*}} [dangling-reference]
  // CHECK: :[[@LINE-2]]:3: note: the task is handed to 'test::spawn' here
  co_await t;
}

// Not findings. clang-tidy's avoid-reference-coroutine-parameters flags every
// one of these coroutines' reference parameters, though each caller awaits
// within the same full-expression, passes an lvalue, or passes a value.
test::task<> fine(const std::string &keep) {
  int a = co_await count(std::string("bob"));
  int b = co_await count_view(name());
  co_await test::when_all(count(name()), sum(std::vector<int>{1}));
  auto c = count(keep);
  auto d = by_value(name());
  auto e = count_view("a literal lives forever");
  std::string local = name();
  auto f = count(local);
  int g = co_await open_session().greet();
  int h = co_await [n = a]() -> test::task<int> { co_return n; }();
  auto no_captures = []() -> test::task<int> { co_return 1; }();
  co_await c;
  co_await d;
  co_await e;
  co_await f;
  co_await no_captures;
  (void)b;
  (void)g;
  (void)h;
}

// A function (not a coroutine) that returns a task bound to its own local:
// the local dies when the function returns, before the task runs.
test::task<int> wrapper(std::string by_value) {
  std::string local = name();
  if (local.empty())
    return count(local);
  // CHECK: :[[@LINE-1]]:12: warning: local 'local' bound to reference parameter 's' of lazy coroutine 'count' is destroyed when the function returns, but the task runs later and reads it [dangling-reference]
  // CHECK: :[[@LINE-4]]:15: note: 'local' is declared here
  // CHECK: :[[@LINE-3]]:5: note: the task is returned here, and outlives 'local'
  if (by_value.empty())
    return count_view(by_value);
  // CHECK: :[[@LINE-1]]:12: warning: local 'by_value' bound to view parameter 's' of lazy coroutine 'count_view' {{.*}} [dangling-reference]
  return count(keep_alive());
}
// Not findings: a local awaited before it dies, or a reference parameter
// (the caller's object, which the caller keeps alive).
test::task<int> coroutine_local() {
  std::string local = name();
  co_return co_await count(local);
}
test::task<int> forwards_reference(const std::string &s) { return count(s); }

// The closure as a local of a function that returns its task.
test::task<int> returns_from_local_closure(int n) {
  auto job = [n]() -> test::task<int> { co_return n; };
  return job();
  // CHECK: :[[@LINE-1]]:10: warning: coroutine lambda 'job' with captures is called and its task returned; its captures live in the closure, which is destroyed when the function returns, but the task runs later and reads them [dangling-reference]
  // CHECK: :[[@LINE-3]]:8: note: 'job' is declared here
}
test::task<int> awaits_local_closure(int n) {
  auto job = [n]() -> test::task<int> { co_return n; };
  auto t = job();
  co_return co_await t;
}
