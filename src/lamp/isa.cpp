#include "lamp/isa.h"

#include <fmt/format.h>

#include <array>
#include <cctype>

namespace microvm::lamp {
namespace {

using F = Form;

// Indexed by opcode. The names are the spec's table (§1.3); the forms are the assembler's (§9) plus
// the LLVM-era forms of 0x49-0x60.
constexpr std::array<OpInfo, op::kLast + 1> kTable = {{
    {nullptr, F::kNone},
    {"ADD", F::kRdRsRs},
    {"SUB", F::kRdRsRs},
    {"MUL", F::kRdRsRs},
    {"DIV", F::kRdRsRs},
    {"HALT", F::kNone},
    {"JMP", F::kImm},
    {"JZ", F::kImm},
    {"PUSH", F::kRd},
    {"POP", F::kRd},
    {"CALL", F::kImm},
    {"RET", F::kNone},
    {"LOAD", F::kRdRsImm},
    {"LOAD32", F::kRdRsImm},
    {"LOADX32", F::kRdRsRsImm},
    {"STORE", F::kRdRsImm},
    {"STORE32", F::kRdRsImm},
    {"STOREX32", F::kRdRsRsImm},
    {"CMP", F::kRdRs},
    {"CMPI", F::kRdImm},
    {"MOV", F::kRdRs},
    {"MOVI", F::kRdImm},
    {"MEMSET", F::kRdRsImm},
    {"MEMCPY", F::kRdRsImm},
    {"IN", F::kRdRs},
    {"OUT", F::kRdRs},
    {"INT", F::kRd},
    {"IRET", F::kNone},
    {"MOD", F::kRdRsRs},
    {"AND", F::kRdRsRs},
    {"OR", F::kRdRsRs},
    {"XOR", F::kRdRsRs},
    {"NOT", F::kRdRs},
    {"SHL", F::kRdRsRs},
    {"SHR", F::kRdRsRs},
    {"SAR", F::kRdRsRs},
    {"JNZ", F::kImm},
    {"JG", F::kImm},
    {"JGE", F::kImm},
    {"JL", F::kImm},
    {"JLE", F::kImm},
    {"JC", F::kImm},
    {"JNC", F::kImm},
    {"FADD", F::kRdRsRs},
    {"FSUB", F::kRdRsRs},
    {"FMUL", F::kRdRsRs},
    {"FDIV", F::kRdRsRs},
    {"FNEG", F::kRdRs},
    {"FABS", F::kRdRs},
    {"FSQRT", F::kRdRs},
    {"FCMP", F::kRdRs},
    {"ITOF", F::kRdRs},
    {"FTOI", F::kRdRs},
    {"FLOAD32", F::kRdRsImm},
    {"FSTORE32", F::kRdRsImm},
    {"INC", F::kRd},
    {"ADDI", F::kRdRsImm},
    {"SUBI", F::kRdRsImm},
    {"ANDI", F::kRdRsImm},
    {"ORI", F::kRdRsImm},
    {"XORI", F::kRdRsImm},
    {"SHLI", F::kRdRsImm},
    {"SHRI", F::kRdRsImm},
    {"CAS", F::kRdRsRsImm},
    {"XADD", F::kRdRsRsImm},
    {"XCHG", F::kRdRsRsImm},
    {"LDAR", F::kRdRsImm},
    {"STLR", F::kRdRsImm},
    {"FENCE", F::kNone},
    {"PAUSE", F::kNone},
    {"STARTAP", F::kRdRsImm},
    {"IPI", F::kRdRs},
    {"CPUID", F::kRd},
    {"CALLR", F::kRd},
    {"RJMP", F::kRelImm},
    {"RCALL", F::kRelImm},
    {"RJZ", F::kRelImm},
    {"RJNZ", F::kRelImm},
    {"ROL", F::kRdRsRs},
    {"ROR", F::kRdRsRs},
    {"ROLI", F::kRdRsImm},
    {"RORI", F::kRdRsImm},
    {"LOAD16", F::kRdRsImm},
    {"STORE16", F::kRdRsImm},
    {"LOADS8", F::kRdRsImm},
    {"LOADS16", F::kRdRsImm},
    {"RJG", F::kRelImm},
    {"RJGE", F::kRelImm},
    {"RJL", F::kRelImm},
    {"RJLE", F::kRelImm},
    {"RJC", F::kRelImm},
    {"RJNC", F::kRelImm},
    {"INTI", F::kImm},
    {"LOADX", F::kRdRsRsImm},
    {"LOADX16", F::kRdRsRsImm},
    {"STOREX", F::kRdRsRsImm},
    {"STOREX16", F::kRdRsRsImm},
}};

bool equal_nocase(std::string_view a, const char* b) {
  size_t i = 0;
  for (; i < a.size() && b[i]; ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return i == a.size() && b[i] == 0;
}

std::string hex_imm(uint32_t imm) {
  const int32_t s = static_cast<int32_t>(imm);
  if (s >= -4096 && s <= 4096) return fmt::format("{}", s);
  return fmt::format("0x{:x}", imm);
}

}  // namespace

const OpInfo* op_info(uint8_t opcode) {
  if (opcode == 0 || opcode > op::kLast) return nullptr;
  return &kTable[opcode];
}

std::optional<uint8_t> opcode_by_name(std::string_view name) {
  for (unsigned i = 1; i <= op::kLast; ++i) {
    if (equal_nocase(name, kTable[i].name)) return static_cast<uint8_t>(i);
  }
  return std::nullopt;
}

std::string op_name(uint8_t opcode) {
  if (const OpInfo* info = op_info(opcode)) return info->name;
  return fmt::format("OP_0x{:02X}", opcode);
}

std::string disassemble(uint64_t raw, uint32_t address) {
  const Insn i = decode(raw);
  const OpInfo* info = op_info(i.op);
  if (!info) return fmt::format(".quad 0x{:016x}", raw);
  std::string name = info->name;
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  switch (info->form) {
    case Form::kNone: return name;
    case Form::kRd: return fmt::format("{} r{}", name, i.rd);
    case Form::kRdRs: return fmt::format("{} r{}, r{}", name, i.rd, i.rs1);
    case Form::kRdRsRs: return fmt::format("{} r{}, r{}, r{}", name, i.rd, i.rs1, i.rs2);
    case Form::kRdRsImm: return fmt::format("{} r{}, r{}, {}", name, i.rd, i.rs1, hex_imm(i.imm));
    case Form::kRdRsRsImm:
      return fmt::format("{} r{}, r{}, r{}, {}", name, i.rd, i.rs1, i.rs2, hex_imm(i.imm));
    case Form::kRdImm: return fmt::format("{} r{}, {}", name, i.rd, hex_imm(i.imm));
    case Form::kImm:
      if (i.op == op::INTI) return fmt::format("{} {}", name, hex_imm(i.imm));
      return fmt::format("{} 0x{:x}", name, i.imm);
    case Form::kRelImm: return fmt::format("{} 0x{:x}", name, address + i.imm);
  }
  return name;
}

}  // namespace microvm::lamp
