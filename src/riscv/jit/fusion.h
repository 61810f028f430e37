// Guest instruction pairs that translate to one host instruction. RV64 without Zba/Zbb extends a
// value with two shifts: slli rd, rs, 32; srli rd, rd, 32 is zext.w (srai: sext.w), by 48 a
// halfword and by 56 a byte. GCC schedules an instruction between them now and then (CRC loops:
// sll s10, a5, 48; addw a3, a3, -1; srl s10, s10, 48). As two shifts of a register in memory the
// pair is a store and a read-modify-write on the loop's path; as one it is a movzx.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "riscv/insn.h"

namespace microvm::riscv::jit {

// The 32-bit form of the instruction at slot `index` (compressed ones expanded).
uint32_t raw_bits(const DecodedPage& page, size_t index, unsigned len);

struct Extension {
  unsigned rd = 0, rs = 0;
  unsigned bits = 0;  // what is kept: 32, 16 or 8
  bool sign = false;  // srai
  // Between the two shifts: nothing, or one instruction that neither reads nor writes rd and
  // cannot jump (it runs after the extension instead of before its second half). Its opcode is one
  // that traps only when illegal: the caller checks that it is not.
  bool gap = false;
  unsigned lengths[3] = {};  // in bytes: the left shift, the instruction between (or 0), the right
};

// The extension starting at slot `index` (the left shift, at `len` bytes), when the next two
// instructions complete it inside the page.
bool find_extension(const DecodedPage& page, size_t index, unsigned len, Extension& out);

// A conditional branch over exactly one instruction that only computes, inline (an if-then of one
// instruction: CRC loops' beqz t, 1f; xor crc, crc, poly; 1:). Taken about half the time, such a
// branch mispredicts as often on the host; the translator runs the instruction and keeps or undoes
// its result with a cmov (Emitter::emit_skip).
struct Skip {
  uint32_t raw = 0;  // the instruction skipped (32-bit form)
  unsigned len = 0;  // its length in bytes
};
bool find_skip(const DecodedPage& page, size_t index, unsigned len, Skip& out);

// An if-else whose arms GCC made alike by duplicating the code after it into both (CRC loops:
// `beqz t, T; sll c, a4, 48; addw n, n, -1; srl c, c, 48; bnez n, A` with T's arm the same but
// for `a5`, its branch the opposite one, falling into A). Whichever arm runs, the same instructions
// run but for the first one's source register, and the same branch decides where they go on, so
// the translator runs one arm, choosing that register with a cmov (Emitter::emit_diamond).
struct ArmInsn {
  uint32_t raw = 0;  // 32-bit form
  unsigned len = 0;  // in bytes
  size_t slot = 0;
};
struct Diamond {
  // Instructions before each arm's branch: only ones that compute inline (rax and rcx their only
  // scratch registers), the first naming its result as neither source.
  static constexpr unsigned kMaxArm = 8;
  std::array<ArmInsn, kMaxArm + 1> taken{}, fall{};  // each arm, its branch last
  unsigned count = 0;                                // instructions in an arm, its branch included
};
bool find_diamond(const DecodedPage& page, size_t index, unsigned len, Diamond& out);

}  // namespace microvm::riscv::jit
