// On disk, helper() is an eager task: dropping it is fire-and-forget.
#pragma once
#include "coro.h"
inline test::eager_task helper() { co_return; }
