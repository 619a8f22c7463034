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

namespace cppcoro {
template <typename T> struct task;
template <typename A> auto sync_wait(A &&a) -> int;
} // namespace cppcoro

namespace folly::coro {
template <typename A> auto blockingWait(A &&a) -> int;
} // namespace folly::coro

namespace async_simple::coro {
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
