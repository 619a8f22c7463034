// One hop: refresh_cache calls into c.cpp.
#include "helpers.h"

static void reload() { flush_to_disk(); }
void refresh_cache() { reload(); }
// Recursion across files ends.
int compute(int n) { return n <= 0 ? 0 : compute(n - 1) + 1; }
