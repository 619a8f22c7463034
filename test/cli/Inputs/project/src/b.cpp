#include "coro.h"
test::task<> b() { co_return; }
