// Input of fix.test: discarded tasks that --fix turns into co_awaits.
#include "coro.h"
#include <tuple>

test::task<int> fetch() { co_return 1; }
test::task<> work() { co_return; }
/// A pipeline stage: "a | b" makes a task that runs both.
test::task<> operator|(test::task<> a, test::task<> b) { co_await a; co_await b; }

test::task<> handler(bool again) {
  fetch();
  (void)work();
  if (again)
    work();
  for (int i = 0; i < 2; fetch(), ++i)
    ;
  std::ignore = fetch();
  work() | work();
  co_return;
}

// Outside a coroutine there is nothing to insert: the finding stays.
void ordinary() { work(); }
