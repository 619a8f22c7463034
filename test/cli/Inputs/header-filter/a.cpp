#include "lib.h"
#include "other.h"
#include "vendor.h"

test::task<> a_main() {
  std::lock_guard<std::mutex> mine(lib_mutex);
  co_await lib_generic(1);
}
