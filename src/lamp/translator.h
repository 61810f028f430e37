// The lamp translator: hot runs of register instructions (the `reg` flow of opcodes.h) and word
// loads and stores, ending in a direct jump, compiled to x86-64 host code (asmjit) and run in place
// of the interpreter. Loads and stores take the interpreter's fast path (RAM, no device, the MMU
// off, no watchpoint) inline; anything else leaves the block before the access, for the
// interpreter to make it. A block that jumps back to its own start loops in host code, looking at the
// core's attention word on every back edge as the interpreter does at every jump.
//
// Blocks check their own code: on entry and before each back edge the block compares the guest
// instruction words in RAM with the words it was translated from, and a block whose words changed
// is dropped. So no store path (this core's, other cores', DMA, the debugger, a snapshot restore)
// has to know about translations. Without asmjit or on another host there are no blocks
// (available() is false) and the interpreter runs everything.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace microvm {
class CodeCache;
}

namespace microvm::lamp {

class Core;

// What generated code reads and writes (its only argument, in rdi).
struct BlockFrame {
  uint32_t* regs = nullptr;       // Core::r
  const uint8_t* host = nullptr;  // guest RAM; the fetch window maps ip to host + ip
  const std::atomic<uint32_t>* attention = nullptr;
  const uint8_t* page_kinds = nullptr;  // Memory::page_kinds
  uint64_t count = 0;                   // instructions run (Core::cycles)
  uint32_t ip = 0;                      // out: where the core goes on
  uint32_t flags = 0;                   // in and out: the flags word, computed
  uint32_t stale = 0;                   // out: 1 when the block's words in RAM changed (nothing ran)
  uint32_t interpret = 0;               // out: 1 when the instruction at ip is the interpreter's to run
};
using BlockCode = void (*)(BlockFrame*);

// One decoded guest instruction of a block.
struct BlockInsn {
  uint64_t word;  // as in RAM
  uint8_t op, rd, rs1, rs2;
  uint32_t imm;
};

// The guest registers a translated instruction reads or writes, as a mask; nullopt for one that
// is not translated.
std::optional<uint32_t> registers_of(const BlockInsn& insn);
// The direct jumps, which end a block.
bool is_jump(uint8_t opcode);
// LOAD32, LOADX32, STORE32, STOREX32.
bool is_memory(uint8_t opcode);
bool is_store(uint8_t opcode);

class Translator {
 public:
  // Whether this build translates (asmjit on an x86-64 host).
  static bool available();

  Translator();
  ~Translator();
  Translator(const Translator&) = delete;
  Translator& operator=(const Translator&) = delete;

  // The interpreter asks at every jump target: true when a block starts at ip, or when ip has
  // now been reached often enough to translate one.
  bool ready(uint32_t ip, const Core& core) {
    const Entry& e = table_[index(ip)];
    if (e.ip == ip && e.code) [[likely]]
      return true;
    return note(ip, core);
  }
  // Runs blocks from core.ip, one after another, while the next one is translated and nothing
  // asks for the core's attention. Leaves ip, the flags and the count in the core.
  void run(Core& core);

  // What it did (for the tests).
  uint64_t translated() const { return translated_; }
  uint64_t dropped() const { return dropped_; }
  // Blocks given back to the interpreter because they mostly left it their loads or stores.
  uint64_t given_back() const { return given_back_; }

 private:
  // The instructions a block starting at ip would hold, read from the core's fetch window (empty
  // when the first one cannot be translated).
  static std::vector<BlockInsn> select(const Core& core, uint32_t ip);
  static constexpr unsigned kTableBits = 12;
  static constexpr uint32_t kHot = 32;       // jumps to a target before it is translated
  static constexpr uint32_t kRefused = ~0u;  // hits of a target that cannot be translated
  // A block that leaves a load or store to the interpreter on at least half of its entries, after
  // this many such ways out, runs slower than the interpreter alone (a loop drawing into the
  // framebuffer enters and leaves it every turn): it goes back to the interpreter.
  static constexpr uint32_t kOutsToGiveBack = 64;
  struct Entry {
    uint32_t ip = ~0u;
    uint32_t hits = 0;
    uint32_t bytes = 0;   // the block's length in guest bytes
    bool memory = false;  // it loads or stores (inline only while the core's accesses are direct)
    BlockCode code = nullptr;
    uint32_t runs = 0, outs = 0;  // entries, and ways out before a load or store (devices)
  };
  static size_t index(uint32_t ip) { return (ip >> 3) & ((1u << kTableBits) - 1); }
  bool note(uint32_t ip, const Core& core);
  // Host code for insns, in the cache; nullptr when the cache is full.
  BlockCode emit(const std::vector<BlockInsn>& insns, uint32_t ip);
  void flush();

  std::unique_ptr<Entry[]> table_;
  std::unique_ptr<CodeCache> cache_;
  uint64_t translated_ = 0, dropped_ = 0, given_back_ = 0;
};

}  // namespace microvm::lamp
