// What the translator reads of a block before it emits any code: where its instructions are, its
// loops and inner branch targets, and from those which guest registers deserve host registers
// inside it. Guesses about speed only: code that names a register in memory is still right.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "riscv/insn.h"

namespace microvm::riscv::jit {

// Instructions per translation: long enough for any straight run, short enough to translate fast.
constexpr unsigned kMaxInsns = 128;

// Which registers an instruction names (for the register maps' choice), each name counted
// `weight` times.
template <typename T>
void count_uses(uint32_t raw, T uses[32], T weight = 1);

// How far the block goes, up to its first jump or kMaxInsns; past a jump when a branch of the
// block targets the instruction after it (an else-path the compiler put after a loop's jump back
// or a return: a branch there stays inside the block instead of leaving it). Slots the interpreter
// has not run yet are decoded here (the translator would decode them anyway): a loop whose first
// passes left early, before its end was ever decoded, is still seen as a loop.
struct BlockShape {
  std::vector<int32_t> starts;          // each instruction's offset from the block's first
  std::vector<uint32_t> raws;           // and its bits
  std::vector<int32_t> branch_targets;  // of its branches and direct jumps, as offsets
  // [target, branch] of each branch back to its start or into it, and of a jal to its start.
  std::vector<std::pair<int32_t, int32_t>> loops;
  // The next instruction; false once the straight run ends with it (a jump).
  bool add(int32_t pc_off, uint32_t raw);
  // After a jump: whether the block goes on at next_pc_off (a forward target of its branches).
  bool resumes_at(int32_t next_pc_off) const;
};

BlockShape block_shape(Hart& hart, DecodedPage& page, size_t index);

// How much the block names each register: an instruction inside n of its loops counts 8^n times
// (a guess at how much more often it runs than the code around it; at most 8^4).
std::array<uint32_t, 32> loop_weighted_uses(const BlockShape& shape);

// Pairs (mapped guest, guest in memory) for a block with a loop (Emitter::localize): the registers
// it names most, as many as there are host registers, take the host registers of the mapped ones
// outside that set, the least named first.
std::vector<std::pair<unsigned, unsigned>> local_swaps(const BlockShape& shape,
                                                       const std::array<unsigned, 8>& mapped);

// The branch targets that are instructions of the block other than its first, forward or back:
// such a branch jumps there inside the block (Emitter::add_inner) instead of leaving it, so an
// if-then in a loop, or a loop that starts after the block does, stays in one block.
std::vector<int32_t> inner_targets(const BlockShape& shape);

}  // namespace microvm::riscv::jit
