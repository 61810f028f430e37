// Printer for Zfa. binutils 2.40 predates it; the names and FLI's constants are the ones later
// binutils print (hexadecimal floating point, "min", "inf", "nan").
#include "riscv/disasm_printer.h"
#include "riscv/encoding.h"

namespace microvm::riscv::disasm {
namespace {

constexpr const char* kFliValues[32] = {
    "-0x1p+0", "min",      "0x1p-16",  "0x1p-15",  "0x1p-8",  "0x1p-7",   "0x1p-4",   "0x1p-3",
    "0x1p-2",  "0x1.4p-2", "0x1.8p-2", "0x1.cp-2", "0x1p-1",  "0x1.4p-1", "0x1.8p-1", "0x1.cp-1",
    "0x1p+0",  "0x1.4p+0", "0x1.8p+0", "0x1.cp+0", "0x1p+1",  "0x1.4p+1", "0x1.8p+1", "0x1p+2",
    "0x1p+3",  "0x1p+4",   "0x1p+7",   "0x1p+8",   "0x1p+15", "0x1p+16",  "inf",      "nan"};

std::string rounded(const Printer& p, std::string operand) {
  static constexpr const char* kNames[] = {"rne", "rtz", "rdn", "rup", "rmm", "unknown", "unknown", "dyn"};
  return p.funct3() == 7 ? operand : operand + "," + kNames[p.funct3()];
}

}  // namespace

bool print_zfa(Printer& p) {
  if (enc::opcode(p.raw) != enc::op::kOpFp || !p.has(ext::kZfa)) return false;
  const uint32_t fmt = p.bits(26, 25), f3 = p.funct3(), rd = p.rd(), rs1 = p.rs1(), rs2 = p.rs2();
  if (fmt > 2 || (fmt == 1 && !p.has(ext::kD)) || (fmt == 2 && !p.has(ext::kZfh))) return false;
  const char s = "sdh"[fmt];
  const auto name = [&](std::string_view base) { return fmt::format("{}.{}", base, s); };
  switch (p.bits(31, 27)) {
    case 0x1E:
      if (rs2 != 1 || f3 != 0) return false;
      return p.emit(name("fli"), {f(rd), kFliValues[rs1]});
    case 0x05:
      if (f3 != 2 && f3 != 3) return false;
      return p.emit(name(f3 == 2 ? "fminm" : "fmaxm"), {f(rd), f(rs1), f(rs2)});
    case 0x08:
      if ((rs2 != 4 && rs2 != 5) || f3 == 5 || f3 == 6) return false;
      p.emit(name(rs2 == 4 ? "fround" : "froundnx"), {f(rd), f(rs1)});
      p.text = rounded(p, p.text);
      return true;
    case 0x14:
      if (f3 != 4 && f3 != 5) return false;
      return p.emit(name(f3 == 4 ? "fleq" : "fltq"), {x(rd), f(rs1), f(rs2)});
    case 0x18:
      if (fmt != 1 || rs2 != 8 || f3 != 1) return false;
      return p.emit("fcvtmod.w.d", {x(rd), f(rs1), "rtz"});
    default: return false;
  }
}

}  // namespace microvm::riscv::disasm
