#include "lamp/selftest.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "lamp/machine.h"
#include "lamp/program_builder.h"

namespace microvm::lamp {
namespace {

using namespace op;
constexpr uint32_t kResult = 0x3000;  // where the programs leave what the checks look at

struct Check {
  uint32_t address;
  uint32_t expected;
};

struct Selftest {
  std::string name;
  unsigned cores;
  int timeout_ms;
  std::function<void(ProgramBuilder&, std::vector<Check>&)> build;
};

// r[reg] = address of `label`, then IVT[vector] = r[reg] (the high word stays all-ones, which is
// not the all-ones "no handler" value as a whole).
void install_handler(ProgramBuilder& b, unsigned vector, const std::string& label) {
  b.emit_to(MOVI, label, 20).emit(MOVI, 21, 0, 0, vector * 8).emit(STORE32, 20, 21, 0, 0);
}
void store_result(ProgramBuilder& b, uint8_t reg, uint32_t address) {
  b.emit(MOVI, 29, 0, 0, address).emit(STORE32, reg, 29, 0, 0);
}
void wait_for_one(ProgramBuilder& b, uint32_t address, const std::string& loop) {
  b.emit(MOVI, 28, 0, 0, address)
      .label(loop)
      .emit(LOAD32, 27, 28, 0, 0)
      .emit(CMPI, 27, 0, 0, 1)
      .emit_to(JNZ, loop);
}

// Emits: setup; Jcc set; JMP next; set: ORI r10, bit; next:  and records whether it must be taken.
struct BranchRecorder {
  ProgramBuilder& b;
  uint32_t expected = 0;
  unsigned bit = 0;
  unsigned labels = 0;
  void test(uint8_t branch, bool taken) {
    const std::string set = "set" + std::to_string(labels), next = "next" + std::to_string(labels);
    ++labels;
    b.emit_to(branch, set).emit_to(JMP, next);
    b.label(set).emit(ORI, 10, 10, 0, 1u << bit);
    b.label(next);
    if (taken) expected |= 1u << bit;
    ++bit;
  }
};

std::vector<Selftest> all_tests() {
  std::vector<Selftest> t;
  t.push_back({"startap_cpuid", 2, 2000, [](ProgramBuilder& b, std::vector<Check>& c) {
                 b.emit(MOVI, 1, 0, 0, 1).emit_to(MOVI, "ap", 2).emit(STARTAP, 1, 2, 0, 0);
                 wait_for_one(b, kResult, "wait");
                 b.emit(HALT);
                 b.label("ap").emit(CPUID, 5).emit(MOVI, 6, 0, 0, kResult).emit(STORE32, 5, 6, 0, 0);
                 b.label("spin").emit(PAUSE).emit_to(JMP, "spin");
                 c.push_back({kResult, 1});
               }});
  t.push_back({"ipi", 2, 2500, [](ProgramBuilder& b, std::vector<Check>& c) {
                 install_handler(b, 5, "isr");
                 b.emit(MOVI, 1, 0, 0, 1).emit_to(MOVI, "ap", 2).emit(STARTAP, 1, 2, 0, 0);
                 wait_for_one(b, 0x3010, "w1");
                 b.emit(MOVI, 5, 0, 0, 5).emit(IPI, 1, 5);
                 wait_for_one(b, 0x3014, "w2");
                 b.emit(HALT);
                 b.label("ap").emit(MOVI, 1, 0, 0, 1).emit(MOVI, 2, 0, 0, 0x3010).emit(STORE32, 1, 2, 0, 0);
                 b.label("spin").emit(PAUSE).emit_to(JMP, "spin");
                 // No EOI: the ISR is re-entered after each IRET, harmlessly.
                 b.label("isr")
                     .emit(MOVI, 1, 0, 0, 1)
                     .emit(MOVI, 2, 0, 0, 0x3014)
                     .emit(STORE32, 1, 2, 0, 0)
                     .emit(IRET);
                 c.push_back({0x3010, 1});
                 c.push_back({0x3014, 1});
               }});
  t.push_back(
      {"relctrl", 1, 2000, [](ProgramBuilder& b, std::vector<Check>& c) {
         b.emit(MOVI, 10, 0, 0, 0).emit_to(RJMP, "fwd").emit(MOVI, 10, 0, 0, 0xBAD);
         b.label("fwd").emit(ORI, 10, 10, 0, 1).emit_to(RCALL, "sub").emit(ORI, 10, 10, 0, 4);
         b.emit(MOVI, 1, 0, 0, 0).emit(CMPI, 1, 0, 0, 0).emit_to(RJZ, "z").emit(ORI, 10, 10, 0, 0x100);
         b.label("z")
             .emit(ORI, 10, 10, 0, 8)
             .emit(CMPI, 1, 0, 0, 0)
             .emit_to(RJNZ, "bad")
             .emit(ORI, 10, 10, 0, 16);
         b.emit(MOVI, 2, 0, 0, 3);
         b.label("back").emit(ORI, 10, 10, 0, 32).emit(SUBI, 2, 2, 0, 1).emit_to(RJNZ, "back");
         b.label("done");
         store_result(b, 10, kResult);
         store_result(b, 2, kResult + 4);
         b.emit(HALT);
         b.label("bad").emit(ORI, 10, 10, 0, 0x200).emit_to(RJMP, "done");
         b.label("sub").emit(ORI, 10, 10, 0, 2).emit(RET);
         c.push_back({kResult, 63});
         c.push_back({kResult + 4, 0});
       }});
  t.push_back({"zero_branch_flags", 1, 2000, [](ProgramBuilder& b, std::vector<Check>& c) {
                 BranchRecorder r{b};
                 b.emit(MOVI, 10, 0, 0, 0).emit(MOVI, 1, 0, 0, 5).emit(MOVI, 9, 0, 0, 0x3100);
                 b.emit(MOVI, 2, 0, 0, 0x7FFFFFFF).emit(MOVI, 5, 0, 0, 0x80000000).emit(MOVI, 6, 0, 0, 1);
                 auto sub_zero = [&] { b.emit(SUB, 3, 1, 1); };  // ZF=1 SF=0 OF=0 CF=0
                 sub_zero(), r.test(JZ, true);
                 sub_zero(), r.test(JG, false);
                 sub_zero(), r.test(JGE, true);
                 sub_zero(), r.test(JLE, true);
                 sub_zero(), r.test(JL, false);
                 // LOAD keeps CF: CMPI 5,6 sets CF (and SF), then a zero byte gives ZF and clears SF.
                 auto load_zero = [&] { b.emit(CMPI, 1, 0, 0, 6).emit(LOAD, 4, 9, 0, 0); };
                 load_zero(), r.test(JC, true);
                 load_zero(), r.test(JZ, true);
                 b.emit(CMPI, 1, 0, 0, 6).emit(MOV, 4, 0), r.test(JNC, true);  // LOGIC clears CF
                 b.emit(XOR, 4, 1, 1), r.test(JNZ, false);
                 // 0x7FFFFFFF + 1: SF=1 and OF=1; the original's masked compare makes GE false, L true.
                 auto overflow = [&] { b.emit(ADD, 4, 2, 6); };
                 overflow(), r.test(JGE, false);
                 overflow(), r.test(JL, true);
                 // INT_MIN + INT_MIN = 0: CF and ZF, but OF stays clear (the r == 0 edge).
                 auto wrap_zero = [&] { b.emit(ADD, 4, 5, 5); };
                 wrap_zero(), r.test(JZ, true);
                 wrap_zero(), r.test(JC, true);
                 wrap_zero(), r.test(JL, false);
                 wrap_zero(), r.test(JGE, true);
                 store_result(b, 10, kResult);
                 b.emit(HALT);
                 c.push_back({kResult, r.expected});
               }});
  t.push_back({"callr_unused_fields", 1, 2000, [](ProgramBuilder& b, std::vector<Check>& c) {
                 b.emit(MOVI, 10, 0, 0, 0);
                 b.emit_to(MOVI, "target", 5, 7, 9);  // junk in rs1/rs2
                 b.emit(CALLR, 5, 3, 4, 0xDEADBEEF);  // junk in rs1/rs2/imm
                 b.emit(ORI, 10, 10, 0, 2);
                 store_result(b, 10, kResult);
                 b.emit(MOVI, 7, 0, 0, 0xF0).emit(IN, 6, 7, 0x11, 0x55);  // csp back at 256
                 store_result(b, 6, kResult + 4);
                 b.emit(CPUID, 8, 0x12, 0x13, 0x14);
                 store_result(b, 8, kResult + 8);
                 b.emit(HALT, 1, 2, 3, 4);
                 b.label("target").emit(ORI, 10, 10, 0, 1).emit(RET, 7, 8, 9, 0x1234);
                 c.push_back({kResult, 3});
                 c.push_back({kResult + 4, 256});
                 c.push_back({kResult + 8, 0});
               }});
  t.push_back(
      {"atomic_conformance", 2, 2500, [](ProgramBuilder& b, std::vector<Check>& c) {
         b.emit(MOVI, 11, 0, 0, 0).emit(MOVI, 1, 0, 0, 0x3100);
         b.emit(MOVI, 2, 0, 0, 0).emit(MOVI, 3, 0, 0, 7).emit(CAS, 2, 1, 3, 0);  // succeeds
         b.emit_to(RJZ, "ok1").emit(ORI, 11, 11, 0, 1).label("ok1");
         store_result(b, 2, kResult);
         b.emit(MOVI, 2, 0, 0, 1).emit(CAS, 2, 1, 3, 0);  // fails, observes 7
         b.emit_to(RJNZ, "ok2").emit(ORI, 11, 11, 0, 2).label("ok2");
         store_result(b, 2, kResult + 4);
         b.emit(MOVI, 5, 0, 0, 0x55).emit(XCHG, 4, 1, 5, 0);
         store_result(b, 4, kResult + 8);
         b.emit(MOVI, 7, 0, 0, 0x10).emit(XADD, 6, 1, 7, 0);
         store_result(b, 6, kResult + 12);
         b.emit(LDAR, 8, 1, 0, 0);
         store_result(b, 8, kResult + 16);
         b.emit(MOVI, 9, 0, 0, 0x1234).emit(STLR, 9, 1, 0, 0).emit(FENCE).emit(LOAD32, 12, 1, 0, 0);
         store_result(b, 12, kResult + 20);
         store_result(b, 11, kResult + 24);
         // Both cores add 1 to one word 20000 times each.
         b.emit(MOVI, 1, 0, 0, 1).emit_to(MOVI, "worker", 2).emit(STARTAP, 1, 2, 0, 0);
         b.label("worker").emit(MOVI, 1, 0, 0, 0x3200).emit(MOVI, 2, 0, 0, 1).emit(MOVI, 3, 0, 0, 20000);
         b.label("loop").emit(XADD, 4, 1, 2, 0).emit(SUBI, 3, 3, 0, 1).emit_to(JNZ, "loop");
         b.emit(MOVI, 5, 0, 0, 0x3204).emit(XADD, 4, 5, 2, 0);
         b.emit(CPUID, 6).emit_to(JNZ, "park");
         b.label("join").emit(LDAR, 7, 5, 0, 0).emit(CMPI, 7, 0, 0, 2).emit_to(JNZ, "join").emit(HALT);
         b.label("park").emit(PAUSE).emit_to(JMP, "park");
         c.insert(c.end(), {{kResult, 0},
                            {kResult + 4, 7},
                            {kResult + 8, 7},
                            {kResult + 12, 0x55},
                            {kResult + 16, 0x65},
                            {kResult + 20, 0x1234},
                            {kResult + 24, 0},
                            {0x3200, 40000}});
       }});
  t.push_back(
      {"div0_interrupt_conformance", 1, 2000, [](ProgramBuilder& b, std::vector<Check>& c) {
         install_handler(b, 1, "isr");
         b.emit(MOVI, 1, 0, 0, 100).emit(MOVI, 2, 0, 0, 0).emit(MOVI, 3, 0, 0, 0x77);
         b.emit(DIV, 3, 1, 2).label("after_div");
         store_result(b, 3, kResult + 8);
         b.emit(MOD, 3, 1, 2).label("after_mod");
         store_result(b, 3, kResult + 12);
         b.emit(MOVI, 4, 0, 0, 0x80000000).emit(MOVI, 5, 0, 0, 0xFFFFFFFF);
         b.emit(DIV, 6, 4, 5).emit(MOD, 7, 4, 5);
         store_result(b, 6, kResult + 16);
         store_result(b, 7, kResult + 20);
         b.emit(HALT);
         // Count entries; record the saved ip (top ISR slot of the legacy stack, 0x1BF8); EOI 1.
         b.label("isr").emit(MOVI, 20, 0, 0, kResult).emit(LOAD32, 21, 20, 0, 0).emit(ADDI, 21, 21, 0, 1);
         b.emit(STORE32, 21, 20, 0, 0).emit(SHLI, 22, 21, 0, 2);
         b.emit(MOVI, 23, 0, 0, 0x1BF8).emit(LOAD32, 24, 23, 0, 0).emit(STOREX32, 24, 22, 20, 0x1C);
         b.emit(MOVI, 25, 0, 0, kIntcBase + 0x500).emit(MOVI, 26, 0, 0, 1).emit(STORE32, 26, 25, 0, 0);
         b.emit(IRET);
         c.insert(c.end(), {{kResult, 2},
                            {kResult + 8, 0x77},
                            {kResult + 12, 0x77},
                            {kResult + 16, 0x80000000},
                            {kResult + 20, 0},
                            {kResult + 0x20, b.address_of("after_div")},
                            {kResult + 0x24, b.address_of("after_mod")}});
       }});
  t.push_back(
      {"load16_signext_conformance", 1, 2000, [](ProgramBuilder& b, std::vector<Check>& c) {
         b.emit(MOVI, 11, 0, 0, 0).emit(MOVI, 1, 0, 0, 0x3100);
         b.emit(MOVI, 2, 0, 0, 0xFF80)
             .emit(STORE16, 2, 1, 0, 0)
             .emit(MOVI, 3, 0, 0, 0x7F)
             .emit(STORE, 3, 1, 0, 2);
         b.emit(LOAD16, 4, 1, 0, 0).emit_to(RJGE, "ge").emit(ORI, 11, 11, 0, 0x10).label("ge");
         b.emit(LOADS16, 5, 1, 0, 0).emit_to(RJL, "l").emit(ORI, 11, 11, 0, 0x20).label("l");
         b.emit(LOADS8, 6, 1, 0, 0).emit(LOAD, 7, 1, 0, 0).emit(LOADS8, 8, 1, 0, 2).emit(LOADS16, 9, 1, 0, 2);
         store_result(b, 4, kResult);
         store_result(b, 5, kResult + 4);
         store_result(b, 6, kResult + 8);
         store_result(b, 7, kResult + 12);
         store_result(b, 8, kResult + 16);
         store_result(b, 9, kResult + 20);
         store_result(b, 11, kResult + 24);
         b.emit(HALT);
         c.insert(c.end(), {{kResult, 0xFF80},
                            {kResult + 4, 0xFFFFFF80},
                            {kResult + 8, 0xFFFFFF80},
                            {kResult + 12, 0x80},
                            {kResult + 16, 0x7F},
                            {kResult + 20, 0x7F},
                            {kResult + 24, 0}});
       }});
  t.push_back({"indexed_rw_width_conformance", 1, 2000, [](ProgramBuilder& b, std::vector<Check>& c) {
                 b.emit(MOVI, 1, 0, 0, 0x3100).emit(MOVI, 2, 0, 0, 0x10).emit(MOVI, 3, 0, 0, 0xAA);
                 b.emit(MEMSET, 1, 3, 0, 32).emit(MOVI, 4, 0, 0, 0x11223344);
                 b.emit(STOREX, 4, 1, 2, 0).emit(STOREX16, 4, 1, 2, 4).emit(STOREX32, 4, 1, 2, 8);
                 b.emit(LOADX32, 5, 1, 2, 0).emit(LOADX32, 6, 1, 2, 4).emit(LOADX32, 7, 1, 2, 8);
                 b.emit(LOADX, 8, 1, 2, 9).emit(LOADX16, 9, 1, 2, 10).emit(LOADX16, 12, 1, 2, 6);
                 store_result(b, 5, kResult);
                 store_result(b, 6, kResult + 4);
                 store_result(b, 7, kResult + 8);
                 store_result(b, 8, kResult + 12);
                 store_result(b, 9, kResult + 16);
                 store_result(b, 12, kResult + 20);
                 b.emit(HALT);
                 c.insert(c.end(), {{kResult, 0xAAAAAA44},
                                    {kResult + 4, 0xAAAA3344},
                                    {kResult + 8, 0x11223344},
                                    {kResult + 12, 0x33},
                                    {kResult + 16, 0x1122},
                                    {kResult + 20, 0xAAAA},
                                    {0x311C, 0xAAAAAAAA}});
               }});
  t.push_back({"relcond_extended_conformance", 1, 2000, [](ProgramBuilder& b, std::vector<Check>& c) {
                 BranchRecorder r{b};
                 b.emit(MOVI, 10, 0, 0, 0).emit(MOVI, 1, 0, 0, 5).emit(MOVI, 2, 0, 0, 0x7FFFFFFF);
                 b.emit(MOVI, 3, 0, 0, 1).emit(MOVI, 5, 0, 0, 0x80000000);
                 struct State {
                   std::function<void()> setup;
                   bool g, ge, l, le, c;
                 };
                 const State states[] = {
                     {[&] { b.emit(CMPI, 1, 0, 0, 3); }, true, true, false, false, false},  // 5-3
                     {[&] { b.emit(CMPI, 1, 0, 0, 7); }, false, false, true, true, true},   // 5-7: SF, CF
                     {[&] { b.emit(ADD, 4, 2, 3); }, false, false, true, true, false},      // SF and OF
                     {[&] { b.emit(SUBI, 4, 5, 0, 1); }, false, false, true, true, false},  // OF only
                     {[&] { b.emit(CMPI, 1, 0, 0, 5); }, false, true, false, true, false},  // equal
                 };
                 for (const State& s : states) {
                   s.setup(), r.test(RJG, s.g);
                   s.setup(), r.test(RJGE, s.ge);
                   s.setup(), r.test(RJL, s.l);
                   s.setup(), r.test(RJLE, s.le);
                   s.setup(), r.test(RJC, s.c);
                   s.setup(), r.test(RJNC, !s.c);
                 }
                 store_result(b, 10, kResult);
                 b.emit(HALT);
                 c.push_back({kResult, r.expected});
               }});
  t.push_back({"inti_imm_conformance", 1, 2000, [](ProgramBuilder& b, std::vector<Check>& c) {
                 install_handler(b, 6, "isr");
                 b.emit(MOVI, 31, 0, 0, 0x1234).emit(INTI, 1, 2, 3, 6);  // junk in rd/rs1/rs2
                 store_result(b, 31, kResult + 8);
                 b.emit(INTI, 0, 0, 0, 300).emit(MOVI, 1, 0, 0, 1);  // >= 256: ignored
                 store_result(b, 1, kResult + 12);
                 b.emit(INTI, 0, 0, 0, 7).emit(MOVI, 1, 0, 0, 2);  // no handler: ignored
                 store_result(b, 1, kResult + 16);
                 b.emit(MOVI, 5, 0, 0, 6).emit(INT, 5);
                 b.emit(HALT);
                 // r31 = vector; the frame's lowest slot (222 on the legacy ISR stack) holds the old r31.
                 b.label("isr");
                 store_result(b, 31, kResult);
                 b.emit(MOVI, 20, 0, 0, 0x1400 + 222 * 8).emit(LOAD32, 21, 20, 0, 0);
                 store_result(b, 21, kResult + 4);
                 b.emit(MOVI, 20, 0, 0, kResult + 20)
                     .emit(LOAD32, 21, 20, 0, 0)
                     .emit(INC, 21)
                     .emit(STORE32, 21, 20, 0, 0);
                 b.emit(IRET);
                 c.insert(c.end(), {{kResult, 6},
                                    {kResult + 4, 0x1234},
                                    {kResult + 8, 0x1234},
                                    {kResult + 12, 1},
                                    {kResult + 16, 2},
                                    {kResult + 20, 2}});
               }});
  return t;
}

bool run_one(const Selftest& test, const SelftestOptions& options) {
  MachineConfig config;
  config.smp = test.cores;
  config.disk_path = options.disk_path;
  config.create_disk = options.create_disk;
  Machine m(config);
  ProgramBuilder b;
  std::vector<Check> checks;
  test.build(b, checks);
  if (const std::optional<std::string> error = m.load(b.build())) {
    std::printf("[selftest] %s: %s\n", test.name.c_str(), error->c_str());
    return false;
  }
  m.start();
  // Poll every 1 ms until the VM stops; a timeout just halts it, and the checks decide.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(test.timeout_ms);
  while (!m.run_control().wait_for_stop(std::chrono::milliseconds(1))) {
    if (std::chrono::steady_clock::now() >= deadline) m.halt();
  }
  m.join();
  if (m.run_control().reason() == StopReason::kGuestPanic) return false;
  bool ok = true;
  for (const Check& check : checks) {
    uint32_t value;
    std::memcpy(&value, m.memory().host() + check.address, 4);
    if (value != check.expected) {
      std::printf("[selftest] %s: word at 0x%08x is 0x%08x, expected 0x%08x\n", test.name.c_str(),
                  check.address, value, check.expected);
      ok = false;
    }
  }
  return ok;
}

}  // namespace

std::vector<std::string> selftest_names() {
  std::vector<std::string> names;
  for (const Selftest& t : all_tests()) names.push_back(t.name);
  return names;
}

bool run_selftest(const std::string& name, const SelftestOptions& options) {
  for (const Selftest& t : all_tests()) {
    if (t.name == name) return run_one(t, options);
  }
  return false;
}

int run_selftests(const SelftestOptions& options) {
  std::vector<std::pair<std::string, bool>> results;
  for (const Selftest& t : all_tests()) results.emplace_back(t.name, run_one(t, options));
  bool all = true;
  for (const auto& [name, pass] : results) {
    std::printf("[selftest] %s: %s\n", name.c_str(), pass ? "PASS" : "FAIL");
    all = all && pass;
  }
  std::fflush(stdout);
  return all ? 0 : 1;
}

}  // namespace microvm::lamp
