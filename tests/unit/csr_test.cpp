// CSR access rules and WARL masks, through Hart::csr_read/csr_write (privileged spec ch. 2-4).
#include <gtest/gtest.h>

#include "riscv/isa.h"
#include "unit/hart_fixture.h"

namespace microvm::riscv {
namespace {

class CsrTest : public HartTest {
 protected:
  uint64_t read(uint16_t number) {
    uint64_t value = 0xdeadbeef;
    EXPECT_TRUE(hart.csr_read(number, value)) << std::hex << number;
    return value;
  }
  uint64_t write_read(uint16_t number, uint64_t value) {
    EXPECT_TRUE(hart.csr_write(number, value)) << std::hex << number;
    return read(number);
  }
};

TEST_F(CsrTest, MisaIsRv64ImafdcsuAndFixed) {
  EXPECT_EQ(read(csr::kMisa), 0x800000000014112du);
  EXPECT_EQ(write_read(csr::kMisa, 0), 0x800000000014112du);
}

TEST_F(CsrTest, MstatusResetHasUxlAndSxl64) { EXPECT_EQ(read(csr::kMstatus), 0x0000000a00000000u); }

TEST_F(CsrTest, MstatusWritableFields) {
  EXPECT_EQ(write_read(csr::kMstatus, ~0ull), 0x8000000a007e79aau);
  EXPECT_EQ(write_read(csr::kMstatus, 0), 0x0000000a00000000u);
}

TEST_F(CsrTest, MstatusSdFollowsFs) {
  EXPECT_EQ(write_read(csr::kMstatus, mstatus_bits::kFS) >> 63, 1u);
  EXPECT_EQ(write_read(csr::kMstatus, 1ull << mstatus_bits::kFSShift) >> 63, 0u);
}

TEST_F(CsrTest, MstatusMppTwoKeepsTheOldValue) {
  write_read(csr::kMstatus, 1ull << mstatus_bits::kMPPShift);
  EXPECT_EQ((write_read(csr::kMstatus, 2ull << mstatus_bits::kMPPShift) & mstatus_bits::kMPP) >> 11, 1u);
}

TEST_F(CsrTest, SstatusShowsOnlySupervisorFields) {
  hart.csr_write(csr::kMstatus, ~0ull);
  EXPECT_EQ(read(csr::kSstatus), 0x80000002000c6122u);
}

TEST_F(CsrTest, SstatusWritesOnlySupervisorFields) {
  hart.csr_write(csr::kMstatus, 0);
  hart.csr_write(csr::kSstatus, ~0ull);
  EXPECT_EQ(read(csr::kMstatus), 0x8000000a000c6122u);
}

TEST_F(CsrTest, DelegationMasks) {
  EXPECT_EQ(write_read(csr::kMedeleg, ~0ull), 0xb3ffu);
  EXPECT_EQ(write_read(csr::kMideleg, ~0ull), 0x2222u);  // with Sscofpmf's LCOFI
}

TEST_F(CsrTest, InterruptEnableAndPendingMasks) {
  EXPECT_EQ(write_read(csr::kMie, ~0ull), 0x2aaau);
  EXPECT_EQ(write_read(csr::kMip, ~0ull), 0x2222u);
}

TEST_F(CsrTest, HardwareDrivenPendingBitsShowInMipButCannotBeWritten) {
  hart.set_interrupt_pending(irq::kMTI, true);
  hart.csr_write(csr::kMip, 0);
  EXPECT_EQ(read(csr::kMip), mip_bits::kMTIP);
}

TEST_F(CsrTest, SieAndSipSeeOnlyDelegatedBits) {
  hart.csr_write(csr::kMie, 0xaaa);
  hart.csr_write(csr::kMip, 0x222);
  EXPECT_EQ(read(csr::kSie), 0u);
  EXPECT_EQ(read(csr::kSip), 0u);
  hart.csr_write(csr::kMideleg, mip_bits::kSSIP | mip_bits::kSTIP);
  EXPECT_EQ(read(csr::kSie), 0x022u);
  EXPECT_EQ(read(csr::kSip), 0x022u);
}

TEST_F(CsrTest, SipWritesOnlySsip) {
  hart.csr_write(csr::kMideleg, 0x222);
  hart.csr_write(csr::kSip, ~0ull);
  EXPECT_EQ(read(csr::kMip), mip_bits::kSSIP);
}

TEST_F(CsrTest, SieWritesGoToMieThroughMideleg) {
  hart.csr_write(csr::kMie, mip_bits::kMTIP);
  hart.csr_write(csr::kMideleg, mip_bits::kSTIP);
  hart.csr_write(csr::kSie, ~0ull);
  EXPECT_EQ(read(csr::kMie), mip_bits::kMTIP | mip_bits::kSTIP);
}

TEST_F(CsrTest, EpcBitZeroIsAlwaysClear) {
  EXPECT_EQ(write_read(csr::kMepc, 0x80001235), 0x80001234u);
  EXPECT_EQ(write_read(csr::kSepc, ~0ull), ~1ull);
}

TEST_F(CsrTest, TvecRejectsReservedModes) {
  EXPECT_EQ(write_read(csr::kMtvec, 0x80001001), 0x80001001u);
  EXPECT_EQ(write_read(csr::kMtvec, 0x80002002), 0x80001001u);
  EXPECT_EQ(write_read(csr::kStvec, 0x80003003), 0u);
}

TEST_F(CsrTest, SatpIgnoresUnsupportedModesWhole) {
  EXPECT_EQ(write_read(csr::kSatp, 0x8000ffff00001234), 0x8000ffff00001234u);
  EXPECT_EQ(write_read(csr::kSatp, 0x1000000000000000), 0x8000ffff00001234u);
  EXPECT_EQ(write_read(csr::kSatp, 0xb000000000000001), 0x8000ffff00001234u);
  EXPECT_EQ(write_read(csr::kSatp, 0xa000000000000001), 0xa000000000000001u);
}

TEST_F(CsrTest, EnvcfgResetsWithHardwareAdAndPbmt) {
  EXPECT_EQ(read(csr::kMenvcfg), menvcfg_bits::kADUE | menvcfg_bits::kPBMTE);
}

TEST_F(CsrTest, EnvcfgMasks) {
  EXPECT_EQ(write_read(csr::kMenvcfg, ~0ull), 0xe0000000000000f1u);  // STCE PBMTE ADUE CBZE CBCFE CBIE FIOM
  EXPECT_EQ(write_read(csr::kSenvcfg, ~0ull), 0xf1u);
}

TEST_F(CsrTest, EnvcfgCbieTwoIsReserved) {
  EXPECT_EQ(write_read(csr::kSenvcfg, 0x20), 0u);
  EXPECT_EQ(write_read(csr::kSenvcfg, 0x10), 0x10u);
}

TEST_F(CsrTest, CounterEnablesAreThirtyTwoBits) {
  EXPECT_EQ(write_read(csr::kMcounteren, ~0ull), 0xffffffffu);
  EXPECT_EQ(write_read(csr::kScounteren, ~0ull), 0xffffffffu);
}

TEST_F(CsrTest, HpmCountersKeepWhatIsWrittenWhileStopped) {
  EXPECT_EQ(write_read(csr::kMcountinhibit, ~0ull), 0xfffffff8u);
  EXPECT_EQ(write_read(csr::kMhpmcounter3, ~0ull), ~0ull);
  EXPECT_EQ(write_read(csr::kMhpmevent31, ~0ull), 0xf0ffffffffffffffu);
}

TEST_F(CsrTest, IdentityRegistersAreZeroButHartid) {
  EXPECT_EQ(read(csr::kMvendorid), 0u);
  EXPECT_EQ(read(csr::kMarchid), 0u);
  EXPECT_EQ(read(csr::kMimpid), 0u);
  EXPECT_EQ(read(csr::kMconfigptr), 0u);
  EXPECT_EQ(read(csr::kMhartid), 0u);
}

TEST_F(CsrTest, ReadOnlyNumbersRefuseWrites) {
  EXPECT_FALSE(hart.csr_write(csr::kMhartid, 0));
  EXPECT_FALSE(hart.csr_write(csr::kCycle, 0));
  EXPECT_FALSE(hart.csr_write(csr::kTime, 0));
}

TEST_F(CsrTest, UnknownNumbersAreRefused) {
  uint64_t value;
  for (uint16_t number : {0x000, 0x015, 0x10c, 0x600, 0x7c0, 0x7b0, 0x3a1, 0x3af}) {
    EXPECT_FALSE(hart.csr_read(number, value)) << std::hex << number;
  }
}

TEST_F(CsrTest, FloatingPointCsrsNeedFs) {
  uint64_t value;
  EXPECT_FALSE(hart.csr_read(csr::kFcsr, value));
}

TEST_F(CsrTest, SupervisorCannotTouchMachineCsrs) {
  hart.priv = Priv::S;
  uint64_t value;
  EXPECT_FALSE(hart.csr_read(csr::kMstatus, value));
  EXPECT_FALSE(hart.csr_write(csr::kMscratch, 1));
  EXPECT_TRUE(hart.csr_read(csr::kSstatus, value));
}

TEST_F(CsrTest, UserCannotTouchSupervisorCsrs) {
  hart.priv = Priv::U;
  uint64_t value;
  EXPECT_FALSE(hart.csr_read(csr::kSstatus, value));
  EXPECT_FALSE(hart.csr_read(csr::kSatp, value));
}

TEST_F(CsrTest, TvmStopsSupervisorSatp) {
  hart.csr_write(csr::kMstatus, mstatus_bits::kTVM);
  hart.priv = Priv::S;
  uint64_t value;
  EXPECT_FALSE(hart.csr_read(csr::kSatp, value));
  EXPECT_FALSE(hart.csr_write(csr::kSatp, 0));
  hart.priv = Priv::M;
  EXPECT_TRUE(hart.csr_read(csr::kSatp, value));
}

TEST_F(CsrTest, CountersFromBelowMachineNeedTheirEnableBits) {
  uint64_t value;
  hart.priv = Priv::S;
  EXPECT_FALSE(hart.csr_read(csr::kTime, value));
  hart.csr.mcounteren = 2;  // TM
  EXPECT_TRUE(hart.csr_read(csr::kTime, value));
  EXPECT_FALSE(hart.csr_read(csr::kCycle, value));
  hart.priv = Priv::U;
  EXPECT_FALSE(hart.csr_read(csr::kTime, value));
  hart.csr.scounteren = 2;
  EXPECT_TRUE(hart.csr_read(csr::kTime, value));
}

TEST_F(CsrTest, PmpRegistersBeyondSixteenEntriesReadZero) {
  EXPECT_EQ(write_read(csr::kPmpaddr0 + 16, ~0ull), 0u);
  EXPECT_EQ(write_read(csr::kPmpcfg0 + 4, ~0ull), 0u);
  EXPECT_EQ(write_read(csr::kPmpaddr0 + 15, ~0ull), (1ull << 54) - 1);
}

TEST_F(CsrTest, ReadModifyWriteOfMipDoesNotLatchThePlicSeip) {
  hart.set_interrupt_pending(irq::kSEI, true);
  EXPECT_EQ(read(csr::kMip), mip_bits::kSEIP);
  hart.x[10] = mip_bits::kSSIP;
  run(0x34452073);  // csrrs x0, mip, a0
  hart.set_interrupt_pending(irq::kSEI, false);
  EXPECT_EQ(read(csr::kMip), mip_bits::kSSIP);
}

TEST_F(CsrTest, ReadModifyWriteOfMipKeepsTheSoftwareSeip) {
  hart.csr_write(csr::kMip, mip_bits::kSEIP);
  hart.x[10] = mip_bits::kSSIP;
  run(0x34452073);  // csrrs x0, mip, a0
  EXPECT_EQ(read(csr::kMip), mip_bits::kSEIP | mip_bits::kSSIP);
}

}  // namespace
}  // namespace microvm::riscv
