#include "lamp/isa.h"

#include <fmt/format.h>

#include <array>
#include <cctype>

namespace microvm::lamp {
namespace {

#define LAMP_OPCODE_INFO(value, name, form, handler, flow) OpInfo{value, #name, Form::form},
constexpr OpInfo kOpcodes[] = {LAMP_OPCODES(LAMP_OPCODE_INFO)};
#undef LAMP_OPCODE_INFO

constexpr bool values_nonzero_and_unique() {
  std::array<bool, 256> used{};
  for (const OpInfo& info : kOpcodes) {
    if (info.opcode == 0 || used[info.opcode]) return false;
    used[info.opcode] = true;
  }
  return true;
}
static_assert(values_nonzero_and_unique(), "opcodes.h: an opcode value is 0 or used twice");

// The position in kOpcodes of each opcode value; kNoOpcode where no opcode has the value.
constexpr uint8_t kNoOpcode = 0xFF;
static_assert(std::size(kOpcodes) < kNoOpcode);
constexpr std::array<uint8_t, 256> kIndexByOpcode = [] {
  std::array<uint8_t, 256> index{};
  index.fill(kNoOpcode);
  for (size_t k = 0; k < std::size(kOpcodes); ++k) index[kOpcodes[k].opcode] = static_cast<uint8_t>(k);
  return index;
}();

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
  const uint8_t k = kIndexByOpcode[opcode];
  return k == kNoOpcode ? nullptr : &kOpcodes[k];
}

std::optional<uint8_t> opcode_by_name(std::string_view name) {
  for (const OpInfo& info : kOpcodes) {
    if (equal_nocase(name, info.name)) return info.opcode;
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
