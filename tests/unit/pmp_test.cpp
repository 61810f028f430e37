#include "riscv/pmp.h"

#include <gtest/gtest.h>

namespace microvm::riscv {
namespace {

constexpr uint8_t kNapotRwx = 0x1F, kTorR = 0x09, kNa4Rw = 0x13, kLockedNapotR = 0x99;

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

}  // namespace
}  // namespace microvm::riscv
