// A hart on its own RAM at 0x8000'0000, with the translator on or off: translated runs are
// compared with interpreted ones of the same program (jit_test.cpp, decoded_pages_test.cpp).
#pragma once

#include <cstdint>

#include "core/bus.h"
#include "core/clock.h"
#include "core/ram.h"
#include "core/run_control.h"
#include "riscv/hart.h"
#include "riscv/reservations.h"

namespace microvm::riscv {

struct JitMachine {
  static constexpr uint64_t kBase = 0x8000'0000;
  // `harts`: how many harts' reservations RAM keeps (a second one's, for stores to break).
  explicit JitMachine(JitMode mode, unsigned harts = 1, uint64_t ram_bytes = 1 << 20)
      : ram{kBase, ram_bytes},
        reservations{ram, harts},
        hart(config(mode), bus, clock, run_control, reservations) {}
  static HartConfig config(JitMode mode) {
    HartConfig c;
    c.jit = mode;
    c.jit_hot = 8;  // the tests' loops are short: their blocks are translated by their 8th entry
    return c;
  }
  Ram ram;
  Bus bus{ram};
  Clock clock{10'000'000};
  RunControl run_control;
  Reservations reservations;
  Hart hart;
};

}  // namespace microvm::riscv
