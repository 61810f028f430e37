// Printers for F, D and Zfh/Zfhmin (the H format). objdump leaves the rounding mode out when it is dyn; it
// knows the exact conversions (fcvt.d.s, fcvt.d.w, fcvt.d.wu) only with rm = 0, and prints no rounding mode
// there.
#include "riscv/disasm_printer.h"
#include "riscv/encoding.h"

namespace microvm::riscv::disasm {
namespace {

std::string rounding(uint32_t rm) {
  static constexpr const char* kNames[] = {"rne", "rtz", "rdn", "rup", "rmm", "unknown", "unknown", "dyn"};
  return kNames[rm & 7];
}

// Emits `name` with `operands`, and the rounding mode last unless it is dyn.
bool emit_rounded(Printer& p, std::string_view name, std::vector<std::string> operands) {
  if (p.funct3() != 7) operands.push_back(rounding(p.funct3()));
  return p.emit(name, operands);
}

// fmt 0, 1, 2 = S, D, H.
bool print_op_fp(Printer& p, uint32_t fmt) {
  const bool is_double = fmt == 1, is_half = fmt == 2;
  const char s = "sdhq"[fmt];
  constexpr const char kFormats[] = "sdhq";
  const uint32_t f3 = p.funct3(), rd = p.rd(), rs1 = p.rs1(), rs2 = p.rs2();
  const auto name = [&](std::string_view base) { return fmt::format("{}.{}", base, s); };
  // Zfhmin has only the moves and conversions of H; the rest needs Zfh.
  const bool full = !is_half || p.has(ext::kZfh);
  const uint32_t funct5 = p.bits(31, 27);
  if (!full && funct5 != 0x08 && funct5 != 0x1C && funct5 != 0x1E) return false;
  switch (funct5) {
    case 0x00: return emit_rounded(p, name("fadd"), {f(rd), f(rs1), f(rs2)});
    case 0x01: return emit_rounded(p, name("fsub"), {f(rd), f(rs1), f(rs2)});
    case 0x02: return emit_rounded(p, name("fmul"), {f(rd), f(rs1), f(rs2)});
    case 0x03: return emit_rounded(p, name("fdiv"), {f(rd), f(rs1), f(rs2)});
    case 0x0B:
      if (rs2 != 0) return false;
      return emit_rounded(p, name("fsqrt"), {f(rd), f(rs1)});
    case 0x04: {
      static constexpr const char* kNames[] = {"fsgnj", "fsgnjn", "fsgnjx"};
      static constexpr const char* kAliases[] = {"fmv", "fneg", "fabs"};
      if (f3 > 2) return false;
      if (p.aliases() && rs1 == rs2) return p.emit(name(kAliases[f3]), {f(rd), f(rs1)});
      return p.emit(name(kNames[f3]), {f(rd), f(rs1), f(rs2)});
    }
    case 0x05:
      if (f3 > 1) return false;
      return p.emit(name(f3 == 0 ? "fmin" : "fmax"), {f(rd), f(rs1), f(rs2)});
    case 0x08: {  // conversions between formats; those that widen are exact and take no rm
      if (rs2 > 2 || rs2 == fmt) return false;
      if ((rs2 == 2 || fmt == 2) && !p.has(ext::kZfhmin)) return false;
      if ((rs2 == 1 || fmt == 1) && !p.has(ext::kD)) return false;
      const std::string op = fmt::format("fcvt.{}.{}", s, kFormats[rs2]);
      const bool widens = (fmt == 1) || (fmt == 0 && rs2 == 2);
      if (widens) return f3 == 0 && p.emit(op, {f(rd), f(rs1)});
      return emit_rounded(p, op, {f(rd), f(rs1)});
    }
    case 0x14: {
      static constexpr const char* kNames[] = {"fle", "flt", "feq"};
      if (f3 > 2) return false;
      return p.emit(name(kNames[f3]), {x(rd), f(rs1), f(rs2)});
    }
    case 0x18: {
      static constexpr const char* kNames[] = {"w", "wu", "l", "lu"};
      if (rs2 > 3) return false;
      return emit_rounded(p, fmt::format("fcvt.{}.{}", kNames[rs2], s), {x(rd), f(rs1)});
    }
    case 0x1A: {
      static constexpr const char* kNames[] = {"w", "wu", "l", "lu"};
      if (rs2 > 3) return false;
      const std::string op = fmt::format("fcvt.{}.{}", s, kNames[rs2]);
      if (is_double && rs2 < 2) return f3 == 0 && p.emit(op, {f(rd), x(rs1)});
      return emit_rounded(p, op, {f(rd), x(rs1)});
    }
    case 0x1C:
      if (rs2 != 0 || f3 > 1) return false;
      if (f3 == 1) return full && p.emit(name("fclass"), {x(rd), f(rs1)});
      return p.emit(is_double ? "fmv.x.d" : is_half ? "fmv.x.h" : "fmv.x.w", {x(rd), f(rs1)});
    case 0x1E:
      if (rs2 != 0 || f3 != 0) return false;
      return p.emit(is_double ? "fmv.d.x" : is_half ? "fmv.h.x" : "fmv.w.x", {f(rd), x(rs1)});
    default: return false;
  }
}

}  // namespace

bool print_fd(Printer& p) {
  const uint32_t opcode = enc::opcode(p.raw), f3 = p.funct3();
  if (!p.has(ext::kF)) return false;
  switch (opcode) {
    case enc::op::kLoadFp:
    case enc::op::kStoreFp: {
      if (f3 != 2 && !(f3 == 3 && p.has(ext::kD)) && !(f3 == 1 && p.has(ext::kZfhmin))) return false;
      const bool store = opcode == enc::op::kStoreFp;
      const int32_t imm = store ? enc::imm_s(p.raw) : enc::imm_i(p.raw);
      p.note_address(p.rs1(), imm);
      static constexpr const char* kLoads[] = {nullptr, "flh", "flw", "fld"};
      static constexpr const char* kStores[] = {nullptr, "fsh", "fsw", "fsd"};
      const char* name = store ? kStores[f3] : kLoads[f3];
      return p.emit(name, {f(store ? p.rs2() : p.rd()), mem(imm, p.rs1())});
    }
    case enc::op::kMadd:
    case enc::op::kMsub:
    case enc::op::kNmsub:
    case enc::op::kNmadd: {
      const uint32_t fmt = p.bits(26, 25);
      if (fmt > 2 || (fmt == 1 && !p.has(ext::kD)) || (fmt == 2 && !p.has(ext::kZfh))) return false;
      static constexpr const char* kNames[] = {"fmadd", "fmsub", "fnmsub", "fnmadd"};
      return emit_rounded(p, fmt::format("{}.{}", kNames[(opcode - enc::op::kMadd) >> 2], "sdh"[fmt]),
                          {f(p.rd()), f(p.rs1()), f(p.rs2()), f(p.rs3())});
    }
    case enc::op::kOpFp: {
      const uint32_t fmt = p.bits(26, 25);
      if (fmt > 2 || (fmt == 1 && !p.has(ext::kD)) || (fmt == 2 && !p.has(ext::kZfhmin))) return false;
      return print_op_fp(p, fmt);
    }
    default: return false;
  }
}

}  // namespace microvm::riscv::disasm
