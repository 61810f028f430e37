// QEMU's sifive,test device: the status in bits 15:0 of a 16- or 32-bit write at offset 0
// (QEMU accepts both sizes), the failure code in bits 31:16.
#include "devices/syscon.h"

#include <gtest/gtest.h>

namespace microvm::devices {
namespace {

TEST(Syscon, ThirtyTwoBitPassPowersOff) {
  RunControl rc;
  Syscon syscon(rc);
  EXPECT_TRUE(syscon.write(0, 4, 0x5555));
  EXPECT_EQ(rc.reason(), StopReason::kPowerOff);
  EXPECT_EQ(rc.exit_code(), 0);
}

TEST(Syscon, SixteenBitPassPowersOff) {
  RunControl rc;
  Syscon syscon(rc);
  EXPECT_TRUE(syscon.write(0, 2, 0x5555));
  EXPECT_EQ(rc.reason(), StopReason::kPowerOff);
  EXPECT_EQ(rc.exit_code(), 0);
}

TEST(Syscon, FailCarriesItsCode) {
  RunControl rc;
  Syscon syscon(rc);
  EXPECT_TRUE(syscon.write(0, 4, 0x00053333));
  EXPECT_EQ(rc.reason(), StopReason::kPowerOff);
  EXPECT_EQ(rc.exit_code(), 5);
}

TEST(Syscon, ResetRequest) {
  RunControl rc;
  Syscon syscon(rc);
  EXPECT_TRUE(syscon.write(0, 4, 0x7777));
  EXPECT_EQ(rc.reason(), StopReason::kReset);
}

TEST(Syscon, OtherValuesOffsetsAndByteWritesDoNothing) {
  RunControl rc;
  Syscon syscon(rc);
  EXPECT_TRUE(syscon.write(0, 4, 0x1234));
  EXPECT_TRUE(syscon.write(4, 4, 0x5555));
  EXPECT_TRUE(syscon.write(0, 1, 0x55));
  EXPECT_FALSE(rc.stop_requested());
}

}  // namespace
}  // namespace microvm::devices
