// Every category of the catalogue, called directly from a coroutine body;
// tier 3 (console output, locks, thread creation, misc, single filesystem
// syscalls) only in the strict profile.
// RUN: not %corolint check --no-cache %s -- %cxxflags -I %S/Inputs | FileCheck %s --check-prefix=CHECK --implicit-check-not="warning:"
// RUN: not %corolint check --no-cache --strict %s -- %cxxflags -I %S/Inputs | FileCheck %s --check-prefixes=CHECK,STRICT --implicit-check-not="warning:"
#include "coro.h"
#include "libs.h"
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <dlfcn.h>
#include <execution>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <latch>
#include <mutex>
#include <netdb.h>
#include <semaphore>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <syslog.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace std::chrono_literals;

test::task<> sleeps() {
  std::this_thread::sleep_for(1ms);
  // CHECK: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' sleeps the thread inside coroutine 'sleeps' [blocking-call]
  std::this_thread::sleep_until(std::chrono::steady_clock::now());
  // CHECK: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_until' sleeps the thread inside coroutine 'sleeps' [blocking-call]
  ::sleep(1);
  // CHECK: :[[@LINE-1]]:3: warning: 'sleep' sleeps the thread inside coroutine 'sleeps' [blocking-call]
  ::nanosleep(nullptr, nullptr);
  // CHECK: :[[@LINE-1]]:3: warning: 'nanosleep' sleeps the thread inside coroutine 'sleeps' [blocking-call]
  std::this_thread::yield(); // exempt
  co_return;
}

test::task<> input(char *buf, std::string &line) {
  int n = 0;
  std::cin >> n;
  // CHECK: :[[@LINE-1]]:12: warning: 'std::basic_istream::operator>>' waits for console input inside coroutine 'input' [blocking-call]
  std::getline(std::cin, line);
  // CHECK: :[[@LINE-1]]:3: warning: 'std::getline' waits for console input inside coroutine 'input' [blocking-call]
  std::getchar();
  // CHECK: :[[@LINE-1]]:3: warning: 'getchar' waits for console input inside coroutine 'input' [blocking-call]
  std::fgets(buf, 10, stdin);
  // CHECK: :[[@LINE-1]]:3: warning: 'fgets' waits for console input inside coroutine 'input' [blocking-call]
  ::read(0, buf, 10);
  // CHECK: :[[@LINE-1]]:3: warning: 'read' waits for console input inside coroutine 'input' [blocking-call]
  co_return;
}

test::task<> console_output() {
  std::cout << "hello\n";
  // STRICT: :[[@LINE-1]]:13: warning: 'std::operator<<' writes to the console synchronously inside coroutine 'console_output' [blocking-call]
  std::printf("hello\n");
  // STRICT: :[[@LINE-1]]:3: warning: 'printf' writes to the console synchronously inside coroutine 'console_output' [blocking-call]
  std::fprintf(stderr, "oops\n");
  // STRICT: :[[@LINE-1]]:3: warning: 'fprintf' writes to the console synchronously inside coroutine 'console_output' [blocking-call]
  std::puts("x");
  // STRICT: :[[@LINE-1]]:3: warning: 'puts' writes to the console synchronously inside coroutine 'console_output' [blocking-call]
  co_return;
}

test::task<> http(httplib::Client &client, cpr::Session &session) {
  cpr::Get(cpr::Url{"http://example.com"});
  // CHECK: :[[@LINE-1]]:3: warning: 'cpr::Get' makes a synchronous HTTP or RPC request inside coroutine 'http' [blocking-call]
  session.Get();
  // CHECK: :[[@LINE-1]]:11: warning: 'cpr::Session::Get' makes a synchronous HTTP or RPC request inside coroutine 'http' [blocking-call]
  client.Get("/");
  // CHECK: :[[@LINE-1]]:10: warning: 'httplib::Client::Get' makes a synchronous HTTP or RPC request inside coroutine 'http' [blocking-call]
  co_return;
}

test::task<> subprocess(pid_t pid) {
  std::system("make");
  // CHECK: :[[@LINE-1]]:3: warning: 'system' starts or waits for a child process synchronously inside coroutine 'subprocess' [blocking-call]
  ::fork();
  // CHECK: :[[@LINE-1]]:3: warning: 'fork' starts or waits for a child process synchronously inside coroutine 'subprocess' [blocking-call]
  int status = 0;
  ::waitpid(pid, &status, 0);
  // CHECK: :[[@LINE-1]]:3: warning: 'waitpid' starts or waits for a child process synchronously inside coroutine 'subprocess' [blocking-call]
  co_return;
}

test::task<> file_io(char *buf, std::string &line, int fd) {
  std::FILE *f = std::fopen("data.txt", "r");
  // CHECK: :[[@LINE-1]]:18: warning: 'fopen' performs synchronous file I/O inside coroutine 'file_io' [blocking-call]
  std::fread(buf, 1, 10, f);
  // CHECK: :[[@LINE-1]]:3: warning: 'fread' performs synchronous file I/O inside coroutine 'file_io' [blocking-call]
  std::fprintf(f, "x");
  // CHECK: :[[@LINE-1]]:3: warning: 'fprintf' performs synchronous file I/O inside coroutine 'file_io' [blocking-call]
  std::fclose(f);
  // CHECK: :[[@LINE-1]]:3: warning: 'fclose' performs synchronous file I/O inside coroutine 'file_io' [blocking-call]
  std::ifstream in("data.txt");
  // CHECK: :[[@LINE-1]]:17: warning: 'std::basic_ifstream' performs synchronous file I/O inside coroutine 'file_io' [blocking-call]
  std::getline(in, line);
  // CHECK: :[[@LINE-1]]:3: warning: 'std::getline' performs synchronous file I/O inside coroutine 'file_io' [blocking-call]
  in >> line;
  // CHECK: :[[@LINE-1]]:6: warning: 'std::operator>>' performs synchronous file I/O inside coroutine 'file_io' [blocking-call]
  std::ofstream out("out.txt");
  // CHECK: :[[@LINE-1]]:17: warning: 'std::basic_ofstream' performs synchronous file I/O inside coroutine 'file_io' [blocking-call]
  out << "text";
  // CHECK: :[[@LINE-1]]:7: warning: 'std::operator<<' performs synchronous file I/O inside coroutine 'file_io' [blocking-call]
  out << 42;
  // CHECK: :[[@LINE-1]]:7: warning: 'std::basic_ofstream::operator<<' performs synchronous file I/O inside coroutine 'file_io' [blocking-call]
  ::write(fd, buf, 10);
  // CHECK: :[[@LINE-1]]:3: warning: 'write' performs synchronous file I/O inside coroutine 'file_io' [blocking-call]
  ::fsync(fd);
  // CHECK: :[[@LINE-1]]:3: warning: 'fsync' performs synchronous file I/O inside coroutine 'file_io' [blocking-call]
  // Not files: string streams, and the console streams through stdio.
  std::istringstream s("1 2");
  std::getline(s, line);
  std::fprintf(stdout, "x");
  // STRICT: :[[@LINE-1]]:3: warning: 'fprintf' writes to the console synchronously inside coroutine 'file_io' [blocking-call]
  std::ifstream moved(std::move(in));
  co_return;
}

test::task<> fs_metadata(const std::filesystem::path &p) {
  std::filesystem::copy(p, "/tmp/copy");
  // CHECK: :[[@LINE-1]]:3: warning: 'std::filesystem::copy' performs a synchronous filesystem operation inside coroutine 'fs_metadata' [blocking-call]
  std::filesystem::remove_all(p);
  // CHECK: :[[@LINE-1]]:3: warning: 'std::filesystem::remove_all' performs a synchronous filesystem operation inside coroutine 'fs_metadata' [blocking-call]
  for (const auto &e : std::filesystem::directory_iterator(p))
  // CHECK: :[[@LINE-1]]:24: warning: 'std::filesystem::directory_iterator' performs a synchronous filesystem operation inside coroutine 'fs_metadata' [blocking-call]
    (void)e;
  std::filesystem::exists(p);
  // STRICT: :[[@LINE-1]]:3: warning: 'std::filesystem::exists' performs a synchronous filesystem operation inside coroutine 'fs_metadata' [blocking-call]
  std::filesystem::file_size(p);
  // STRICT: :[[@LINE-1]]:3: warning: 'std::filesystem::file_size' performs a synchronous filesystem operation inside coroutine 'fs_metadata' [blocking-call]
  co_return;
}

test::task<> network(int sock, sockaddr *addr, char *buf) {
  ::connect(sock, addr, sizeof(sockaddr));
  // CHECK: :[[@LINE-1]]:3: warning: 'connect' performs synchronous network I/O inside coroutine 'network' [blocking-call]
  ::recv(sock, buf, 10, 0);
  // CHECK: :[[@LINE-1]]:3: warning: 'recv' performs synchronous network I/O inside coroutine 'network' [blocking-call]
  ::send(sock, buf, 10, 0);
  // CHECK: :[[@LINE-1]]:3: warning: 'send' performs synchronous network I/O inside coroutine 'network' [blocking-call]
  co_return;
}

test::task<> dns(addrinfo **res) {
  ::getaddrinfo("example.com", "80", nullptr, res);
  // CHECK: :[[@LINE-1]]:3: warning: 'getaddrinfo' resolves a name synchronously (DNS or a name-service lookup) inside coroutine 'dns' [blocking-call]
  ::gethostbyname("example.com");
  // CHECK: :[[@LINE-1]]:3: warning: 'gethostbyname' resolves a name synchronously (DNS or a name-service lookup) inside coroutine 'dns' [blocking-call]
  co_return;
}

test::task<> locks(std::mutex &m, std::timed_mutex &tm) {
  m.lock();
  // STRICT: :[[@LINE-1]]:5: warning: 'std::mutex::lock' may block the thread waiting for a lock inside coroutine 'locks' [blocking-call]
  m.unlock();
  (void)m.try_lock(); // exempt: returns at once
  { std::lock_guard<std::mutex> g(m); }
  // STRICT: :[[@LINE-1]]:33: warning: 'std::lock_guard' may block the thread waiting for a lock inside coroutine 'locks' [blocking-call]
  (void)tm.try_lock_for(1ms);
  // STRICT: :[[@LINE-1]]:12: warning: 'std::timed_mutex::try_lock_for' may block the thread waiting for a lock inside coroutine 'locks' [blocking-call]
  co_return;
}

test::task<> waits(std::condition_variable &cv, std::unique_lock<std::mutex> &l,
                   std::counting_semaphore<4> &sem, std::latch &done) {
  cv.wait(l);
  // CHECK: :[[@LINE-1]]:6: warning: 'std::condition_variable::wait' blocks the thread on a condition variable, semaphore, latch, barrier or atomic wait inside coroutine 'waits' [blocking-call]
  sem.acquire();
  // CHECK: :[[@LINE-1]]:7: warning: 'std::counting_semaphore::acquire' blocks the thread on a condition variable, semaphore, latch, barrier or atomic wait inside coroutine 'waits' [blocking-call]
  done.wait();
  // CHECK: :[[@LINE-1]]:8: warning: 'std::latch::wait' blocks the thread on a condition variable, semaphore, latch, barrier or atomic wait inside coroutine 'waits' [blocking-call]
  (void)sem.try_acquire(); // exempt
  co_return;
}

test::task<> sync_over_async(std::future<int> &f, std::shared_future<int> &sf,
                             std::thread &t, asio::io_context &io) {
  f.get();
  // CHECK: :[[@LINE-1]]:5: warning: 'std::future::get' waits for a future or joins a thread synchronously inside coroutine 'sync_over_async' [blocking-call]
  sf.wait();
  // CHECK: :[[@LINE-1]]:6: warning: 'std::shared_future::wait' waits for a future or joins a thread synchronously inside coroutine 'sync_over_async' [blocking-call]
  t.join();
  // CHECK: :[[@LINE-1]]:5: warning: 'std::thread::join' waits for a future or joins a thread synchronously inside coroutine 'sync_over_async' [blocking-call]
  cppcoro::sync_wait(1);
  // CHECK: :[[@LINE-1]]:3: warning: 'cppcoro::sync_wait' waits for a future or joins a thread synchronously inside coroutine 'sync_over_async' [blocking-call]
  folly::coro::blockingWait(2);
  // CHECK: :[[@LINE-1]]:3: warning: 'folly::coro::blockingWait' waits for a future or joins a thread synchronously inside coroutine 'sync_over_async' [blocking-call]
  async_simple::coro::syncAwait(3);
  // CHECK: :[[@LINE-1]]:3: warning: 'async_simple::coro::syncAwait' waits for a future or joins a thread synchronously inside coroutine 'sync_over_async' [blocking-call]
  io.run();
  // CHECK: :[[@LINE-1]]:6: warning: 'asio::io_context::run' waits for a future or joins a thread synchronously inside coroutine 'sync_over_async' [blocking-call]
  io.poll(); // exempt: runs ready handlers only
  co_return;
}

test::task<> threads() {
  std::thread t([] {});
  // STRICT: :[[@LINE-1]]:15: warning: 'std::thread' starts an OS thread inside coroutine 'threads' [blocking-call]
  t.detach();
  co_return;
}

test::task<> misc() {
  ::syslog(LOG_INFO, "x");
  // STRICT: :[[@LINE-1]]:3: warning: 'syslog' makes a blocking system or client-library call inside coroutine 'misc' [blocking-call]
  ::dlopen("libm.so", RTLD_NOW);
  // STRICT: :[[@LINE-1]]:3: warning: 'dlopen' makes a blocking system or client-library call inside coroutine 'misc' [blocking-call]
  co_return;
}

test::task<> parallel(std::vector<int> &v) {
  std::sort(std::execution::par, v.begin(), v.end());
  // STRICT: :[[@LINE-1]]:3: warning: 'std::sort' starts an OS thread inside coroutine 'parallel' [blocking-call]
  std::sort(v.begin(), v.end());
  co_return;
}
