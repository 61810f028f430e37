#include "riscv/pmp.h"

#include <gtest/gtest.h>

namespace microvm::riscv {
namespace {

constexpr uint8_t kNapotR = 0x19, kNapotRwx = 0x1F, kTorR = 0x09, kNa4Rw = 0x13, kLockedNapotR = 0x99;

uint64_t napot(uint64_t base, uint64_t size) { return (base >> 2) | ((size >> 3) - 1); }

TEST(Pmp, NoEntriesAllowsOnlyMachineMode) {
  Pmp pmp;
  EXPECT_TRUE(pmp.allows(0x80000000, 8, Pmp::kRead, Priv::M));
  EXPECT_FALSE(pmp.allows(0x80000000, 8, Pmp::kRead, Priv::S));
  EXPECT_FALSE(pmp.allows(0x80000000, 8, Pmp::kExec, Priv::U));
}

TEST(Pmp, NapotCoversItsRangeOnly) {
  Pmp pmp;
  pmp.write_addr(0, napot(0x80000000, 0x1000));
  pmp.write_cfg(0, kNapotRwx);
  EXPECT_TRUE(pmp.allows(0x80000000, 4, Pmp::kWrite, Priv::U));
  EXPECT_TRUE(pmp.allows(0x80000FF8, 8, Pmp::kWrite, Priv::U));
  EXPECT_FALSE(pmp.allows(0x80001000, 1, Pmp::kRead, Priv::U));
  // An access that straddles the end matches some bytes but not all: it fails.
  EXPECT_FALSE(pmp.allows(0x80000FFC, 8, Pmp::kRead, Priv::S));
}

TEST(Pmp, TorUsesPreviousAddressAsBottom) {
  Pmp pmp;
  pmp.write_addr(0, 0x80001000 >> 2);
  pmp.write_addr(1, 0x80002000 >> 2);
  pmp.write_cfg(0, uint64_t{kTorR} << 8);  // entry 1 TOR, entry 0 off
  EXPECT_TRUE(pmp.allows(0x80001000, 8, Pmp::kRead, Priv::S));
  EXPECT_FALSE(pmp.allows(0x80001000, 8, Pmp::kWrite, Priv::S));
  EXPECT_FALSE(pmp.allows(0x80000FF8, 8, Pmp::kRead, Priv::S));
  EXPECT_EQ(pmp.read_cfg(0), uint64_t{kTorR} << 8);
}

TEST(Pmp, Na4IsFourBytes) {
  Pmp pmp;
  pmp.write_addr(0, 0x80000010 >> 2);
  pmp.write_cfg(0, kNa4Rw);
  EXPECT_TRUE(pmp.allows(0x80000010, 4, Pmp::kWrite, Priv::U));
  EXPECT_FALSE(pmp.allows(0x80000014, 4, Pmp::kWrite, Priv::U));
}

TEST(Pmp, LockAppliesToMachineModeAndFreezesTheEntry) {
  Pmp pmp;
  pmp.write_addr(0, napot(0x80000000, 0x1000));
  pmp.write_cfg(0, kLockedNapotR);
  EXPECT_TRUE(pmp.allows(0x80000000, 8, Pmp::kRead, Priv::M));
  EXPECT_FALSE(pmp.allows(0x80000000, 8, Pmp::kWrite, Priv::M));
  pmp.write_cfg(0, kNapotRwx);
  pmp.write_addr(0, 0);
  EXPECT_EQ(pmp.read_cfg(0), kLockedNapotR);
  EXPECT_EQ(pmp.read_addr(0), napot(0x80000000, 0x1000));
}

TEST(Pmp, WriteOnlyIsReservedAndDropsW) {
  Pmp pmp;
  pmp.write_cfg(0, 0x1A);  // NAPOT, W without R
  EXPECT_EQ(pmp.read_cfg(0), 0x18u);
}

TEST(Pmp, PagePermissionsKnowWhenAnEntrySplitsThePage) {
  Pmp pmp;
  uint8_t perms = 0;
  pmp.write_addr(0, 0x80000010 >> 2);
  pmp.write_cfg(0, kNa4Rw);
  EXPECT_FALSE(pmp.page_permissions(0x80000000, Priv::S, perms));
  EXPECT_TRUE(pmp.page_permissions(0x80001000, Priv::S, perms));
  EXPECT_EQ(perms, 0);
  EXPECT_TRUE(pmp.page_permissions(0x80001000, Priv::M, perms));
  EXPECT_EQ(perms, Pmp::kRead | Pmp::kWrite | Pmp::kExec);
}

TEST(Pmp, TorInEntryZeroStartsAtZero) {
  Pmp pmp;
  pmp.write_addr(0, 0x1000 >> 2);
  pmp.write_cfg(0, 0x09);  // TOR, R
  EXPECT_TRUE(pmp.allows(0x0, 8, Pmp::kRead, Priv::U));
  EXPECT_TRUE(pmp.allows(0xff8, 8, Pmp::kRead, Priv::U));
  EXPECT_FALSE(pmp.allows(0x1000, 4, Pmp::kRead, Priv::U));
}

TEST(Pmp, TorWithTopNotAboveBottomMatchesNothing) {
  Pmp pmp;
  pmp.write_addr(0, 0x2000 >> 2);
  pmp.write_addr(1, 0x1000 >> 2);
  pmp.write_cfg(0, uint64_t{0x0f} << 8);  // entry 1: TOR RWX over [0x2000, 0x1000)
  EXPECT_FALSE(pmp.allows(0x1800, 4, Pmp::kRead, Priv::S));
  EXPECT_TRUE(pmp.allows(0x1800, 4, Pmp::kRead, Priv::M));
}

TEST(Pmp, NapotSizeComesFromTrailingOnes) {
  Pmp pmp;
  pmp.write_addr(0, napot(0x80000000, 8));  // the smallest NAPOT region: 8 bytes
  pmp.write_cfg(0, kNapotRwx);
  EXPECT_TRUE(pmp.allows(0x80000000, 8, Pmp::kRead, Priv::U));
  EXPECT_FALSE(pmp.allows(0x80000008, 1, Pmp::kRead, Priv::U));
  pmp.write_addr(0, napot(0x80000000, 1 << 20));
  EXPECT_TRUE(pmp.allows(0x800ffff8, 8, Pmp::kRead, Priv::U));
  EXPECT_FALSE(pmp.allows(0x80100000, 8, Pmp::kRead, Priv::U));
  EXPECT_FALSE(pmp.allows(0x7ffffff8, 8, Pmp::kRead, Priv::U));
}

TEST(Pmp, AllOnesNapotCoversTheWholePhysicalSpace) {
  Pmp pmp;
  pmp.write_addr(0, ~0ull);
  pmp.write_cfg(0, kNapotRwx);
  EXPECT_EQ(pmp.read_addr(0), (1ull << 54) - 1);
  EXPECT_TRUE(pmp.allows(0, 8, Pmp::kExec, Priv::U));
  EXPECT_TRUE(pmp.allows((1ull << 56) - 8, 8, Pmp::kWrite, Priv::U));
}

TEST(Pmp, LowestNumberedMatchDecides) {
  Pmp pmp;
  pmp.write_addr(0, napot(0x80000000, 0x1000));
  pmp.write_addr(1, napot(0x80000000, 0x10000));
  pmp.write_cfg(0, kNapotR | (uint64_t{kNapotRwx} << 8));
  EXPECT_FALSE(pmp.allows(0x80000000, 4, Pmp::kWrite, Priv::U));
  EXPECT_TRUE(pmp.allows(0x80001000, 4, Pmp::kWrite, Priv::U));
}

TEST(Pmp, PartialMatchFailsEvenForMachineMode) {
  Pmp pmp;
  pmp.write_addr(0, 0x80000010 >> 2);
  pmp.write_cfg(0, kNa4Rw);
  EXPECT_FALSE(pmp.allows(0x80000010, 8, Pmp::kRead, Priv::M));
  EXPECT_FALSE(pmp.allows(0x8000000c, 8, Pmp::kRead, Priv::M));
  EXPECT_TRUE(pmp.allows(0x80000010, 4, Pmp::kRead, Priv::M));
}

TEST(Pmp, UnlockedEntriesDoNotBindMachineMode) {
  Pmp pmp;
  pmp.write_addr(0, napot(0x80000000, 0x1000));
  pmp.write_cfg(0, 0x18);  // NAPOT, no permissions
  EXPECT_TRUE(pmp.allows(0x80000000, 8, Pmp::kWrite, Priv::M));
  EXPECT_FALSE(pmp.allows(0x80000000, 8, Pmp::kRead, Priv::S));
}

TEST(Pmp, OffEntriesMatchNothing) {
  Pmp pmp;
  pmp.write_addr(0, napot(0x80000000, 0x1000));
  pmp.write_cfg(0, 0x07);  // OFF with RWX
  EXPECT_FALSE(pmp.allows(0x80000000, 8, Pmp::kRead, Priv::U));
  EXPECT_EQ(pmp.read_cfg(0), 0x07u);
}

TEST(Pmp, LockedTorEntryFreezesTheAddressBelowIt) {
  Pmp pmp;
  pmp.write_addr(0, 0x1000 >> 2);
  pmp.write_addr(1, 0x2000 >> 2);
  pmp.write_cfg(0, uint64_t{0x89} << 8);  // entry 1: locked TOR, R
  pmp.write_addr(0, 0);
  EXPECT_EQ(pmp.read_addr(0), 0x1000u >> 2);
  pmp.write_cfg(0, 0x1f);  // entry 0 itself is not locked: its configuration can change
  EXPECT_EQ(pmp.read_cfg(0) & 0xff, 0x1fu);
}

TEST(Pmp, LockedNapotEntryDoesNotFreezeTheAddressBelow) {
  Pmp pmp;
  pmp.write_addr(1, napot(0x80000000, 0x1000));
  pmp.write_cfg(0, uint64_t{kLockedNapotR} << 8);
  pmp.write_addr(0, 0x1234);
  EXPECT_EQ(pmp.read_addr(0), 0x1234u);
}

TEST(Pmp, ConfigurationBitsFiveAndSixReadZero) {
  Pmp pmp;
  pmp.write_cfg(0, 0x7f);
  EXPECT_EQ(pmp.read_cfg(0), 0x1fu);
}

TEST(Pmp, EightEntriesPerConfigurationRegister) {
  Pmp pmp;
  pmp.write_cfg(2, 0x0807060504030201ull);  // entries 8..15
  // W without R (entries 9 and 13) is reserved: W is dropped.
  EXPECT_EQ(pmp.read_cfg(2), 0x0807040504030001ull);
  EXPECT_EQ(pmp.read_cfg(0), 0u);
}

}  // namespace
}  // namespace microvm::riscv
