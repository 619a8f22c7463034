// One hop: blocks through sleep.cpp.
#include "chain.h"
void flush_disk() { nap(); }
void quick() {}
