// A coroutine whose blocking call is three files away.
#include "chain.h"
test::task<> serve() {
  resolve_host();
  co_return;
}
