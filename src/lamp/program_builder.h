// Builds a Program from instructions in C++ with forward labels: the selftests' in-memory programs
// and the unit tests use it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "lamp/isa.h"
#include "lamp/layout.h"
#include "lamp/program.h"

namespace microvm::lamp {

class ProgramBuilder {
 public:
  explicit ProgramBuilder(uint32_t base = kDefaultTextBase) : base_(base) {}

  uint32_t here() const { return base_ + static_cast<uint32_t>(code_.size() * 8); }
  ProgramBuilder& emit(uint8_t opcode, uint8_t rd = 0, uint8_t rs1 = 0, uint8_t rs2 = 0, uint32_t imm = 0) {
    code_.push_back(encode(opcode, rd, rs1, rs2, imm));
    return *this;
  }
  ProgramBuilder& raw(uint64_t word) {
    code_.push_back(word);
    return *this;
  }
  ProgramBuilder& label(const std::string& name) {
    labels_[name] = here();
    return *this;
  }
  // imm = the label's address, or for RJMP-style opcodes the distance from this instruction.
  ProgramBuilder& emit_to(uint8_t opcode, const std::string& target, uint8_t rd = 0, uint8_t rs1 = 0,
                          uint8_t rs2 = 0) {
    fixups_.push_back({code_.size(), target});
    return emit(opcode, rd, rs1, rs2, 0);
  }
  uint32_t address_of(const std::string& name) const { return labels_.at(name); }

  Program build() const {
    std::vector<uint64_t> code = code_;
    for (const Fixup& f : fixups_) {
      const uint32_t target = labels_.at(f.label);
      const uint32_t at = base_ + static_cast<uint32_t>(f.index * 8);
      const OpInfo* info = op_info(static_cast<uint8_t>(code[f.index] >> 56));
      const uint32_t imm = info && info->form == Form::kRelImm ? target - at : target;
      code[f.index] = (code[f.index] & ~0xFFFFFFFFull) | imm;
    }
    Program p;
    p.text_base = base_;
    p.text_size = static_cast<uint32_t>(code.size() * 8);
    p.data_base = p.bss_base = base_ + p.text_size;
    for (uint64_t word : code) {
      for (int k = 0; k < 8; ++k) p.text.push_back(static_cast<uint8_t>(word >> (8 * k)));
    }
    return p;
  }

 private:
  struct Fixup {
    size_t index;
    std::string label;
  };
  uint32_t base_;
  std::vector<uint64_t> code_;
  std::map<std::string, uint32_t> labels_;
  std::vector<Fixup> fixups_;
};

}  // namespace microvm::lamp
