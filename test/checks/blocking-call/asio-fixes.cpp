// In an asio::awaitable coroutine, the synchronous Asio calls and sleep_for
// have a mechanical rewrite: co_await the async_ form with use_awaitable.
// The error_code overloads report instead of throwing: no rewrite for them.
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/f.cpp
// RUN: not %corolint check --no-cache %t/f.cpp -- %cxxflags %asioflags | FileCheck %s --implicit-check-not="warning:"
// RUN: %expect-exit 1 %corolint check --no-cache --fix %t/f.cpp -- %cxxflags %asioflags > /dev/null 2>&1
// RUN: FileCheck %s --check-prefix=FIXED < %t/f.cpp
#include <asio.hpp>
#include <chrono>
#include <thread>

asio::awaitable<void> session(asio::ip::tcp::socket &sock,
                              asio::steady_timer &timer) {
  char data[16];
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // CHECK: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' sleeps the thread inside coroutine 'session' [blocking-call]
  // CHECK: note: co_await an asio::steady_timer instead
  // FIXED: {{^}}  co_await asio::steady_timer(co_await asio::this_coro::executor, std::chrono::milliseconds(5)).async_wait(asio::use_awaitable);
  sock.read_some(asio::buffer(data));
  // CHECK: :[[@LINE-1]]:8: warning: 'asio::basic_stream_socket::read_some' performs synchronous network I/O inside coroutine 'session' [blocking-call]
  // FIXED: {{^}}  co_await sock.async_read_some(asio::buffer(data), asio::use_awaitable);
  asio::write(sock, asio::buffer(data, 4));
  // CHECK: :[[@LINE-1]]:3: warning: 'asio::write' performs synchronous network I/O inside coroutine 'session' [blocking-call]
  // FIXED: {{^}}  co_await asio::async_write(sock, asio::buffer(data, 4), asio::use_awaitable);
  asio::error_code ec;
  asio::write(sock, asio::buffer(data, 4), ec);
  // CHECK: :[[@LINE-1]]:3: warning: 'asio::write' performs synchronous network I/O inside coroutine 'session' [blocking-call]
  // FIXED: {{^}}  asio::write(sock, asio::buffer(data, 4), ec);
  timer.wait();
  // CHECK: :[[@LINE-1]]:9: warning: 'asio::basic_waitable_timer::wait' sleeps the thread inside coroutine 'session' [blocking-call]
  // FIXED: {{^}}  co_await timer.async_wait(asio::use_awaitable);
  co_await asio::async_write(sock, asio::buffer(data, 4), asio::use_awaitable);
}

// Outside an Asio coroutine there is advice, not a rewrite.
#include "coro.h"
test::task<> elsewhere() {
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // CHECK: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' sleeps the thread inside coroutine 'elsewhere' [blocking-call]
  // FIXED: {{^}}  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  co_return;
}
