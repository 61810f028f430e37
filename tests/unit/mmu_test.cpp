// Page-table walks (privileged spec 4.3-4.6): tables built in RAM, translations checked through
// loads and stores of the hart in S-mode and through debug_translate.
#include <gtest/gtest.h>

#include "riscv/isa.h"
#include "unit/hart_fixture.h"

namespace microvm::riscv {
namespace {

using namespace pte_bits;

constexpr uint64_t kRoot = 0x8001'0000;    // root table
constexpr uint64_t kTables = 0x8001'1000;  // further tables, one page each
constexpr uint64_t kData = 0x8004'0000;    // a data page
constexpr uint64_t kData2 = 0x8004'1000;   // another
constexpr uint64_t kVa = 0x4000'0000;      // where tests map their pages

class MmuTest : public HartTest {
 protected:
  void SetUp() override {
    hart.csr.mtvec = kRamBase + 0x800;
    // One PMP entry over everything: with entries implemented and none matching, S would have
    // no access at all.
    hart.csr_write(csr::kPmpaddr0, ~0ull);
    hart.csr_write(csr::kPmpcfg0, 0x1f);
    write64(kData, 0x1111'1111'1111'1111);
    write64(kData2, 0x2222'2222'2222'2222);
  }

  // satp mode (8, 9, 10) -> number of levels
  static int levels(uint64_t mode) { return static_cast<int>(mode) - 5; }

  // Maps va to pa with a leaf at `level`, creating tables; returns the leaf PTE's address.
  uint64_t map(uint64_t va, uint64_t pa, uint64_t flags, int level = 0) {
    uint64_t table = kRoot;
    for (int l = levels(mode_) - 1;; --l) {
      const uint64_t slot = table + ((va >> (12 + 9 * l)) & 0x1ff) * 8;
      if (l == level) {
        write64(slot, ((pa >> 12) << kPpnShift) | flags);
        return slot;
      }
      uint64_t pte = read64(slot);
      if (!(pte & kV)) {
        pte = ((next_table_ >> 12) << kPpnShift) | kV;
        next_table_ += 0x1000;
        write64(slot, pte);
      }
      table = ((pte >> kPpnShift) & kPpnMask) << 12;
    }
  }

  void enable(uint64_t mode) {
    mode_ = mode;
    hart.csr.satp = (mode << satp_bits::kModeShift) | (kRoot >> 12);
    hart.do_sfence_vma(0, 0, true, true);
  }

  // Data accesses are made from M-mode with MPRV = 1 and MPP = S, so they are translated and
  // checked as S-mode ones; a trap sets MPP back to M, so this is redone before each access.
  void as_supervisor() {
    hart.priv = Priv::M;
    const uint64_t status = (hart.csr.mstatus & ~mstatus_bits::kMPP) | mstatus_bits::kMPRV;
    hart.csr_write(csr::kMstatus, status | (1ull << mstatus_bits::kMPPShift));
  }
  // An S-mode load: the value, or the trap cause when it faulted.
  uint64_t s_load(uint64_t va, bool& ok) {
    as_supervisor();
    uint64_t value = 0;
    ok = hart.load<uint64_t>(va, value);
    return ok ? value : hart.csr.mcause;
  }
  bool s_store(uint64_t va, uint64_t value) {
    as_supervisor();
    return hart.store<uint64_t>(va, value);
  }

  uint64_t mode_ = satp_bits::kModeSv39;
  uint64_t next_table_ = kTables;
};

constexpr uint64_t kRW = kV | kR | kW | kA | kD;

TEST_F(MmuTest, Sv39FourKilobytePage) {
  enable(satp_bits::kModeSv39);
  map(kVa, kData, kRW);
  bool ok;
  EXPECT_EQ(s_load(kVa, ok), 0x1111'1111'1111'1111u);
  EXPECT_TRUE(ok);
}

TEST_F(MmuTest, Sv48AndSv57WalkMoreLevels) {
  for (uint64_t mode : {satp_bits::kModeSv48, satp_bits::kModeSv57}) {
    next_table_ = kTables + (mode - 8) * 0x8000;
    for (uint64_t a = kRoot; a < kRoot + 0x1000; a += 8) write64(a, 0);
    mode_ = mode;
    map(kVa, kData2, kRW);
    enable(mode);
    bool ok;
    EXPECT_EQ(s_load(kVa + 0x10 - 0x10, ok), 0x2222'2222'2222'2222u) << mode;
    EXPECT_TRUE(ok);
  }
}

TEST_F(MmuTest, DebugTranslateHasNoSideEffects) {
  enable(satp_bits::kModeSv39);
  const uint64_t pte = map(kVa, kData, kV | kR | kW);
  uint64_t pa = 0;
  as_supervisor();
  EXPECT_TRUE(hart.debug_translate(kVa + 0x123, Hart::Access::kRead, pa));
  EXPECT_EQ(pa, kData + 0x123);
  EXPECT_EQ(read64(pte) & (kA | kD), 0u);
}

TEST_F(MmuTest, LoadSetsAccessedStoreSetsDirty) {
  enable(satp_bits::kModeSv39);
  const uint64_t pte = map(kVa, kData, kV | kR | kW);
  bool ok;
  s_load(kVa, ok);
  EXPECT_EQ(read64(pte) & (kA | kD), kA);
  EXPECT_TRUE(s_store(kVa + 8, 5));
  EXPECT_EQ(read64(pte) & (kA | kD), kA | kD);
}

TEST_F(MmuTest, WithoutAdueMissingAccessedBitFaults) {
  hart.csr.menvcfg = 0;
  enable(satp_bits::kModeSv39);
  const uint64_t pte = map(kVa, kData, kV | kR | kW);
  bool ok;
  EXPECT_EQ(s_load(kVa, ok), static_cast<uint64_t>(Exception::kLoadPageFault));
  EXPECT_FALSE(ok);
  EXPECT_EQ(hart.csr.mtval, kVa);
  EXPECT_EQ(read64(pte) & (kA | kD), 0u);
}

TEST_F(MmuTest, WithoutAdueStoreToCleanPageFaults) {
  hart.csr.menvcfg = 0;
  enable(satp_bits::kModeSv39);
  map(kVa, kData, kV | kR | kW | kA);
  EXPECT_FALSE(s_store(kVa, 1));
  EXPECT_EQ(hart.csr.mcause, static_cast<uint64_t>(Exception::kStorePageFault));
}

TEST_F(MmuTest, ReadOnlyPageRefusesStores) {
  enable(satp_bits::kModeSv39);
  map(kVa, kData, kV | kR | kA | kD);
  EXPECT_FALSE(s_store(kVa + 16, 1));
  EXPECT_EQ(hart.csr.mcause, static_cast<uint64_t>(Exception::kStorePageFault));
  EXPECT_EQ(hart.csr.mtval, kVa + 16);
  EXPECT_EQ(read64(kData + 16), 0u);
}

TEST_F(MmuTest, WriteWithoutReadIsReserved) {
  enable(satp_bits::kModeSv39);
  map(kVa, kData, kV | kW | kA | kD);
  bool ok;
  EXPECT_EQ(s_load(kVa, ok), static_cast<uint64_t>(Exception::kLoadPageFault));
}

TEST_F(MmuTest, ReservedBitsFault) {
  enable(satp_bits::kModeSv39);
  // Bits 60:54, PBMT = 3, and N with a PPN that is no 64 KiB NAPOT encoding.
  for (uint64_t bit : {1ull << 54, 1ull << 60, 3ull << 61, 1ull << 63}) {
    map(kVa, kData, kRW | bit);
    hart.do_sfence_vma(0, 0, true, true);
    bool ok;
    EXPECT_EQ(s_load(kVa, ok), static_cast<uint64_t>(Exception::kLoadPageFault)) << std::hex << bit;
  }
}

TEST_F(MmuTest, NonLeafAccessedBitFaults) {
  enable(satp_bits::kModeSv39);
  map(kVa, kData, kRW);
  const uint64_t pointer = kRoot + ((kVa >> 30) & 0x1ff) * 8;
  write64(pointer, read64(pointer) | kA);
  bool ok;
  EXPECT_EQ(s_load(kVa, ok), static_cast<uint64_t>(Exception::kLoadPageFault));
}

TEST_F(MmuTest, PointerAtLastLevelFaults) {
  enable(satp_bits::kModeSv39);
  map(kVa, kData, kV);
  bool ok;
  EXPECT_EQ(s_load(kVa, ok), static_cast<uint64_t>(Exception::kLoadPageFault));
}

TEST_F(MmuTest, UserPageNeedsSumFromSupervisor) {
  enable(satp_bits::kModeSv39);
  map(kVa, kData, kRW | kU);
  bool ok;
  EXPECT_EQ(s_load(kVa, ok), static_cast<uint64_t>(Exception::kLoadPageFault));
  hart.csr_write(csr::kMstatus, hart.csr.mstatus | mstatus_bits::kSUM);
  EXPECT_EQ(s_load(kVa, ok), 0x1111'1111'1111'1111u);
}

TEST_F(MmuTest, MxrMakesExecuteOnlyReadable) {
  enable(satp_bits::kModeSv39);
  map(kVa, kData, kV | kX | kA);
  bool ok;
  EXPECT_EQ(s_load(kVa, ok), static_cast<uint64_t>(Exception::kLoadPageFault));
  hart.csr_write(csr::kMstatus, hart.csr.mstatus | mstatus_bits::kMXR);
  EXPECT_EQ(s_load(kVa, ok), 0x1111'1111'1111'1111u);
}

TEST_F(MmuTest, MegapageTranslatesEveryPageInIt) {
  enable(satp_bits::kModeSv39);
  map(kVa, 0x8020'0000, kRW, 1);
  write64(0x8020'0000 + 0x1f'f008, 0x77);
  bool ok;
  EXPECT_EQ(s_load(kVa + 0x1f'f008, ok), 0x77u);
}

TEST_F(MmuTest, MisalignedMegapageFaults) {
  enable(satp_bits::kModeSv39);
  map(kVa, 0x8020'1000, kRW, 1);
  bool ok;
  EXPECT_EQ(s_load(kVa, ok), static_cast<uint64_t>(Exception::kLoadPageFault));
}

TEST_F(MmuTest, NonCanonicalAddressFaults) {
  enable(satp_bits::kModeSv39);
  bool ok;
  EXPECT_EQ(s_load(1ull << 38, ok), static_cast<uint64_t>(Exception::kLoadPageFault));
  EXPECT_EQ(hart.csr.mtval, 1ull << 38);
}

TEST_F(MmuTest, TableOutsideRamIsAnAccessFault) {
  enable(satp_bits::kModeSv39);
  write64(kRoot + ((kVa >> 30) & 0x1ff) * 8, kV);  // points at physical page 0
  bool ok;
  EXPECT_EQ(s_load(kVa, ok), static_cast<uint64_t>(Exception::kLoadAccessFault));
}

TEST_F(MmuTest, SfenceByAddressSeesTheNewMapping) {
  enable(satp_bits::kModeSv39);
  const uint64_t pte = map(kVa, kData, kRW);
  bool ok;
  EXPECT_EQ(s_load(kVa, ok), 0x1111'1111'1111'1111u);
  write64(pte, ((kData2 >> 12) << kPpnShift) | kRW);
  hart.do_sfence_vma(kVa, 0, false, true);
  EXPECT_EQ(s_load(kVa, ok), 0x2222'2222'2222'2222u);
}

// sfence.vma of the page the hart runs from, in the middle of a block: the instruction after it
// comes through the new mapping. The fetch TLB maps kVa to page A (a spin at kVa filled it); the
// leaf is then pointed at page B, which holds the same code but a different addi, and the hart
// resumes at kVa + 4: `sfence.vma t0` (t0 = kVa), then that addi.
TEST_F(MmuTest, SfenceOfTheRunningPageFetchesTheNextInstructionThroughTheNewMapping) {
  constexpr uint64_t kCodeA = 0x8005'0000, kCodeB = 0x8005'1000;
  const uint32_t spin = 0x0000006F, sfence_t0 = 0x12000073 | (5u << 15), jump_self = 0x0000006F;
  for (const auto& [page, value] : {std::pair{kCodeA, 1u}, std::pair{kCodeB, 2u}}) {
    const uint32_t code[] = {spin, sfence_t0, 0x00000513u | (value << 20), jump_self};  // addi a0, x0, value
    ram.write(page, code, sizeof code);
  }
  enable(satp_bits::kModeSv39);
  const uint64_t flags = kV | kR | kX | kA;
  const uint64_t pte = map(kVa, kCodeA, flags);
  hart.x[5] = kVa;
  hart.csr_write(csr::kMstatus, 1ull << mstatus_bits::kMPPShift);  // MPP = S
  hart.csr.mepc = kVa;
  hart.do_mret();
  hart.run_for(50);
  ASSERT_EQ(hart.pc, kVa);
  write64(pte, ((kCodeB >> 12) << kPpnShift) | flags);
  hart.pc = kVa + 4;
  hart.run_for(50);
  EXPECT_EQ(hart.x[10], 2u);
  EXPECT_EQ(hart.pc, kVa + 12);
}

TEST_F(MmuTest, SfenceOfOneAddressFlushesTheWholeSuperpage) {
  enable(satp_bits::kModeSv39);
  const uint64_t pte = map(kVa, 0x8020'0000, kRW, 1);
  write64(0x8020'1000, 0xaaaa);
  write64(0x8040'1000, 0xbbbb);
  bool ok;
  s_load(kVa, ok);
  EXPECT_EQ(s_load(kVa + 0x1000, ok), 0xaaaau);
  write64(pte, ((0x8040'0000ull >> 12) << kPpnShift) | kRW);
  hart.do_sfence_vma(kVa, 0, false, true);
  EXPECT_EQ(s_load(kVa + 0x1000, ok), 0xbbbbu);
}

TEST_F(MmuTest, MprvWithMppUserChecksTheUserBit) {
  enable(satp_bits::kModeSv39);
  map(kVa, kData, kRW);
  hart.csr_write(csr::kMstatus, mstatus_bits::kMPRV);  // MPP = U
  uint64_t value = 0;
  EXPECT_FALSE(hart.load<uint64_t>(kVa, value));
  EXPECT_EQ(hart.csr.mcause, static_cast<uint64_t>(Exception::kLoadPageFault));
}

TEST_F(MmuTest, MachineModeWithoutMprvIsNotTranslated) {
  enable(satp_bits::kModeSv39);
  hart.priv = Priv::M;
  hart.csr_write(csr::kMstatus, 0);
  uint64_t value = 0;
  EXPECT_TRUE(hart.load<uint64_t>(kData, value));
  EXPECT_EQ(value, 0x1111'1111'1111'1111u);
}

TEST_F(MmuTest, MisalignedLoadAcrossPagesReadsBothTranslations) {
  enable(satp_bits::kModeSv39);
  map(kVa, kData, kRW);
  map(kVa + 0x1000, kData2, kRW);
  write64(kData + 0xff8, 0x4433'2211'0000'0000);
  bool ok;
  EXPECT_EQ(s_load(kVa + 0xffc, ok), 0x2222'2222'4433'2211u);
  EXPECT_TRUE(ok);
}

TEST_F(MmuTest, MisalignedLoadIntoUnmappedPageReportsTheSecondPage) {
  enable(satp_bits::kModeSv39);
  map(kVa, kData, kRW);
  bool ok;
  EXPECT_EQ(s_load(kVa + 0xffc, ok), static_cast<uint64_t>(Exception::kLoadPageFault));
  EXPECT_EQ(hart.csr.mtval, kVa + 0x1000);
}

TEST_F(MmuTest, MemoryTypesAreValidOnlyWithPbmte) {
  enable(satp_bits::kModeSv39);
  map(kVa, kData, kRW | (2ull << 61));  // PBMT = IO
  bool ok;
  EXPECT_EQ(s_load(kVa, ok), 0x1111'1111'1111'1111u);
  hart.csr_write(csr::kMenvcfg, menvcfg_bits::kADUE);
  hart.do_sfence_vma(0, 0, true, true);
  EXPECT_EQ(s_load(kVa, ok), static_cast<uint64_t>(Exception::kLoadPageFault));
}

}  // namespace
}  // namespace microvm::riscv
