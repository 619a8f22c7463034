#include "coro.h"

void pause_a_little(); // Defined in util.cpp.

test::task<void> worker() {
  pause_a_little();
  co_return;
}
