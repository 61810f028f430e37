// What the family printers (disasm_*.cpp) share: the instruction being printed, its options, and
// the operand formats objdump uses.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

#include "riscv/disasm.h"

namespace microvm::riscv::disasm {

extern const char* const kGprNames[32];
extern const char* const kFprNames[32];
// The CSR's name in that version of the privileged spec, or nullptr.
const char* csr_name(uint32_t number, PrivSpec spec);

struct Printer {
  uint32_t raw;
  uint64_t pc;
  const DisasmOptions& options;
  Disassembler::Tracking& tracking;
  const AddressPrinter& print_address;
  std::string text;
  std::optional<uint64_t> note;  // printed as " # address" after the operands

  bool has(uint32_t extensions) const { return (options.extensions & extensions) == extensions; }
  bool aliases() const { return options.aliases; }

  // Sets the text to `mnemonic` and its operands (joined by commas, after a tab). Returns true so
  // a printer can end with `return p.emit(...)`.
  bool emit(std::string_view mnemonic, const std::vector<std::string>& operands = {});

  // Field values.
  uint32_t bits(unsigned hi, unsigned lo) const { return (raw >> lo) & ((1u << (hi - lo + 1)) - 1); }
  uint32_t bit(unsigned i) const { return (raw >> i) & 1; }
  uint32_t rd() const { return bits(11, 7); }
  uint32_t rs1() const { return bits(19, 15); }
  uint32_t rs2() const { return bits(24, 20); }
  uint32_t rs3() const { return bits(31, 27); }
  uint32_t funct3() const { return bits(14, 12); }
  uint32_t funct7() const { return bits(31, 25); }

  // objdump's register tracking: lui/auipc (and c.lui) record a value in rd...
  void set_high(uint32_t reg, uint64_t value) { tracking.hi[reg] = value; }
  // ...and an instruction adding an offset to a base register notes the address it forms (the
  // recorded value once, gp's value, or the offset alone from zero or tp).
  void note_address(uint32_t base, int64_t offset, bool word = false);
  std::string target(int64_t offset) const { return print_address(pc + static_cast<uint64_t>(offset)); }
};

inline std::string x(uint32_t reg) { return kGprNames[reg & 31]; }
inline std::string f(uint32_t reg) { return kFprNames[reg & 31]; }
inline std::string dec(int64_t value) { return fmt::format("{}", value); }
inline std::string hex(uint64_t value) { return fmt::format("{:#x}", value); }
inline std::string mem(int64_t offset, uint32_t base) { return fmt::format("{}({})", offset, x(base)); }
inline int32_t sext(uint32_t value, unsigned width) {
  return static_cast<int32_t>(value << (32 - width)) >> (32 - width);
}

// The family printers: each prints the encodings it knows and returns true, or returns false.
bool print_rv64i(Printer& p);
bool print_m(Printer& p);
bool print_a(Printer& p);
bool print_fd(Printer& p);
bool print_zicsr(Printer& p);
bool print_privileged(Printer& p);
bool print_zb(Printer& p);
bool print_zicbo(Printer& p);
bool print_compressed(Printer& p);
bool print_zfa(Printer& p);

}  // namespace microvm::riscv::disasm
