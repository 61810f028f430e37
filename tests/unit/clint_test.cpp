// The CLINT (SiFive CLINT as on QEMU virt): msip, mtimecmp and mtime at every access width,
// and the MTIP/MSIP lines. Time is the deterministic clock, so mtime has exact values.
#include "devices/clint.h"

#include <gtest/gtest.h>

namespace microvm::devices {
namespace {

constexpr uint64_t kMsip = 0x0, kMtimecmp = 0x4000, kMtime = 0xbff8;

class ClintTest : public ::testing::Test {
 protected:
  ClintTest() {
    clock.make_deterministic();
    clock.set(0x1122334455667788);
    clint.connect_msip(0, IrqLine([this](bool level) { msip = level; }));
    clint.timer(0).connect(IrqLine([this](bool level) { mtip = level; }));
    clint.connect_msip(1, IrqLine([this](bool level) { msip1 = level; }));
    clint.timer(1).connect(IrqLine([this](bool level) { mtip1 = level; }));
  }
  uint64_t read(uint64_t offset, unsigned size) {
    uint64_t value = 0;
    EXPECT_TRUE(clint.read(offset, size, value)) << offset << " " << size;
    return value;
  }
  void write(uint64_t offset, unsigned size, uint64_t value) {
    EXPECT_TRUE(clint.write(offset, size, value)) << offset << " " << size;
  }

  Clock clock{10'000'000};
  Clint clint{clock, 2};
  bool msip = false;
  bool mtip = false;
  bool msip1 = false;
  bool mtip1 = false;
};

TEST_F(ClintTest, MtimeReadsAtEveryWidthAndOffset) {
  EXPECT_EQ(read(kMtime, 8), 0x1122334455667788u);
  EXPECT_EQ(read(kMtime, 4), 0x55667788u);
  EXPECT_EQ(read(kMtime + 4, 4), 0x11223344u);
  EXPECT_EQ(read(kMtime + 2, 2), 0x5566u);
  EXPECT_EQ(read(kMtime + 7, 1), 0x11u);
}

TEST_F(ClintTest, MtimeWritesMergeTheirBytes) {
  write(kMtime + 4, 4, 0);
  EXPECT_EQ(read(kMtime, 8), 0x0000000055667788u);
  write(kMtime, 1, 0xff);
  EXPECT_EQ(read(kMtime, 8), 0x00000000556677ffu);
  write(kMtime, 8, 42);
  EXPECT_EQ(clock.now(), 42u);
}

TEST_F(ClintTest, MtimecmpResetsToAllOnes) {
  EXPECT_EQ(read(kMtimecmp, 8), ~0ull);
  EXPECT_EQ(read(kMtimecmp + 8, 8), ~0ull);
  EXPECT_FALSE(mtip);
}

TEST_F(ClintTest, MtimecmpWidths) {
  write(kMtimecmp, 8, 0x0102030405060708);
  EXPECT_EQ(read(kMtimecmp + 4, 4), 0x01020304u);
  write(kMtimecmp + 4, 4, 0xa0b0c0d0);
  EXPECT_EQ(read(kMtimecmp, 8), 0xa0b0c0d005060708u);
  write(kMtimecmp + 1, 2, 0xeeff);
  EXPECT_EQ(read(kMtimecmp, 8), 0xa0b0c0d005eeff08u);
  write(kMtimecmp, 1, 0x11);
  EXPECT_EQ(read(kMtimecmp, 1), 0x11u);
}

TEST_F(ClintTest, MtipIsHighWhileMtimeReachesMtimecmp) {
  write(kMtimecmp, 8, 0x1122334455667789);
  EXPECT_FALSE(mtip);
  write(kMtimecmp, 8, 0x1122334455667788);
  EXPECT_TRUE(mtip);
  write(kMtimecmp + 4, 4, 0xffffffff);
  EXPECT_FALSE(mtip);
}

TEST_F(ClintTest, MtipFollowsTheClockWhenPolled) {
  write(kMtimecmp, 8, 0x1122334455667790);
  clock.advance_to(0x1122334455667790);
  clint.timer(0).poll(clock.now());
  EXPECT_TRUE(mtip);
}

TEST_F(ClintTest, WritingMtimePastTheCompareRaisesMtip) {
  write(kMtimecmp, 8, 1000);
  write(kMtime, 8, 0);
  EXPECT_FALSE(mtip);
  write(kMtime, 8, 1000);
  EXPECT_TRUE(mtip);
}

TEST_F(ClintTest, SecondHartHasItsOwnCompare) {
  write(kMtimecmp + 8, 8, 0);
  EXPECT_FALSE(mtip);
  EXPECT_TRUE(mtip1);
  EXPECT_EQ(read(kMtimecmp + 8, 8), 0u);
  EXPECT_EQ(read(kMtimecmp, 8), ~0ull);
}

TEST_F(ClintTest, MsipBitZeroDrivesTheLine) {
  write(kMsip, 4, 1);
  EXPECT_TRUE(msip);
  EXPECT_EQ(read(kMsip, 4), 1u);
  write(kMsip, 4, 0xfffffffe);
  EXPECT_FALSE(msip);
  EXPECT_EQ(read(kMsip, 4), 0u);
  write(kMsip, 1, 0xff);
  EXPECT_TRUE(msip);
  EXPECT_EQ(read(kMsip, 2), 1u);
}

TEST_F(ClintTest, MsipOfTheSecondHartIsTheNextWord) {
  write(kMsip + 4, 4, 1);
  EXPECT_FALSE(msip);
  EXPECT_TRUE(msip1);
  EXPECT_EQ(read(kMsip + 4, 4), 1u);
  write(kMsip, 4, 1);
  EXPECT_TRUE(msip);
  write(kMsip + 4, 4, 0);
  EXPECT_FALSE(msip1);
  EXPECT_TRUE(msip);
}

TEST_F(ClintTest, AccessesAcrossARegisterAreRefused) {
  uint64_t value;
  EXPECT_FALSE(clint.read(kMsip, 8, value));
  EXPECT_FALSE(clint.read(kMtimecmp + 4, 8, value));
  EXPECT_FALSE(clint.write(kMsip + 2, 4, 1));
}

TEST_F(ClintTest, ReservedSpaceReadsZeroAndIgnoresWrites) {
  EXPECT_EQ(read(0x1000, 4), 0u);
  write(0x1000, 4, 5);
  EXPECT_EQ(read(0x1000, 4), 0u);
}

}  // namespace
}  // namespace microvm::devices
