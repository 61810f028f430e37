// A hart on 8 MiB of RAM at 0x8000'0000 and nothing else, for tests that drive it directly:
// decode and run single instructions, read and write CSRs, walk page tables.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>

#include "core/bus.h"
#include "core/clock.h"
#include "core/ram.h"
#include "core/run_control.h"
#include "riscv/decode.h"
#include "riscv/hart.h"
#include "riscv/reservations.h"

namespace microvm::riscv {

class HartTest : public ::testing::Test {
 protected:
  static constexpr uint64_t kRamBase = 0x8000'0000;
  static constexpr uint64_t kRamSize = 8 << 20;

  // Decodes `raw` (a 16-bit instruction in the low half when its low bits are not 11) and runs
  // it once at the current pc.
  void run(uint32_t raw) {
    Insn insn;
    decode(raw, insn);
    hart.execute_alone(insn);
  }

  uint64_t read64(uint64_t pa) {
    uint64_t value = 0;
    ram.read(pa, &value, 8);
    return value;
  }
  void write64(uint64_t pa, uint64_t value) { ram.write(pa, &value, 8); }

  Ram ram{kRamBase, kRamSize};
  Bus bus{ram};
  Clock clock{10'000'000};
  RunControl run_control;
  Reservations reservations{ram, 1};
  Hart hart{HartConfig{}, bus, clock, run_control, reservations};
};

}  // namespace microvm::riscv
