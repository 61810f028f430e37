// decode(): which encodings are instructions, the operands it unpacks, and what the handler it
// picks does; expand_compressed(): every RVC instruction against the 32-bit instruction the
// GNU assembler produces for the same operation.
#include "riscv/decode.h"

#include <gtest/gtest.h>

#include <string_view>

#include "riscv/encoding.h"
#include "unit/hart_fixture.h"

namespace microvm::riscv {
namespace {

struct CompressedCase {
  uint16_t compressed;
  uint32_t expanded;
  const char* text;
};

// Pairs assembled by riscv64-unknown-elf-as (-march=rv64imafdc): each RVC instruction and its
// 32-bit equivalent (pc-relative ones with the same offset).
constexpr CompressedCase kCompressed[] = {
    {0x0808, 0x01010513, "c.addi4spn a0, sp, 16"},
    {0x1fe0, 0x3fc10413, "c.addi4spn s0, sp, 1020"},
    {0x005c, 0x00410793, "c.addi4spn a5, sp, 4"},
    {0x2588, 0x0085b507, "c.fld fa0, 8(a1)"},
    {0x3c64, 0x0f843487, "c.fld fs1, 248(s0)"},
    {0x41c8, 0x0045a503, "c.lw a0, 4(a1)"},
    {0x5fe4, 0x07c7a483, "c.lw s1, 124(a5)"},
    {0x6588, 0x0085b503, "c.ld a0, 8(a1)"},
    {0x7cf4, 0x0f84b683, "c.ld a3, 248(s1)"},
    {0xa588, 0x00a5b427, "c.fsd fa0, 8(a1)"},
    {0xc1c8, 0x00a5a223, "c.sw a0, 4(a1)"},
    {0xdc78, 0x06e42e23, "c.sw a4, 124(s0)"},
    {0xe588, 0x00a5b423, "c.sd a0, 8(a1)"},
    {0xfe64, 0x0e963c23, "c.sd s1, 248(a2)"},
    {0x0001, 0x00000013, "c.nop"},
    {0x1575, 0xffd50513, "c.addi a0, -3"},
    {0x0ffd, 0x01ff8f93, "c.addi t6, 31"},
    {0x1081, 0xfe008093, "c.addi ra, -32"},
    {0x2515, 0x0055051b, "c.addiw a0, 5"},
    {0x3d81, 0xfe0d8d9b, "c.addiw s11, -32"},
    {0x2581, 0x0005859b, "c.addiw a1, 0"},
    {0x5565, 0xff900513, "c.li a0, -7"},
    {0x42fd, 0x01f00293, "c.li t0, 31"},
    {0x7139, 0xfc010113, "c.addi16sp sp, -64"},
    {0x617d, 0x1f010113, "c.addi16sp sp, 496"},
    {0x7101, 0xe0010113, "c.addi16sp sp, -512"},
    {0x657d, 0x0001f537, "c.lui a0, 0x1f"},
    {0x7501, 0xfffe0537, "c.lui a0, 0xfffe0"},
    {0x6d85, 0x00001db7, "c.lui s11, 1"},
    {0x70fd, 0xfffff0b7, "c.lui ra, 0xfffff"},
    {0x810d, 0x00355513, "c.srli a0, 3"},
    {0x907d, 0x03f45413, "c.srli s0, 63"},
    {0x9381, 0x0207d793, "c.srli a5, 32"},
    {0x95fd, 0x43f5d593, "c.srai a1, 63"},
    {0x8485, 0x4014d493, "c.srai s1, 1"},
    {0x9a7d, 0xfff67613, "c.andi a2, -1"},
    {0x8afd, 0x01f6f693, "c.andi a3, 31"},
    {0x9801, 0xfe047413, "c.andi s0, -32"},
    {0x8c05, 0x40940433, "c.sub s0, s1"},
    {0x8d3d, 0x00f54533, "c.xor a0, a5"},
    {0x8e55, 0x00d66633, "c.or a2, a3"},
    {0x8f61, 0x00877733, "c.and a4, s0"},
    {0x9d0d, 0x40b5053b, "c.subw a0, a1"},
    {0x9cbd, 0x00f484bb, "c.addw s1, a5"},
    {0xa201, 0x1000006f, "c.j .+256"},
    {0xb001, 0x801ff06f, "c.j .-2048"},
    {0xaffd, 0x7fe0006f, "c.j .+2046"},
    {0xa009, 0x0020006f, "c.j .+2"},
    {0xd965, 0xfe0508e3, "c.beqz a0, .-16"},
    {0xccfd, 0x0e048f63, "c.beqz s1, .+254"},
    {0xd381, 0xf00780e3, "c.beqz a5, .-256"},
    {0xe581, 0x00059463, "c.bnez a1, .+8"},
    {0xf001, 0xf00410e3, "c.bnez s0, .-256"},
    {0x0516, 0x00551513, "c.slli a0, 5"},
    {0x1ffe, 0x03ff9f93, "c.slli t6, 63"},
    {0x1082, 0x02009093, "c.slli ra, 32"},
    {0x2542, 0x01013507, "c.fldsp fa0, 16(sp)"},
    {0x3ffe, 0x1f813f87, "c.fldsp ft11, 504(sp)"},
    {0x4532, 0x00c12503, "c.lwsp a0, 12(sp)"},
    {0x5ffe, 0x0fc12f83, "c.lwsp t6, 252(sp)"},
    {0x6562, 0x01813503, "c.ldsp a0, 24(sp)"},
    {0x70fe, 0x1f813083, "c.ldsp ra, 504(sp)"},
    {0x8502, 0x00050067, "c.jr a0"},
    {0x8082, 0x00008067, "c.jr ra"},
    {0x852e, 0x00b00533, "c.mv a0, a1"},
    {0x8f86, 0x00100fb3, "c.mv t6, ra"},
    {0x9002, 0x00100073, "c.ebreak"},
    {0x9502, 0x000500e7, "c.jalr a0"},
    {0x9f82, 0x000f80e7, "c.jalr t6"},
    {0x952e, 0x00b50533, "c.add a0, a1"},
    {0x917e, 0x01f10133, "c.add sp, t6"},
    {0xa82a, 0x00a13827, "c.fsdsp fa0, 16(sp)"},
    {0xbfee, 0x1fb13c27, "c.fsdsp fs11, 504(sp)"},
    {0xc62a, 0x00a12623, "c.swsp a0, 12(sp)"},
    {0xdffe, 0x0ff12e23, "c.swsp t6, 252(sp)"},
    {0xec2a, 0x00a13c23, "c.sdsp a0, 24(sp)"},
    {0xff86, 0x1e113c23, "c.sdsp ra, 504(sp)"},
};

TEST(ExpandCompressed, EveryInstructionMatchesTheAssembler) {
  for (const CompressedCase& c : kCompressed) {
    EXPECT_EQ(expand_compressed(c.compressed), c.expanded) << c.text;
  }
}

// The FP handlers other than loads and stores are made for 4-byte instructions (exec_fp.h,
// kFpLen): no 16-bit encoding may expand to FP computation, moves or conversions, or to the half
// precision loads and stores, which have no compressed form either.
TEST(ExpandCompressed, NoFloatingPointButLoadsAndStores) {
  unsigned fp_loads_stores = 0;
  for (uint32_t c = 0; c < 0x10000; ++c) {
    if ((c & 3) == 3) continue;
    const uint32_t raw = expand_compressed(static_cast<uint16_t>(c));
    const uint32_t opcode = raw & 0x7F;
    EXPECT_TRUE(opcode != 0x53 && (opcode & 0x73) != 0x43) << std::hex << c << " -> " << raw;
    if (opcode == 0x07 || opcode == 0x27) {
      EXPECT_EQ(enc::funct3(raw), 3u) << std::hex << c << " -> " << raw;  // fld and fsd only
      ++fp_loads_stores;
    }
  }
  EXPECT_EQ(fp_loads_stores, 4u * 2048);  // c.fld, c.fsd, c.fldsp, c.fsdsp: 2048 encodings each
}

// Reserved encodings (unprivileged spec table 16.4 and the instruction notes) expand to 0.
TEST(ExpandCompressed, ReservedEncodingsExpandToZero) {
  constexpr uint16_t kReserved[] = {
      0x0000,  // all zeros: illegal by definition
      0x0004,  // c.addi4spn with nzuimm = 0
      0x2005,  // c.addiw with rd = x0
      0x4002,  // c.lwsp with rd = x0
      0x6002,  // c.ldsp with rd = x0
      0x8002,  // c.jr with rs1 = x0
      0x6101,  // c.addi16sp with nzimm = 0
      0x6501,  // c.lui with nzimm = 0
      0x9c79,  // Q1 funct6 100111, funct2 11, Zcb's unary slot 6
      0x9c7d,  // Q1 funct6 100111, funct2 11, Zcb's unary slot 7
  };
  for (uint16_t raw : kReserved) EXPECT_EQ(expand_compressed(raw), 0u) << std::hex << raw;
}

// HINTs are instructions that change nothing architecturally, not illegal ones.
TEST(ExpandCompressed, HintsExpandToInstructionsThatWriteNothing) {
  EXPECT_EQ(expand_compressed(0x0005), enc::i_type(enc::op::kOpImm, 0, 0, 0, 1));    // c.nop 1
  EXPECT_EQ(expand_compressed(0x0501), enc::i_type(enc::op::kOpImm, 10, 0, 10, 0));  // c.addi a0, 0
  EXPECT_EQ(expand_compressed(0x4015), enc::i_type(enc::op::kOpImm, 0, 0, 0, 5));    // c.li x0, 5
  EXPECT_EQ(expand_compressed(0x6005), enc::u_type(enc::op::kLui, 0, 0x1000));       // c.lui x0, 1
  EXPECT_EQ(expand_compressed(0x802a), enc::r_type(enc::op::kOp, 0, 0, 0, 10, 0));   // c.mv x0, a0
  EXPECT_EQ(expand_compressed(0x902a), enc::r_type(enc::op::kOp, 0, 0, 0, 10, 0));   // c.add x0, a0
  EXPECT_EQ(expand_compressed(0x0006), enc::i_type(enc::op::kOpImm, 0, 1, 0, 1));    // c.slli x0, 1
}

TEST(Decode, RegisterFormFields) {
  Insn insn;
  decode(0x00c58533, insn);  // add a0, a1, a2
  EXPECT_EQ(insn.rd, 10);
  EXPECT_EQ(insn.rs1, 11);
  EXPECT_EQ(insn.rs2, 12);
  EXPECT_EQ(insn.len, 4);
  EXPECT_NE(insn.fn, &execute_illegal);
}

TEST(Decode, WritesToX0GoToTheSink) {
  Insn insn;
  decode(0x00558013, insn);  // addi x0, a1, 5
  EXPECT_EQ(insn.rd, kZeroSink);
  EXPECT_EQ(insn.imm, 5);
}

TEST(Decode, ImmediatesAreSignExtended) {
  Insn insn;
  decode(0x80058513, insn);  // addi a0, a1, -2048
  EXPECT_EQ(insn.imm, -2048);
  decode(0xfe0508e3, insn);  // beq a0, x0, -16
  EXPECT_EQ(insn.imm, -16);
  decode(0x801ff06f, insn);  // jal x0, -2048
  EXPECT_EQ(insn.imm, -2048);
  decode(0x80000537, insn);  // lui a0, 0x80000
  EXPECT_EQ(insn.imm, INT32_MIN);
  decode(0xfe113c23, insn);  // sd ra, -8(sp)
  EXPECT_EQ(insn.imm, -8);
}

TEST(Decode, ShiftImmediatesAreTheAmountOnly) {
  Insn insn;
  decode(0x43f5d593, insn);  // srai a1, a1, 63
  EXPECT_EQ(insn.imm, 63);
  decode(0x41f5d59b, insn);  // sraiw a1, a1, 31
  EXPECT_EQ(insn.imm, 31);
}

TEST(Decode, CsrInstructionsCarryTheCsrNumber) {
  Insn insn;
  decode(0x34011573, insn);  // csrrw a0, mscratch, sp
  EXPECT_EQ(insn.imm, 0x340);
  EXPECT_EQ(insn.rs1, 2);
  EXPECT_EQ(insn.rd, 10);
  decode(0xc0002573, insn);  // csrr a0, cycle
  EXPECT_EQ(insn.imm, 0xc00);
}

TEST(Decode, CompressedInstructionsAreTwoBytes) {
  Insn insn;
  decode(0x952e, insn);  // c.add a0, a1
  EXPECT_EQ(insn.len, 2);
  EXPECT_EQ(insn.rd, 10);
  EXPECT_EQ(insn.rs1, 10);
  EXPECT_EQ(insn.rs2, 11);
}

TEST(Decode, UndefinedEncodingsAreIllegal) {
  constexpr uint32_t kIllegal[] = {
      0xffffffff,  // opcode 0x7f
      0x00007003,  // load funct3 7
      0x00004023,  // store funct3 4
      0x00002063,  // branch funct3 2
      0x00001067,  // jalr funct3 1
      0x04001013,  // slli with imm[11:6] = 1
      0x0200101b,  // slliw with imm[5] = 1
      0x40001033,  // funct7 0x20 with funct3 1
      0x0200103b,  // OP-32 funct7 1 funct3 1
      0x1015352f,  // lr.d with rs2 != 0
      0x2800202f,  // AMO funct5 0x05
      0x00004007,  // LOAD-FP width 4: flq, no Q
      0x06000053,  // fadd.q: no Q
      0x0a000033,  // OP funct7 5 funct3 0: not a Zbb/Zbc instruction
      0x000000f3,  // ecall with rd != 0
      0x00200073,  // uret
      0x7b200073,  // dret
      0x12000f73,  // sfence.vma with rd != 0
      0x0000406b,  // reserved opcode
  };
  for (uint32_t raw : kIllegal) {
    Insn insn;
    decode(raw, insn);
    EXPECT_EQ(insn.fn, &execute_illegal) << std::hex << raw;
  }
  Insn insn;
  decode(0x00005007, insn, Isa::parse("rv64,v=off"));  // vle16.v: a vector width, V off
  EXPECT_EQ(insn.fn, &execute_illegal);
  decode(0x00005007, insn);
  EXPECT_NE(insn.fn, &execute_illegal);
}

TEST(Decode, FloatingPointCompressedDecodeWithD) {
  for (uint16_t raw : {0x2588 /* c.fld */, 0xa588 /* c.fsd */, 0x2542 /* c.fldsp */, 0xa82a /* c.fsdsp */}) {
    Insn insn;
    decode(raw, insn);
    EXPECT_NE(insn.fn, &execute_illegal) << std::hex << raw;
    EXPECT_EQ(insn.len, 2);
  }
}

TEST(Decode, ReservedCompressedAreIllegal) {
  for (uint16_t raw : {0x0000, 0x0004, 0x8002, 0x6101, 0x9c79}) {
    Insn insn;
    decode(raw, insn);
    EXPECT_EQ(insn.fn, &execute_illegal) << std::hex << raw;
    EXPECT_EQ(insn.len, 2);
  }
}

TEST(Decode, FenceIgnoresItsReservedFields) {
  Insn insn;
  decode(0x0ff7878f, insn);  // fence with rd = rs1 = x15 and fm = 0
  EXPECT_NE(insn.fn, &execute_illegal);
  decode(0x8330000f, insn);  // fence.tso
  EXPECT_NE(insn.fn, &execute_illegal);
}

using DecodeRun = HartTest;

TEST_F(DecodeRun, AddWritesRdAndAdvancesPc) {
  hart.x[11] = 40;
  hart.x[12] = 2;
  run(0x00c58533);  // add a0, a1, a2
  EXPECT_EQ(hart.x[10], 42u);
  EXPECT_EQ(hart.pc, kRamBase + 4);
}

TEST_F(DecodeRun, CompressedAddAdvancesPcByTwo) {
  hart.x[10] = 40;
  hart.x[11] = 2;
  run(0x952e);  // c.add a0, a1
  EXPECT_EQ(hart.x[10], 42u);
  EXPECT_EQ(hart.pc, kRamBase + 2);
}

// The common instructions' handlers come in one form per instruction length (exec_common.h,
// Sized), each stepping on by a constant: every RVC instruction that does not jump, and the 32-bit
// instruction it stands for, must go on to the instruction right after it in the same block.
TEST_F(DecodeRun, EveryInstructionGoesOnToTheOneAfterIt) {
  constexpr uint32_t kCountInTp = 0x00120213;   // addi tp, tp, 1
  constexpr uint32_t kJumpToSelf = 0x0000006f;  // j .: ends the block
  uint64_t code = kRamBase + 0x10000;           // a fresh page for each run: decoded pages keep copies
  for (const CompressedCase& c : kCompressed) {
    const std::string_view text = c.text;
    if (text.starts_with("c.j") || text.starts_with("c.b") || text == "c.ebreak") continue;
    for (const unsigned len : {2u, 4u}) {
      const uint32_t raw = len == 2 ? c.compressed : c.expanded;
      ram.write(code, &raw, len);
      ram.write(code + len, &kCountInTp, 4);
      ram.write(code + len + 4, &kJumpToSelf, 4);
      for (unsigned r = 1; r < 32; ++r) hart.x[r] = kRamBase + 0x4000;  // loads and stores hit RAM
      hart.x[4] = 0;
      hart.csr.mstatus |= mstatus_bits::kFS;
      hart.pc = code;
      hart.run_for(1);
      EXPECT_EQ(hart.x[4], 1u) << c.text << ", " << len << " bytes";
      EXPECT_EQ(hart.pc, code + len + 4) << c.text << ", " << len << " bytes";
      code += 0x1000;
    }
  }
}

TEST_F(DecodeRun, WritingX0LeavesItZero) {
  hart.x[11] = 7;
  run(0x00558013);  // addi x0, a1, 5
  EXPECT_EQ(hart.x[0], 0u);
}

TEST_F(DecodeRun, CompressedJalrLinksPcPlusTwo) {
  hart.x[10] = kRamBase + 0x100;
  run(0x9502);  // c.jalr a0
  EXPECT_EQ(hart.pc, kRamBase + 0x100);
  EXPECT_EQ(hart.x[1], kRamBase + 2);
}

TEST_F(DecodeRun, JalrClearsBitZeroAndReadsRs1BeforeLinking) {
  hart.x[10] = kRamBase + 0x101;
  run(0x00050567);  // jalr a0, 0(a0)
  EXPECT_EQ(hart.pc, kRamBase + 0x100);
  EXPECT_EQ(hart.x[10], kRamBase + 4);
}

TEST_F(DecodeRun, TakenCompressedBranchUsesItsOffset) {
  hart.x[15] = 0;
  run(0xd381);  // c.beqz a5, .-256
  EXPECT_EQ(hart.pc, kRamBase - 256);
}

TEST_F(DecodeRun, LoadWordSignExtends) {
  const uint32_t word = 0x80000001;
  ram.write(kRamBase + 0x1000, &word, 4);
  hart.x[11] = kRamBase + 0x1000;
  run(0x0005a503);  // lw a0, 0(a1)
  EXPECT_EQ(hart.x[10], 0xffffffff80000001u);
}

TEST_F(DecodeRun, IllegalInstructionTrapsWithItsBitsInMtval) {
  const uint32_t bits = 0xffffffff;
  ram.write(kRamBase, &bits, 4);
  hart.csr.mtvec = kRamBase + 0x800;
  run(bits);
  EXPECT_EQ(hart.csr.mcause, 2u);
  EXPECT_EQ(hart.csr.mtval, 0xffffffffu);
  EXPECT_EQ(hart.csr.mepc, kRamBase);
  EXPECT_EQ(hart.pc, kRamBase + 0x800);
}

TEST_F(DecodeRun, IllegalCompressedInstructionPutsSixteenBitsInMtval) {
  const uint32_t bits = 0xffff6501;  // c.lui a0, 0 (reserved), then other bits
  ram.write(kRamBase, &bits, 4);
  run(0x6501);
  EXPECT_EQ(hart.csr.mcause, 2u);
  EXPECT_EQ(hart.csr.mtval, 0x6501u);
}

TEST_F(DecodeRun, DivideByZeroGivesAllOnes) {
  hart.x[11] = 123;
  hart.x[12] = 0;
  run(0x02c5c533);  // div a0, a1, a2
  EXPECT_EQ(hart.x[10], ~0ull);
}

TEST_F(DecodeRun, AmoaddWReturnsTheOldWordSignExtended) {
  const uint64_t value = 0x00000000fffffffe;
  write64(kRamBase + 0x2000, value);
  hart.x[10] = kRamBase + 0x2000;
  hart.x[11] = 3;
  run(0x00b5262f);  // amoadd.w a2, a1, (a0)
  EXPECT_EQ(hart.x[12], 0xfffffffffffffffeu);
  EXPECT_EQ(read64(kRamBase + 0x2000), 0x0000000000000001u);
}

}  // namespace
}  // namespace microvm::riscv
