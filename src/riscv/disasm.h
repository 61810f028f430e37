// The disassembler: instruction bits and a pc in, objdump's text out. Its output is meant to be
// identical to GNU objdump's (binutils 2.40) on the same bytes and ISA, in its default mode (with
// pseudo-instructions) and with `-M no-aliases`, including objdump's "# address" notes that follow
// lui/auipc pairs. binutils 2.40 does not know Zihintntl, Zfa or Zcb: for those the names are the
// specification's (and later binutils'), printed only when the ISA names the extension. The printers sit
// beside the decoder, one file per instruction family (disasm_rv64i.cpp, disasm_fd.cpp, disasm_zb.cpp,
// disasm_compressed.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace microvm::riscv {

// Extensions the disassembler knows, as bits of an extension set.
namespace ext {
constexpr uint32_t kI = 1u << 0, kM = 1u << 1, kA = 1u << 2, kF = 1u << 3, kD = 1u << 4, kC = 1u << 5,
                   kZicsr = 1u << 6, kZifencei = 1u << 7, kZba = 1u << 8, kZbb = 1u << 9, kZbc = 1u << 10,
                   kZbs = 1u << 11, kZicond = 1u << 12, kZicbom = 1u << 13, kZicboz = 1u << 14,
                   kZicbop = 1u << 15, kZihintpause = 1u << 16, kSvinval = 1u << 17, kZihintntl = 1u << 18,
                   kZawrs = 1u << 19, kZfhmin = 1u << 20, kZfh = 1u << 21, kZfa = 1u << 22, kZcb = 1u << 23;
// Everything the hart implements.
constexpr uint32_t kHart = (1u << 24) - 1;
// objdump's choice for a file that does not say (a raw binary): rv64gc.
constexpr uint32_t kRv64gc = kI | kM | kA | kF | kD | kC | kZicsr | kZifencei;
}  // namespace ext

// The extension set an ISA string names ("rv64imafdc_zicsr_zba", "rv64i2p1_m2p0_..."); unknown
// extensions are ignored, as objdump does. Empty when the string is not an RV64 ISA string.
std::optional<uint32_t> parse_isa_string(std::string_view isa);

// How many bytes the instruction starting with `first_halfword` takes, by the base encoding's
// length rule (unprivileged spec 1.5); 2 for lengths the spec reserves, as objdump counts.
unsigned instruction_length(uint16_t first_halfword);

// Versions of the privileged specification, which name the CSRs differently.
enum class PrivSpec : uint8_t { k1_9_1, k1_10, k1_11, k1_12 };

struct DisasmOptions {
  bool aliases = true;  // pseudo-instructions (li, mv, ret, csrr...) where objdump uses them
  uint32_t extensions = ext::kHart;
  PrivSpec priv_spec = PrivSpec::k1_12;
};

// Prints an address operand (a branch target or an "# address" note); objdump prints
// "0x80200000" without symbols and "80200000 <label+0x10>" with them.
using AddressPrinter = std::function<std::string(uint64_t)>;
std::string plain_address(uint64_t address);

class Disassembler {
 public:
  explicit Disassembler(DisasmOptions options = {}, AddressPrinter print_address = plain_address);

  // The text ("mnemonic\toperands") of the instruction in `bytes` at `pc`; bytes.size() is
  // its length from instruction_length (less where a section ends inside it). Remembers lui/auipc
  // results for the notes of later instructions, as objdump does.
  std::string text(std::span<const uint8_t> bytes, uint64_t pc);

  void set_options(const DisasmOptions& options) { options_ = options; }
  const DisasmOptions& options() const { return options_; }
  // The value of __global_pointer$, which gp-relative notes use.
  void set_global_pointer(uint64_t gp) { tracking_.gp = gp; }

  // Register values seen in lui/auipc, consumed by the next instruction that adds to them.
  struct Tracking {
    std::optional<uint64_t> hi[32];
    std::optional<uint64_t> gp;
  };

 private:
  DisasmOptions options_;
  AddressPrinter print_address_;
  Tracking tracking_;
};

// One instruction on its own (no symbols, no notes), with aliases and all the hart's
// extensions: for diagnostics. A 16-bit instruction is in the low half of `bits`.
std::string disassemble(uint32_t bits, uint64_t pc);

}  // namespace microvm::riscv
