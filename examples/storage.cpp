// Persistence helpers: synchronous by design, fine on a worker thread.
#include "storage.h"
#include <fstream>
#include <thread>
#include <unistd.h>

namespace {
void wait_for_disk() {
  // Give a slow disk time to settle.
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
}
} // namespace

void append_to_journal(const std::string &line) {
  std::ofstream journal("journal.log", std::ios::app);
  journal << line << '\n';
}

void sync_journal() {
  wait_for_disk();
  ::sync();
}
