// Builds without asmjit or on a host other than x86-64: no lamp blocks, the interpreter runs
// everything (Core never makes a Translator when available() is false).
#include "lamp/translator.h"

namespace microvm::lamp {

bool Translator::available() { return false; }

BlockCode Translator::emit(const std::vector<BlockInsn>&, uint32_t) { return nullptr; }

}  // namespace microvm::lamp
