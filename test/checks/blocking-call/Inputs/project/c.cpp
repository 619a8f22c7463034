// Two more calls down, the thread sleeps.
#include "helpers.h"
#include <chrono>
#include <thread>

namespace {
void back_off() { std::this_thread::sleep_for(std::chrono::milliseconds(5)); }
} // namespace
void flush_to_disk() { back_off(); }
Journal::~Journal() { flush_to_disk(); }
