// Both checks on real Asio (Debian's libasio-dev, standalone): the
// synchronous overloads block, the async_ ones awaited with use_awaitable do
// not, and an asio::awaitable is a lazy task.
// RUN: not %corolint check %s -- %cxxflags %asioflags | FileCheck %s --implicit-check-not="warning:"
#include <asio.hpp>

using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;

awaitable<void> log_line(std::string) { co_return; }

awaitable<void> echo(tcp::socket socket) {
  char data[1024];
  for (;;) {
    std::size_t n = co_await socket.async_read_some(asio::buffer(data), use_awaitable);
    co_await asio::async_write(socket, asio::buffer(data, n), use_awaitable);
    asio::write(socket, asio::buffer(data, n));
    // CHECK: :[[@LINE-1]]:5: warning: 'asio::write' {{.*}} inside coroutine 'echo' [blocking-call]
    n = socket.read_some(asio::buffer(data));
    // CHECK: :[[@LINE-1]]:16: warning: 'asio::basic_stream_socket::read_some' {{.*}} [blocking-call]
    log_line("echoed");
    // CHECK: :[[@LINE-1]]:5: warning: lazy task 'asio::awaitable<void>' returned by 'log_line' is discarded without being awaited; it never runs [unawaited-task]
    co_await log_line("ok");
  }
}

awaitable<void> ticker(asio::io_context &io) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(std::chrono::seconds(1));
  timer.wait();
  // CHECK: :[[@LINE-1]]:9: warning: 'asio::basic_waitable_timer::wait' {{.*}} [blocking-call]
  co_await timer.async_wait(use_awaitable);
  tcp::resolver resolver(io);
  auto results = resolver.resolve("localhost", "7");
  // CHECK: :[[@LINE-1]]:27: warning: 'asio::ip::basic_resolver::resolve' {{.*}} [blocking-call]
  auto async_results = co_await resolver.async_resolve("localhost", "7", use_awaitable);
  io.run();
  // CHECK: :[[@LINE-1]]:6: warning: 'asio::io_context::run' {{.*}} [blocking-call]
  (void)results;
  (void)async_results;
}

// Outside coroutines the synchronous API is the right one.
void sync_client(asio::io_context &io) {
  tcp::socket s(io);
  tcp::resolver r(io);
  asio::connect(s, r.resolve("localhost", "7"));
  asio::write(s, asio::buffer("hi", 2));
  io.run();
}

int main() {
  asio::io_context io;
  asio::co_spawn(io, ticker(io), asio::detached);
  io.run();
}
