// An ordinary function in another translation unit that blocks.
#include <chrono>
#include <thread>

void pause_a_little() { std::this_thread::sleep_for(std::chrono::milliseconds(5)); }
