// A finding within the file, which needs no other shard, and a helper that
// blocks through another file but is called from no coroutine here.
#include "chain.h"
#include <chrono>
#include <thread>
test::task<> work() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  co_return;
}
void spin() { nap(); }
