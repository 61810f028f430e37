// A hart's side of the instruction trace (--trace, riscv/trace.h): the tracer it reports to, and
// what the instruction being traced stored and which trap it took, printed after its line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace microvm::riscv {

class Tracer;

struct HartTrace {
  Tracer* tracer = nullptr;  // nullptr: not traced
  bool in_insn = false;      // an instruction is being traced now
  std::string writes;
  struct Trap {
    uint64_t cause, tval, epc;
    bool interrupt;
  };
  std::optional<Trap> trap;
};

}  // namespace microvm::riscv
