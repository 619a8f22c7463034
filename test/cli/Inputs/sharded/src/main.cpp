// Awaits a coroutine of another file (not a blocking call), and blocks
// through disk.cpp; the second call is suppressed.
#include "chain.h"
test::task<> run() {
  co_await serve();
  flush_disk();
  flush_disk(); // NOLINT(blocking-call)
  co_return;
}
