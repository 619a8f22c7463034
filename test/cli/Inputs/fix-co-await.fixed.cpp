// Input of fix.test: discarded tasks that --fix turns into co_awaits.
#include "coro.h"
#include <tuple>

test::task<int> fetch() { co_return 1; }
test::task<> work() { co_return; }
/// A pipeline stage: "a | b" makes a task that runs both.
test::task<> operator|(test::task<> a, test::task<> b) { co_await a; co_await b; }

test::task<> handler(bool again) {
  co_await fetch();
  (void)co_await work();
  if (again)
    co_await work();
  for (int i = 0; i < 2; co_await fetch(), ++i)
    ;
  co_await fetch();
  co_await (work() | work());
  co_return;
}

// Outside a coroutine there is nothing to insert: the finding stays.
void ordinary() { work(); }
