// The coroutine: it calls helpers whose bodies live in b.cpp and c.cpp.
#include "coro.h"
#include "helpers.h"

test::task<int> handle_request(int n) {
  refresh_cache();
  int r = compute(n);
  Journal journal;
  co_return r;
}
