// A disassembly listing laid out as objdump lays it out: "address:\tbytes\ttext" lines, a label
// line where a symbol starts, "..." for runs of zeros, data (".word") where the ELF's mapping
// symbols say so, and addresses printed as "80000040 <label+0x10>".
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "riscv/disasm.h"

namespace microvm::cli {

struct ListingSymbol {
  std::string name;
  uint64_t value = 0;
  uint64_t size = 0;
  int section = -1;  // index into ListingInput::sections; -1 for an absolute symbol
  bool function = false, object = false, local = false, global = false;
};

struct ListingSection {
  std::string name;
  uint64_t address = 0;
  std::span<const uint8_t> bytes;
  bool code = true;  // only code sections are listed
};

struct ListingInput {
  std::vector<ListingSection> sections;
  std::vector<ListingSymbol> symbols;       // empty for a raw file: addresses print as 0x...
  uint32_t extensions = riscv::ext::kHart;  // until a mapping symbol names another ISA
  riscv::PrivSpec priv_spec = riscv::PrivSpec::k1_12;
  bool aliases = true;
  bool labels = true;             // label lines (an ELF file's symbols)
  std::optional<uint64_t> start;  // first address listed
  std::optional<uint64_t> count;  // instructions listed at most
};

// Appends the listing to `out`, writing it to stdout as it grows.
void print_listing(const ListingInput& input);

}  // namespace microvm::cli
