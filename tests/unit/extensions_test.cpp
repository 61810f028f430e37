// The extension table: misa, the ISA string and --cpu parsing come from it, and an instruction of
// an extension that is off traps as illegal on a real hart.
#include "riscv/extensions.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "riscv/isa.h"
#include "unit/hart_fixture.h"

namespace microvm::riscv {
namespace {

TEST(Extensions, AllGiveQemuLikeIsaStringAndMisa) {
  const Isa isa = Isa::all();
  EXPECT_EQ(isa.isa_string(),
            "rv64imafdc_zicbom_zicboz_zicclsm_zicntr_zicond_zicsr_zifencei_zihintntl_zihintpause_zihpm_zawrs_"
            "zfa_zfh_zfhmin_zcb_zba_zbb_zbc_zbs_zkt_sscofpmf_sstc_svinval_svnapot_svpbmt");
  EXPECT_EQ(isa.misa(), 0x800000000014112du);  // RV64 IMAFDC SU
  EXPECT_EQ(isa.extension_names().size(), 31u);
}

TEST(Extensions, CpuTurnsExtensionsOff) {
  const Isa isa = Isa::parse("rv64,zbb=off,m=false,zba=on");
  EXPECT_FALSE(isa.has(Ext::kZbb));
  EXPECT_FALSE(isa.has(Ext::kM));
  EXPECT_TRUE(isa.has(Ext::kZba));
  EXPECT_EQ(isa.isa_string(),
            "rv64iafdc_zicbom_zicboz_zicclsm_zicntr_zicond_zicsr_zifencei_zihintntl_zihintpause_zihpm_zawrs_"
            "zfa_zfh_zfhmin_zcb_zba_zbc_zbs_zkt_sscofpmf_sstc_svinval_svnapot_svpbmt");
  EXPECT_EQ(isa.misa(), 0x800000000014012du);  // M (bit 12) gone
  EXPECT_EQ(Isa::parse("rv64"), Isa::all());
}

TEST(Extensions, TurningOffABaseTakesWhatNeedsIt) {
  const Isa no_f = Isa::parse("rv64,f=off");
  for (Ext e : {Ext::kF, Ext::kD, Ext::kZfa, Ext::kZfh, Ext::kZfhmin}) EXPECT_FALSE(no_f.has(e));
  EXPECT_EQ(no_f.misa(), 0x8000000000141105u);  // F (bit 5) and D (bit 3) gone
  const Isa no_c = Isa::parse("rv64,c=off");
  EXPECT_FALSE(no_c.has(Ext::kZcb));
  EXPECT_EQ(no_c.misa(), 0x8000000000141129u);
  const Isa no_zfh = Isa::parse("rv64,zfh=off");
  EXPECT_TRUE(no_zfh.has(Ext::kZfhmin));
  EXPECT_FALSE(no_zfh.has(Ext::kZfh));
}

void expect_error(const char* spec, const char* text) {
  try {
    Isa::parse(spec);
    ADD_FAILURE() << spec << " was accepted";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
  }
}

TEST(Extensions, CpuMistakesSayWhat) {
  expect_error("rv64,zbq=off", "unknown extension 'zbq'");
  expect_error("rv64,zicsr=off", "zicsr cannot be turned off");
  expect_error("rv64,f=off,zfa=on", "zfa needs f, which is off");
  expect_error("rv64,zbb", "'zbb' should be name=on or name=off");
  expect_error("rv32", "must start with rv64");
  expect_error("zbb=off", "must start with rv64");
}

class DisabledExtensionTest : public HartTest {
 protected:
  // Runs `raw` at the reset pc on a hart with `isa`; returns mcause (0: no trap).
  uint64_t run_on(Isa isa, uint32_t raw) {
    HartConfig config;
    config.reset_pc = kRamBase;
    config.isa = isa;
    Hart h(config, bus, clock, run_control, reservations);
    // The instruction, then `j .`: a block runs straight-line code past its budget (exec_common.h)
    // but stops at a jump.
    const uint32_t code[] = {raw, 0x0000006f};
    ram.write(kRamBase, code, sizeof code);
    h.x[11] = 0x10;
    h.x[12] = 3;
    h.csr.mtvec = kRamBase + 0x1000;
    h.csr.mstatus |= mstatus_bits::kFS;  // FP on, where the extensions allow it
    h.run_for(1);
    if (h.pc != kRamBase + 0x1000) {
      EXPECT_EQ(h.pc, kRamBase + 4);
      return 0;
    }
    EXPECT_EQ(h.csr.mtval, raw);
    return h.csr.mcause;
  }
};

TEST_F(DisabledExtensionTest, ZbbInstructionIsIllegalWhenOff) {
  constexpr uint32_t kClzA0A1 = 0x60059513;
  EXPECT_EQ(run_on(Isa::all(), kClzA0A1), 0u);
  EXPECT_EQ(run_on(Isa::parse("rv64,zbb=off"), kClzA0A1), 2u);
  // Zba stays: sh1add a0, a1, a2
  EXPECT_EQ(run_on(Isa::parse("rv64,zbb=off"), 0x20c5a533), 0u);
  EXPECT_EQ(run_on(Isa::parse("rv64,zba=off"), 0x20c5a533), 2u);
}

TEST_F(DisabledExtensionTest, HalfPrecisionAndZfaFollowTheirExtensions) {
  constexpr uint32_t kFaddH = 0x04c5f553;  // fadd.h fa0, fa1, fa2
  constexpr uint32_t kFmvXH = 0xe4058553;  // fmv.x.h a0, fa1 (Zfhmin)
  constexpr uint32_t kFliS = 0xf0108553;   // fli.s fa0, min
  EXPECT_EQ(run_on(Isa::all(), kFaddH), 0u);
  EXPECT_EQ(run_on(Isa::parse("rv64,zfh=off"), kFaddH), 2u);
  EXPECT_EQ(run_on(Isa::parse("rv64,zfh=off"), kFmvXH), 0u);  // Zfhmin stays
  EXPECT_EQ(run_on(Isa::parse("rv64,zfh=off,zfhmin=off"), kFmvXH), 2u);
  EXPECT_EQ(run_on(Isa::all(), kFliS), 0u);
  EXPECT_EQ(run_on(Isa::parse("rv64,zfa=off"), kFliS), 2u);
  EXPECT_EQ(run_on(Isa::parse("rv64,f=off"), kFliS), 2u);
}

TEST_F(DisabledExtensionTest, MulIsIllegalWhenMIsOff) {
  constexpr uint32_t kMulA0A1A2 = 0x02c58533;
  EXPECT_EQ(run_on(Isa::all(), kMulA0A1A2), 0u);
  EXPECT_EQ(run_on(Isa::parse("rv64,m=off"), kMulA0A1A2), 2u);
}

}  // namespace
}  // namespace microvm::riscv
