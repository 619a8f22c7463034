// Helpers defined in one file and called from coroutines in others.
#pragma once
#include "coro.h"
void nap();
void flush_disk();
void resolve_host();
void quick();
test::task<> serve();
