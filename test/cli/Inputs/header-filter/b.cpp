#include "lib.h"

test::task<> b_main() { co_await lib_generic(2); }
