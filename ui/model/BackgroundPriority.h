#pragma once
// Background work (loading, overlap counts, surfaces, distance maps, exports) runs at a lower
// CPU priority than the UI thread. On a 2-core machine the loader's threads and oneTBB's
// workers otherwise share the cores equally with the UI thread, so every bit of UI work (a
// first render, a table update) took three times as long and the window froze for 100+ ms.
namespace seglens {

// Lowers the calling thread's priority (Linux: nice +10 for this thread only). Idempotent;
// called first thing by every background job.
void lowerThisThreadPriority();

// Makes oneTBB's worker threads lower their priority as they join; call once, from the UI
// thread, before the first parallel work.
void lowerWorkerThreadPriority();

}  // namespace seglens
