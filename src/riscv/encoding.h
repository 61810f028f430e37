// Instruction fields and formats (unprivileged spec 2.2-2.3): extracting operands from a 32-bit
// instruction and building one, which the RVC expander and the tests both need.
#pragma once

#include <cstdint>

namespace microvm::riscv::enc {

constexpr uint32_t opcode(uint32_t raw) { return raw & 0x7F; }
constexpr uint32_t rd(uint32_t raw) { return (raw >> 7) & 0x1F; }
constexpr uint32_t funct3(uint32_t raw) { return (raw >> 12) & 7; }
constexpr uint32_t rs1(uint32_t raw) { return (raw >> 15) & 0x1F; }
constexpr uint32_t rs2(uint32_t raw) { return (raw >> 20) & 0x1F; }
constexpr uint32_t rs3(uint32_t raw) { return raw >> 27; }
constexpr uint32_t funct7(uint32_t raw) { return raw >> 25; }

constexpr int32_t imm_i(uint32_t raw) { return static_cast<int32_t>(raw) >> 20; }
constexpr int32_t imm_s(uint32_t raw) {
  return ((static_cast<int32_t>(raw) >> 25) << 5) | static_cast<int32_t>((raw >> 7) & 0x1F);
}
constexpr int32_t imm_b(uint32_t raw) {
  return ((static_cast<int32_t>(raw) >> 31) << 12) | static_cast<int32_t>(((raw >> 7) & 1) << 11) |
         static_cast<int32_t>(((raw >> 25) & 0x3F) << 5) | static_cast<int32_t>(((raw >> 8) & 0xF) << 1);
}
constexpr int32_t imm_u(uint32_t raw) { return static_cast<int32_t>(raw & 0xFFFFF000u); }
constexpr int32_t imm_j(uint32_t raw) {
  return ((static_cast<int32_t>(raw) >> 31) << 20) | static_cast<int32_t>(raw & 0xFF000) |
         static_cast<int32_t>(((raw >> 20) & 1) << 11) | static_cast<int32_t>(((raw >> 21) & 0x3FF) << 1);
}

constexpr uint32_t r_type(uint32_t op, uint32_t rd, uint32_t f3, uint32_t rs1, uint32_t rs2, uint32_t f7) {
  return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
constexpr uint32_t i_type(uint32_t op, uint32_t rd, uint32_t f3, uint32_t rs1, int32_t imm) {
  return (static_cast<uint32_t>(imm & 0xFFF) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
constexpr uint32_t s_type(uint32_t op, uint32_t f3, uint32_t rs1, uint32_t rs2, int32_t imm) {
  const uint32_t u = static_cast<uint32_t>(imm);
  return (((u >> 5) & 0x7F) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((u & 0x1F) << 7) | op;
}
constexpr uint32_t b_type(uint32_t op, uint32_t f3, uint32_t rs1, uint32_t rs2, int32_t imm) {
  const uint32_t u = static_cast<uint32_t>(imm);
  return (((u >> 12) & 1) << 31) | (((u >> 5) & 0x3F) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
         (((u >> 1) & 0xF) << 8) | (((u >> 11) & 1) << 7) | op;
}
constexpr uint32_t u_type(uint32_t op, uint32_t rd, int32_t imm) {
  return (static_cast<uint32_t>(imm) & 0xFFFFF000u) | (rd << 7) | op;
}
constexpr uint32_t j_type(uint32_t op, uint32_t rd, int32_t imm) {
  const uint32_t u = static_cast<uint32_t>(imm);
  return (((u >> 20) & 1) << 31) | (((u >> 1) & 0x3FF) << 21) | (((u >> 11) & 1) << 20) | (u & 0xFF000) |
         (rd << 7) | op;
}

// Major opcodes (unprivileged spec table 24.1).
namespace op {
constexpr uint32_t kLoad = 0x03, kLoadFp = 0x07, kMiscMem = 0x0F, kOpImm = 0x13, kAuipc = 0x17,
                   kOpImm32 = 0x1B, kStore = 0x23, kStoreFp = 0x27, kAmo = 0x2F, kOp = 0x33, kLui = 0x37,
                   kOp32 = 0x3B, kMadd = 0x43, kMsub = 0x47, kNmsub = 0x4B, kNmadd = 0x4F, kOpFp = 0x53,
                   kBranch = 0x63, kJalr = 0x67, kJal = 0x6F, kSystem = 0x73;
}  // namespace op

}  // namespace microvm::riscv::enc
