#include "coro.h"

test::task<int> compute();

test::task<void> caller() {
  compute();
  co_return;
}
