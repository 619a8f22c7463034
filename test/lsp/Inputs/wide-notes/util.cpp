// The hop's line has non-ASCII text before the call.
#include <chrono>
#include <thread>

void pause_a_little() { /* ü😀 */ std::this_thread::sleep_for(std::chrono::milliseconds(5)); }
