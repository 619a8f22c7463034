#include "coro.h"
test::task<int> answer() { co_return 42; }
test::task<int> caller() { co_return co_await answer(); }
