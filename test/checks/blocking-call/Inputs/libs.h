// Stand-ins for the libraries the catalogue names (declarations only, in
// their real namespaces and classes), so tests need none installed. Marked
// as a system header, as real library headers are.
#pragma once
#pragma clang system_header
#include <string>

namespace cpr {
struct Url { const char *u; };
struct Response { int status_code; };
Response Get(Url);
Response Post(Url);
struct Session {
  Response Get();
};
} // namespace cpr

namespace httplib {
struct Result {};
class ClientImpl {
public:
  Result Get(const std::string &path);
};
class Client {
public:
  explicit Client(const std::string &host);
  Result Get(const std::string &path);
};
} // namespace httplib

#include <coroutine>
#include <exception>

// The libraries' lazy task types, reduced to what a coroutine needs.
#define COROLINT_TEST_TASK(Name)                                               \
  template <typename T = void> struct Name {                                   \
    struct promise_type {                                                      \
      Name get_return_object() { return {}; }                                  \
      std::suspend_always initial_suspend() noexcept { return {}; }            \
      std::suspend_always final_suspend() noexcept { return {}; }              \
      void return_void() {}                                                    \
      void unhandled_exception() { std::terminate(); }                         \
    };                                                                         \
    bool await_ready() const noexcept { return false; }                        \
    void await_suspend(std::coroutine_handle<>) const noexcept {}              \
    int await_resume() { return 0; }                                           \
  };

namespace cppcoro {
COROLINT_TEST_TASK(task)
template <typename A> auto sync_wait(A &&a) -> int;
} // namespace cppcoro

namespace folly::coro {
COROLINT_TEST_TASK(Task)
template <typename A> auto blockingWait(A &&a) -> int;
} // namespace folly::coro

namespace async_simple::coro {
COROLINT_TEST_TASK(Lazy)
template <typename A> auto syncAwait(A &&a) -> int;
} // namespace async_simple::coro

namespace asio {
class io_context {
public:
  unsigned long run();
  unsigned long run_one();
  unsigned long poll();
};
} // namespace asio

namespace sqlite {
// A library no list knows, with an asynchronous sibling for each
// synchronous call (the async-siblings heuristic).
struct Connection {
  int query(const char *sql);
  template <typename H> void async_query(const char *sql, H handler);
  int close();
  int closeAsync();
  int ping(); // no sibling
};
int execute(const char *sql);
template <typename H> void async_execute(const char *sql, H handler);
} // namespace sqlite
