#include "local.h"

test::task<void> run() {
  helper();
  co_return;
}
