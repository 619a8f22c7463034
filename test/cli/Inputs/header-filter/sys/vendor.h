// A header found through -isystem: never reported, whatever the filter.
#pragma once
#include "coro.h"
#include <mutex>

inline std::mutex vendor_mutex;
test::task<> vendor_work();

inline test::task<> vendor_refresh() {
  std::lock_guard<std::mutex> v(vendor_mutex);
  co_await vendor_work();
}
