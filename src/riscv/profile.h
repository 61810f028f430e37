// The guest profile (--profile): where each hart spends its instructions. The run loop hands
// over the pc each block of up to 1024 instructions starts at, weighted by what that block
// retired: a sample every block, deterministic, and a null test per block when off. At exit the
// samples become a flat profile by function (symbols from the ELF, System.map or vmlinux).
//
// With --profile-folded the run loop also samples call stacks, every kStackInterval instructions:
// the pc, then the return addresses found by walking the frame-pointer chain (s0; the return
// address at fp-8 and the caller's fp at fp-16, as GCC and Clang lay frames out for RISC-V),
// or just ra when there is no chain. They are written as folded stacks (`a;b;c count`) for
// flame-graph tools.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/symbols.h"
#include "riscv/isa.h"

namespace microvm::riscv {

struct HartProfile {
  std::unordered_map<uint64_t, uint64_t> pcs;  // block start pc -> instructions
  uint64_t by_priv[4] = {};                    // instructions per privilege level
  uint64_t traps[16] = {}, interrupts[16] = {};
  void add(uint64_t pc, Priv priv, uint64_t instructions) {
    pcs[pc] += instructions;
    by_priv[static_cast<unsigned>(priv)] += instructions;
  }
  void trap(uint64_t cause, bool interrupt) { (interrupt ? interrupts : traps)[cause & 15]++; }

  static constexpr uint64_t kStackInterval = 10000;
  bool stacks_on = false;
  uint64_t next_stack = 0;                           // the instruction count of the next sample
  std::map<std::vector<uint64_t>, uint64_t> stacks;  // innermost first -> samples
};

class Profile {
 public:
  explicit Profile(unsigned harts) : harts_(harts) {}
  HartProfile& hart(unsigned h) { return harts_.at(h); }

  struct Row {
    std::string function;
    uint64_t instructions;
  };
  // The functions of one hart (or of every hart: `hart` < 0), hottest first.
  std::vector<Row> functions(int hart, const Symbols& symbols) const;
  // The flat profile, `top` functions per hart, for people.
  void print(std::FILE* out, const Symbols& symbols, unsigned top) const;
  // Every function of every hart, tab-separated with a header line, for scripts.
  void write_table(std::FILE* out, const Symbols& symbols) const;
  // The sampled call stacks as folded stacks, outermost first, each under its hart
  // ("hart0;main;work 12").
  void write_folded(std::FILE* out, const Symbols& symbols) const;
  void sample_stacks(bool on) {
    for (HartProfile& h : harts_) h.stacks_on = on;
  }

 private:
  std::vector<HartProfile> harts_;
};

}  // namespace microvm::riscv
