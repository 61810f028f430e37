// The TLB's address spaces (riscv/tlb.h, Tlb::switch_space): entries kept per satp value with a
// nonzero ASID, none across a switch to ASID 0, the one unused longest reused (and emptied) for a
// fifth, and flush_all() forgetting which group belongs to which satp, since the changes of satp
// that are not writes (a reset, an HSM start, a snapshot loaded) come with it; and sfence.vma of
// a page reaching every address space and every piece of a superpage.
// guests/tests/mmu/asid.S checks the same from a guest's side.
#include "riscv/tlb.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace microvm::riscv {
namespace {

constexpr uint64_t kVa = 0x4000'1000;

// Sv39, the root at `root`, ASID `asid`.
uint64_t satp(uint64_t asid, uint64_t root) { return 8ull << 60 | asid << 44 | root; }

class TlbTest : public ::testing::Test {
 protected:
  TlbTest() { tlb.select(Tlb::kCtxS, Tlb::kCtxS); }
  // A satp write, from the value it had.
  void go(uint64_t to) {
    tlb.switch_space(now, to);
    now = to;
  }
  // The host page `va` reads from now, or null on a miss.
  const uint8_t* lookup(uint64_t va = kVa) const {
    const TlbEntry& e = tlb.data().read[Tlb::index(va)];
    return e.hit<uint64_t>(va) ? reinterpret_cast<const uint8_t*>(e.addend + va) : nullptr;
  }
  Tlb tlb;
  uint64_t now = 0;
  uint8_t pages[8][4096] = {};
};

TEST_F(TlbTest, AnAsidFindsItsEntriesAfterAnotherRan) {
  go(satp(1, 0x100));
  tlb.fill_read(kVa, pages[0]);
  go(satp(2, 0x200));
  EXPECT_EQ(lookup(), nullptr);
  tlb.fill_read(kVa, pages[1]);
  go(satp(1, 0x100));
  EXPECT_EQ(lookup(), pages[0]);
  go(satp(2, 0x200));
  EXPECT_EQ(lookup(), pages[1]);
}

TEST_F(TlbTest, AsidZeroStartsFromNothingAsOnQemu) {
  for (uint64_t root : {0x100, 0x200, 0x100}) {
    go(satp(0, root));
    EXPECT_EQ(lookup(), nullptr) << "root " << root;
    tlb.fill_read(kVa, pages[0]);
  }
}

TEST_F(TlbTest, TheSameSatpAgainKeepsTheEntries) {
  go(satp(0, 0x100));
  tlb.fill_read(kVa, pages[0]);
  go(satp(0, 0x100));
  EXPECT_EQ(lookup(), pages[0]);
}

TEST_F(TlbTest, AFifthAddressSpaceEmptiesTheOneUnusedLongest) {
  static_assert(Tlb::kSpaces == 4, "the test walks four address spaces and a fifth");
  for (uint64_t asid = 1; asid <= 4; ++asid) {
    go(satp(asid, 0x100 * asid));
    tlb.fill_read(kVa, pages[asid]);
  }
  go(satp(1, 0x100));  // ASID 1 used again: ASID 2 is now the oldest
  EXPECT_EQ(lookup(), pages[1]);
  go(satp(5, 0x500));
  EXPECT_EQ(lookup(), nullptr);  // ASID 2's group, emptied
  tlb.fill_read(kVa, pages[5]);
  for (uint64_t asid : {1, 3, 4}) {
    go(satp(asid, 0x100 * asid));
    EXPECT_EQ(lookup(), pages[asid]) << "ASID " << asid;
    go(satp(5, 0x500));
    EXPECT_EQ(lookup(), pages[5]);
  }
  go(satp(2, 0x200));
  EXPECT_EQ(lookup(), nullptr);
}

TEST_F(TlbTest, AFlushForgetsWhichAddressSpaceIsWhich) {
  go(satp(1, 0x100));
  tlb.fill_read(kVa, pages[0]);
  // satp changes without a write (a snapshot loaded, an HSM start): the hart flushes all and
  // fills under the new value, which the TLB was not told.
  tlb.flush_all();
  now = satp(2, 0x200);
  tlb.fill_read(kVa, pages[1]);
  go(satp(1, 0x100));
  EXPECT_EQ(lookup(), nullptr);
}

TEST_F(TlbTest, SfenceOfOnePageReachesEveryAddressSpace) {
  go(satp(1, 0x100));
  tlb.fill_read(kVa, pages[0]);
  go(satp(2, 0x200));
  tlb.flush_page(kVa);
  go(satp(1, 0x100));
  EXPECT_EQ(lookup(), nullptr);
}

// sfence.vma of one page of a superpage flushes every piece of it the TLB holds, also when the
// TLB has seen more superpages than it lists; and of a page outside them all, only that page.
TEST_F(TlbTest, ASuperpagePastTheListIsStillFlushedWhole) {
  constexpr uint64_t kMega = 2 << 20, kFirst = 0xffff'ffd8'0000'0000;
  go(satp(1, 0x100));
  for (uint64_t n = 0; n < 80; ++n) tlb.note_superpage(kFirst + n * kMega, 1);
  const uint64_t piece = kFirst + 79 * kMega + 0x3000;
  tlb.fill_read(piece, pages[0]);
  tlb.fill_read(kVa, pages[1]);
  tlb.flush_page(0x1000);
  EXPECT_EQ(lookup(piece), pages[0]);
  EXPECT_EQ(lookup(kVa), pages[1]);
  tlb.flush_page(kFirst + 79 * kMega);
  EXPECT_EQ(lookup(piece), nullptr);
}

}  // namespace
}  // namespace microvm::riscv
