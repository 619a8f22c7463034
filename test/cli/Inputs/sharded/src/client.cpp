// A coroutine calling the leaf directly, and one calling a helper that does
// not block.
#include "chain.h"
test::task<> fetch() {
  nap();
  co_return;
}
test::task<> idle() {
  quick();
  co_return;
}
