#include "riscv/jit/jit.h"

#include <fmt/format.h>

#include <cstdlib>
#include <string_view>

#include "riscv/jit/runtime.h"

namespace microvm::riscv::jit {

bool available() { return true; }

JitMode default_mode() {
  // On where there is a translator; MICROVM_JIT=off makes the interpreter the default (to run a
  // test suite both ways); --jit decides over both.
  const char* env = std::getenv("MICROVM_JIT");
  return env != nullptr && std::string_view(env) == "off" ? JitMode::kOff : JitMode::kOn;
}

std::unique_ptr<Jit> make(Hart& hart, JitMode mode, unsigned hot) {
  if (mode == JitMode::kOff) return nullptr;
  auto jit = std::make_unique<JitImpl>(hart, mode, cache_bytes(), hot);
  if (!jit->ok()) {
    // Not a user mistake and not fatal: the interpreter runs everything.
    fmt::print(stderr, "microvm: no memory for translated code ({}); interpreting\n", jit->cache().error());
    return nullptr;
  }
  return jit;
}

}  // namespace microvm::riscv::jit
