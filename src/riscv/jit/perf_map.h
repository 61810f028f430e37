// MICROVM_JIT_PERF_MAP=1: names translated blocks for Linux `perf` in /tmp/perf-<pid>.map (the
// format perf reads for JIT code: "start size name" per line), so that a profile of a guest run
// shows which guest code the translated samples belong to instead of one anonymous blob.
#pragma once

#include <cstddef>
#include <cstdint>

namespace microvm::riscv::jit {

// One line for a block translated from the guest's virtual address `pc`; nothing unless asked for.
void perf_map_add(const void* code, size_t size, uint64_t pc);
// The shared entry and exit code.
void perf_map_add_named(const void* code, size_t size, const char* name);

}  // namespace microvm::riscv::jit
