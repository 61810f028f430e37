#include "core/symbols.h"

#include <algorithm>
#include <charconv>
#include <sstream>

#include "core/elf.h"
#include "core/elf_sections.h"
#include "core/error.h"
#include "core/file.h"

namespace microvm {
namespace {

constexpr uint8_t kSttNotype = 0, kSttFunc = 2;
constexpr uint16_t kShnUndef = 0, kShnAbs = 0xFFF1;

// Local labels and mapping symbols name no function.
bool meaningful(const std::string& name) {
  return !name.empty() && name[0] != '$' && name.rfind(".L", 0) != 0;
}

std::optional<uint64_t> parse_number(std::string_view text) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    base = 16;
  }
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

void Symbols::add(uint64_t address, uint64_t size, std::string name) {
  entries_.push_back({address, size, std::move(name)});
  sorted_ = false;
}

void Symbols::add_elf(std::span<const uint8_t> bytes, const std::string& name) {
  if (!is_elf(bytes)) return;
  const ElfContents contents = read_elf_contents(bytes, name);
  for (const ElfSymbol& s : contents.symbols) {
    if ((s.type != kSttFunc && s.type != kSttNotype) || s.section == kShnUndef || s.section == kShnAbs)
      continue;
    if (!meaningful(s.name)) continue;
    add(s.value, s.size, s.name);
  }
}

void Symbols::add_file(const std::string& path) {
  const std::vector<uint8_t> bytes = read_file(path);
  if (is_elf(bytes)) {
    const size_t before = entries_.size();
    add_elf(bytes, path);
    if (entries_.size() == before) throw user_error("{}: the ELF file has no function symbols", path);
    return;
  }
  // System.map: "ADDRESS TYPE NAME" per line; text symbols (t/T/w/W) only.
  std::istringstream in(std::string(bytes.begin(), bytes.end()));
  std::string line;
  unsigned line_number = 0, added = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string address, type, symbol;
    if (!(fields >> address >> type >> symbol) || type.size() != 1) {
      throw user_error("{}:{}: not an ELF file or a System.map line (ADDRESS TYPE NAME): '{}'", path,
                       line_number, line.substr(0, 60));
    }
    const std::optional<uint64_t> value = parse_number("0x" + address);
    if (!value) throw user_error("{}:{}: '{}' is not a hexadecimal address", path, line_number, address);
    if (std::string("tTwW").find(type[0]) == std::string::npos || !meaningful(symbol)) continue;
    add(*value, 0, symbol);
    ++added;
  }
  if (added == 0) throw user_error("{}: no text symbols in this System.map", path);
}

void Symbols::sort() const {
  if (sorted_) return;
  // At one address, prefer a symbol with a size (a function) over a bare label.
  std::stable_sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    return a.address != b.address ? a.address < b.address : a.size > b.size;
  });
  sorted_ = true;
}

std::optional<uint64_t> Symbols::address(const std::string& name) const {
  for (const Entry& e : entries_) {
    if (e.name == name) return e.address;
  }
  return std::nullopt;
}

std::optional<Symbols::Hit> Symbols::lookup(uint64_t address) const {
  sort();
  auto it = std::upper_bound(entries_.begin(), entries_.end(), address,
                             [](uint64_t a, const Entry& e) { return a < e.address; });
  if (it == entries_.begin()) return std::nullopt;
  const uint64_t at = std::prev(it)->address;
  // The first entry at that address is the preferred one.
  auto first =
      std::lower_bound(entries_.begin(), it, at, [](const Entry& e, uint64_t a) { return e.address < a; });
  if (first->size != 0 && address - first->address >= first->size) return std::nullopt;
  return Hit{&first->name, first->address, address - first->address};
}

std::string Symbols::describe(uint64_t address) const {
  const std::optional<Hit> hit = lookup(address);
  if (!hit) return "";
  return hit->offset ? fmt::format("{}+{:#x}", *hit->name, hit->offset) : *hit->name;
}

uint64_t parse_address(const std::string& text, const Symbols& symbols, const std::string& what) {
  if (const std::optional<uint64_t> value = parse_number(text)) return *value;
  std::string name = text;
  uint64_t offset = 0;
  if (const size_t plus = text.find('+'); plus != std::string::npos) {
    name = text.substr(0, plus);
    const std::optional<uint64_t> o = parse_number(text.substr(plus + 1));
    if (!o) throw user_error("{}: '{}' is not an address, a symbol or SYMBOL+OFFSET", what, text);
    offset = *o;
  }
  if (const std::optional<uint64_t> value = symbols.address(name)) return *value + offset;
  if (symbols.empty()) {
    throw user_error(
        "{}: '{}' is not a number, and there are no symbols to look it up in (an ELF --kernel or --symbols "
        "FILE)",
        what, text);
  }
  throw user_error("{}: no symbol called '{}' (and it is not a number)", what, name);
}

}  // namespace microvm
