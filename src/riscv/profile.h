// The guest profile (--profile): where each hart spends its instructions. The run loop hands
// over the pc each block of up to 1024 instructions starts at, weighted by what that block
// retired: a sample every block, deterministic, and a null test per block when off. At exit the
// samples become a flat profile by function (symbols from the ELF, System.map or vmlinux).
#pragma once

#include <cstdint>
#include <cstdio>
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

 private:
  std::vector<HartProfile> harts_;
};

}  // namespace microvm::riscv
