// Findings for the SARIF, GitHub and baseline tests: a note with a place
// (lock-across-suspend), a fix-it (unawaited-task), a finding after
// characters beyond ASCII on its line (SARIF counts columns in UTF-16), and
// one that spans two lines.
#include "coro.h"
#include <chrono>
#include <mutex>
#include <thread>

std::mutex m;
test::task<> work();

test::task<> held() {
  std::lock_guard<std::mutex> g(m);
  co_await work();
}

test::task<> dropped() {
  work();
  co_return;
}

test::task<> naps() {
  /* café */ std::this_thread::sleep_for(std::chrono::seconds(1));
  co_return;
}

test::task<int> fetch(int);

test::task<> spans_lines() {
  fetch(
      1);
  co_return;
}
