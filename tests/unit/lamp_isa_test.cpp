// The shared opcode table: complete, consistent names, and a disassembler that shows each form.
#include <gtest/gtest.h>

#include <cstring>
#include <set>
#include <string>

#include "lamp/isa.h"

namespace microvm::lamp {
namespace {

TEST(LampIsa, EveryOpcodeFrom01To60HasAUniqueName) {
  std::set<std::string> names;
  for (unsigned op = 1; op <= 0x60; ++op) {
    const OpInfo* info = op_info(static_cast<uint8_t>(op));
    ASSERT_NE(info, nullptr) << op;
    EXPECT_TRUE(names.insert(info->name).second) << info->name;
    EXPECT_EQ(opcode_by_name(info->name), op);
  }
  EXPECT_EQ(op_info(0), nullptr);
  EXPECT_EQ(op_info(0x61), nullptr);
  EXPECT_EQ(opcode_by_name("cAs"), op::CAS);
  EXPECT_EQ(opcode_by_name("nope"), std::nullopt);
  EXPECT_EQ(op_name(0x7F), "OP_0x7F");
}

TEST(LampIsa, EncodingIsOpcodeRdRs1Rs2Imm) {
  const uint64_t raw = encode(op::LOADX32, 1, 2, 3, 0xFFFFFFF0);
  EXPECT_EQ(raw, 0x0E010203FFFFFFF0ull);
  const Insn i = decode(raw);
  EXPECT_EQ(i.op, op::LOADX32);
  EXPECT_EQ(i.rd, 1);
  EXPECT_EQ(i.rs2, 3);
  EXPECT_EQ(i.imm, 0xFFFFFFF0u);
  uint8_t bytes[8];
  const uint64_t add = encode(op::ADD, 33, 34, 35, 0x80000001);
  std::memcpy(bytes, &add, 8);  // as in memory: little-endian
  const Fields f(bytes);
  EXPECT_EQ(f.rd(), 1);  // register fields run modulo 32
  EXPECT_EQ(f.rs1(), 2);
  EXPECT_EQ(f.rs2(), 3);
  EXPECT_EQ(f.imm(), 0x80000001u);
}

TEST(LampIsa, DisassemblyShowsOnlyTheFieldsOfTheForm) {
  EXPECT_EQ(disassemble(encode(op::HALT, 1, 2, 3, 4), 0x201C), "halt");
  EXPECT_EQ(disassemble(encode(op::LOADX32, 1, 2, 3, 0xFFFFFFF0), 0), "loadx32 r1, r2, r3, -16");
  EXPECT_EQ(disassemble(encode(op::MOVI, 31, 0, 0, 0x12345678), 0), "movi r31, 0x12345678");
  EXPECT_EQ(disassemble(encode(op::RJNZ, 0, 0, 0, 0xFFFFFFF8), 0x2024), "rjnz 0x201c");
  EXPECT_EQ(disassemble(encode(op::CALL, 0, 0, 0, 0x2100), 0), "call 0x2100");
  EXPECT_EQ(disassemble(encode(op::INTI, 0, 0, 0, 0x80), 0), "inti 128");
  EXPECT_EQ(disassemble(0x7F00000000000001ull, 0), ".quad 0x7f00000000000001");
}

}  // namespace
}  // namespace microvm::lamp
