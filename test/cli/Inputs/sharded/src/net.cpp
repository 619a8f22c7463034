// Two hops: blocks through disk.cpp, then sleep.cpp.
#include "chain.h"
void resolve_host() {
  // Look the name up, then persist it.
  flush_disk();
}
