// The Polaris assembler (spec §9, lampvm-toolchain syntax, plus the LLVM-era opcodes 0x49-0x60):
// `;` comments, `label:` prefixes, case-insensitive mnemonics from the shared opcode table,
// sections .text/.data/.bss (.rodata goes to data), data directives, macros such as PROGRAM_BASE,
// and expressions. Output is the LampVM binary: text at PROGRAM_BASE, data right after the text,
// bss right after the data.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>

#include "lamp/program.h"

namespace microvm::lamp {

// "file:line: message", one line.
class AsmError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct AsmOptions {
  // Predefined macros; the built-in ones (PROGRAM_BASE = 0x201C, MEM_SIZE, the memory map) are added
  // unless overridden here.
  std::map<std::string, uint32_t> macros;
  unsigned reg_count = 32;
  std::string reg_prefix = "r";
};

// Reads a toolchain config.yml subset (reg_count, reg_prefix, macros:) into options.
void read_asm_config(const std::string& path, AsmOptions& options);

Program assemble_file(const std::string& path, const AsmOptions& options);
Program assemble_source(const std::string& source, const std::string& name, const AsmOptions& options);

}  // namespace microvm::lamp
