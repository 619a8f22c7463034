#include "coro.h"
test::task<> oops() {
  undeclared_function();
  co_return;
}
