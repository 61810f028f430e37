// Guest memory as a debugger sees it: through a hart's current translation (GDB and the
// monitor work on virtual addresses), falling back to the address as physical where the page
// tables map nothing; RAM and the boot ROM only, since reading a device register has side effects.
// Also the page-table walk the monitor prints. Call with the hart stopped.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "riscv/hart.h"

namespace microvm::riscv {

bool debug_read(Hart& hart, uint64_t address, size_t len, std::vector<uint8_t>& out, bool physical);
bool debug_write(Hart& hart, uint64_t address, const std::vector<uint8_t>& bytes, bool physical);

// The translation of `va` by `hart`'s satp, level by level, with each PTE's bits: the
// monitor's `walk`.
std::string describe_walk(Hart& hart, uint64_t va);
// The virtual address space `hart` sees now, as contiguous ranges (the monitor's `info mem`).
std::string describe_mappings(Hart& hart);

}  // namespace microvm::riscv
