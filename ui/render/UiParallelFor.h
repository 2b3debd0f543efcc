#pragma once
// oneTBB loops that run on the UI thread. Isolated: while the UI thread waits for its own
// chunks it would otherwise steal chunks of a background job (overlap counts, surfaces,
// distance maps) from the shared worker pool, and one stolen chunk can freeze the window for
// 100 ms or more.
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

namespace seglens {

template <class Range, class Body>
void uiParallelFor(const Range& range, const Body& body) {
  tbb::this_task_arena::isolate([&] { tbb::parallel_for(range, body); });
}

}  // namespace seglens
