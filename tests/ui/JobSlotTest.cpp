// JobSlot, the viewer's one job mechanism: latest request wins, results only for inputs that are
// still current, failures kept and reported, cancel through core's Progress. Runs in the
// metrics tests' binary (its main owns the QCoreApplication the slots deliver through).
#include <gtest/gtest.h>

#include <QObject>
#include <QTest>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "InputError.h"
#include "model/JobSlot.h"

namespace seglens {
namespace {

bool settled(const std::function<bool()>& done) { return QTest::qWaitFor(done, 20000); }

// Work that runs until cancelled (as core computations do, checking the token).
int untilCancelled(Progress& token, std::atomic<bool>& started) {
  started = true;
  for (int i = 0; i < 100000; ++i) {
    checkCancelled(&token);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return -1;
}

TEST(JobSlot, AFailureIsReportedKeptAndNotRetriedUntilTheInputsChange) {
  QObject context;
  JobSlot<int> job(&context);
  std::vector<std::string> failures;
  int delivered = 0;
  const InputKey a = InputKey().setting(1), b = InputKey().setting(2);
  auto fail = [](Progress&) -> int { throw InputError("case.nii.gz", "truncated"); };
  EXPECT_TRUE(job.request(a, fail, [&](int) { ++delivered; },
                          [&](const std::string& e) { failures.push_back(e); }));
  ASSERT_TRUE(settled([&] { return !job.busy(); }));
  ASSERT_EQ(failures, std::vector<std::string>{"case.nii.gz: truncated"});
  EXPECT_EQ(job.state().failed, 1);
  EXPECT_EQ(job.state().error, "case.nii.gz: truncated");  // kept for the status line
  // The same inputs again: not retried (it would fail again and spin).
  EXPECT_FALSE(job.request(a, fail, [&](int) { ++delivered; }));
  EXPECT_FALSE(job.busy());
  // Other inputs: the error is cleared and the work runs.
  EXPECT_TRUE(job.request(b, [](Progress&) { return 7; }, [&](int v) { delivered = v; }));
  EXPECT_TRUE(job.state().error.empty());
  ASSERT_TRUE(settled([&] { return !job.busy(); }));
  EXPECT_EQ(delivered, 7);
  EXPECT_EQ(failures.size(), 1u);
}

TEST(JobSlot, AnInternalErrorIsSaidToBeOne) {
  QObject context;
  JobSlot<int> job(&context);
  std::string failure;
  job.request([](Progress&) -> int { throw std::logic_error("broken invariant"); }, [](int) {},
              [&](const std::string& e) { failure = e; });
  ASSERT_TRUE(settled([&] { return !job.busy(); }));
  EXPECT_EQ(failure, "internal error: broken invariant");
}

TEST(JobSlot, AResultForInputsNoLongerLoadedIsDropped) {
  QObject context;
  JobSlot<int> job(&context);
  auto image = std::make_shared<const int>(1);
  std::shared_ptr<const int> loaded = image;  // what "the model" holds
  job.setCurrent([&](const InputKey& key) { return key == InputKey().object(loaded); });
  std::atomic<bool> release{false};
  int delivered = 0;
  job.request(InputKey().object(image),
              [&](Progress&) {
                while (!release) std::this_thread::yield();
                return 5;
              },
              [&](int v) { delivered = v; });
  loaded = std::make_shared<const int>(2);  // replaced while the job runs; nobody asks again
  release = true;
  ASSERT_TRUE(settled([&] { return !job.busy(); }));
  EXPECT_EQ(delivered, 0);
  EXPECT_EQ(job.state().completed, 0);
  EXPECT_EQ(job.state().failed, 0);
}

TEST(JobSlot, TheSameInputsDoNotRestartTheRunningJob) {
  QObject context;
  JobSlot<int> job(&context);
  std::atomic<bool> started{false};
  const InputKey key = InputKey().setting(3);
  job.request(key, [&](Progress& t) { return untilCancelled(t, started); }, [](int) {});
  ASSERT_TRUE(settled([&] { return started.load(); }));
  EXPECT_FALSE(job.request(key, [](Progress&) { return 1; }, [](int) {}));
  EXPECT_EQ(job.state().started, 1);
  EXPECT_EQ(job.state().cancelled, 0);
  job.cancel();
  ASSERT_TRUE(settled([&] { return !job.busy(); }));
}

TEST(JobSlot, CancelStopsTheWorkAndDeliversNothing) {
  QObject context;
  JobSlot<int> job(&context);
  std::atomic<bool> started{false};
  bool delivered = false, failed = false;
  job.request([&](Progress& t) { return untilCancelled(t, started); }, [&](int) { delivered = true; },
              [&](const std::string&) { failed = true; });
  ASSERT_TRUE(settled([&] { return started.load(); }));
  job.cancel();
  ASSERT_TRUE(settled([&] { return !job.busy(); }));
  EXPECT_FALSE(delivered);
  EXPECT_FALSE(failed);  // a cancel is not a failure
  EXPECT_EQ(job.state().cancelled, 1);
  EXPECT_TRUE(job.latestKey().empty());
}

}  // namespace
}  // namespace seglens
