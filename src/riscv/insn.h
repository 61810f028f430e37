// A decoded instruction: its handler and unpacked operands, 16 bytes so a page of them (one per
// halfword, for the C extension) stays at 32 KiB. Semantics live in the exec_*.cpp files.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace microvm::riscv {

class Hart;
struct Insn;
using Handler = void (*)(Hart&, const Insn&);

// The byte-sized fields are not `unsigned char` on purpose: a char type may alias anything, so the
// compiler would reload every operand after each store to a register. A distinct type lets it
// keep them in host registers.
enum InsnByte : uint8_t {};

struct Insn {
  Handler fn;
  int32_t imm;  // immediate; CSR number; for FP: rm, and rs3 in bits 8..12
  InsnByte rd;  // kZeroSink when the instruction writes x0
  InsnByte rs1;
  InsnByte rs2;
  InsnByte len;  // 2 or 4
};
static_assert(sizeof(Insn) == 16);

// Instructions that write x0 write x[kZeroSink] instead, so handlers never test rd == 0.
constexpr InsnByte kZeroSink = static_cast<InsnByte>(32);

// Decoded instructions of one physical 4 KiB page, decoded lazily (slot by slot) from a private
// copy of the page's bytes, which is also what fence.i compares memory against.
struct DecodedPage {
  static constexpr unsigned kSlots = 2048;
  // Two sentinels follow the last slot: straight-line code that runs off the page (from the last
  // halfword, or a 32-bit instruction in the last word or straddling into the next page) reaches
  // one of them and leaves the block.
  static constexpr unsigned kSentinels = 2;
  uint64_t pa = 0;
  // The RAM's code generation of this page (Ram::code_generations), which `generation` must
  // equal for the slots to be current: translated code compares them without an index.
  const std::atomic<uint32_t>* ram_generation = nullptr;
  uint32_t generation = 0;
  bool verify = false;
  // Changes whenever the slots start over: translated code is keyed by it.
  uint64_t incarnation = 0;
  std::array<Insn, kSlots + kSentinels> insns;
  std::array<uint8_t, 4096> bytes;
};

}  // namespace microvm::riscv
