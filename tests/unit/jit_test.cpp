// The translator (src/riscv/jit/): the code cache's W^X mappings and flush, and translated
// blocks against the interpreter on the same programs (state, count, precise traps).
#ifdef MICROVM_HAVE_JIT
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/bus.h"
#include "core/clock.h"
#include "core/code_cache.h"
#include "core/device.h"
#include "core/ram.h"
#include "core/run_control.h"
#include "jit_machine.h"
#include "riscv/encoding.h"
#include "riscv/hart.h"
#include "riscv/jit/block_map.h"
#include "riscv/reservations.h"

namespace microvm::riscv {
namespace {

using microvm::CodeCache;

// The permissions /proc/self/maps shows for the mapping that holds `address` ("r-xs"...).
std::string permissions(const void* address) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  const auto at = reinterpret_cast<uintptr_t>(address);
  while (std::getline(maps, line)) {
    std::istringstream in(line);
    std::string range, perms;
    in >> range >> perms;
    const uintptr_t start = std::stoull(range.substr(0, range.find('-')), nullptr, 16);
    const uintptr_t end = std::stoull(range.substr(range.find('-') + 1), nullptr, 16);
    if (at >= start && at < end) return perms;
  }
  return "unmapped";
}

TEST(CodeCache, NeverWritableAndExecutableAtOnce) {
  CodeCache cache(64 * 1024);
  ASSERT_TRUE(cache.ok()) << cache.error();
  EXPECT_EQ(permissions(cache.exec_base()), "r-xs");
  EXPECT_EQ(permissions(cache.write_base()), "rw-s");
  EXPECT_NE(static_cast<const void*>(cache.exec_base()), static_cast<const void*>(cache.write_base()));
}

TEST(CodeCache, CodeWrittenThroughOneViewRunsFromTheOther) {
  CodeCache cache(4096);
  ASSERT_TRUE(cache.ok());
  const CodeCache::Space space = cache.allocate(6);
  const uint8_t code[] = {0xB8, 0x2A, 0x00, 0x00, 0x00, 0xC3};  // mov eax, 42; ret
  std::memcpy(space.write, code, sizeof(code));
  const auto fn = reinterpret_cast<int (*)()>(const_cast<uint8_t*>(space.exec));
  EXPECT_EQ(fn(), 42);
}

TEST(CodeCache, FullUntilFlushedWhole) {
  CodeCache cache(64 * 1024);
  ASSERT_TRUE(cache.ok());
  const uint8_t* first = cache.allocate(4000).exec;  // rounded up to 4000 -> 4000 (16-aligned)
  for (int i = 1; i < 16; ++i) EXPECT_NE(cache.allocate(4000).exec, nullptr) << i;
  EXPECT_EQ(cache.used(), 16u * 4000u);
  EXPECT_EQ(cache.allocate(4000).exec, nullptr);  // 64000 + 4000 > 65536: full
  EXPECT_EQ(cache.flushes(), 0u);
  cache.flush();
  EXPECT_EQ(cache.used(), 0u);
  EXPECT_EQ(cache.flushes(), 1u);
  EXPECT_EQ(cache.allocate(4000).exec, first);  // the same memory again: the size never grows
}

// Two harts on their own RAM, one translating and one interpreting, run the same program.
TEST(BlockMap, FindsEveryKeyPutAcrossGrowthAndNothingElse) {
  // Keys shaped like ChainTable's (incarnation << 11 | slot): whole pages of slots, so that many
  // share their low bits; 20000 of them grow the map from 4096 slots to 65536.
  jit::BlockMap<uint64_t> map;
  EXPECT_EQ(map.find(1), nullptr);
  std::vector<uint64_t> keys;
  for (uint64_t page = 1; page <= 10; ++page) {
    for (uint64_t slot = 0; slot < 2000; ++slot) keys.push_back(page << 11 | slot);
  }
  for (uint64_t key : keys) map.put(key, key * 3);
  EXPECT_EQ(map.size(), keys.size());
  for (uint64_t key : keys) {
    const uint64_t* value = map.find(key);
    ASSERT_NE(value, nullptr) << key;
    EXPECT_EQ(*value, key * 3);
  }
  EXPECT_EQ(map.find(11ull << 11), nullptr);
  EXPECT_EQ(map.find(1ull << 11 | 2000), nullptr);
  map.put(keys[5], 7);  // a key put again takes the new value, and is not counted twice
  EXPECT_EQ(*map.find(keys[5]), 7u);
  EXPECT_EQ(map.size(), keys.size());
  map.clear();
  EXPECT_EQ(map.size(), 0u);
  EXPECT_EQ(map.find(keys[0]), nullptr);
  map.put(keys[0], 1);
  EXPECT_EQ(*map.find(keys[0]), 1u);
}

class JitTest : public ::testing::Test {
 protected:
  static constexpr uint64_t kBase = 0x8000'0000;
  using Machine = JitMachine;

  void load(const std::vector<uint32_t>& program) {
    for (Machine* m : {&translated, &interpreted}) {
      m->ram.write(kBase, program.data(), program.size() * 4);
      m->hart.pc = kBase;
    }
  }
  void run(uint64_t budget) {
    translated.hart.run_for(budget);
    interpreted.hart.run_for(budget);
    for (unsigned r = 0; r < 32; ++r) EXPECT_EQ(translated.hart.x[r], interpreted.hart.x[r]) << "x" << r;
    EXPECT_EQ(translated.hart.pc, interpreted.hart.pc);
    EXPECT_EQ(translated.hart.instret(), interpreted.hart.instret());
  }

  Machine translated{JitMode::kOn, 2};  // a second hart's reservations, for stores to break
  Machine interpreted{JitMode::kOff};
};

uint32_t addi(unsigned rd, unsigned rs1, int32_t imm) { return enc::i_type(0x13, rd, 0, rs1, imm); }
uint32_t op(unsigned f7, unsigned f3, unsigned rd, unsigned rs1, unsigned rs2) {
  return enc::r_type(0x33, rd, f3, rs1, rs2, f7);
}
uint32_t bne(unsigned rs1, unsigned rs2, int32_t offset) { return enc::b_type(0x63, 1, rs1, rs2, offset); }
uint32_t jal(unsigned rd, int32_t offset) { return enc::j_type(0x6F, rd, offset); }

TEST_F(JitTest, LoopSumsAndCountsExactly) {
  // a0 = 10 + 9 + ... + 1, then a self-loop; 1000 instructions on both.
  load({addi(10, 0, 0), addi(11, 0, 10), op(0, 0, 10, 10, 11), addi(11, 11, -1), bne(11, 0, -8), jal(0, 0)});
  run(1000);
  EXPECT_EQ(translated.hart.x[10], 55u);
  EXPECT_EQ(translated.hart.pc, kBase + 20);
  EXPECT_EQ(translated.hart.instret(), 1000u);
}

TEST_F(JitTest, MovesAndConstantsIntoRegistersInAndOutOfHostRegisters) {
  // mv and li as the compiler writes them (add rd, x0, rs; addi rd, rs, 0; addi/xori/ori/andi/
  // slli from x0) and addiw, between registers the default map keeps in host registers (a0-a5)
  // and ones it leaves in memory (t3-t6, s9-s11, a6), in a loop run 20 times. The registers that
  // get zero start nonzero.
  const uint32_t ori = enc::i_type(0x13, 29, 6, 0, 0x7FF), andi = enc::i_type(0x13, 28, 7, 0, 5);
  const uint32_t slli = enc::i_type(0x13, 27, 1, 0, 3), xori = enc::i_type(0x13, 16, 4, 0, -2);
  const uint32_t addiw = enc::i_type(0x1B, 12, 0, 11, -3), addiw_mem = enc::i_type(0x1B, 26, 0, 31, 9);
  load({addi(28, 0, 99), addi(27, 0, 98), addi(11, 0, 20),  // t3, s11 nonzero; a1 counts down
        op(0, 0, 31, 0, 15),                                // loop: mv t6, a5
        addi(30, 0, -5),                                    // li t5, -5
        ori, andi, slli, xori,                              // t4 = 0x7ff, t3 = 0, s11 = 0, a6 = -2
        addi(26, 30, 0),                                    // mv s10, t5
        op(0, 0, 25, 30, 0),                                // mv s9, t5 (add s9, t5, x0)
        op(0, 0, 14, 0, 29),                                // mv a4, t4
        addi(13, 11, 0),                                    // mv a3, a1
        op(0, 0, 15, 15, 13),                               // a5 += a3
        addiw, addiw_mem,                                   // a2 = a1 - 3; s10 = t6 + 9 (32-bit)
        addi(11, 11, -1), bne(11, 0, -56), jal(0, 0)});
  run(1000);
  EXPECT_EQ(translated.hart.x[15], 210u);  // 20 + 19 + ... + 1
  EXPECT_EQ(translated.hart.x[31], 209u);  // a5 before the last add
  EXPECT_EQ(translated.hart.x[30], ~0ull - 4);
  EXPECT_EQ(translated.hart.x[29], 0x7FFu);
  EXPECT_EQ(translated.hart.x[28], 0u);
  EXPECT_EQ(translated.hart.x[27], 0u);
  EXPECT_EQ(translated.hart.x[16], ~0ull - 1);
  EXPECT_EQ(translated.hart.x[26], 218u);
  EXPECT_EQ(translated.hart.x[25], ~0ull - 4);
  EXPECT_EQ(translated.hart.x[14], 0x7FFu);
  EXPECT_EQ(translated.hart.x[13], 1u);
  EXPECT_EQ(translated.hart.x[12], ~0ull - 1);  // 1 - 3, sign-extended from 32 bits
}

TEST_F(JitTest, ALoopKeepsItsRegistersInHostRegistersItBorrows) {
  // A block that loops to its own start keeps s9, s10, t3, s11 (memory, in the default map) in the
  // host registers of a0-a5 (which it never names; their values must survive) while it loops, and
  // gives them back on every way out: a csrrw through the interpreter's handler that swaps t3 with
  // mscratch, a branch out to a block that changes s10 and jumps back, a store and a load based on
  // s11, the budget running out mid-loop (two turns). Against the interpreter; a0-a5 set first.
  const uint32_t csrrw_t3 = enc::i_type(0x73, 28, 1, 28, 0x340);
  const uint32_t sw_s9 = enc::s_type(0x23, 2, 27, 25, 0), lw_s8 = enc::i_type(0x03, 24, 2, 27, 0);
  const uint32_t beq_out = enc::b_type(0x63, 0, 30, 0, 16), andi_t5 = enc::i_type(0x13, 30, 7, 25, 3);
  std::vector<uint32_t> program;
  for (unsigned r = 10; r <= 15; ++r) program.push_back(addi(r, 0, int32_t(100 + r)));  // a0-a5
  program.insert(program.end(), {
                                    addi(25, 0, 0),
                                    addi(26, 0, 7),
                                    addi(28, 0, 3),                 // s9, s10, t3
                                    addi(29, 0, 300),               // t4 counts
                                    enc::u_type(0x17, 27, 0x1000),  // s11: the next page
                                    op(0, 0, 25, 25, 26),           // loop: s9 += s10
                                    addi(26, 26, 1),                // s10 += 1
                                    csrrw_t3,                       // t3 <-> mscratch
                                    op(0, 4, 25, 25, 28),           // s9 ^= t3
                                    sw_s9,
                                    lw_s8,
                                    op(0, 0, 26, 26, 24),  // s10 += *s11 (s9)
                                    andi_t5,
                                    beq_out,  // to out when s9 % 4 == 0
                                    addi(29, 29, -1),
                                    bne(29, 0, -40),                  // t4 -= 1
                                    jal(0, 0),                        // done
                                    enc::i_type(0x13, 26, 5, 26, 1),  // out: s10 >>= 1
                                    jal(0, -52),                      // back into the loop
                                });
  load(program);
  run(1000);  // the turn ends in the loop
  EXPECT_NE(translated.hart.x[29], 0u);
  run(20000);
  const auto& x = translated.hart.x;
  for (unsigned r = 10; r <= 15; ++r) EXPECT_EQ(x[r], 100 + r) << "a" << r - 10;
  EXPECT_EQ(x[29], 0u);
  EXPECT_EQ(translated.hart.pc, kBase + 4 * 22);
}

TEST_F(JitTest, ANestedLoopTakesTheHostRegistersOfWhatTheOuterOneNamesLess) {
  // An inner loop naming eight registers the default map leaves in memory (t3-t6, s9-s11, a6)
  // inside an outer one that names a0 and a1 (mapped by default): the inner eight weigh more and
  // borrow all eight host registers, so the outer loop finds a0 and a1 in memory, lent. a2-a5,
  // lent and never named after their first value, must survive. Turns of every length 1-24 end
  // everywhere in the nest; against the interpreter, and the values worked out by hand.
  std::vector<uint32_t> program;
  for (unsigned r = 10; r <= 15; ++r) program.push_back(addi(r, 0, int32_t(100 + r)));  // a0-a5
  program.insert(program.end(), {
                                    addi(31, 0, 5),           // t6: outer turns
                                    addi(29, 0, 7),           // outer: t4 = 7
                                    op(0, 0, 28, 28, 29),     // inner: t3 += t4
                                    op(0, 4, 30, 28, 31),     // t5 = t3 ^ t6
                                    op(0, 0, 25, 25, 30),     // s9 += t5
                                    op(0x20, 0, 26, 26, 28),  // s10 -= t3
                                    op(0, 6, 27, 27, 25),     // s11 |= s9
                                    op(0, 0, 16, 16, 26),     // a6 += s10
                                    addi(29, 29, -1),         //
                                    bne(29, 0, -28),          // to inner
                                    op(0, 0, 10, 10, 28),     // a0 += t3
                                    op(0, 4, 11, 11, 25),     // a1 ^= s9
                                    addi(31, 31, -1),
                                    bne(31, 0, -48),  // to outer
                                    jal(0, 0),
                                });
  load(program);
  for (uint64_t turn = 1; turn <= 24; ++turn) run(turn);
  run(1000);
  const auto& x = translated.hart.x;
  EXPECT_EQ(x[10], 0x212u);
  EXPECT_EQ(x[11], 0xE40u);
  for (unsigned r = 12; r <= 15; ++r) EXPECT_EQ(x[r], 100 + r) << "a" << r - 10;
  EXPECT_EQ(x[16], 0xFFFFFFFFFFFF7C7Au);
  EXPECT_EQ(x[25], 0xA5Du);
  EXPECT_EQ(x[26], 0xFFFFFFFFFFFFF59Cu);
  EXPECT_EQ(x[27], 0xFFFu);
  EXPECT_EQ(x[28], 0x8Cu);
  EXPECT_EQ(x[30], 0x8Du);
  EXPECT_EQ(translated.hart.pc, kBase + 4 * 20);
}

TEST_F(JitTest, ALoadOrStoreThatTrapsMidBlockCountsWhatRanBeforeIt) {
  // Loads and stores leave the takes of the instructions before them pending (no flush): a miss
  // subtracts them before the slow path, which traps here (outside RAM: access fault), and the
  // handler skips the access. 50 rounds of two traps each, in turns of every length 1-30.
  const uint32_t csrw_mtvec = enc::i_type(0x73, 0, 1, 5, 0x305),
                 csrr_mepc = enc::i_type(0x73, 6, 2, 0, 0x341);
  const uint32_t csrw_mepc = enc::i_type(0x73, 0, 1, 6, 0x341), mret = 0x30200073;
  load({enc::u_type(0x17, 5, 0), addi(5, 5, 56), csrw_mtvec,  // mtvec: the handler at 56
        enc::u_type(0x37, 7, 0x80200000),                     // t2: past the end of RAM
        addi(9, 0, 50),                                       // s1 counts
        addi(10, 10, 1), addi(11, 11, 2),                     // loop: a0 += 1, a1 += 2
        enc::i_type(0x03, 12, 2, 7, 0),                       // lw a2, 0(t2): traps
        op(0, 0, 13, 13, 10),                                 // a3 += a0
        enc::s_type(0x23, 2, 7, 11, 4),                       // sw a1, 4(t2): traps
        addi(14, 14, 3), addi(9, 9, -1), bne(9, 0, -28),      // a4 += 3
        jal(0, 0),                                            // done
        csrr_mepc, addi(6, 6, 4), csrw_mepc, mret});          // handler: past the access
  for (uint64_t turn = 1; turn <= 30; ++turn) run(turn);
  run(5000);
  const auto& x = translated.hart.x;
  EXPECT_EQ(x[10], 50u);
  EXPECT_EQ(x[11], 100u);
  EXPECT_EQ(x[12], 0u);
  EXPECT_EQ(x[13], 1275u);
  EXPECT_EQ(x[14], 150u);
  EXPECT_EQ(translated.hart.pc, kBase + 52);
}

TEST_F(JitTest, ABranchOverOneInstructionCountsAndEndsTurnsAsTheInterpreter) {
  // Branches over one instruction (translated without a branch: the instruction runs and a cmov
  // keeps or undoes it): a CRC step (beq over xor into a mapped register), bltu over an addi into
  // a register in memory, bge over an addi to one of its own operands. 40 rounds in turns of every
  // length 1-30, which end on both sides of each: the same registers and count as the interpreter.
  const auto srli = [](unsigned rd, unsigned rs, int32_t sh) { return enc::i_type(0x13, rd, 5, rs, sh); };
  const auto slli = [](unsigned rd, unsigned rs, int32_t sh) { return enc::i_type(0x13, rd, 1, rs, sh); };
  load({addi(9, 0, 40), addi(10, 0, 0x70F), addi(28, 0, 0x421),           // s1 rounds, a0 crc, t3 poly
        srli(5, 10, 10), slli(10, 10, 1), enc::b_type(0x63, 0, 5, 0, 8),  // loop: beqz t0, +8
        op(0, 4, 10, 10, 28),                                             //   xor a0, a0, t3
        enc::i_type(0x13, 10, 7, 10, 0x7FF),                              // andi a0, a0, 0x7ff
        enc::b_type(0x63, 6, 11, 9, 8), addi(29, 29, 7),                  // bltu a1, s1, +8; t4 += 7
        addi(11, 11, 3),                                                  // a1 += 3
        enc::b_type(0x63, 5, 31, 11, 8), addi(31, 31, 5),                 // bge t6, a1, +8; t6 += 5
        addi(9, 9, -1), bne(9, 0, -44), jal(0, 0)});
  for (uint64_t turn = 1; turn <= 30; ++turn) run(turn);
  run(1000);
  const auto& x = translated.hart.x;
  EXPECT_EQ(x[10], 0x4A9u);
  EXPECT_EQ(x[11], 0x78u);
  EXPECT_EQ(x[29], 0xD2u);
  EXPECT_EQ(x[31], 0x78u);
  EXPECT_EQ(translated.hart.pc, kBase + 60);
}

TEST_F(JitTest, AnIfElseWithArmsAlikeCountsAndEndsTurnsAsTheInterpreter) {
  // GCC's CRC-16 loop with the code after the if-else copied into both arms (Dhrystone-style's
  // hottest loop): the arms differ in the first instruction's source (a4 or a5), and each ends in
  // the other's opposite branch. Translated as one arm with a cmov. 40 rounds of 8 steps, in turns
  // of lengths 1-37 over and over, which end inside both arms and at both of their ways out.
  const auto slli = [](unsigned rd, unsigned rs, int32_t sh) { return enc::i_type(0x13, rd, 1, rs, sh); };
  const auto srli = [](unsigned rd, unsigned rs, int32_t sh) { return enc::i_type(0x13, rd, 5, rs, sh); };
  const auto beq = [](unsigned rs1, unsigned rs2, int32_t offset) {
    return enc::b_type(0x63, 0, rs1, rs2, offset);
  };
  load({addi(9, 0, 40),
        addi(10, 0, 0x234),
        addi(28, 0, 0x421),  // s1 rounds, a0 crc, t3 poly
        addi(13, 0, 8),
        jal(0, 20),  // 12: a3 steps; to the step (36)
        slli(10, 15, 48),
        addi(13, 13, -1),
        srli(10, 10, 48),  // 20: taken arm: a0 = a5 & 0xffff
        beq(13, 0, 40),    // 32: to 72 after 8, else into 36
        enc::i_type(0x1B, 14, 1, 10, 1),
        srli(12, 10, 15),  // 36: a4 = a0 << 1 (w), a2 = top bit
        addi(15, 14, 0),
        op(0, 4, 14, 28, 14),  // 44: a5 = a4, a4 ^= poly
        beq(12, 0, -32),       // 52: top bit clear: to 20
        slli(10, 14, 48),
        addi(13, 13, -1),
        srli(10, 10, 48),  // 56: a0 = a4 & 0xffff
        bne(13, 0, -32),   // 68: to 36 before 8
        addi(9, 9, -1),
        bne(9, 0, -64),
        jal(0, 0)});  // 72: next round (12); 80: done
  for (uint64_t turn = 0; turn < 200; ++turn) run(1 + turn % 37);
  run(5000);
  const auto& x = translated.hart.x;
  EXPECT_EQ(x[10], 0x3291u);  // 320 steps of the CRC, worked out in Python
  EXPECT_EQ(x[9], 0u);
  EXPECT_EQ(translated.hart.pc, kBase + 80);
}

TEST_F(JitTest, ForwardBranchesInsideABlockJumpThereAndCountWhatRan) {
  // A loop with an if-then (beq over one instruction: a jump inside the block) and a bne to the
  // second shift of a fused slli/srli pair (not an instruction of its own in the translation: the
  // branch leaves the block for it). 40 rounds in turns that end mid-loop, against the
  // interpreter: the same registers and the same count of instructions.
  const auto andi = [](unsigned rd, unsigned rs, int32_t imm) { return enc::i_type(0x13, rd, 7, rs, imm); };
  const uint32_t beq_skip = enc::b_type(0x63, 0, 5, 0, 8), bne_into_pair = enc::b_type(0x63, 1, 6, 0, 12);
  load({addi(9, 0, 40), addi(10, 0, 0), addi(11, 0, 0), andi(5, 9, 1), beq_skip,  // loop: if (s1 & 1)
        addi(10, 10, 3),                                                          //   a0 += 3
        andi(6, 9, 2), bne_into_pair,                                             // if (s1 & 2) to the srli
        enc::i_type(0x13, 12, 1, 9, 48),                                          // slli a2, s1, 48
        addi(11, 11, 1),                   // a1 += 1 (between the shifts)
        enc::i_type(0x13, 12, 5, 12, 48),  // srli a2, a2, 48
        op(0, 0, 13, 13, 12),              // a3 += a2
        addi(9, 9, -1), bne(9, 0, -40), jal(0, 0)});
  for (uint64_t turn = 1; turn <= 24; ++turn) run(turn);  // turns of every length end everywhere
  run(1000);
  const auto& x = translated.hart.x;
  EXPECT_EQ(x[10], 60u);  // 3 for each odd number of 1..40
  EXPECT_EQ(x[11], 20u);  // one for each with bit 1 clear
  EXPECT_EQ(x[9], 0u);
  EXPECT_EQ(translated.hart.pc, kBase + 4 * 14);
}

TEST_F(JitTest, AnElsePathAfterTheLoopsJumpStaysInTheBlock) {
  // The layout GCC gives an if-else in a loop: the else path after the jump that ends the loop,
  // reached by a forward branch, and jumping back into the loop. The block goes on past that
  // jump, so the branch there and the jal back are jumps inside it. 400 rounds, the first ones in
  // turns of every length up to 40, against the interpreter.
  const auto andi = [](unsigned rd, unsigned rs, int32_t imm) { return enc::i_type(0x13, rd, 7, rs, imm); };
  load({addi(9, 0, 400),                  // 0: s1 counts
        andi(5, 9, 1),                    // 4: loop: t0 = s1 & 1
        bne(5, 0, 20),                    // 8: odd: to 28
        addi(10, 10, 3),                  // 12: even: a0 += 3
        addi(9, 9, -1),                   // 16: join
        bne(9, 0, -16),                   // 20: to loop
        jal(0, 16),                       // 24: done: to 40
        addi(11, 11, 5),                  // 28: odd: a1 += 5
        enc::s_type(0x23, 3, 2, 11, -8),  // 32: sd a1, -8(sp)
        jal(0, -20),                      // 36: to join (16)
        jal(0, 0)});                      // 40
  for (Machine* m : {&translated, &interpreted}) m->hart.x[2] = kBase + 0x8000;
  for (uint64_t turn = 1; turn <= 40; ++turn) run(turn);
  run(5000);
  EXPECT_EQ(translated.hart.x[10], 600u);   // 3 for each of 200 even values
  EXPECT_EQ(translated.hart.x[11], 1000u);  // 5 for each of 200 odd ones
  uint64_t stored = 0;
  translated.ram.read(kBase + 0x8000 - 8, &stored, 8);
  EXPECT_EQ(stored, 1000u);
  EXPECT_EQ(translated.hart.pc, kBase + 40);
}

TEST_F(JitTest, ALoopInsideABlockLoopsThereAndEndsTurnsWhereTheInterpreterDoes) {
  // An outer loop's block holds an inner loop whose branch back goes to the block's second
  // instruction (a jump inside the block). 30 rounds of 5, in turns of every length, against the
  // interpreter.
  load({addi(9, 0, 30), addi(10, 0, 0), addi(5, 0, 5),  // outer: t0 = 5
        addi(10, 10, 1), addi(5, 5, -1),                // inner: a0 += 1
        bne(5, 0, -8),                                  // back to inner
        addi(9, 9, -1), bne(9, 0, -20),                 // back to outer
        jal(0, 0)});
  for (uint64_t turn = 1; turn <= 24; ++turn) run(turn);
  run(2000);
  EXPECT_EQ(translated.hart.x[10], 150u);
  EXPECT_EQ(translated.hart.x[9], 0u);
  EXPECT_EQ(translated.hart.pc, kBase + 4 * 8);
}

TEST_F(JitTest, MultiplyAndDivideEdgeCases) {
  // t0 = INT64_MIN; t1 = -1; a0 = t0 / t1 (INT64_MIN); a1 = t0 % t1 (0); a2 = 7 / 0 (all ones);
  // a3 = 7 % 0 (7); a4 = mulh(t0, t1) (0); a5 = mulhsu(t1, 7) (-1 = all ones)
  load({addi(5, 0, 1), enc::i_type(0x13, 5, 1, 5, 63), addi(6, 0, -1), op(1, 4, 10, 5, 6), op(1, 6, 11, 5, 6),
        addi(7, 0, 7), op(1, 4, 12, 7, 0), op(1, 6, 13, 7, 0), op(1, 1, 14, 5, 6), op(1, 2, 15, 6, 7),
        jal(0, 0)});
  run(100);
  EXPECT_EQ(translated.hart.x[10], 0x8000'0000'0000'0000u);
  EXPECT_EQ(translated.hart.x[11], 0u);
  EXPECT_EQ(translated.hart.x[12], ~0ull);
  EXPECT_EQ(translated.hart.x[13], 7u);
  EXPECT_EQ(translated.hart.x[14], 0u);
  EXPECT_EQ(translated.hart.x[15], ~0ull);
}

TEST_F(JitTest, OperationsIntoTheirSecondOperand) {
  // rd = rs1 op rd with rd in a host register: xor, add, or and and commute (one instruction on
  // rd), sub does not. Operands from memory (s11, t5) and from host registers (a0, a1), in a loop
  // of 20 rounds against the interpreter.
  load({addi(27, 0, 0x55), addi(30, 0, 7), addi(10, 0, -1), addi(11, 0, 0x30), addi(5, 0, 20),
        op(0, 4, 14, 27, 14),   // loop: xor a4, s11, a4
        op(0, 0, 13, 30, 13),   // add a3, t5, a3
        op(0, 6, 12, 11, 12),   // or a2, a1, a2
        op(0, 7, 15, 10, 15),   // and a5, a0, a5
        op(0x20, 0, 8, 30, 8),  // sub s0, t5, s0
        addi(15, 15, 3), addi(5, 5, -1), bne(5, 0, -28), jal(0, 0)});
  run(1000);
  EXPECT_EQ(translated.hart.x[14], 0u);    // xor'd with 0x55 20 times
  EXPECT_EQ(translated.hart.x[13], 140u);  // 20 * 7
  EXPECT_EQ(translated.hart.x[12], 0x30u);
  EXPECT_EQ(translated.hart.x[15], 60u);  // (a5 & -1) + 3, 20 times
  EXPECT_EQ(translated.hart.x[8], 0u);    // 7 - (7 - (...)): 0 after an even number
}

TEST_F(JitTest, ExtensionsByTwoShiftsTranslatedAsOne) {
  // slli + srli/srai by 32, 48 and 56 (zext.w, sext.w, zext.h, sext.h, zext.b, sext.b), into and
  // from registers in host registers and in memory, in place, with an instruction between the
  // shifts, and with one between that reads the shifted register (not fused: it must see the
  // value between the shifts). A loop of 20 rounds against the interpreter.
  const auto slli = [](unsigned rd, unsigned rs, unsigned k) {
    return enc::i_type(0x13, rd, 1, rs, int32_t(k));
  };
  const auto srli = [](unsigned rd, unsigned k) { return enc::i_type(0x13, rd, 5, rd, int32_t(k)); };
  const auto srai = [](unsigned rd, unsigned k) { return enc::i_type(0x13, rd, 5, rd, int32_t(k | 0x400)); };
  load({enc::u_type(0x37, 5, 0x81238000),
        addi(5, 5, 0x485),
        op(0, 0, 10, 5, 0),  // t0 = a0
        addi(9, 0, 20),      // s1 counts
        slli(11, 5, 32),
        srli(11, 32),  // loop: a1
        slli(6, 10, 32),
        srai(6, 32),  // t1
        slli(12, 10, 48),
        addi(13, 13, 1),
        srli(12, 48),  // a2, a3
        slli(7, 5, 48),
        srai(7, 48),  // t2
        slli(14, 10, 56),
        srli(14, 56),  // a4
        slli(28, 10, 56),
        srai(28, 56),  // t3
        slli(15, 10, 32),
        op(0, 0, 29, 15, 0),
        srli(15, 32),  // a5, t4
        op(0, 0, 30, 5, 0),
        slli(30, 30, 32),
        srli(30, 32),  // t5 in place
        addi(9, 9, -1),
        bne(9, 0, -80),
        jal(0, 0)});
  run(1000);
  const auto& x = translated.hart.x;
  EXPECT_EQ(x[11], 0x8123'8485u);
  EXPECT_EQ(x[6], 0xFFFF'FFFF'8123'8485u);
  EXPECT_EQ(x[12], 0x8485u);
  EXPECT_EQ(x[13], 20u);
  EXPECT_EQ(x[7], 0xFFFF'FFFF'FFFF'8485u);
  EXPECT_EQ(x[14], 0x85u);
  EXPECT_EQ(x[28], 0xFFFF'FFFF'FFFF'FF85u);
  EXPECT_EQ(x[15], 0x8123'8485u);
  EXPECT_EQ(x[29], 0x8123'8485'0000'0000u);
  EXPECT_EQ(x[30], 0x8123'8485u);
  EXPECT_EQ(x[9], 0u);
}

TEST_F(JitTest, AnIllegalInstructionBetweenTwoShiftsTrapsWithTheFirstShiftDone) {
  // slli a1, t0, 32; (illegal: OP with funct7 0x7F); srli a1, a1, 32 in a loop of 20 rounds. The
  // trap must see a1 as the first shift left it (t0 << 32), not the finished extension: the
  // handler adds a1 to s2 and steps over the illegal instruction.
  const uint32_t csrr_mepc = enc::i_type(0x73, 31, 2, 0, 0x341),
                 csrw_mepc = enc::i_type(0x73, 0, 1, 31, 0x341);
  const uint32_t illegal = enc::r_type(0x33, 7, 0, 5, 5, 0x7F);
  load({enc::u_type(0x17, 28, 0x1000), enc::i_type(0x73, 0, 1, 28, 0x305),           // mtvec = kBase + 0x1000
        addi(5, 0, 3), addi(9, 0, 20),                                               // t0 = 3, s1 counts
        enc::i_type(0x13, 11, 1, 5, 32), illegal, enc::i_type(0x13, 11, 5, 11, 32),  // loop
        addi(9, 9, -1), bne(9, 0, -16), jal(0, 0)});
  const std::vector<uint32_t> handler = {csrr_mepc, addi(31, 31, 4), csrw_mepc, op(0, 0, 18, 18, 11),
                                         0x30200073};
  for (Machine* m : {&translated, &interpreted})
    m->ram.write(kBase + 0x1000, handler.data(), handler.size() * 4);
  run(1000);
  EXPECT_EQ(translated.hart.x[18], 20 * (uint64_t{3} << 32));
  EXPECT_EQ(translated.hart.x[11], 3u);
  EXPECT_EQ(translated.hart.x[9], 0u);
}

TEST_F(JitTest, DivisionsSpecialCasesTranslated) {
  // Table 7.1's cases, 64- and 32-bit, in a loop run 30 times (translated after the first runs):
  // by zero (all ones, or the dividend) and the signed overflow (the dividend, or 0), beside
  // ordinary divisions of negative numbers.
  const auto divw = [](unsigned f3, unsigned rd, unsigned rs1, unsigned rs2) {
    return enc::r_type(0x3B, rd, f3, rs1, rs2, 1);
  };
  load({addi(5, 0, 1),
        enc::i_type(0x13, 5, 1, 5, 63),
        addi(6, 0, -1),
        addi(7, 0, 7),  // t0, t1, t2
        enc::u_type(0x37, 9, 0x80000000),
        addi(22, 0, 30),  // s1, s6
        op(1, 4, 10, 5, 6),
        op(1, 6, 11, 5, 6),
        op(1, 5, 12, 7, 0),
        op(1, 7, 13, 7, 0),  // loop
        divw(4, 14, 9, 6),
        divw(6, 15, 9, 6),
        divw(4, 16, 7, 0),
        divw(6, 17, 9, 0),  //
        divw(5, 18, 7, 0),
        divw(7, 19, 6, 0),
        divw(4, 20, 9, 7),
        op(1, 6, 21, 5, 7),  //
        addi(22, 22, -1),
        bne(22, 0, -52),
        jal(0, 0)});
  run(1000);
  const uint64_t int64_min = 0x8000'0000'0000'0000u, int32_min = 0xFFFF'FFFF'8000'0000u;
  EXPECT_EQ(translated.hart.x[10], int64_min);               // div INT64_MIN / -1
  EXPECT_EQ(translated.hart.x[11], 0u);                      // rem INT64_MIN % -1
  EXPECT_EQ(translated.hart.x[12], ~0ull);                   // divu 7 / 0
  EXPECT_EQ(translated.hart.x[13], 7u);                      // remu 7 % 0
  EXPECT_EQ(translated.hart.x[14], int32_min);               // divw INT32_MIN / -1
  EXPECT_EQ(translated.hart.x[15], 0u);                      // remw INT32_MIN % -1
  EXPECT_EQ(translated.hart.x[16], ~0ull);                   // divw 7 / 0
  EXPECT_EQ(translated.hart.x[17], int32_min);               // remw INT32_MIN % 0
  EXPECT_EQ(translated.hart.x[18], ~0ull);                   // divuw 7 / 0: 32 ones, sign-extended
  EXPECT_EQ(translated.hart.x[19], ~0ull);                   // remuw 0xffffffff % 0
  EXPECT_EQ(translated.hart.x[20], 0xFFFF'FFFF'EDB6'DB6Eu);  // divw INT32_MIN / 7
  EXPECT_EQ(translated.hart.x[21], ~0ull);                   // rem INT64_MIN % 7 = -1
  EXPECT_EQ(translated.hart.x[22], 0u);
}

TEST_F(JitTest, DivisionsByAKnownDivisorAsTheInterpreter) {
  // li a2, d; divw/remw/divuw/remuw of a1 by a2 (the translator multiplies by a reciprocal when
  // it knows the divisor), each result stored; every pair of 11 dividends and 17 divisors, the
  // edges included (0, +-1, INT32_MIN, powers of two), each in a loop run 12 times (translated
  // after the first runs). Against RISC-V's definition, worked out here, and the interpreter.
  const std::vector<int32_t> dividends{0,    1,         -1,        7,          -7,         100,
                                       -100, INT32_MAX, INT32_MIN, 0x12345678, -0x12345678};
  const std::vector<int32_t> divisors{1,  -1,  2,       -2,       3,          7,         -7, 10,         13,
                                      20, 641, 0x10000, -0x10000, 0x7FFFFFFF, INT32_MIN, 0,  -1000000007};
  const auto li = [](std::vector<uint32_t>& p, unsigned rd, int32_t v) {
    const uint32_t upper = (static_cast<uint32_t>(v) + 0x800) & 0xFFFFF000u;
    p.push_back(enc::u_type(0x37, rd, upper));
    p.push_back(enc::i_type(0x1B, rd, 0, rd, static_cast<int32_t>(static_cast<uint32_t>(v) - upper)));
  };
  std::vector<uint32_t> program{addi(8, 18, 0)};  // s0 = s2
  for (int32_t n : dividends) {
    for (int32_t d : divisors) {
      program.push_back(addi(9, 0, 12));  // s1 rounds
      const size_t loop = program.size();
      li(program, 11, n);
      li(program, 12, d);
      for (unsigned f3 = 4; f3 < 8; ++f3) {
        program.push_back(enc::r_type(0x3B, 13, f3, 11, 12, 1));
        program.push_back(enc::s_type(0x23, 2, 8, 13, static_cast<int32_t>(4 * (f3 - 4))));
      }
      program.push_back(addi(9, 9, -1));
      program.push_back(bne(9, 0, -4 * static_cast<int32_t>(program.size() - loop)));
      program.push_back(addi(8, 8, 16));
    }
  }
  program.push_back(jal(0, 0));
  load(program);
  const uint64_t buffer = kBase + 0x40000;
  for (Machine* m : {&translated, &interpreted}) m->hart.x[18] = buffer;
  run(1'000'000);
  EXPECT_EQ(translated.hart.pc, kBase + 4 * (program.size() - 1));
  size_t at = 0;
  for (int32_t n : dividends) {
    for (int32_t d : divisors) {
      const auto un = static_cast<uint32_t>(n), ud = static_cast<uint32_t>(d);
      const bool overflow = n == INT32_MIN && d == -1;
      const uint32_t expected[4] = {
          d == 0     ? ~0u
          : overflow ? un
                     : static_cast<uint32_t>(n / d),
          d == 0 ? ~0u : un / ud,
          d == 0     ? un
          : overflow ? 0u
                     : static_cast<uint32_t>(n % d),
          d == 0 ? un : un % ud,
      };
      for (unsigned i = 0; i < 4; ++i) {
        uint32_t got = 0, reference = 0;
        translated.ram.read(buffer + at + 4 * i, &got, 4);
        interpreted.ram.read(buffer + at + 4 * i, &reference, 4);
        EXPECT_EQ(got, expected[i]) << n << " by " << d << ", funct3 " << 4 + i;
        EXPECT_EQ(reference, expected[i]) << n << " by " << d << ", funct3 " << 4 + i << " (interpreter)";
      }
      at += 16;
    }
  }
}

TEST_F(JitTest, LoadsStoresAndAPreciseTrap) {
  // Store 0x1234 at base+0x800 and load it back sign- and zero-extended, then load from 0x1000
  // (no device): a load access fault at that instruction, with nothing after it retired.
  const uint32_t mtvec_setup = enc::i_type(0x73, 0, 1, 28, 0x305);  // csrrw x0, mtvec, t3
  load({enc::u_type(0x17, 28, 0x1000), mtvec_setup, addi(5, 0, 0x7FF), addi(5, 5, 0x7FF),
        enc::u_type(0x17, 6, 0), enc::s_type(0x23, 1, 6, 5, 0x100), enc::i_type(0x03, 10, 1, 6, 0x100),
        enc::i_type(0x03, 11, 5, 6, 0x100), enc::u_type(0x37, 7, 0x1000), enc::i_type(0x03, 12, 3, 7, 0),
        addi(13, 0, 1)});
  const uint32_t self_loop = jal(0, 0);
  for (Machine* m : {&translated, &interpreted}) m->ram.write(kBase + 0x1000, &self_loop, 4);
  run(200);
  EXPECT_EQ(translated.hart.x[10], 0xFFEu);
  EXPECT_EQ(translated.hart.x[11], 0xFFEu);
  EXPECT_EQ(translated.hart.csr.mcause, 5u);
  EXPECT_EQ(translated.hart.x[13], 0u);  // after the fault: never ran
  EXPECT_EQ(translated.hart.csr.mcause, 5u);
  EXPECT_EQ(translated.hart.csr.mepc, kBase + 36);
  EXPECT_EQ(translated.hart.csr.mtval, 0x1000u);
  EXPECT_EQ(translated.hart.pc, kBase + 0x1000);
}

TEST_F(JitTest, CallsAndReturnsInsideAPageChainAndStopOnBudget) {
  // main: a0 = 0; a1 = 5; loop: call f (jal ra); a1 -= 1; bnez a1, loop; self-loop.
  // f: a0 += 3; ret (jalr x0, ra). Blocks chain through jal, jalr and bne on the same page; each
  // budget below ends the run at a different point inside the chain, with the same count as the
  // interpreter's.
  const std::vector<uint32_t> program = {addi(10, 0, 0),
                                         addi(11, 0, 5),
                                         jal(1, 20),  // loop (kBase + 8): to f at kBase + 28
                                         addi(11, 11, -1),
                                         bne(11, 0, -8),
                                         jal(0, 0),  // kBase + 20
                                         addi(0, 0, 0),
                                         addi(10, 10, 3),  // f (kBase + 28)
                                         enc::i_type(0x67, 0, 0, 1, 0)};
  for (uint64_t budget : {1, 3, 4, 7, 9, 13, 26, 1000}) {
    load(program);
    for (Machine* m : {&translated, &interpreted}) m->hart.x[10] = m->hart.x[11] = 0;
    run(budget);
  }
  EXPECT_EQ(translated.hart.x[10], 15u);
  EXPECT_EQ(translated.hart.x[11], 0u);
  EXPECT_EQ(translated.hart.pc, kBase + 20);
}

// M-mode code addresses RAM directly in translated code (Hart::direct_limit_); each of these
// would go wrong if a path that must take that away, or a store's look at its page, were missing.
uint32_t lw(unsigned rd, unsigned rs1, int32_t imm) { return enc::i_type(0x03, rd, 2, rs1, imm); }
uint32_t sw(unsigned rs2, unsigned rs1, int32_t imm) { return enc::s_type(0x23, 2, rs1, rs2, imm); }
uint32_t csrw(unsigned csr, unsigned rs1) { return enc::i_type(0x73, 0, 1, rs1, static_cast<int32_t>(csr)); }
uint32_t auipc(unsigned rd, uint32_t upper) { return enc::u_type(0x17, rd, upper); }

TEST_F(JitTest, MachineModeStoreIntoItsOwnLoopRunsTheNewCode) {
  // The loop adds 1 to a0 for 20 turns, then its store rewrites that instruction to add 2 (no
  // fence.i: as on QEMU, a store to code is seen at once) for the last 20: a0 = 60.
  load({addi(10, 0, 0), addi(6, 0, 40), auipc(5, 0), lw(7, 5, 0xF8),
        addi(10, 10, 1),  // kBase + 16: rewritten
        addi(6, 6, -1), addi(28, 0, 20), enc::b_type(0x63, 1, 6, 28, 8), sw(7, 5, 8), bne(6, 0, -20),
        jal(0, 0)});
  const uint32_t add2 = addi(10, 10, 2);
  for (Machine* m : {&translated, &interpreted}) m->ram.write(kBase + 0x100, &add2, 4);
  run(1000);
  EXPECT_EQ(translated.hart.x[10], 60u);
  EXPECT_EQ(translated.hart.pc, kBase + 40);
}

TEST_F(JitTest, AStoreToTheNextInstructionEndsTheBlockSoTheNewOneRuns) {
  // At its 21st turn, translated by then, the loop's store rewrites the instruction right after
  // it from add 1 to add 2: the block must leave after the store (next_insn_unless_ended) and
  // run the new add, not the one it was translated with. a0 = 20 * 1 + 20 * 2.
  load({addi(10, 0, 0), addi(6, 0, 40), auipc(5, 0), lw(7, 5, 0xF8), addi(28, 0, 20),  // kBase + 16: the loop
        enc::b_type(0x63, 1, 6, 28, 8),  // skips the store unless x6 == 20
        sw(7, 5, 20),                    // to kBase + 28, the next instruction
        addi(10, 10, 1), addi(6, 6, -1), bne(6, 0, -20), jal(0, 0)});
  const uint32_t add2 = addi(10, 10, 2);
  for (Machine* m : {&translated, &interpreted}) m->ram.write(kBase + 0x100, &add2, 4);
  run(1000);
  EXPECT_EQ(translated.hart.x[10], 60u);
  EXPECT_EQ(translated.hart.pc, kBase + 40);
}

// A loop loads from page A of RAM 20 times (translated, addressing RAM directly), then `setup`
// takes M-mode's access to A away and the loop runs again: its first load must fault.
std::vector<uint32_t> load_loop_then(const std::vector<uint32_t>& setup) {
  std::vector<uint32_t> program = {auipc(28, 0),     addi(28, 28, 0x200),
                                   csrw(0x305, 28),                    // mtvec = kBase + 0x200
                                   auipc(5, 0x8000), addi(5, 5, -12),  // t0 = A = kBase + 0x8000
                                   addi(6, 0, 20),   lw(10, 5, 0),     // kBase + 24: the loop
                                   addi(6, 6, -1),   bne(6, 0, -8)};
  program.insert(program.end(), setup.begin(), setup.end());
  program.push_back(addi(6, 0, 20));
  program.push_back(jal(0, -4 * static_cast<int32_t>(program.size() - 6)));
  program.resize(0x200 / 4, addi(0, 0, 0));
  program.push_back(jal(0, 0));  // the trap handler: stays
  return program;
}

TEST_F(JitTest, ALockedPmpEntryTakesDirectRamAwayFromMachineMode) {
  // pmpaddr0 = A as a 4 KiB NAPOT region; pmpcfg0 = L | NAPOT, no permissions.
  load(load_loop_then({enc::i_type(0x13, 30, 5, 5, 2), enc::i_type(0x13, 30, 6, 30, 0x1FF), csrw(0x3B0, 30),
                       addi(31, 0, 0x98), csrw(0x3A0, 31)}));
  run(2000);
  EXPECT_EQ(translated.hart.csr.mcause, 5u);  // load access fault
  EXPECT_EQ(translated.hart.csr.mepc, kBase + 24);
  EXPECT_EQ(translated.hart.csr.mtval, kBase + 0x8000);
  EXPECT_EQ(translated.hart.pc, kBase + 0x200);
}

TEST_F(JitTest, MprvTakesDirectRamAwayFromMachineMode) {
  // mstatus |= MPRV | MPP=S: loads are S-mode's, which PMP (entries implemented, none set) denies.
  load(load_loop_then({addi(30, 0, 1), enc::i_type(0x13, 30, 1, 30, 11), enc::u_type(0x37, 31, 0x20000),
                       op(0, 6, 30, 30, 31), enc::i_type(0x73, 0, 2, 30, 0x300)}));
  run(2000);
  EXPECT_EQ(translated.hart.csr.mcause, 5u);
  EXPECT_EQ(translated.hart.csr.mepc, kBase + 24);
  EXPECT_EQ(translated.hart.csr.mtval, kBase + 0x8000);
}

// A device on top of RAM (as HTIF's tohost sits in a program's data) keeps M-mode's accesses on the
// TLB's path, which sends that page to the device: a translated loop reads the device's value 20
// times, not the RAM under it.
TEST_F(JitTest, ADeviceOnTopOfRamIsReadThere) {
  struct Constant : Device {
    std::string_view name() const override { return "constant"; }
    bool read(uint64_t, unsigned, uint64_t& value) override {
      value = 0x1234;
      return true;
    }
    bool write(uint64_t, unsigned, uint64_t) override { return true; }
  } constant;
  for (Machine* m : {&translated, &interpreted}) {
    m->bus.map(kBase + 0x8000, 0x1000, constant);
    m->hart.reset(kBase);  // as a board does after loading, once its devices are in place
  }
  // a1 += the word at A = kBase + 0x8000, 20 times.
  load({auipc(5, 0x8000), addi(11, 0, 0), addi(6, 0, 20), lw(10, 5, 0), op(0, 0, 11, 11, 10), addi(6, 6, -1),
        bne(6, 0, -12), jal(0, 0)});
  run(1000);
  EXPECT_EQ(translated.hart.x[11], 20u * 0x1234);
  EXPECT_EQ(translated.hart.pc, kBase + 28);
}

TEST_F(JitTest, LoadsWalkingOffTheEndOfRam) {
  // A translated loop loads words two bytes apart from 40 bytes before the end of RAM (1 MiB),
  // misaligned every other time, adding them up, until one crosses the end: a load access fault
  // with mtval the first byte past RAM, as the interpreter reports it.
  load({auipc(5, 0x100000), addi(5, 5, -40), addi(11, 0, 0), auipc(28, 0), addi(28, 28, 0x100 - 12),
        csrw(0x305, 28), lw(10, 5, 0),  // kBase + 24: the loop
        op(0, 0, 11, 11, 10), addi(5, 5, 2), jal(0, -12)});
  const uint32_t self_loop = jal(0, 0);
  uint8_t tail[40];
  for (unsigned b = 0; b < sizeof tail; ++b) tail[b] = static_cast<uint8_t>(0x11 * (b + 1));
  for (Machine* m : {&translated, &interpreted}) {
    m->ram.write(kBase + 0x100, &self_loop, 4);
    m->ram.write(kBase + 0x100000 - sizeof tail, tail, sizeof tail);
  }
  run(1000);
  EXPECT_EQ(translated.hart.csr.mcause, 5u);
  EXPECT_EQ(translated.hart.csr.mepc, kBase + 24);
  EXPECT_EQ(translated.hart.csr.mtval, kBase + 0x100000);
  EXPECT_EQ(interpreted.hart.csr.mtval, kBase + 0x100000);
  EXPECT_EQ(translated.hart.x[5], kBase + 0x100000 - 2);
  EXPECT_EQ(translated.hart.pc, kBase + 0x100);
}

// A loop of `adds` times `addi a0, a0, 1`, counted down in a1 (set by the caller), then a jump to
// itself.
void add_counted_loop(std::vector<uint32_t>& program, int adds) {
  for (int n = 0; n < adds; ++n) program.push_back(addi(10, 10, 1));
  program.push_back(addi(11, 11, -1));
  program.push_back(bne(11, 0, -4 * (adds + 1)));
  program.push_back(jal(0, 0));
}

// Straight-line code longer than a translation (128 instructions) goes on into the next one
// without looking at the budget, as the interpreter does until the next jump: 300 addi and a
// loop's bne, 20 rounds. The turn's budget runs out in round 17 past the first 128 instructions;
// both machines must stop at the same bne (instret compared in run()).
TEST_F(JitTest, LongStraightLineCodeChainsOnUncheckedLikeTheInterpreter) {
  std::vector<uint32_t> program{addi(11, 0, 20)};
  add_counted_loop(program, 300);
  load(program);
  run(5000);
  EXPECT_EQ(translated.hart.x[10], 17u * 300);
  EXPECT_EQ(translated.hart.pc, kBase + 4);  // the bne taken, and the turn ended there
  run(100'000);
  EXPECT_EQ(translated.hart.x[10], 20u * 300);
  EXPECT_EQ(translated.hart.pc, kBase + 4 * 303);
}

// The same while the code after the first 128 instructions is still cold (entered fewer times
// than it takes to be translated, so the table names it cold): the block's jump there must still
// go on unchecked (it once left as a plain miss, and the turn ended there, not at the bne).
// Turns of 3 to 450 instructions end everywhere in the first 150 rounds, against the interpreter.
TEST_F(JitTest, StraightLineCodeIntoColdCodeGoesOnUncheckedLikeTheInterpreter) {
  std::vector<uint32_t> program{addi(11, 0, 200)};
  add_counted_loop(program, 300);
  load(program);
  for (uint64_t turn = 1; turn <= 150; ++turn) run(turn * 3);
  run(1'000'000);
  EXPECT_EQ(translated.hart.x[10], 200u * 300);
  EXPECT_EQ(translated.hart.pc, kBase + 4 * 303);
}

// Straight-line code running off a page's end goes on in the next page's translation, checked
// as after a jump there: a loop whose 40 addi start 80 bytes before a page boundary.
TEST_F(JitTest, StraightLineCodeCrossesIntoTheNextPagesTranslation) {
  std::vector<uint32_t> program{addi(11, 0, 30), jal(0, 4096 - 80 - 4)};
  program.resize((4096 - 80) / 4, jal(0, 0));
  add_counted_loop(program, 40);
  load(program);
  // 2 + 18 rounds of 42 leave 19 instructions: the turn ends at the page's end, 20 addi on.
  run(777);
  EXPECT_EQ(translated.hart.x[10], 18u * 40 + 20);
  EXPECT_EQ(translated.hart.pc, kBase + 4096);
  run(100'000);
  EXPECT_EQ(translated.hart.x[10], 30u * 40);
  EXPECT_EQ(translated.hart.pc, kBase + 4096 - 80 + 4 * 42);
}

// A call into another page, translated and chained through the cross-page stub, must see that
// page's code rewritten: 20 calls of a function that adds 1 to a0; after the tenth the caller
// stores `addi a0, a0, 100` over its first instruction, so a0 ends at 10 * 1 + 10 * 100.
TEST_F(JitTest, ACallIntoAnotherPageRunsThatPagesNewCode) {
  constexpr uint32_t kAdd100 = (100u << 20) | (10u << 15) | (10u << 7) | 0x13;  // addi a0, a0, 100
  // s1 counts the calls down from 20; t0 = the function, t1 = the new addi.
  std::vector<uint32_t> program{addi(9, 0, 20),
                                addi(18, 0, 10),
                                auipc(5, 0x1000),
                                addi(5, 5, -8),
                                enc::u_type(0x37, 6, kAdd100 & ~0xFFFu),
                                addi(6, 6, kAdd100 & 0xFFF),
                                jal(1, 0x1000 - 24),  // kBase + 24: the loop
                                addi(9, 9, -1),
                                bne(9, 18, 8),
                                sw(6, 5, 0),
                                bne(9, 0, -16),
                                jal(0, 0)};
  program.resize(0x1000 / 4, jal(0, 0));
  program.push_back(addi(10, 10, 1));                // kBase + 0x1000: the function
  program.push_back(enc::i_type(0x67, 0, 0, 1, 0));  // ret
  load(program);
  run(100'000);
  EXPECT_EQ(translated.hart.x[10], 1010u);
  EXPECT_EQ(translated.hart.pc, kBase + 44);
}

// Writes to sstatus/mstatus and mie no longer end a block unless an interrupt is pending that
// they may have enabled: then the interrupt is taken right after the write. A loop turns MIE on
// and off around an addi 15 times (translated from its ninth round); then SSIP is made pending
// with MIE off, and the next `csrs mstatus` must trap at once: mepc the addi after it, a0 = 15.
TEST_F(JitTest, AnInterruptEnabledByACsrWriteIsTakenRightAfterIt) {
  const auto csrs = [](unsigned csr, unsigned rs1) {
    return enc::i_type(0x73, 0, 2, rs1, static_cast<int32_t>(csr));
  };
  const auto csrc = [](unsigned csr, unsigned rs1) {
    return enc::i_type(0x73, 0, 3, rs1, static_cast<int32_t>(csr));
  };
  load({auipc(28, 0), addi(28, 28, 0x100), csrw(0x305, 28),             // mtvec = kBase + 0x100
        addi(5, 0, 2), csrs(0x304, 5),                                  // mie.SSIE
        addi(6, 0, 8), addi(12, 0, 20), addi(7, 0, 5), csrs(0x300, 6),  // kBase + 32: MIE on
        addi(10, 10, 1),                                                // kBase + 36
        csrc(0x300, 6),                                                 // MIE off
        addi(12, 12, -1), enc::b_type(0x63, 1, 12, 7, 8),               // a2 != 5: skip the next
        csrs(0x344, 5),                                                 // mip.SSIP
        bne(12, 0, -24), jal(0, 0)});
  const uint32_t self_loop = jal(0, 0);
  for (Machine* m : {&translated, &interpreted}) m->ram.write(kBase + 0x100, &self_loop, 4);
  run(2000);
  EXPECT_EQ(translated.hart.csr.mcause, (1ull << 63) | 1);
  EXPECT_EQ(translated.hart.csr.mepc, kBase + 36);
  EXPECT_EQ(translated.hart.x[10], 15u);
  EXPECT_EQ(translated.hart.pc, kBase + 0x100);
  EXPECT_EQ(interpreted.hart.csr.mepc, kBase + 36);
}

TEST_F(JitTest, BlocksGoOnRightOnceTheyStopCountingTheirRuns) {
  // A loop calling a function: a0 += 3 per call, a1 counts down from 2^20. Its blocks are
  // translated while the translator still profiles register use, each counting its runs; after
  // 16384 entries from C++ (one per turn of 40 instructions here) NOPs are written over their
  // count, in place, and they must run on as before.
  load({addi(10, 0, 0), enc::u_type(0x37, 11, 0x100000), addi(0, 0, 0),  // a1 = 2^20
        jal(1, 16),                                                      // kBase + 12: call f
        addi(11, 11, -1), bne(11, 0, -8), jal(0, 0),                     // kBase + 24: done
        addi(10, 10, 3), enc::i_type(0x67, 0, 0, 1, 0)});                // f (kBase + 28)
  for (int turn = 0; turn < 70000; ++turn) {
    translated.hart.run_for(40);
    interpreted.hart.run_for(40);
  }
  for (unsigned r = 0; r < 32; ++r) EXPECT_EQ(translated.hart.x[r], interpreted.hart.x[r]) << "x" << r;
  EXPECT_EQ(translated.hart.instret(), interpreted.hart.instret());
  EXPECT_GE(translated.hart.instret(), 2'800'000u);
  // 3 instructions before the loop, then 5 per call, the second of them adding 3.
  EXPECT_EQ(translated.hart.x[10], 3 * ((translated.hart.instret() - 3 + 3) / 5));
}

TEST_F(JitTest, AJumpToABlockTranslatedLaterGoesStraightThereOnceItIs) {
  // 200 turns of a loop whose branch is taken only in the last 100 (a1 < 100): the loop's block
  // is translated long before the branch's target, so its jump there goes through the lookup
  // table at first and straight to the target's code once that is translated. a0 gains 1 per
  // turn, then 2: 300.
  load({addi(10, 0, 0), addi(11, 0, 200), addi(11, 11, -1), addi(5, 0, 100),
        enc::b_type(0x63, 4, 11, 5, 12),  // kBase + 8: blt a1, t0
        addi(10, 10, 1), jal(0, 8),       // kBase + 20
        addi(10, 10, 2),                  // kBase + 28
        bne(11, 0, -24), jal(0, 0)});     // kBase + 32
  run(100000);
  EXPECT_EQ(translated.hart.x[10], 300u);
  EXPECT_EQ(translated.hart.pc, kBase + 36);
}

TEST_F(JitTest, MachineModeLoadsAndStoresWhereverRamIsInHostMemory) {
  // M-mode code addresses RAM with its host address as a 32-bit displacement when RAM got the
  // low host address ram.cpp asks for (the fixture's first machine), and through a register when
  // not (a second machine: that address is taken). Both must agree with the interpreter: a0 and a1
  // sum 50..1 read back from a doubleword and a byte just stored.
  Machine high{JitMode::kOn};
  EXPECT_GT(reinterpret_cast<uintptr_t>(high.ram.host()), uintptr_t{INT32_MAX});
  const std::vector<uint32_t> program = {auipc(5, 0x8000),                   // t0 = kBase + 0x8000
                                         addi(6, 0, 50),                     // t1 = 50
                                         enc::s_type(0x23, 3, 5, 6, 0x400),  // loop: sd t1, 0x400(t0)
                                         enc::i_type(0x03, 7, 1, 5, 0x400),  // lh t2
                                         op(0, 0, 10, 10, 7),
                                         enc::s_type(0x23, 0, 5, 6, 0x500),   // sb t1, 0x500(t0)
                                         enc::i_type(0x03, 28, 4, 5, 0x500),  // lbu t3
                                         op(0, 0, 11, 11, 28),
                                         addi(6, 6, -1),
                                         bne(6, 0, -28),
                                         jal(0, 0)};
  for (Machine* m : {&translated, &high, &interpreted}) m->hart.reset(kBase);  // as a board does
  load(program);
  high.ram.write(kBase, program.data(), program.size() * 4);
  high.hart.pc = kBase;
  run(2000);
  high.hart.run_for(2000);
  for (unsigned r = 0; r < 32; ++r) EXPECT_EQ(high.hart.x[r], interpreted.hart.x[r]) << "x" << r;
  EXPECT_EQ(high.hart.instret(), interpreted.hart.instret());
  EXPECT_EQ(translated.hart.x[10], 1275u);
  EXPECT_EQ(translated.hart.x[11], 1275u);
  for (Machine* m : {&translated, &high, &interpreted}) {
    uint64_t last = 0;  // the last sd: t1 = 1
    m->ram.read(kBase + 0x8400, &last, 8);
    EXPECT_EQ(last, 1u) << (m == &translated ? "low" : m == &high ? "high" : "interpreted");
  }
}

TEST_F(JitTest, MachineModeStoresBreakAnotherHartsReservationExactlyWhereTheyWrite) {
  // A store from translated M-mode code to a page with a reservation tells the reservations the
  // address it wrote (rebuilt from its offset into RAM out of line): another hart's reservation on
  // that doubleword breaks, one on the next doubleword holds. With RAM low in host memory (the
  // fixture's machine) and high (a second one).
  Machine high{JitMode::kOn, 2};
  const std::vector<uint32_t> program = {auipc(5, 0x8000),                   // t0 = kBase + 0x8000
                                         addi(6, 0, 7),                      // loop: t1 = 7
                                         enc::s_type(0x23, 3, 5, 6, 0x400),  // sd t1, 0x400(t0)
                                         jal(0, -8)};
  constexpr uint64_t kStored = kBase + 0x8400;
  for (Machine* m : {&translated, &high}) {
    const char* which = m == &translated ? "low" : "high";
    m->hart.reset(kBase);
    m->ram.write(kBase, program.data(), program.size() * 4);
    m->hart.pc = kBase;
    m->hart.run_for(3000);  // long enough for the loop to be translated
    m->reservations.reserve(1, kStored + 8);
    m->hart.run_for(300);
    EXPECT_EQ(m->reservations.reserved(1), kStored + 8) << which;
    m->reservations.reserve(1, kStored);
    m->hart.run_for(300);
    EXPECT_EQ(m->reservations.reserved(1), ~0ull) << which;
  }
}
}  // namespace
}  // namespace microvm::riscv
#endif
