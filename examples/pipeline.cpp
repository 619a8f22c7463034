// A three-stage task pipeline on a hand-written lazy task type, with the
// mistakes corolint is for.
#include "storage.h"
#include "task.h"
#include <future>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

task<std::string> fetch(int id) { co_return "record-" + std::to_string(id); }

task<std::size_t> count_words(const std::string &text) {
  std::size_t words = 1;
  for (char c : text)
    words += c == ' ';
  co_return words;
}

task<int> store(std::string record) {
  // Mistake, hidden two files away: sync_journal() sleeps and syncs the disk.
  append_to_journal(record);
  sync_journal();
  co_return static_cast<int>(record.size());
}

task<int> process(int id, std::future<int> &config_ready) {
  // Mistake: waits for another thread synchronously inside a coroutine.
  int shards = config_ready.get();

  std::string record = co_await fetch(id);

  // Mistake: the lazy task is dropped, so the record is never stored.
  store(record);

  // Mistake: the temporary string dies before the lazy task reads it.
  auto words = count_words(record + " (copy)");
  std::size_t n = co_await std::move(words);

  co_return shards + static_cast<int>(n);
}

int main() {
  std::promise<int> config;
  config.set_value(4);
  std::future<int> ready = config.get_future();
  std::cout << process(1, ready).run() << "\n";
}
