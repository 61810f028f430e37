// A reader for ELF64 executables: loadable segments, the entry point and the symbol table.
// Every offset is checked, so a truncated or corrupt file is a UserError, never a crash.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace microvm {

struct ElfSegment {
  uint64_t paddr;
  uint64_t vaddr;
  uint64_t mem_size;
  std::span<const uint8_t> data;  // file bytes; mem_size - data.size() bytes of zeros follow
};

struct ElfImage {
  uint16_t machine = 0;
  uint64_t entry = 0;
  std::vector<ElfSegment> segments;
  std::map<std::string, uint64_t> symbols;  // name -> value, for STT_NOTYPE/OBJECT/FUNC

  std::optional<uint64_t> symbol(const std::string& name) const;
};

constexpr uint16_t kElfMachineRiscv = 243;

bool is_elf(std::span<const uint8_t> bytes);
// `bytes` must outlive the result (segments point into it). `name` is used in error messages.
ElfImage parse_elf64(std::span<const uint8_t> bytes, const std::string& name);

}  // namespace microvm
