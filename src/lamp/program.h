// The LampVM binary (spec §6): a 24-byte header of six little-endian u32 (TEXT_BASE, TEXT_SIZE,
// DATA_BASE, DATA_SIZE, BSS_BASE, BSS_SIZE), then TEXT_SIZE bytes of u64 instructions, then
// DATA_SIZE bytes of data. Trailing bytes are ignored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace microvm::lamp {

struct Program {
  uint32_t text_base = 0, text_size = 0;
  uint32_t data_base = 0, data_size = 0;
  uint32_t bss_base = 0, bss_size = 0;
  std::vector<uint8_t> text;
  std::vector<uint8_t> data;

  std::vector<uint8_t> serialize() const;
};

// Parses a file's bytes. On failure returns nullopt and sets `error` to what the original printed
// before "Failed to load program from X" ("fread: ...", "TEXT_SIZE not aligned to 8 bytes").
std::optional<Program> parse_program(const std::vector<uint8_t>& bytes, std::string& error);

// The original's loader: reads `path`, prints its lines ("Loaded program from ...", "Loaded data:",
// "Layout: ...") or its failure lines to stderr. nullopt = load failure (exit 1).
std::optional<Program> load_program_file(const std::string& path);

}  // namespace microvm::lamp
