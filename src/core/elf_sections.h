// An ELF64 file's sections and full symbol table, for tools that look inside a program rather
// than load it (the disassembler). Offsets are checked: a corrupt file is a UserError.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace microvm {

struct ElfSection {
  std::string name;
  uint32_t index = 0;
  uint32_t type = 0;
  uint64_t flags = 0;
  uint64_t address = 0;
  uint64_t size = 0;
  std::span<const uint8_t> data;  // empty for SHT_NOBITS
};

struct ElfSymbol {
  std::string name;
  uint64_t value = 0;
  uint64_t size = 0;
  uint8_t type = 0;      // STT_*
  uint8_t binding = 0;   // STB_*
  uint16_t section = 0;  // st_shndx
};

struct ElfContents {
  uint16_t machine = 0;
  std::vector<ElfSection> sections;
  std::vector<ElfSymbol> symbols;  // in file order, without the null symbol
  std::string riscv_arch;          // Tag_RISCV_arch of .riscv.attributes, if any
  // Tag_RISCV_priv_spec, _minor and _revision: the privileged spec the file was built for.
  uint32_t riscv_priv_spec[3] = {0, 0, 0};
};

// `bytes` must outlive the result. `name` is used in error messages.
ElfContents read_elf_contents(std::span<const uint8_t> bytes, const std::string& name);

}  // namespace microvm
