#include "riscv/disasm.h"

#include <cctype>
#include <vector>

#include "riscv/disasm_printer.h"

namespace microvm::riscv {
namespace disasm {

const char* const kGprNames[32] = {"zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
                                   "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
                                   "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
const char* const kFprNames[32] = {"ft0", "ft1", "ft2",  "ft3",  "ft4", "ft5", "ft6",  "ft7",
                                   "fs0", "fs1", "fa0",  "fa1",  "fa2", "fa3", "fa4",  "fa5",
                                   "fa6", "fa7", "fs2",  "fs3",  "fs4", "fs5", "fs6",  "fs7",
                                   "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};

bool Printer::emit(std::string_view mnemonic, const std::vector<std::string>& operands) {
  text = mnemonic;
  const char* separator = "\t";
  for (const std::string& operand : operands) {
    text += separator;
    text += operand;
    separator = ",";
  }
  return true;
}

void Printer::note_address(uint32_t base, int64_t offset, bool word) {
  uint64_t address;
  if (tracking.hi[base]) {
    address = (base != 0 ? *tracking.hi[base] : 0) + static_cast<uint64_t>(offset);
    tracking.hi[base].reset();
  } else if (base == 3 && tracking.gp) {
    address = *tracking.gp + static_cast<uint64_t>(offset);
  } else if (base == 4 || base == 0) {
    address = static_cast<uint64_t>(offset);
  } else {
    return;
  }
  if (word) address = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(address)));
  note = address;
}

}  // namespace disasm

namespace {

// Multi-letter extensions by name.
struct NamedExtension {
  std::string_view name;
  uint32_t bits;
};
constexpr NamedExtension kNamedExtensions[] = {
    {"zicsr", ext::kZicsr},
    {"zifencei", ext::kZifencei},
    {"zba", ext::kZba},
    {"zbb", ext::kZbb},
    {"zbc", ext::kZbc},
    {"zbs", ext::kZbs},
    {"zicond", ext::kZicond},
    {"zicbom", ext::kZicbom},
    {"zicboz", ext::kZicboz},
    {"zicbop", ext::kZicbop},
    {"zihintpause", ext::kZihintpause},
    {"svinval", ext::kSvinval},
    {"zihintntl", ext::kZihintntl},
    {"zawrs", ext::kZawrs},
    {"zfhmin", ext::kZfhmin | ext::kF | ext::kZicsr},
    {"zfh", ext::kZfh | ext::kZfhmin | ext::kF | ext::kZicsr},
    {"zfa", ext::kZfa | ext::kF | ext::kZicsr},
    {"zcb", ext::kZcb},
};

uint32_t letter_extension(char c) {
  switch (c) {
    case 'i': return ext::kI;
    case 'm': return ext::kM;
    case 'a': return ext::kA;
    case 'f': return ext::kF | ext::kZicsr;
    case 'd': return ext::kD | ext::kF | ext::kZicsr;
    case 'c': return ext::kC;
    case 'g': return ext::kI | ext::kM | ext::kA | ext::kF | ext::kD | ext::kZicsr | ext::kZifencei;
    default: return 0;  // extensions the hart does not have (v, h, q...)
  }
}

// "2p1" after an extension name.
std::string_view strip_version(std::string_view name) {
  size_t end = name.size();
  while (end > 0 && (std::isdigit(static_cast<unsigned char>(name[end - 1])) || name[end - 1] == 'p')) --end;
  // A name never ends in 'p' itself ("zicbop"): give the p back unless digits preceded it.
  if (end < name.size() && name[end] == 'p') ++end;
  return name.substr(0, end);
}

}  // namespace

std::optional<uint32_t> parse_isa_string(std::string_view isa) {
  std::string lower;
  for (char c : isa) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.rfind("rv64", 0) != 0 || lower.size() < 5) return std::nullopt;
  uint32_t extensions = 0;
  std::string_view rest = std::string_view(lower).substr(4);
  while (!rest.empty()) {
    const size_t cut = rest.find('_');
    const std::string_view token = rest.substr(0, cut);
    rest = cut == std::string_view::npos ? std::string_view{} : rest.substr(cut + 1);
    if (token.empty()) continue;
    if (token[0] == 'z' || token[0] == 's' || token[0] == 'x') {
      const std::string_view name = strip_version(token);
      for (const NamedExtension& named : kNamedExtensions) {
        if (named.name == name) extensions |= named.bits;
      }
      continue;
    }
    for (char c : token) extensions |= letter_extension(c);  // digits and 'p' of versions add nothing
  }
  return extensions;
}

unsigned instruction_length(uint16_t first_halfword) {
  const uint32_t low = first_halfword;
  if ((low & 3) != 3) return 2;
  if ((low & 0x1F) != 0x1F) return 4;
  if ((low & 0x3F) == 0x1F) return 6;
  if ((low & 0x7F) == 0x3F) return 8;
  if ((low & 0x7000) != 0x7000) return 10 + ((low >> 11) & 0xE);
  return 2;
}

std::string plain_address(uint64_t address) { return fmt::format("{:#x}", address); }

Disassembler::Disassembler(DisasmOptions options, AddressPrinter print_address)
    : options_(options), print_address_(std::move(print_address)) {}

std::string Disassembler::text(std::span<const uint8_t> bytes, uint64_t pc) {
  uint64_t word = 0;
  for (size_t i = 0; i < bytes.size() && i < 8; ++i) word |= uint64_t{bytes[i]} << (8 * i);
  if (bytes.size() == 2 || bytes.size() == 4) {
    disasm::Printer p{static_cast<uint32_t>(word), pc, options_, tracking_, print_address_, {}, {}};
    bool known;
    if (bytes.size() == 2) {
      // A 2-byte "instruction" with low bits 11 is one of the reserved lengths.
      known = (word & 3) != 3 && (options_.extensions & ext::kC) && disasm::print_compressed(p);
    } else {
      known = disasm::print_zicbo(p) || disasm::print_rv64i(p) || disasm::print_m(p) || disasm::print_a(p) ||
              disasm::print_fd(p) || disasm::print_zicsr(p) || disasm::print_privileged(p) ||
              disasm::print_zb(p) || disasm::print_zfa(p);
    }
    if (known) {
      if (p.note) p.text += " # " + print_address_(*p.note);
      return p.text;
    }
    return fmt::format(".{}byte\t{:#x}", bytes.size(), word);
  }
  if (bytes.size() == 8) return fmt::format(".8byte\t{:#x}", word);
  std::string text = ".byte\t";
  for (size_t i = 0; i < bytes.size(); ++i) text += fmt::format("{}{:#04x}", i ? ", " : "", bytes[i]);
  return text;
}

std::string disassemble(uint32_t bits, uint64_t pc) {
  Disassembler disassembler;
  const uint8_t bytes[4] = {static_cast<uint8_t>(bits), static_cast<uint8_t>(bits >> 8),
                            static_cast<uint8_t>(bits >> 16), static_cast<uint8_t>(bits >> 24)};
  const unsigned length = (bits & 3) == 3 ? 4 : 2;
  return disassembler.text(std::span<const uint8_t>(bytes, length), pc);
}

}  // namespace microvm::riscv
