#include "lib.h"

test::task<> run() { co_await lib_generic(1); }
