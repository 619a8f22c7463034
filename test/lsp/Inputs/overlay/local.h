// On disk, helper() is fire-and-forget: dropping it is what it is for.
#pragma once
#include "coro.h"
inline test::fire_and_forget helper() { co_return; }
