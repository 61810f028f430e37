// The translator's look at a block before it emits code (src/riscv/jit/block_shape.h): its loops,
// the weight of each register, which registers a loop borrows host registers for, and which
// branch targets stay inside the block.
#ifdef MICROVM_HAVE_JIT
#include "riscv/jit/block_shape.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "jit_machine.h"
#include "riscv/decoded_pages.h"
#include "riscv/encoding.h"
#include "riscv/jit/hooks.h"

namespace microvm::riscv::jit {
namespace {

uint32_t addi(unsigned rd, unsigned rs1, int32_t imm) { return enc::i_type(0x13, rd, 0, rs1, imm); }
uint32_t add(unsigned rd, unsigned rs1, unsigned rs2) { return enc::r_type(0x33, rd, 0, rs1, rs2, 0); }
uint32_t bne(unsigned rs1, unsigned rs2, int32_t offset) { return enc::b_type(0x63, 1, rs1, rs2, offset); }

BlockShape shape_of(const std::vector<uint32_t>& raws) {
  BlockShape shape;
  int32_t pc_off = 0;
  for (uint32_t raw : raws) {
    const bool straight_on = shape.add(pc_off, raw);
    pc_off += 4;
    if (!straight_on && !shape.resumes_at(pc_off)) break;
  }
  return shape;
}

// The default map: sp, s0, a0-a5.
constexpr std::array<unsigned, 8> kDefault{2, 8, 10, 11, 12, 13, 14, 15};

// A nest as a compiler leaves it: the inner loop names t3-t6, s9-s11 and a6, the outer one a0, a1.
const std::vector<uint32_t> kNest = {
    addi(31, 0, 5),                            // 0: t6 = 5
    addi(29, 0, 7),                            // 4: outer: t4 = 7
    add(28, 28, 29),                           // 8: inner: t3 += t4
    add(30, 28, 31),                           // 12
    add(25, 25, 30),                           // 16
    add(26, 26, 28),                           // 20
    add(27, 27, 25),                           // 24
    add(16, 16, 26),                           // 28
    addi(29, 29, -1),                          // 32
    bne(29, 0, -28),                           // 36: to inner (8)
    add(10, 10, 28),                           // 40: a0 += t3
    add(11, 11, 25),                           // 44: a1 += s9
    addi(31, 31, -1),        bne(31, 0, -48),  // 48, 52: to outer (4)
    enc::j_type(0x6F, 0, 0),                   // 56: the block's end
};

TEST(BlockShape, FindsLoopsAndBranchTargetsInsideTheBlock) {
  const BlockShape shape = shape_of(kNest);
  EXPECT_EQ(shape.starts.size(), 15u);  // through the jal, which ends it
  ASSERT_EQ(shape.loops.size(), 2u);
  EXPECT_EQ(shape.loops[0], (std::pair<int32_t, int32_t>{8, 36}));
  EXPECT_EQ(shape.loops[1], (std::pair<int32_t, int32_t>{4, 52}));
  EXPECT_EQ(inner_targets(shape), (std::vector<int32_t>{4, 8, 56}));  // 56: the jal to itself
  // A target that is not an instruction start (the middle of one), past the block's end, or its
  // first instruction (a loop to the start, which the block's entry serves) is not inside.
  const BlockShape odd =
      shape_of({addi(5, 5, 1), bne(5, 0, 6), bne(5, 0, 400), bne(5, 0, -12), addi(6, 6, 1)});
  EXPECT_EQ(inner_targets(odd), std::vector<int32_t>{});
  ASSERT_EQ(odd.loops.size(), 1u);
  EXPECT_EQ(odd.loops[0], (std::pair<int32_t, int32_t>{0, 12}));
}

TEST(BlockShape, GoesOnPastAJumpOnlyToWhatAnEarlierBranchTargets) {
  // bne to 16 (after the jal at 12): the block goes on there (its jal back to 8 is an inner jump);
  // past the second jal nothing targets 24 (the bne to 28 comes after it), so it ends there.
  const uint32_t jal_back = enc::j_type(0x6F, 0, -12), jal_out = enc::j_type(0x6F, 0, 100);
  const BlockShape shape = shape_of({addi(5, 5, 1), bne(5, 0, 12), addi(6, 6, 1), jal_out,  // 0-12
                                     addi(7, 7, 1), jal_back,                               // 16, 20
                                     bne(5, 0, 4), addi(8, 8, 1)});                         // 24, 28
  EXPECT_EQ(shape.starts, (std::vector<int32_t>{0, 4, 8, 12, 16, 20}));
  EXPECT_TRUE(shape.resumes_at(16));
  EXPECT_FALSE(shape.resumes_at(24));
  EXPECT_EQ(inner_targets(shape), (std::vector<int32_t>{8, 16}));
}

// A block can turn hot while the interpreter has run only part of it: the first passes of a loop
// took an early exit (SHA-256's first 16 rounds load the message, the later ones compute it), so
// the later slots were never decoded. The shape decodes them itself: built from the decoded slots
// alone, it ended at the first undecoded one and missed the loop, and the block ran a third slower
// on every pass after (the loop left and re-entered the block instead of staying inside it).
TEST(BlockShape, DecodesWhatTheInterpreterHasNotRunYet) {
  JitMachine m(JitMode::kOn);
  ASSERT_TRUE(m.ram.write(JitMachine::kBase, kNest.data(), 4 * kNest.size()));
  DecodedPageCache cache(m.ram, JitHooks::decode_slot_handler(), JitHooks::decode_slot_handler());
  bool started_over = false;
  DecodedPage& page = *cache.get(JitMachine::kBase, started_over);
  ASSERT_TRUE(JitHooks::decode_in_place(m.hart, page, 0));  // only the first ran
  ASSERT_EQ(page.insns[2].fn, JitHooks::decode_slot_handler());
  const BlockShape shape = block_shape(m.hart, page, 0);
  const BlockShape whole = shape_of(kNest);
  EXPECT_EQ(shape.starts, whole.starts);
  EXPECT_EQ(shape.raws, whole.raws);
  EXPECT_EQ(shape.loops, whole.loops);
  EXPECT_NE(page.insns[2].fn, JitHooks::decode_slot_handler());
}

TEST(BlockShape, WeighsEachRegisterByTheLoopsAroundIt) {
  const std::array<uint32_t, 32> uses = loop_weighted_uses(shape_of(kNest));
  EXPECT_EQ(uses[29], 1u * 8 + 4 * 64);              // t4: set in the outer loop, four names in the inner
  EXPECT_EQ(uses[28], 4u * 64 + 8);                  // t3: three names inside, one in a0 += t3
  EXPECT_EQ(uses[10], 2u * 8);                       // a0: twice in the outer loop
  EXPECT_EQ(uses[31], 1u + 1 * 64 + 2 * 8 + 1 * 8);  // t6: before the loops, inside both, the outer's end
  EXPECT_EQ(uses[12], 0u);
}

TEST(BlockShape, TheInnerLoopsRegistersBorrowTheHostRegistersOfTheLeastNamed) {
  const auto swaps = local_swaps(shape_of(kNest), kDefault);
  ASSERT_EQ(swaps.size(), 8u);  // all eight of the inner loop's registers are in memory by default
  std::vector<unsigned> lent, taken;
  for (const auto& [global, local] : swaps) {
    lent.push_back(global);
    taken.push_back(local);
  }
  // The least named lend first: sp and s0 (never named), a2-a5, and last a0 and a1, which the
  // outer loop names: it finds them in memory.
  EXPECT_EQ(std::vector<unsigned>(lent.end() - 2, lent.end()), (std::vector<unsigned>{11, 10}));
  std::sort(lent.begin(), lent.end());
  std::sort(taken.begin(), taken.end());
  EXPECT_EQ(lent, (std::vector<unsigned>{2, 8, 10, 11, 12, 13, 14, 15}));
  EXPECT_EQ(taken, (std::vector<unsigned>{16, 25, 26, 27, 28, 29, 30, 31}));
}

TEST(BlockShape, NoLoopOrNothingBetterMeansNoSwap) {
  // Straight-line code keeps the global map, however much it names registers in memory.
  EXPECT_TRUE(
      local_swaps(shape_of({add(28, 28, 29), add(28, 28, 29), enc::j_type(0x6F, 0, 0)}), kDefault).empty());
  // A loop that names a register in memory no more than each mapped one leaves the map alone.
  const auto swaps = local_swaps(shape_of({add(10, 10, 11), add(12, 12, 13), add(14, 14, 15), add(2, 2, 8),
                                           add(10, 28, 10), bne(10, 0, -20)}),
                                 kDefault);
  EXPECT_TRUE(swaps.empty()) << swaps.size();
  // One register in memory named more than a mapped one: one swap, with a mapped one never named.
  const auto one = local_swaps(shape_of({add(28, 28, 28), addi(10, 10, 1), bne(28, 10, -8)}), kDefault);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].second, 28u);
  EXPECT_NE(one[0].first, 10u);
}

}  // namespace
}  // namespace microvm::riscv::jit
#endif
