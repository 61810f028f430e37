#include "cli/disasm_listing.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace microvm::cli {
namespace {

bool is_mapping_symbol(const std::string& name) {
  return name.rfind("$x", 0) == 0 || name.rfind("$d", 0) == 0;
}

// objdump's symbol order: by value, then the more telling symbol first (functions and objects,
// globals, larger sizes, names not starting with '.', then by name).
bool symbol_before(const ListingSymbol& a, const ListingSymbol& b) {
  if (a.value != b.value) return a.value < b.value;
  const auto file_like = [](const std::string& n) {
    return n.size() > 2 && n[n.size() - 2] == '.' && (n.back() == 'o' || n.back() == 'a');
  };
  if (file_like(a.name) != file_like(b.name)) return !file_like(a.name);
  if (a.function != b.function) return a.function;
  if (a.object != b.object) return a.object;
  if (a.local != b.local) return !a.local;
  if (a.global != b.global) return a.global;
  if (a.size != b.size) return a.size > b.size;
  if ((a.name[0] == '.') != (b.name[0] == '.')) return b.name[0] == '.';
  return a.name < b.name;
}

class Symbols {
 public:
  Symbols(const ListingInput& input) : input_(input) {
    // Mapping symbols are not labels: the listing reads them on its own.
    for (const ListingSymbol& symbol : input.symbols) {
      if (!is_mapping_symbol(symbol.name)) sorted_.push_back(&symbol);
    }
    std::stable_sort(sorted_.begin(), sorted_.end(),
                     [](const ListingSymbol* a, const ListingSymbol* b) { return symbol_before(*a, *b); });
  }

  bool empty() const { return sorted_.empty(); }
  size_t size() const { return sorted_.size(); }
  const ListingSymbol& at(size_t i) const { return *sorted_[i]; }
  bool valid(size_t i) const { return !is_mapping_symbol(sorted_[i]->name); }
  bool ok(size_t i, int section, bool want_section) const {
    if (want_section && !same_section(sorted_[i]->section, section)) return false;
    return valid(i);
  }
  bool same_section(int a, int b) const {
    if (a == b) return true;
    if (a < 0 || b < 0) return false;
    return input_.sections[a].name == input_.sections[b].name;
  }

  // objdump's find_symbol_for_address: the symbol an address is printed against.
  std::optional<size_t> find(uint64_t vma, int section, bool want_section) const {
    if (sorted_.empty()) return std::nullopt;
    size_t min = 0, max = sorted_.size();
    while (min + 1 < max) {
      const size_t mid = (min + max) / 2;
      const uint64_t value = sorted_[mid]->value;
      if (value > vma) {
        max = mid;
      } else if (value < vma) {
        min = mid;
      } else {
        min = mid;
        break;
      }
    }
    size_t place = min;
    while (place > 0 && sorted_[place]->value == sorted_[place - 1]->value) --place;
    for (size_t i = place; i < sorted_.size() && sorted_[i]->value == sorted_[place]->value; ++i) {
      if (ok(i, section, true)) return i;
    }
    if (!ok(place, section, want_section)) {
      std::optional<size_t> found;
      for (size_t i = place; i-- > 0;) {
        if (!ok(i, section, want_section)) continue;
        if (found && sorted_[i]->value != sorted_[*found]->value) break;
        found = i;
      }
      if (!found) {
        for (size_t i = place + 1; i < sorted_.size(); ++i) {
          if (ok(i, section, want_section)) {
            found = i;
            break;
          }
        }
      }
      if (!found) return std::nullopt;
      place = *found;
    }
    return place;
  }

  // "80000040 <label+0x10>", or "0x80000040" without symbols.
  std::string address(uint64_t vma, int section) const {
    const std::optional<size_t> found = find(vma, section, false);
    if (!found) return fmt::format("{:#x}", vma);
    return with_symbol(vma, *sorted_[*found]);
  }

  static std::string with_symbol(uint64_t vma, const ListingSymbol& symbol) {
    return fmt::format("{:x} {}", vma, label(vma, symbol));
  }

  // "<label>", "<label+0x10>" or "<label-0x10>".
  static std::string label(uint64_t vma, const ListingSymbol& symbol) {
    if (symbol.value == vma) return fmt::format("<{}>", symbol.name);
    if (symbol.value > vma) return fmt::format("<{}-{:#x}>", symbol.name, symbol.value - vma);
    return fmt::format("<{}+{:#x}>", symbol.name, vma - symbol.value);
  }

 private:
  const ListingInput& input_;
  std::vector<const ListingSymbol*> sorted_;
};

class Listing {
 public:
  explicit Listing(const ListingInput& input)
      : input_(input),
        symbols_(input),
        disassembler_({input.aliases, input.extensions, input.priv_spec},
                      [this](uint64_t vma) { return address(vma); }) {
    for (const ListingSymbol& symbol : input.symbols) {
      if (symbol.name == "__global_pointer$") disassembler_.set_global_pointer(symbol.value);
    }
  }

  void run() {
    for (size_t i = 0; i < input_.sections.size() && !done(); ++i) {
      if (input_.sections[i].code) section(static_cast<int>(i));
    }
    flush();
  }

 private:
  enum class Map { kCode, kData };

  std::string address(uint64_t vma) const {
    if (symbols_.empty()) return fmt::format("{:#x}", vma);
    return symbols_.address(vma, section_);
  }

  bool done() const { return input_.count && listed_ >= *input_.count; }

  void flush() {
    std::fwrite(out_.data(), 1, out_.size(), stdout);
    out_.clear();
  }

  // The section's mapping symbols ($x, $xrv64..., $d), by address.
  std::vector<const ListingSymbol*> mapping_symbols(int index) const {
    std::vector<const ListingSymbol*> found;
    for (const ListingSymbol& symbol : input_.symbols) {
      if (is_mapping_symbol(symbol.name) && symbols_.same_section(symbol.section, index))
        found.push_back(&symbol);
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const ListingSymbol* a, const ListingSymbol* b) { return symbol_before(*a, *b); });
    return found;
  }

  void section(int index) {
    section_ = index;
    const ListingSection& sec = input_.sections[index];
    const uint64_t end = sec.bytes.size();
    uint64_t offset = 0;
    if (input_.start) {
      if (*input_.start >= sec.address + end) return;
      if (*input_.start > sec.address) offset = *input_.start - sec.address;
    }
    if (offset >= end) return;
    mapping_ = mapping_symbols(index);
    map_pos_ = 0;
    map_addr_ = 0;
    map_ = Map::kCode;
    out_ += fmt::format("\nDisassembly of section {}:\n", sec.name);
    // Chunks run from one symbol to the next, each under a label, as objdump's do.
    std::optional<size_t> sym =
        symbols_.empty() ? std::nullopt : symbols_.find(sec.address + offset, index, true);
    while (offset < end && !done()) {
      const uint64_t addr = sec.address + offset;
      if (input_.labels) {
        const std::string name = sym ? Symbols::label(addr, symbols_.at(*sym)) : "<" + sec.name + ">";
        out_ += fmt::format("\n{:016x} {}:\n", addr, name);
      }
      std::optional<size_t> next;
      if (sym && symbols_.at(*sym).value > addr) {
        next = sym;
      } else if (sym) {
        size_t place = *sym;
        while (place < symbols_.size() &&
               !(symbols_.same_section(symbols_.at(place).section, index) &&
                 symbols_.at(place).value > symbols_.at(*sym).value && symbols_.valid(place))) {
          ++place;
        }
        if (place < symbols_.size()) next = place;
      }
      uint64_t stop = end;
      if (sym && symbols_.at(*sym).value > addr) {
        stop = symbols_.at(*sym).value - sec.address;
      } else if (next) {
        stop = symbols_.at(*next).value - sec.address;
      }
      if (stop > end || stop <= offset) stop = end;
      bytes(sec, offset, stop);
      offset = stop;
      sym = next;
    }
  }

  // The mapping state at `addr`, which also sets the ISA from a "$xrv64..." symbol. Addresses
  // mostly grow, so the section's mapping symbols are walked once.
  Map map_state(uint64_t addr) {
    if (addr < map_addr_) {
      map_pos_ = 0;
      map_ = Map::kCode;
    }
    map_addr_ = addr;
    for (; map_pos_ < mapping_.size() && mapping_[map_pos_]->value <= addr; ++map_pos_) {
      const std::string& name = mapping_[map_pos_]->name;
      map_ = name.rfind("$d", 0) == 0 ? Map::kData : Map::kCode;
      if (name.rfind("$xrv", 0) != 0) continue;
      if (auto extensions = riscv::parse_isa_string(name.substr(2, name.find('.', 2) - 2))) {
        riscv::DisasmOptions options = disassembler_.options();
        options.extensions = *extensions;
        disassembler_.set_options(options);
      }
    }
    return map_;
  }

  // Bytes a datum takes: 4, less before the next mapping symbol or the section's end (3 -> 2).
  uint64_t data_length(uint64_t addr, uint64_t section_end) const {
    uint64_t length = 4;
    if (map_pos_ < mapping_.size()) {
      length = std::min(length, mapping_[map_pos_]->value - addr);
    } else {
      length = std::min(length, section_end - addr);
    }
    return length == 3 ? 2 : length;
  }

  void line(uint64_t addr, std::span<const uint8_t> bytes, unsigned chunk, const std::string& text) {
    out_ += fmt::format("{:>12x}:\t", addr);
    constexpr unsigned kPerLine = 8;
    const auto chunks = [&](size_t from, size_t to) {
      std::string column;
      for (size_t i = from; i < to; i += chunk) {
        for (size_t k = std::min<size_t>(i + chunk, to); k-- > i;) column += fmt::format("{:02x}", bytes[k]);
        column += ' ';
      }
      return column;
    };
    const size_t first = std::min<size_t>(bytes.size(), kPerLine);
    std::string column = chunks(0, first);
    column.resize(kPerLine * 2 + kPerLine / chunk, ' ');
    out_ += column;
    out_ += '\t';
    out_ += text;
    out_ += '\n';
    for (size_t at = first; at < bytes.size(); at += kPerLine) {
      out_ += fmt::format("{:>12x}:\t", addr + at);
      out_ += chunks(at, std::min<size_t>(bytes.size(), at + kPerLine));
      out_ += '\n';
    }
    ++listed_;
    if (out_.size() > (1u << 20)) flush();
  }

  void bytes(const ListingSection& sec, uint64_t offset, uint64_t stop) {
    const std::span<const uint8_t> data = sec.bytes;
    const uint64_t end = data.size();
    while (offset < stop && !done()) {
      // Runs of zeros: eight or more (in whole words unless they reach the end), or fewer than
      // three at the end, print as "...".
      uint64_t z = offset;
      while (z < stop && data[z] == 0) ++z;
      if (z - offset >= 8 || (z == stop && z - offset < 3 && z > offset)) {
        if (z != stop) z = offset + ((z - offset) & ~uint64_t{3});
        out_ += "\t...\n";
        offset = z;
        continue;
      }
      const uint64_t addr = sec.address + offset;
      if (map_state(addr) == Map::kData) {
        const uint64_t length = data_length(addr, sec.address + end);
        uint64_t value = 0;
        for (uint64_t i = 0; i < length; ++i) value |= uint64_t{data[offset + i]} << (8 * i);
        static constexpr const char* kNames[] = {"", ".byte", ".short", "", ".word", "", "", "", ".dword"};
        line(addr, data.subspan(offset, length), static_cast<unsigned>(length),
             fmt::format("{}\t0x{:0{}x}", kNames[length], value, length * 2));
        offset += length;
        continue;
      }
      uint16_t first = data[offset];
      if (offset + 1 < end) first |= static_cast<uint16_t>(data[offset + 1] << 8);
      const unsigned length = riscv::instruction_length(first);
      if (offset + length > end) {
        // objdump cannot read the whole instruction: it shows the bytes there are, one by one.
        const std::span<const uint8_t> rest = data.subspan(offset);
        line(addr, rest, 1, fmt::format("Address {:#x} is out of bounds.", addr));
        offset = end;
        continue;
      }
      const std::span<const uint8_t> insn = data.subspan(offset, length);
      line(addr, insn, length % 4 == 0 ? 4 : 2, disassembler_.text(insn, addr));
      offset += length;
    }
  }

  const ListingInput& input_;
  Symbols symbols_;
  riscv::Disassembler disassembler_;
  int section_ = -1;
  std::vector<const ListingSymbol*> mapping_;
  size_t map_pos_ = 0;
  uint64_t map_addr_ = 0;
  Map map_ = Map::kCode;
  std::string out_;
  uint64_t listed_ = 0;
};

}  // namespace

void print_listing(const ListingInput& input) { Listing(input).run(); }

}  // namespace microvm::cli
