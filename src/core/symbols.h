// Names for guest addresses: the function symbols of an ELF file and the text symbols of a
// Linux System.map, for the trace, the profile and the diagnoses ("pc 0x80000124 <trap+0x10>").
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace microvm {

class Symbols {
 public:
  // The FUNC and NOTYPE symbols of an ELF64 image (ignored when `bytes` is not ELF: a raw
  // kernel has none). `name` is for error messages.
  void add_elf(std::span<const uint8_t> bytes, const std::string& name);
  // An ELF file (vmlinux) or a System.map ("ffffffff80000000 T _start" lines); anything else is a
  // UserError.
  void add_file(const std::string& path);

  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }
  std::optional<uint64_t> address(const std::string& name) const;

  struct Hit {
    const std::string* name;
    uint64_t start;
    uint64_t offset;
  };
  // The symbol `address` falls in: the nearest one at or below it, within its size when the
  // symbol has one.
  std::optional<Hit> lookup(uint64_t address) const;
  // "name+0x10", "name", or "" when nothing covers `address`.
  std::string describe(uint64_t address) const;

 private:
  struct Entry {
    uint64_t address;
    uint64_t size;  // 0: up to the next symbol
    std::string name;
  };
  void add(uint64_t address, uint64_t size, std::string name);
  void sort() const;

  mutable std::vector<Entry> entries_;
  mutable bool sorted_ = true;
};

// An address or a symbol name ("0x80000000", "2147483648", "main", "main+0x10") for options
// and monitor commands; UserError names `what` when it is neither.
uint64_t parse_address(const std::string& text, const Symbols& symbols, const std::string& what);

}  // namespace microvm
