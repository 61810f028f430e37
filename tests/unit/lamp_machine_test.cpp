// The lamp machine through its C++ API: small programs run on real cores, then memory, registers
// and device state are checked.
#include <gtest/gtest.h>

#include <bit>
#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>

#include "lamp/machine.h"
#include "lamp/program_builder.h"

namespace microvm::lamp {
namespace {

using namespace op;

std::unique_ptr<Machine> make(unsigned smp = 1) {
  MachineConfig config;
  config.smp = smp;
  return std::make_unique<Machine>(config);
}
void run(Machine& m, const ProgramBuilder& b) {
  ASSERT_EQ(m.load(b.build()), std::nullopt);
  m.start();
  if (!m.run_control().wait_for_stop(std::chrono::seconds(10))) m.halt();
  m.join();
}
uint32_t word(Machine& m, uint32_t address) {
  uint32_t v;
  std::memcpy(&v, m.memory().host() + address, 4);
  return v;
}
void poke(Machine& m, uint32_t address, uint32_t value) {
  std::memcpy(m.memory().host() + address, &value, 4);
}
uint32_t f32(float f) { return std::bit_cast<uint32_t>(f); }

// r29 = address; store rd there.
void store_at(ProgramBuilder& b, uint8_t reg, uint32_t address) {
  b.emit(MOVI, 29, 0, 0, address).emit(STORE32, reg, 29, 0, 0);
}

TEST(LampMachine, MmuTranslatesPerCoreAndPanicsOnAWriteToAReadOnlyPage) {
  auto m = make();
  // Root 0x10000 -> table 0x11000 maps the first 4 MiB one to one, except VA 0x300000 -> PA 0x5000
  // present but neither writable nor executable.
  poke(*m, 0x10000, 0x11000 | mmu::kPresent | mmu::kWritable | mmu::kExecutable);
  for (uint32_t page = 0; page < 1024; ++page) {
    poke(*m, 0x11000 + 4 * page, page << 12 | mmu::kPresent | mmu::kWritable | mmu::kExecutable);
  }
  poke(*m, 0x11000 + 4 * 0x300, 0x5000 | mmu::kPresent);
  poke(*m, 0x5008, 0xCAFE);
  ProgramBuilder b;
  b.emit(MOVI, 1, 0, 0, kMmuBase).emit(MOVI, 2, 0, 0, 0x10000).emit(STORE32, 2, 1, 0, 8);
  b.emit(MOVI, 2, 0, 0, 1).emit(STORE32, 2, 1, 0, 4);  // CTRL: on
  b.emit(MOVI, 3, 0, 0, 0x300000).emit(LOAD32, 4, 3, 0, 8);
  store_at(b, 4, 0x3000);
  b.emit(STORE32, 4, 3, 0, 0);  // read-only: panics
  b.emit(HALT);
  run(*m, b);
  EXPECT_EQ(m->run_control().reason(), StopReason::kGuestPanic);
  EXPECT_EQ(word(*m, 0x3000), 0xCAFEu);
  const MmuRegs* regs = m->mmu().regs(0);
  EXPECT_EQ(regs->fault_status, 1u | mmu::kPermission << 4);
  EXPECT_EQ(regs->fault_addr_lo, 0x300000u);
  EXPECT_EQ(regs->fault_info, mmu::kWrite);
  EXPECT_FALSE(m->mmu().regs(1)->enabled());  // the other bank is untouched
}

TEST(LampMachine, MmuWalkReasons) {
  std::vector<uint8_t> ram(0x20000, 0);
  MmuRegs regs;
  regs.root_lo = 0x1000;
  auto put = [&](uint32_t a, uint32_t v) { std::memcpy(&ram[a], &v, 4); };
  EXPECT_EQ(mmu_walk(regs, ram.data(), 0x20000, 0x1234, mmu::kRead).reason, mmu::kNotPresent);
  put(0x1000, 0x80000000 | mmu::kPresent);  // table outside RAM
  EXPECT_EQ(mmu_walk(regs, ram.data(), 0x20000, 0x1234, mmu::kRead).reason, mmu::kTableOutOfRam);
  put(0x1000, 0x2000 | mmu::kPresent | mmu::kWritable);
  put(0x2004, 0x7000 | mmu::kPresent | mmu::kWritable);
  const Translation t = mmu_walk(regs, ram.data(), 0x20000, 0x1234, mmu::kWrite);
  EXPECT_TRUE(t.ok);
  EXPECT_EQ(t.pa, 0x7234u);
  EXPECT_EQ(mmu_walk(regs, ram.data(), 0x20000, 0x1234, mmu::kExec).reason, mmu::kPermission);
  regs.root_lo = 0x20000;
  EXPECT_EQ(mmu_walk(regs, ram.data(), 0x20000, 0x1234, mmu::kRead).reason, mmu::kBadRoot);
}

TEST(LampMachine, IntcPicksHighestPriorityThenLowestVector) {
  std::string bad;
  Intc intc(2, [&](const std::string& message) { bad = message; });
  EXPECT_EQ(intc.select(0), -1);
  intc.raise(0, 9);
  intc.raise(0, 5);
  intc.raise(1, 200);
  EXPECT_EQ(intc.select(0), 5);  // equal priority: lowest vector
  intc.write32(0, 0x100 + 4 * 9, 0x1E0);
  EXPECT_EQ(intc.read32(1, 0x100 + 4 * 9), 0xE0u);  // 8 bits, global
  EXPECT_EQ(intc.select(0), 9);
  intc.write32(0, 0x40, ~(1u << 9));  // core 0 disables vector 9
  EXPECT_EQ(intc.select(0), 5);
  EXPECT_EQ(intc.select(1), 200);
  EXPECT_EQ(intc.read32(0, 0x00), (1u << 9) | (1u << 5));
  EXPECT_EQ(intc.read32(1, 0x18), 1u << 8);  // vector 200 = word 6, bit 8
  intc.write32(0, 0x500, 5);                 // EOI
  EXPECT_FALSE(intc.pending(0, 5));
  EXPECT_EQ(intc.select(0), -1);
  intc.write32(0, 0x04, 1u << 3);  // PENDING write raises vector 35
  EXPECT_TRUE(intc.pending(0, 35));
  EXPECT_EQ(intc.read32(0, 0x500), 0u);
  EXPECT_TRUE(bad.empty());
  intc.write32(0, 0x502, 1);
  EXPECT_EQ(bad, "INTC: unknown write at offset 0x502 (value 0x00000001)");
}

TEST(LampMachine, IommuWindow) {
  bool halted = false;
  Iommu iommu(kRamSize, [&] { halted = true; });
  EXPECT_EQ(iommu.read32(0, 0x00), 0x00010004u);
  EXPECT_EQ(iommu.translate(0, 0x1234, 16), 0x1234u);  // disabled: pass-through
  iommu.write32(0, 0x04, 1);
  iommu.write32(0, 0x08, 0);
  iommu.write32(0, 0x0C, 1);
  iommu.write32(0, 0x10, 0x10000);
  iommu.write32(0, 0x18, 0x2000);
  iommu.write32(0, 0x1C, 0x500000);
  EXPECT_EQ(iommu.translate(0, 0x10800, 16), 0x500800u);
  EXPECT_EQ(iommu.translate(0, 0x11FF8, 16), std::nullopt);
  EXPECT_EQ(iommu.read32(0, 0x24), 1u | iommu::kBounds << 4);
  EXPECT_EQ(iommu.read32(0, 0x2C), 0x11FF8u);
  EXPECT_EQ(iommu.read32(0, 0x34), 16u);
  EXPECT_EQ(iommu.translate(1, 0, 4), std::nullopt);
  EXPECT_EQ(iommu.read32(0, 0x24), 1u | iommu::kUnmapped << 4);
  EXPECT_EQ(iommu.translate(7, 0, 4), std::nullopt);
  EXPECT_EQ(iommu.read32(0, 0x24), 1u | iommu::kDevInvalid << 4);
  iommu.write32(0, 0x24, 1);
  EXPECT_EQ(iommu.read32(0, 0x24), 0u);
  EXPECT_FALSE(halted);
  iommu.write32(0, 0x00, 1);  // CAP is read-only
  EXPECT_TRUE(halted);
}

TEST(LampMachine, TimeRegistersAndPeriodClamp) {
  bool halted = false;
  int ticks = 0;
  TimeDevice time([&] { ++ticks; }, [&] { halted = true; });
  EXPECT_EQ(time.read32(0, 0x00), 1u);
  const uint64_t lo = time.read32(0, 0x14);
  const uint64_t boot = lo | uint64_t{time.read32(0, 0x18)} << 32;
  EXPECT_LT(boot, 5'000'000'000ull);
  time.write32(0, 0x00, 10);
  EXPECT_EQ(time.period_us(), 1000u);
  time.write32(0, 0x00, 0);
  EXPECT_EQ(time.period_us(), 0u);
  EXPECT_FALSE(halted);
  time.write32(0, 0x0C, 1);
  EXPECT_TRUE(halted);
}

TEST(LampMachine, ByteAccessesSeeRamUnderDevicesButTheFramebufferAliasIntercepts) {
  auto m = make();
  ProgramBuilder b;
  b.emit(MOVI, 1, 0, 0, kSysinfoBase).emit(LOAD, 2, 1, 0, 0).emit(LOAD32, 3, 1, 0, 0);
  store_at(b, 2, 0x3000);
  store_at(b, 3, 0x3004);
  b.emit(MOVI, 1, 0, 0, kFbAliasBase + 8).emit(MOVI, 2, 0, 0, 0xAB).emit(STORE, 2, 1, 0, 1);
  b.emit(MOVI, 1, 0, 0, kFbBase + 8).emit(LOAD32, 4, 1, 0, 0);
  store_at(b, 4, 0x3008);
  b.emit(MOVI, 1, 0, 0, kTimeBase).emit(LOAD32, 5, 1, 0, 0);
  store_at(b, 5, 0x300C);
  b.emit(HALT);
  poke(*m, kSysinfoBase, 0x5A);  // RAM under SYSINFO
  run(*m, b);
  EXPECT_EQ(word(*m, 0x3000), 0x5Au);
  EXPECT_EQ(word(*m, 0x3004), sysinfo::kMagic);
  EXPECT_EQ(word(*m, 0x3008), 0xAB00u);
  EXPECT_EQ(word(*m, 0x300C), 1u);
  EXPECT_EQ(word(*m, kFbAliasBase + 8), 0u);  // the alias shadows RAM: nothing written there
  EXPECT_EQ(m->framebuffer().pixels()[2], 0xAB00u);
}

TEST(LampMachine, InterruptFrameHoldsIpFlagsAndAllRegisters) {
  auto m = make();
  ProgramBuilder b;
  b.emit_to(MOVI, "isr", 20).emit(MOVI, 21, 0, 0, 7 * 8).emit(STORE32, 20, 21, 0, 0);
  for (uint8_t r = 0; r < 32; ++r) b.emit(MOVI, r, 0, 0, 0x100 + r);
  b.emit(CMPI, 0, 0, 0, 0x200);  // SF and CF
  b.emit(INTI, 0, 0, 0, 7).label("next").emit(HALT);
  b.label("isr").emit(HALT);
  run(*m, b);
  const Core& c = m->core(0);
  EXPECT_TRUE(c.in_interrupt);
  EXPECT_EQ(c.r[31], 7u);
  EXPECT_EQ(c.isp, 256u - 34);
  const uint32_t isr = kLegacyStackBase + kIsrStackOffset;
  EXPECT_EQ(isr, 0x1400u);
  EXPECT_EQ(word(*m, isr + 255 * 8), b.address_of("next"));
  EXPECT_EQ(word(*m, isr + 255 * 8 + 4), 0u);  // zero-extended to 64 bits
  EXPECT_EQ(word(*m, isr + 254 * 8), kSF | kCF);
  for (unsigned r = 0; r < 32; ++r) EXPECT_EQ(word(*m, isr + (253 - r) * 8), 0x100 + r) << r;
}

TEST(LampMachine, FloatAndDivisionEdgesAreDefined) {
  auto m = make();
  ProgramBuilder b;
  const uint32_t nan = 0x7FC00000;
  uint32_t slot = 0x3000;
  auto ftoi = [&](uint32_t bits) {
    b.emit(MOVI, 1, 0, 0, bits).emit(FTOI, 2, 1);
    store_at(b, 2, slot);
    slot += 4;
  };
  ftoi(f32(-2147483648.0f));
  ftoi(f32(2147483648.0f));
  ftoi(nan);
  ftoi(f32(-7.9f));
  b.emit(MOVI, 1, 0, 0, 0x80000000).emit(MOVI, 3, 0, 0, 0xFFFFFFFF).emit(DIV, 2, 1, 3);
  store_at(b, 2, 0x3010);
  b.emit(MOVI, 1, 0, 0, f32(1.0f)).emit(MOVI, 3, 0, 0, 0).emit(FDIV, 2, 1, 3);
  store_at(b, 2, 0x3014);
  b.emit(MOVI, 1, 0, 0, nan).emit(FCMP, 1, 1).emit(HALT);
  run(*m, b);
  EXPECT_EQ(word(*m, 0x3000), 0x80000000u);
  EXPECT_EQ(word(*m, 0x3004), 0u);
  EXPECT_EQ(word(*m, 0x3008), 0u);
  EXPECT_EQ(word(*m, 0x300C), static_cast<uint32_t>(-7));
  EXPECT_EQ(word(*m, 0x3010), 0x80000000u);
  EXPECT_EQ(word(*m, 0x3014), f32(INFINITY));
  EXPECT_EQ(m->core(0).flags & (kZF | kSF | kCF | kOF), kOF);  // FCMP with NaN
}

TEST(LampMachine, CpuContextPortsAndRegisterIndicesModulo32) {
  auto m = make();
  ProgramBuilder b;
  b.emit(MOVI, 1, 0, 0, 10).emit(MOVI, 2, 0, 0, 0xF1).emit(OUT, 1, 2);  // dsp = 10
  b.emit(MOVI, 3, 0, 0, 0xBEEF).emit(PUSH, 3);
  b.emit(MOVI, 33, 0, 0, 0x77);                // r33 is r1
  b.emit(MOVI, 2, 0, 0, 0xF5).emit(IN, 4, 2);  // data stack base
  b.emit(MOVI, 2, 0, 0, 0xF2).emit(MOVI, 5, 0, 0, 1).emit(OUT, 5, 2).emit(IN, 6, 2);
  b.emit(HALT);
  run(*m, b);
  const Core& c = m->core(0);
  EXPECT_EQ(c.dsp, 9u);
  EXPECT_EQ(word(*m, 0x1000 + 9 * 4), 0xBEEFu);
  EXPECT_EQ(c.r[1], 0x77u);
  EXPECT_EQ(c.r[4], 0x1000u);
  EXPECT_TRUE(c.irq_masked);
  EXPECT_EQ(c.r[6], 1u);
}

TEST(LampSmp, StacksComeFromThePoolAndOnlyTheBspStartsCores) {
  auto m = make(3);
  ProgramBuilder b;
  b.emit(CPUID, 1).emit_to(JNZ, "ap");
  b.emit(MOVI, 1, 0, 0, 1).emit_to(MOVI, "ap", 2).emit(STARTAP, 1, 2, 0, 0);
  b.label("wait")
      .emit(MOVI, 3, 0, 0, 0x3000)
      .emit(LDAR, 4, 3, 0, 0)
      .emit(CMPI, 4, 0, 0, 1)
      .emit_to(JNZ, "wait");
  b.emit(MOVI, 5, 0, 0, 0x3004).emit(LDAR, 6, 5, 0, 0);
  store_at(b, 6, 0x3008);
  b.emit(HALT);
  // Core 1: tries to start core 2 (ignored: not the BSP), then reports its call stack base.
  b.label("ap").emit(MOVI, 1, 0, 0, 2).emit_to(MOVI, "ap", 2).emit(STARTAP, 1, 2, 0, 0);
  b.emit(MOVI, 2, 0, 0, 0xF4).emit(IN, 7, 2);
  store_at(b, 7, 0x3004);
  b.emit(MOVI, 8, 0, 0, 1).emit(MOVI, 3, 0, 0, 0x3000).emit(STLR, 8, 3, 0, 0);
  b.label("park").emit(PAUSE).emit_to(JMP, "park");
  run(*m, b);
  EXPECT_EQ(m->stack_pool_base(), 0x03F70000u);
  EXPECT_EQ(word(*m, 0x3008), 0x03F70000u + 9216);
  EXPECT_EQ(m->core(2).cycles(), 0u);
}

// Four cores take a CAS spinlock around a plain LOAD32/INC/STORE32 counter after polling a flag
// with plain loads, then join through XADD and LDAR.
TEST(LampSmp, FourCoresCountUnderASpinlock) {
  auto m = make(4);
  ProgramBuilder b;
  b.emit(MOVI, 1, 0, 0, 1).emit_to(MOVI, "worker", 2);
  b.label("start").emit(STARTAP, 1, 2, 0, 0).emit(INC, 1).emit(CMPI, 1, 0, 0, 4).emit_to(JNZ, "start");
  b.emit(MOVI, 1, 0, 0, 0x3000).emit(MOVI, 9, 0, 0, 1).emit(STORE32, 9, 1, 0, 0x0C);  // go
  b.label("worker").emit(MOVI, 1, 0, 0, 0x3000).emit(MOVI, 3, 0, 0, 1000);
  b.label("go").emit(LOAD32, 9, 1, 0, 0x0C).emit(CMPI, 9, 0, 0, 1).emit_to(JNZ, "go");
  b.label("acquire").emit(MOVI, 10, 0, 0, 0).emit(MOVI, 11, 0, 0, 1).emit(CAS, 10, 1, 11, 0);
  b.emit_to(JNZ, "acquire");
  b.emit(LOAD32, 4, 1, 0, 4).emit(INC, 4).emit(STORE32, 4, 1, 0, 4);
  b.emit(MOVI, 12, 0, 0, 0).emit(STLR, 12, 1, 0, 0);
  b.emit(SUBI, 3, 3, 0, 1).emit_to(JNZ, "acquire");
  b.emit(MOVI, 5, 0, 0, 1).emit(XADD, 6, 1, 5, 8);
  b.emit(CPUID, 7).emit_to(JNZ, "park");
  b.label("join").emit(LDAR, 8, 1, 0, 8).emit(CMPI, 8, 0, 0, 4).emit_to(JNZ, "join").emit(HALT);
  b.label("park").emit(PAUSE).emit_to(JMP, "park");
  run(*m, b);
  EXPECT_EQ(m->run_control().reason(), StopReason::kPowerOff);
  EXPECT_EQ(word(*m, 0x3004), 4000u);
  EXPECT_EQ(word(*m, 0x3008), 4u);
  EXPECT_EQ(word(*m, 0x3000), 0u);  // the lock is free
}

// A fault on an AP while the BSP runs: the AP stops at the faulting load (rd untouched, the load
// counted) and the run ends as a panic.
TEST(LampSmp, AFaultOnAnApEndsTheRun) {
  auto m = make(2);
  ProgramBuilder b;
  b.emit(MOVI, 1, 0, 0, 1).emit_to(MOVI, "ap", 2).emit(STARTAP, 1, 2, 0, 0);
  b.label("spin").emit(MOVI, 3, 0, 0, 0x3000).emit(LOAD32, 4, 3, 0, 0).emit_to(JMP, "spin");
  b.label("ap").emit(MOVI, 2, 0, 0, 0x1234).emit(MOVI, 1, 0, 0, 0x04200000);
  b.label("load").emit(LOAD32, 2, 1, 0, 0).emit(HALT);
  run(*m, b);
  EXPECT_EQ(m->run_control().reason(), StopReason::kGuestPanic);
  EXPECT_FALSE(m->core(0).faulted());
  const Core& ap = m->core(1);
  EXPECT_EQ(ap.fault_message(), "READ32 out of bounds: 0x04200000");
  EXPECT_EQ(ap.r[2], 0x1234u);
  EXPECT_EQ(ap.cycles(), 3u);
  EXPECT_EQ(ap.last_ip, b.address_of("load"));
  EXPECT_EQ(ap.ip, b.address_of("load") + 8);
}

}  // namespace
}  // namespace microvm::lamp
