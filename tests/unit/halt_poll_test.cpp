// The halt-polling window of a hart in WFI (riscv/hart_sleep.h, HaltPoll): none at first, 10 us
// after a short sleep, doubling after each short sleep the window missed up to 200 us, kept while
// wake-ups come inside it, and none again after one long sleep.
#include <gtest/gtest.h>

#include <cstdint>

#include "riscv/hart_sleep.h"

namespace microvm::riscv {
namespace {

constexpr uint64_t kUs = 1000;

TEST(HaltPollTest, StartsWithoutSpinning) { EXPECT_EQ(HaltPoll{}.window_ns(), 0u); }

TEST(HaltPollTest, ShortSleepsGrowTheWindowByDoublingUpToItsLimit) {
  HaltPoll poll;
  const uint64_t want[] = {10, 20, 40, 80, 160, 200, 200};
  for (uint64_t us : want) {
    poll.after_sleep(false, 60 * kUs);  // a wake-up 60 us in, missed
    EXPECT_EQ(poll.window_ns(), us * kUs);
  }
}

TEST(HaltPollTest, AWakeUpCaughtWhileSpinningKeepsTheWindow) {
  HaltPoll poll;
  poll.after_sleep(false, 30 * kUs);
  poll.after_sleep(false, 30 * kUs);
  ASSERT_EQ(poll.window_ns(), 20 * kUs);
  poll.after_sleep(true, 15 * kUs);
  EXPECT_EQ(poll.window_ns(), 20 * kUs);
}

TEST(HaltPollTest, ASleepLongerThanTheLimitStopsTheSpinning) {
  HaltPoll poll;
  for (int i = 0; i < 5; ++i) poll.after_sleep(false, 100 * kUs);
  ASSERT_EQ(poll.window_ns(), 160 * kUs);
  poll.after_sleep(false, 4000 * kUs);  // idle until Linux's next tick (HZ=250)
  EXPECT_EQ(poll.window_ns(), 0u);
  poll.after_sleep(false, 200 * kUs);  // exactly the limit: a window that long would have caught it
  EXPECT_EQ(poll.window_ns(), 10 * kUs);
  poll.after_sleep(false, 200 * kUs + 1);
  EXPECT_EQ(poll.window_ns(), 0u);
}

}  // namespace
}  // namespace microvm::riscv
