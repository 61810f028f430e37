// The Polaris instruction set (spec §1): encoding, and the opcode table (built from the list in
// opcodes.h) shared by the VM, the assembler, the disassembler, the debugger and the statistics.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "lamp/opcodes.h"

namespace microvm::lamp {

// Operand forms, in the assembler's operand order (= field order, spec §9).
enum class Form : uint8_t {
  kNone,       // HALT
  kRd,         // INC r1
  kRdRs,       // MOV r1, r2
  kRdRsRs,     // ADD r1, r2, r3
  kRdRsImm,    // LOAD32 r1, r2, 8
  kRdRsRsImm,  // LOADX32 r1, r2, r3, 8
  kRdImm,      // MOVI r1, 5
  kImm,        // JMP label (absolute)
  kRelImm,     // RJMP label (imm = target - address of this instruction)
};

struct OpInfo {
  uint8_t opcode;
  const char* name;  // upper case, as in the spec's table
  Form form;
};

// op::ADD, op::SUB, ...: the opcode values, from the one list in opcodes.h.
namespace op {
#define LAMP_OPCODE_ENUMERATOR(value, name, form, handler, flow) name = value,
enum : uint8_t { LAMP_OPCODES(LAMP_OPCODE_ENUMERATOR) };
#undef LAMP_OPCODE_ENUMERATOR
static_assert(CAS == 0x3F && STARTAP == 0x46 && CALLR == 0x49 && RJG == 0x56 && STOREX16 == 0x60);
}  // namespace op

// nullptr for an opcode that does not exist (0x00 and everything above 0x60 today).
const OpInfo* op_info(uint8_t opcode);
std::optional<uint8_t> opcode_by_name(std::string_view name);  // case-insensitive
// "ADD" or "OP_0x7F" for unknown opcodes.
std::string op_name(uint8_t opcode);

// One instruction, fields as stored (register fields are 8 bits; see Core for how indices >= 32 run).
struct Insn {
  uint8_t op = 0, rd = 0, rs1 = 0, rs2 = 0;
  uint32_t imm = 0;
};

// An instruction as the interpreter sees it: its fields read from its 8 bytes in memory (host RAM,
// or a copy for the slow fetch), each with one byte load, register fields taken modulo 32 (r0-r31
// exist; see docs/lamp.md). They are read when the handler starts, before it writes anything, so
// an instruction that overwrites itself runs as it was fetched; the ones a handler does not use
// are never read.
struct Fields {
  explicit Fields(const uint8_t* p)
      : rd_(static_cast<uint8_t>(p[6] & 31)),
        rs1_(static_cast<uint8_t>(p[5] & 31)),
        rs2_(static_cast<uint8_t>(p[4] & 31)) {
    std::memcpy(&imm_, p, 4);  // little-endian, as the host
  }
  uint8_t rd() const { return rd_; }
  uint8_t rs1() const { return rs1_; }
  uint8_t rs2() const { return rs2_; }
  uint32_t imm() const { return imm_; }

 private:
  uint8_t rd_, rs1_, rs2_;
  uint32_t imm_;
};

inline Insn decode(uint64_t raw) {
  return Insn{static_cast<uint8_t>(raw >> 56), static_cast<uint8_t>(raw >> 48),
              static_cast<uint8_t>(raw >> 40), static_cast<uint8_t>(raw >> 32), static_cast<uint32_t>(raw)};
}
inline uint64_t encode(const Insn& i) {
  return (uint64_t{i.op} << 56) | (uint64_t{i.rd} << 48) | (uint64_t{i.rs1} << 40) | (uint64_t{i.rs2} << 32) |
         i.imm;
}
inline uint64_t encode(uint8_t opcode, uint8_t rd = 0, uint8_t rs1 = 0, uint8_t rs2 = 0, uint32_t imm = 0) {
  return encode(Insn{opcode, rd, rs1, rs2, imm});
}

// Assembler syntax for one instruction at `address` ("movi r1, 0x48", "rjmp 0x2034"). Only the fields
// the form uses are shown; an unknown opcode prints as ".quad 0x...".
std::string disassemble(uint64_t raw, uint32_t address);

}  // namespace microvm::lamp
