// The lamp translator (lamp/translator.h) against the interpreter: random register programs run
// both ways end with the same registers, flags and instruction count, and code that changes under
// a translated block (by the core itself, or by another core while the block loops) is seen.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <random>
#include <string>

#include "lamp/core.h"
#include "lamp/flags.h"
#include "lamp/isa.h"
#include "lamp/layout.h"
#include "lamp/machine.h"
#include "lamp/program_builder.h"
#include "lamp/translator.h"

namespace microvm::lamp {
namespace {

using namespace op;

constexpr uint32_t kData = 0x100000;  // the random programs' loads and stores go here
constexpr unsigned kDataWords = 80;

struct Outcome {
  uint32_t data[kDataWords];
  uint32_t r[32];
  uint32_t flags;
  uint64_t cycles;
  uint64_t translated, dropped, given_back;
};

Outcome run(const ProgramBuilder& b, bool jit, unsigned smp = 1) {
  MachineConfig config;
  config.smp = smp;
  config.jit = jit;
  Machine m(config);
  EXPECT_EQ(m.load(b.build()), std::nullopt);
  m.start();
  if (!m.run_control().wait_for_stop(std::chrono::seconds(20))) m.halt();
  m.join();
  Outcome o{};
  const Core& core = m.core(0);
  std::memcpy(o.r, core.r, sizeof o.r);
  std::memcpy(o.data, m.memory().host() + kData, sizeof o.data);
  o.flags = core.flags;
  o.cycles = core.cycles();
  if (const Translator* t = core.translator()) {
    o.translated = t->translated();
    o.dropped = t->dropped();
    o.given_back = t->given_back();
  }
  return o;
}

void expect_same(const Outcome& interpreted, const Outcome& translated, const std::string& what) {
  for (unsigned i = 0; i < 32; ++i) EXPECT_EQ(interpreted.r[i], translated.r[i]) << what << ": r" << i;
  EXPECT_EQ(interpreted.flags, translated.flags) << what;
  EXPECT_EQ(interpreted.cycles, translated.cycles) << what;
  for (unsigned i = 0; i < kDataWords; ++i)
    EXPECT_EQ(interpreted.data[i], translated.data[i]) << what << ": word " << i;
}

// Every translated instruction, with random registers among r1-r12 (so some blocks need more host
// registers than there are and end early) and random immediates.
const uint8_t kAlu[] = {ADD,  SUB, MUL,  AND,  OR,   XOR,  SHL,  SHR, SAR, ROL,  ROR, ADDI, SUBI,
                        ANDI, ORI, XORI, SHLI, SHRI, ROLI, RORI, INC, CMP, CMPI, MOV, MOVI, NOT};
const uint8_t kJumps[] = {JZ, JNZ, JG, JGE, JL, JLE, JC, JNC};
const uint8_t kRelativeJumps[] = {RJZ, RJNZ, RJG, RJGE, RJL, RJLE, RJC, RJNC};

// Half of the values are the edges of the flags (0, the sign boundary, -1), where CF and OF and
// the original's quirks (flags.h) decide.
uint32_t random_imm(std::mt19937& rng) {
  const uint32_t edges[] = {0, 1, 2, 0x7fffffffu, 0x80000000u, 0x80000001u, 0xfffffffeu, 0xffffffffu};
  switch (rng() % 4) {
    case 0: return rng() % 40;
    case 1: return rng();
    default: return edges[rng() % std::size(edges)];
  }
}

// Mostly register instructions; one in five a word load or store at kData (r30) plus up to 255
// bytes, aligned or not, or plus r31 (12) in the indexed forms.
void random_alu(ProgramBuilder& b, std::mt19937& rng, unsigned count) {
  const uint8_t memory[] = {LOAD32, STORE32, LOADX32, STOREX32};
  for (unsigned k = 0; k < count; ++k) {
    const auto reg = [&] { return static_cast<uint8_t>(1 + rng() % 12); };
    if (rng() % 5 == 0) {
      const uint8_t opcode = memory[rng() % std::size(memory)];
      const bool indexed = opcode == LOADX32 || opcode == STOREX32;
      b.emit(opcode, reg(), 30, indexed ? 31 : 0, rng() % 256);
    } else {
      b.emit(kAlu[rng() % std::size(kAlu)], reg(), reg(), reg(), random_imm(rng));
    }
  }
}

// An outer loop of 200 turns (r20) around four segments, each ending in a forward jump of a
// random kind over an INC of r13 (which so counts the jumps not taken), and an inner loop whose
// back edge is a random conditional jump on r21 (an up-counter compared with a limit, so it ends
// whatever the condition). Registers start at random values, edges included, and the outer loop
// puts half of them back to edge values each turn so that the flags' edge cases keep coming.
ProgramBuilder random_program(std::mt19937& rng) {
  ProgramBuilder b;
  for (uint8_t r = 1; r <= 12; ++r) b.emit(MOVI, r, 0, 0, random_imm(rng));
  b.emit(MOVI, 13, 0, 0, 0).emit(MOVI, 20, 0, 0, 200).emit(MOVI, 30, 0, 0, kData).emit(MOVI, 31, 0, 0, 12);
  b.label("outer");
  for (uint8_t r = 1; r <= 6; ++r) b.emit(MOVI, static_cast<uint8_t>(1 + rng() % 12), 0, 0, random_imm(rng));
  for (int segment = 0; segment < 4; ++segment) {
    const std::string next = "next" + std::to_string(segment);
    random_alu(b, rng, 1 + rng() % 6);
    if (rng() % 2) {
      b.emit_to(kJumps[rng() % std::size(kJumps)], next);
    } else {
      b.emit_to(kRelativeJumps[rng() % std::size(kRelativeJumps)], next);
    }
    b.emit(INC, 13).label(next);
  }
  b.emit(MOVI, 21, 0, 0, 0);
  b.label("inner");
  random_alu(b, rng, rng() % 4);
  b.emit(INC, 21).emit(CMPI, 21, 0, 0, 40);
  const uint8_t back[] = {JL, JNZ, JC, RJL, RJNZ, RJC};  // each taken while r21 < 40
  b.emit_to(back[rng() % std::size(back)], "inner");
  b.emit(SUBI, 20, 20, 0, 1).emit_to(JNZ, "outer");
  random_alu(b, rng, rng() % 3);  // the flags at the end come from a random instruction
  b.emit(HALT);
  return b;
}

TEST(LampTranslator, RandomRegisterProgramsEndAsInterpreted) {
  if (!Translator::available()) GTEST_SKIP() << "this build has no lamp translator";
  std::mt19937 rng(20261203);
  uint64_t translated = 0;
  for (int program = 0; program < 150; ++program) {
    const ProgramBuilder b = random_program(rng);
    const Outcome interpreted = run(b, false), jit = run(b, true);
    expect_same(interpreted, jit, "program " + std::to_string(program));
    EXPECT_EQ(interpreted.translated, 0u);
    translated += jit.translated;
    if (HasFailure()) break;
  }
  EXPECT_GT(translated, 150u);  // every program's loops ran as blocks
}

// The bench loop's shape: one block that jumps back to itself 1000 times.
TEST(LampTranslator, ALoopRunsAsOneBlockWithTheExactCount) {
  if (!Translator::available()) GTEST_SKIP() << "this build has no lamp translator";
  ProgramBuilder b;
  b.emit(MOVI, 4, 0, 0, 1000).emit(MOVI, 5, 0, 0, 0).emit(MOVI, 6, 0, 0, 3);
  b.label("loop").emit(ADD, 5, 5, 6).emit(XORI, 5, 5, 0, 0x55).emit(SHLI, 7, 5, 0, 3);
  b.emit(SUB, 5, 7, 5).emit(SUBI, 4, 4, 0, 1).emit_to(JNZ, "loop").emit(HALT);
  const Outcome jit = run(b, true), interpreted = run(b, false);
  expect_same(interpreted, jit, "loop");
  EXPECT_EQ(jit.cycles, 3u + 6 * 1000 + 1);
  EXPECT_EQ(jit.translated, 1u);
  EXPECT_EQ(jit.r[4], 0u);
}

// The loop stores into its own first instruction in its 51st turn, after running it (the ADDI's
// immediate 1 -> 1000): the block holding it is found stale and the new instruction runs from then
// on.
TEST(LampTranslator, ACoreRewritingItsOwnLoopRunsTheNewCode) {
  if (!Translator::available()) GTEST_SKIP() << "this build has no lamp translator";
  ProgramBuilder b;
  b.emit(MOVI, 1, 0, 0, 0).emit(MOVI, 20, 0, 0, 100).emit(MOVI, 28, 0, 0, 1000);
  b.label("loop").emit(ADDI, 1, 1, 0, 1).emit(CMPI, 20, 0, 0, 50).emit_to(JNZ, "skip");
  b.emit_to(MOVI, "loop", 29).emit(STORE32, 28, 29, 0, 0);  // imm is the word's low 4 bytes
  b.label("skip").emit(SUBI, 20, 20, 0, 1).emit_to(JNZ, "loop").emit(HALT);
  const Outcome jit = run(b, true), interpreted = run(b, false);
  expect_same(interpreted, jit, "self-modifying loop");
  EXPECT_EQ(jit.r[1], 51u * 1 + 49u * 1000);
  EXPECT_GE(jit.dropped, 1u);
}

// A store inside a block into a later instruction of the same block: the ADDI's immediate becomes
// the turn's counter before the ADDI runs, every turn, so r1 = 100 + 99 + ... + 1 (a block that
// ran its own stale ADDI would add the counter of the turn it was translated in).
TEST(LampTranslator, AStoreIntoTheBlockItselfIsSeenByTheNextInstruction) {
  if (!Translator::available()) GTEST_SKIP() << "this build has no lamp translator";
  ProgramBuilder b(0x10000);  // not in the TIME device's page, where stores leave the block first
  b.emit(MOVI, 1, 0, 0, 0).emit(MOVI, 20, 0, 0, 100).emit_to(MOVI, "patch", 29);
  b.label("loop").emit(STORE32, 20, 29, 0, 0);
  b.label("patch").emit(ADDI, 1, 1, 0, 0).emit(SUBI, 20, 20, 0, 1).emit_to(JNZ, "loop").emit(HALT);
  const Outcome jit = run(b, true), interpreted = run(b, false);
  expect_same(interpreted, jit, "store into the block");
  EXPECT_EQ(jit.r[1], 5050u);
  EXPECT_GE(jit.translated, 1u);
  EXPECT_GE(jit.dropped, 1u);
}

// Loads from a device page (SYSINFO) and stores past the end of RAM (the framebuffer) leave the
// block for the interpreter to make them; the results are the interpreter's.
TEST(LampTranslator, DeviceAccessesLeaveTheBlock) {
  if (!Translator::available()) GTEST_SKIP() << "this build has no lamp translator";
  ProgramBuilder b;
  b.emit(MOVI, 1, 0, 0, kSysinfoBase).emit(MOVI, 2, 0, 0, kFbBase).emit(MOVI, 20, 0, 0, 100);
  b.emit(MOVI, 5, 0, 0, 0);
  b.label("loop").emit(LOAD32, 3, 1, 0, 0x24).emit(ADD, 5, 5, 3).emit(STORE32, 20, 2, 0, 0);
  b.emit(LOAD32, 4, 2, 0, 0).emit(SUBI, 20, 20, 0, 1).emit_to(JNZ, "loop").emit(HALT);
  const Outcome jit = run(b, true), interpreted = run(b, false);
  expect_same(interpreted, jit, "device accesses");
  EXPECT_EQ(jit.r[5], 100u * 1);  // SYSINFO 0x24: the number of cores
  EXPECT_EQ(jit.r[4], 1u);        // the framebuffer's first word, as the last turn stored it
}

// A loop that stores into the framebuffer every turn leaves its block before the store every
// turn; after 64 such turns the block goes back to the interpreter (entering and leaving it cost
// more than interpreting), and the pixels are what the interpreter draws.
TEST(LampTranslator, ABlockThatKeepsLeavingForADeviceGoesBackToTheInterpreter) {
  if (!Translator::available()) GTEST_SKIP() << "this build has no lamp translator";
  ProgramBuilder b;
  b.emit(MOVI, 1, 0, 0, kFbBase).emit(MOVI, 2, 0, 0, 1000);
  b.label("draw").emit(STORE32, 2, 1, 0, 0).emit(ADDI, 1, 1, 0, 4).emit(SUBI, 2, 2, 0, 1);
  b.emit_to(JNZ, "draw").emit(HALT);
  const Outcome jit = run(b, true), interpreted = run(b, false);
  expect_same(interpreted, jit, "framebuffer loop");
  EXPECT_EQ(jit.translated, 1u);
  EXPECT_EQ(jit.given_back, 1u);
  EXPECT_EQ(jit.r[1], kFbBase + 4000);
}

// Core 0's spinning block counts its turns into kData (r10, r11) and core 1 waits for 1000 of them
// (core 0 is in its translated block by then: it is translated after 32), so the tests below
// know which code core 0 runs when core 1 acts, however the host schedules the two.
void count_turns(ProgramBuilder& b) { b.emit(INC, 10).emit(STORE32, 10, 11, 0, 0); }
void wait_for_turns(ProgramBuilder& b) {
  b.emit(MOVI, 11, 0, 0, kData).label("wait").emit(LOAD32, 6, 11, 0, 0).emit(CMPI, 6, 0, 0, 1000);
  b.emit_to(JL, "wait");
}

// Core 0 spins in a one-block loop until core 1 rewrites the loop's ADDI from +0 to +1: the
// block's check before each back edge (or on its next entry) sees it; without it core 0 would spin
// to the timeout.
TEST(LampSmp, ATranslatedLoopSeesAnotherCoreRewriteIt) {
  if (!Translator::available()) GTEST_SKIP() << "this build has no lamp translator";
  ProgramBuilder b;
  b.emit(MOVI, 1, 0, 0, 1).emit_to(MOVI, "ap", 2).emit(STARTAP, 1, 2, 0, 0);
  b.emit(MOVI, 3, 0, 0, 0).emit(MOVI, 10, 0, 0, 0).emit(MOVI, 11, 0, 0, kData);
  b.label("spin");
  count_turns(b);
  b.emit(ADDI, 3, 3, 0, 0).emit(CMPI, 3, 0, 0, 0).emit_to(JZ, "spin").emit(HALT);
  b.label("ap");
  wait_for_turns(b);
  b.emit(MOVI, 6, 0, 0, 1).emit_to(MOVI, "spin", 7).emit(STORE32, 6, 7, 0, 16);  // the ADDI's immediate
  b.label("park").emit(PAUSE).emit_to(JMP, "park");
  const Outcome jit = run(b, true, 2);
  EXPECT_EQ(jit.r[3], 1u);
  EXPECT_GE(jit.translated, 1u);
  EXPECT_GE(jit.dropped, 1u);
}

// The flags a block leaves: core 0 spins in a one-block loop whose last flag-setting instruction
// takes fixed edge operands, until core 1 halts the machine (after 1000 turns of it); the halt reaches the
// block at a back edge, and the flags word it leaves must be flags.h's for that instruction (this is where
// the original's quirks show that no jump condition can see, such as 0 - INT_MIN not overflowing).
TEST(LampSmp, TranslatedFlagsLeftAtABackEdgeAreTheSpecs) {
  if (!Translator::available()) GTEST_SKIP() << "this build has no lamp translator";
  const uint32_t edges[] = {0, 1, 0x7fffffffu, 0x80000000u, 0xffffffffu};
  struct Case {
    uint8_t opcode;
    uint32_t (*expected)(uint32_t a, uint32_t b);
  };
  const Case cases[] = {
      {ADD, [](uint32_t a, uint32_t b) { return flags::add(0, a, b, a + b); }},
      {ADDI, [](uint32_t a, uint32_t b) { return flags::add(0, a, b, a + b); }},
      {SUB, [](uint32_t a, uint32_t b) { return flags::sub(0, a, b, a - b); }},
      {SUBI, [](uint32_t a, uint32_t b) { return flags::sub(0, a, b, a - b); }},
      {CMP, [](uint32_t a, uint32_t b) { return flags::sub(0, a, b, a - b); }},
      {CMPI, [](uint32_t a, uint32_t b) { return flags::sub(0, a, b, a - b); }},
      {INC, [](uint32_t a, uint32_t) { return flags::add(0, a, 1, a + 1); }},
      {XOR, [](uint32_t a, uint32_t b) { return flags::logic(0, a ^ b); }},
  };
  for (const Case& c : cases) {
    for (uint32_t a : edges) {
      for (uint32_t b : edges) {
        ProgramBuilder p;
        p.emit(MOVI, 1, 0, 0, 1).emit_to(MOVI, "ap", 2).emit(STARTAP, 1, 2, 0, 0);
        p.emit(MOVI, 10, 0, 0, 0).emit(MOVI, 11, 0, 0, kData).label("spin");
        count_turns(p);
        p.emit(MOVI, 3, 0, 0, a).emit(MOVI, 4, 0, 0, b);
        if (c.opcode == CMP || c.opcode == INC) {
          p.emit(c.opcode, 3, 4);  // CMP r3, r4; INC r3
        } else if (c.opcode == CMPI) {
          p.emit(CMPI, 3, 0, 0, b);
        } else if (c.opcode == ADDI || c.opcode == SUBI) {
          p.emit(c.opcode, 5, 3, 0, b);
        } else {
          p.emit(c.opcode, 5, 3, 4);
        }
        p.emit_to(JMP, "spin");
        p.label("ap");
        wait_for_turns(p);
        p.emit(HALT);
        const Outcome o = run(p, true, 2);
        const std::string what = op_name(c.opcode) + " " + std::to_string(a) + ", " + std::to_string(b);
        EXPECT_EQ(o.flags, c.expected(a, b)) << what;
        EXPECT_EQ(o.translated, 1u) << what;
      }
    }
  }
}

}  // namespace
}  // namespace microvm::lamp
