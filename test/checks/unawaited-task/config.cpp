// unawaited-task: consumers, lazy-types and eager-types from .corolint.yaml.
// (lazy-types and eager-types are the coroutine model's: every check reads them.)
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/config.cpp
// RUN: printf 'unawaited-task:\n  consumers: [test::schedule_on]\n  lazy-types: [test::eager_task]\n  eager-types: [test::custom_lazy]\n' > %t/.corolint.yaml
// RUN: not %corolint check --checks=-*,unawaited-task %t/config.cpp -- %cxxflags | FileCheck %s --implicit-check-not="warning:"
#include "task-uses.h"

test::task<> work();
test::eager_task fire();
test::custom_lazy custom();

test::task<> configured() {
  // A configured consumer takes the task over, even by const reference.
  auto t = work();
  test::schedule_on(t, 1);
  // Treated as eager: it runs, but dropping it leaves nobody to wait for it;
  // kept in a variable, it is the holder's to wait for.
  custom();
  // CHECK: :[[@LINE-1]]:3: warning: eager task 'test::custom_lazy' returned by 'custom' is discarded without being awaited; it runs, but nobody waits for its result or its errors [unawaited-task]
  auto c = custom();
  // Treated as lazy: dropping it is a finding.
  fire();
  // CHECK: :[[@LINE-1]]:3: warning: lazy task 'test::eager_task' returned by 'fire' is discarded without being awaited; it never runs [unawaited-task]
  auto e = fire();
  // CHECK: :[[@LINE-1]]:8: warning: lazy task 'e' of type 'test::eager_task' is not awaited{{.*}} [unawaited-task]
  co_return;
}
