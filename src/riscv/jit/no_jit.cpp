// A build without a translator (no asmjit, or not an x86-64 host): the interpreter runs everything.
#include "riscv/jit/jit.h"

namespace microvm::riscv::jit {

bool available() { return false; }

JitMode default_mode() { return JitMode::kOff; }

std::unique_ptr<Jit> make(Hart&, JitMode, unsigned) { return nullptr; }

}  // namespace microvm::riscv::jit
