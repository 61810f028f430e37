// What `microvm inspect` shows of a hart without building one.
#pragma once

#include <cstdint>

#include "core/snapshot.h"
#include "riscv/isa.h"

namespace microvm::riscv {

struct HartSummary {
  unsigned hartid = 0;
  uint64_t pc = 0;
  Priv priv = Priv::M;
  uint64_t instret = 0;
  bool halted = false, waiting = false;
};

// Reads the first fields of a hart's section (Hart::save writes them first).
HartSummary summarize_hart(SnapshotReader& in);

}  // namespace microvm::riscv
