#include "riscv/jit/jit.h"

#include <fmt/format.h>

#include <cstdlib>
#include <string_view>

#include "riscv/jit/runtime.h"

namespace microvm::riscv::jit {

bool available() { return true; }

JitMode default_mode() {
  const char* env = std::getenv("MICROVM_JIT");
  // Off by default until the whole test suite passes with it (e2e.monitor does not yet).
  return env != nullptr && std::string_view(env) == "on" ? JitMode::kOn : JitMode::kOff;
}

std::unique_ptr<Jit> make(Hart& hart, JitMode mode) {
  if (mode == JitMode::kOff) return nullptr;
  auto jit = std::make_unique<JitImpl>(hart, mode, cache_bytes());
  if (!jit->cache().ok()) {
    // Not a user mistake and not fatal: the interpreter runs everything.
    fmt::print(stderr, "microvm: no memory for translated code ({}); interpreting\n", jit->cache().error());
    return nullptr;
  }
  return jit;
}

}  // namespace microvm::riscv::jit
