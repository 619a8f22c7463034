// An Asio echo server written with C++20 coroutines -- and with the mistakes
// people make when they first write one. `corolint check -p build` finds them.
#include <asio.hpp>
#include <chrono>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;
using namespace std::chrono_literals;

std::mutex stats_mutex;
std::size_t bytes_echoed = 0;

awaitable<void> log_connection(std::string peer) {
  std::cerr << "connection from " << peer << "\n";
  co_return;
}

awaitable<void> session(tcp::socket socket) {
  // Mistake: the task is created and dropped -- it never runs.
  log_connection(socket.remote_endpoint().address().to_string());

  char data[4096];
  for (;;) {
    std::size_t n =
        co_await socket.async_read_some(asio::buffer(data), use_awaitable);

    // Mistake: a "rate limit" that freezes every connection on this thread.
    std::this_thread::sleep_for(10ms);

    // Mistake: the synchronous write blocks the event loop.
    asio::write(socket, asio::buffer(data, n));

    // Mistake: a thread mutex held across a suspension point.
    std::lock_guard<std::mutex> lock(stats_mutex);
    bytes_echoed += n;
    co_await asio::post(socket.get_executor(), use_awaitable);
  }
}

awaitable<void> listener(unsigned short port) {
  auto executor = co_await asio::this_coro::executor;
  tcp::acceptor acceptor(executor, {tcp::v4(), port});
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(use_awaitable);
    asio::co_spawn(executor, session(std::move(socket)), asio::detached);
  }
}

int main() {
  asio::io_context io(1);
  asio::co_spawn(io, listener(55555), asio::detached);
  io.run(); // Correct: run() outside any coroutine is how the loop starts.
}
