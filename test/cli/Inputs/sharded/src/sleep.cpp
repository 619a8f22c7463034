// The blocking leaf every chain ends in.
#include "chain.h"
#include <chrono>
#include <thread>
void nap() { std::this_thread::sleep_for(std::chrono::milliseconds(5)); }
