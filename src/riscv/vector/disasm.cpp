// Printers for V 1.0, as objdump (binutils 2.40) prints them: operands vd, vs2, vs1/rs1/imm/fs1
// (multiply-adds put vs1/rs1 before vs2), ",v0.t" when masked, and its aliases (vl1r.v, vneg.v,
// vnot.v, vwcvt(u).x.x.v, vncvt.x.x.w, vmmv.m, vmclr.m, vmset.m, vmnot.m, vfneg.v, vfabs.v) unless
// -M no-aliases.
#include "riscv/disasm_printer.h"

namespace microvm::riscv::disasm {
namespace {

std::string v(uint32_t reg) { return fmt::format("v{}", reg & 31); }

// One row per funct6: the mnemonic stem for OPIVV/OPIVX/OPIVI (null: none) and for
// OPMVV/OPMVX, and which forms exist.
struct Row {
  const char* opi;
  uint8_t opi_forms;  // 1 vv, 2 vx, 4 vi
  const char* opm;
  uint8_t opm_forms;  // 1 vv, 2 vx
};
constexpr uint8_t V = 1, X = 2, I = 4;

constexpr Row kRows[64] = {
    /*00*/ {"vadd", V | X | I, "vredsum", V},
    /*01*/ {nullptr, 0, "vredand", V},
    /*02*/ {"vsub", V | X, "vredor", V},
    /*03*/ {"vrsub", X | I, "vredxor", V},
    /*04*/ {"vminu", V | X, "vredminu", V},
    /*05*/ {"vmin", V | X, "vredmin", V},
    /*06*/ {"vmaxu", V | X, "vredmaxu", V},
    /*07*/ {"vmax", V | X, "vredmax", V},
    /*08*/ {nullptr, 0, "vaaddu", V | X},
    /*09*/ {"vand", V | X | I, "vaadd", V | X},
    /*0a*/ {"vor", V | X | I, "vasubu", V | X},
    /*0b*/ {"vxor", V | X | I, "vasub", V | X},
    /*0c*/ {"vrgather", V | X | I, nullptr, 0},
    /*0d*/ {nullptr, 0, nullptr, 0},
    /*0e*/ {"vslideup", X | I, "vslide1up", X},
    /*0f*/ {"vslidedown", X | I, "vslide1down", X},
    /*10*/ {"vadc", V | X | I, nullptr, 0},
    /*11*/ {"vmadc", V | X | I, nullptr, 0},
    /*12*/ {"vsbc", V | X, nullptr, 0},
    /*13*/ {"vmsbc", V | X, nullptr, 0},
    /*14*/ {nullptr, 0, nullptr, 0},
    /*15*/ {nullptr, 0, nullptr, 0},
    /*16*/ {nullptr, 0, nullptr, 0},
    /*17*/ {"vmerge", V | X | I, "vcompress", V},
    /*18*/ {"vmseq", V | X | I, "vmandn", V},
    /*19*/ {"vmsne", V | X | I, "vmand", V},
    /*1a*/ {"vmsltu", V | X, "vmor", V},
    /*1b*/ {"vmslt", V | X, "vmxor", V},
    /*1c*/ {"vmsleu", V | X | I, "vmorn", V},
    /*1d*/ {"vmsle", V | X | I, "vmnand", V},
    /*1e*/ {"vmsgtu", X | I, "vmnor", V},
    /*1f*/ {"vmsgt", X | I, "vmxnor", V},
    /*20*/ {"vsaddu", V | X | I, "vdivu", V | X},
    /*21*/ {"vsadd", V | X | I, "vdiv", V | X},
    /*22*/ {"vssubu", V | X, "vremu", V | X},
    /*23*/ {"vssub", V | X, "vrem", V | X},
    /*24*/ {nullptr, 0, "vmulhu", V | X},
    /*25*/ {"vsll", V | X | I, "vmul", V | X},
    /*26*/ {nullptr, 0, "vmulhsu", V | X},
    /*27*/ {"vsmul", V | X, "vmulh", V | X},
    /*28*/ {"vsrl", V | X | I, nullptr, 0},
    /*29*/ {"vsra", V | X | I, "vmadd", V | X},
    /*2a*/ {"vssrl", V | X | I, nullptr, 0},
    /*2b*/ {"vssra", V | X | I, "vnmsub", V | X},
    /*2c*/ {"vnsrl", V | X | I, nullptr, 0},
    /*2d*/ {"vnsra", V | X | I, "vmacc", V | X},
    /*2e*/ {"vnclipu", V | X | I, nullptr, 0},
    /*2f*/ {"vnclip", V | X | I, "vnmsac", V | X},
    /*30*/ {"vwredsumu", V, "vwaddu", V | X},
    /*31*/ {"vwredsum", V, "vwadd", V | X},
    /*32*/ {nullptr, 0, "vwsubu", V | X},
    /*33*/ {nullptr, 0, "vwsub", V | X},
    /*34*/ {nullptr, 0, "vwaddu.w", V | X},
    /*35*/ {nullptr, 0, "vwadd.w", V | X},
    /*36*/ {nullptr, 0, "vwsubu.w", V | X},
    /*37*/ {nullptr, 0, "vwsub.w", V | X},
    /*38*/ {nullptr, 0, "vwmulu", V | X},
    /*39*/ {nullptr, 0, nullptr, 0},
    /*3a*/ {nullptr, 0, "vwmulsu", V | X},
    /*3b*/ {nullptr, 0, "vwmul", V | X},
    /*3c*/ {nullptr, 0, "vwmaccu", V | X},
    /*3d*/ {nullptr, 0, "vwmacc", V | X},
    /*3e*/ {nullptr, 0, "vwmaccus", X},
    /*3f*/ {nullptr, 0, "vwmaccsu", V | X},
};

std::string vtype_text(uint32_t vtype, unsigned bits) {
  static constexpr const char* kSew[] = {"e8", "e16", "e32", "e64", nullptr, nullptr, nullptr, nullptr};
  static constexpr const char* kLmul[] = {"m1", "m2", "m4", "m8", nullptr, "mf8", "mf4", "mf2"};
  const uint32_t lmul = vtype & 7, sew = (vtype >> 3) & 7;
  if ((vtype >> 8) != 0 || kLmul[lmul] == nullptr || kSew[sew] == nullptr)
    return dec(static_cast<int32_t>(vtype & ((1u << bits) - 1)));
  return fmt::format("{},{},{},{}", kSew[sew], kLmul[lmul], (vtype >> 6) & 1 ? "ta" : "tu",
                     (vtype >> 7) & 1 ? "ma" : "mu");
}

bool print_config(Printer& p) {
  const uint32_t raw = p.raw;
  if ((raw >> 31) == 0) return p.emit("vsetvli", {x(p.rd()), x(p.rs1()), vtype_text(p.bits(30, 20), 11)});
  if ((raw >> 30) == 3) return p.emit("vsetivli", {x(p.rd()), dec(p.rs1()), vtype_text(p.bits(29, 20), 10)});
  if ((raw >> 25) == 0x40) return p.emit("vsetvl", {x(p.rd()), x(p.rs1()), x(p.rs2())});
  return false;
}

// Emits with ",v0.t" last when the instruction is masked.
bool emit_masked(Printer& p, const std::string& name, std::vector<std::string> operands) {
  if (!p.bit(25)) operands.push_back("v0.t");
  return p.emit(name, operands);
}

bool print_opi(Printer& p, unsigned funct6, unsigned f3) {
  const Row& row = kRows[funct6];
  const uint32_t vd = p.rd(), vs2 = p.rs2(), rs1 = p.rs1();
  const bool vm = p.bit(25);
  const uint8_t form = f3 == 0 ? V : f3 == 4 ? X : I;
  if (!(row.opi_forms & form) || row.opi == nullptr) {
    if (funct6 == 0x27 && f3 == 3) {  // vmv<nr>r.v
      if (!vm || (rs1 != 0 && rs1 != 1 && rs1 != 3 && rs1 != 7)) return false;
      return p.emit(fmt::format("vmv{}r.v", rs1 + 1), {v(vd), v(vs2)});
    }
    if (funct6 == 0x0e && f3 == 0) return emit_masked(p, "vrgatherei16.vv", {v(vd), v(vs2), v(rs1)});
    return false;
  }
  const std::string name = row.opi;
  if (funct6 == 0x30 || funct6 == 0x31) return emit_masked(p, name + ".vs", {v(vd), v(vs2), v(rs1)});
  const bool narrowing = funct6 >= 0x2c && funct6 <= 0x2f;
  const char* suffix = narrowing ? (f3 == 0   ? ".wv"
                                    : f3 == 4 ? ".wx"
                                              : ".wi")
                                 : (f3 == 0   ? ".vv"
                                    : f3 == 4 ? ".vx"
                                              : ".vi");
  // Shifts, clips, gathers and slides take an unsigned immediate.
  const bool uimm = funct6 == 0x0c || funct6 == 0x0e || funct6 == 0x0f || funct6 == 0x25 ||
                    (funct6 >= 0x28 && funct6 <= 0x2f);
  const std::string src = f3 == 0 ? v(rs1) : f3 == 4 ? x(rs1) : dec(uimm ? int64_t{rs1} : sext(rs1, 5));
  switch (funct6) {
    case 0x10:
    case 0x12:  // vadc, vsbc: always with the carry in v0
      if (vm) return false;
      return p.emit(name + (f3 == 0 ? ".vvm" : f3 == 4 ? ".vxm" : ".vim"), {v(vd), v(vs2), src, "v0"});
    case 0x11:
    case 0x13:  // vmadc, vmsbc: with carry in (vm = 0) or without
      if (vm) return p.emit(name + suffix, {v(vd), v(vs2), src});
      return p.emit(name + (f3 == 0 ? ".vvm" : f3 == 4 ? ".vxm" : ".vim"), {v(vd), v(vs2), src, "v0"});
    case 0x17:
      if (!vm)
        return p.emit(name + (f3 == 0 ? ".vvm" : f3 == 4 ? ".vxm" : ".vim"), {v(vd), v(vs2), src, "v0"});
      if (vs2 != 0) return false;
      return p.emit(f3 == 0 ? "vmv.v.v" : f3 == 4 ? "vmv.v.x" : "vmv.v.i", {v(vd), src});
    case 0x03:
      if (p.aliases() && f3 == 4 && rs1 == 0) return emit_masked(p, "vneg.v", {v(vd), v(vs2)});
      break;
    case 0x0b:
      if (p.aliases() && f3 == 3 && rs1 == 31) return emit_masked(p, "vnot.v", {v(vd), v(vs2)});
      break;
    case 0x2c:
      if (p.aliases() && f3 == 4 && rs1 == 0) return emit_masked(p, "vncvt.x.x.w", {v(vd), v(vs2)});
      break;
    default: break;
  }
  return emit_masked(p, name + suffix, {v(vd), v(vs2), src});
}

bool print_opm(Printer& p, unsigned funct6, unsigned f3) {
  const Row& row = kRows[funct6];
  const uint32_t vd = p.rd(), vs2 = p.rs2(), rs1 = p.rs1();
  const bool vm = p.bit(25), vv = f3 == 2;
  switch (funct6) {
    case 0x10:
      if (vv) {
        if (rs1 == 0 && vm) return p.emit("vmv.x.s", {x(vd), v(vs2)});
        if (rs1 == 0x10) return emit_masked(p, "vcpop.m", {x(vd), v(vs2)});
        if (rs1 == 0x11) return emit_masked(p, "vfirst.m", {x(vd), v(vs2)});
        return false;
      }
      if (vs2 != 0 || !vm) return false;
      return p.emit("vmv.s.x", {v(vd), x(rs1)});
    case 0x12: {
      if (!vv) return false;
      static constexpr const char* kNames[] = {nullptr,     nullptr,     "vzext.vf8", "vsext.vf8",
                                               "vzext.vf4", "vsext.vf4", "vzext.vf2", "vsext.vf2"};
      if (rs1 >= 8 || kNames[rs1] == nullptr) return false;
      return emit_masked(p, kNames[rs1], {v(vd), v(vs2)});
    }
    case 0x14: {
      if (!vv) return false;
      if (rs1 == 0x11) {
        if (vs2 != 0) return false;
        return emit_masked(p, "vid.v", {v(vd)});
      }
      const char* name = rs1 == 1      ? "vmsbf.m"
                         : rs1 == 2    ? "vmsof.m"
                         : rs1 == 3    ? "vmsif.m"
                         : rs1 == 0x10 ? "viota.m"
                                       : nullptr;
      if (name == nullptr) return false;
      return emit_masked(p, name, {v(vd), v(vs2)});
    }
    case 0x17:
      if (!vv || !vm) return false;
      return p.emit("vcompress.vm", {v(vd), v(vs2), v(rs1)});
    default: break;
  }
  const uint8_t form = vv ? V : X;
  if (row.opm == nullptr || !(row.opm_forms & form)) return false;
  const std::string name = row.opm;
  const std::string src = vv ? v(rs1) : x(rs1);
  if (funct6 >= 0x18 && funct6 <= 0x1f) {  // mask logicals
    if (!vm) return false;
    if (p.aliases()) {
      if (funct6 == 0x19 && vs2 == rs1) return p.emit("vmmv.m", {v(vd), v(vs2)});
      if (funct6 == 0x1b && vd == vs2 && vd == rs1) return p.emit("vmclr.m", {v(vd)});
      if (funct6 == 0x1f && vd == vs2 && vd == rs1) return p.emit("vmset.m", {v(vd)});
      if (funct6 == 0x1d && vs2 == rs1) return p.emit("vmnot.m", {v(vd), v(vs2)});
    }
    return p.emit(name + ".mm", {v(vd), v(vs2), v(rs1)});
  }
  if (funct6 <= 0x07) return emit_masked(p, name + ".vs", {v(vd), v(vs2), v(rs1)});
  const bool multiply_add =
      funct6 == 0x29 || funct6 == 0x2b || funct6 == 0x2d || funct6 == 0x2f || funct6 >= 0x3c;
  if (multiply_add) return emit_masked(p, name + (vv ? ".vv" : ".vx"), {v(vd), src, v(vs2)});
  if (funct6 >= 0x34 && funct6 <= 0x37) return emit_masked(p, name + (vv ? "v" : "x"), {v(vd), v(vs2), src});
  if (p.aliases() && !vv && rs1 == 0 && (funct6 == 0x30 || funct6 == 0x31))
    return emit_masked(p, funct6 == 0x30 ? "vwcvtu.x.x.v" : "vwcvt.x.x.v", {v(vd), v(vs2)});
  return emit_masked(p, name + (vv ? ".vv" : ".vx"), {v(vd), v(vs2), src});
}

// OPFVV (f3 = 1) and OPFVF (f3 = 5): one row per funct6, the stem and its forms (V: .vv, F: .vf).
struct FloatRow {
  const char* name;
  uint8_t forms;
};
constexpr uint8_t F = 2;
constexpr FloatRow kFloatRows[64] = {
    /*00*/ {"vfadd", V | F},    {"vfredusum", V},    {"vfsub", V | F},    {"vfredosum", V},
    /*04*/ {"vfmin", V | F},    {"vfredmin", V},     {"vfmax", V | F},    {"vfredmax", V},
    /*08*/ {"vfsgnj", V | F},   {"vfsgnjn", V | F},  {"vfsgnjx", V | F},  {nullptr, 0},
    /*0c*/ {nullptr, 0},        {nullptr, 0},        {"vfslide1up", F},   {"vfslide1down", F},
    /*10*/ {nullptr, 0},        {nullptr, 0},        {nullptr, 0},        {nullptr, 0},
    /*14*/ {nullptr, 0},        {nullptr, 0},        {nullptr, 0},        {nullptr, 0},
    /*18*/ {"vmfeq", V | F},    {"vmfle", V | F},    {nullptr, 0},        {"vmflt", V | F},
    /*1c*/ {"vmfne", V | F},    {"vmfgt", F},        {nullptr, 0},        {"vmfge", F},
    /*20*/ {"vfdiv", V | F},    {"vfrdiv", F},       {nullptr, 0},        {nullptr, 0},
    /*24*/ {"vfmul", V | F},    {nullptr, 0},        {nullptr, 0},        {"vfrsub", F},
    /*28*/ {"vfmadd", V | F},   {"vfnmadd", V | F},  {"vfmsub", V | F},   {"vfnmsub", V | F},
    /*2c*/ {"vfmacc", V | F},   {"vfnmacc", V | F},  {"vfmsac", V | F},   {"vfnmsac", V | F},
    /*30*/ {"vfwadd", V | F},   {"vfwredusum", V},   {"vfwsub", V | F},   {"vfwredosum", V},
    /*34*/ {"vfwadd.w", V | F}, {nullptr, 0},        {"vfwsub.w", V | F}, {nullptr, 0},
    /*38*/ {"vfwmul", V | F},   {nullptr, 0},        {nullptr, 0},        {nullptr, 0},
    /*3c*/ {"vfwmacc", V | F},  {"vfwnmacc", V | F}, {"vfwmsac", V | F},  {"vfwnmsac", V | F},
};

// VFUNARY0's conversions by the vs1 field, and VFUNARY1's.
constexpr const char* kConversions[24] = {
    "vfcvt.xu.f.v",
    "vfcvt.x.f.v",
    "vfcvt.f.xu.v",
    "vfcvt.f.x.v",
    nullptr,
    nullptr,
    "vfcvt.rtz.xu.f.v",
    "vfcvt.rtz.x.f.v",
    "vfwcvt.xu.f.v",
    "vfwcvt.x.f.v",
    "vfwcvt.f.xu.v",
    "vfwcvt.f.x.v",
    "vfwcvt.f.f.v",
    nullptr,
    "vfwcvt.rtz.xu.f.v",
    "vfwcvt.rtz.x.f.v",
    "vfncvt.xu.f.w",
    "vfncvt.x.f.w",
    "vfncvt.f.xu.w",
    "vfncvt.f.x.w",
    "vfncvt.f.f.w",
    "vfncvt.rod.f.f.w",
    "vfncvt.rtz.xu.f.w",
    "vfncvt.rtz.x.f.w",
};

bool print_opf(Printer& p, unsigned funct6, unsigned f3) {
  const uint32_t vd = p.rd(), vs2 = p.rs2(), rs1 = p.rs1();
  const bool vm = p.bit(25), vv = f3 == 1;
  switch (funct6) {
    case 0x10:
      if (!vm) return false;
      if (vv) return rs1 == 0 && p.emit("vfmv.f.s", {f(vd), v(vs2)});
      return vs2 == 0 && p.emit("vfmv.s.f", {v(vd), f(rs1)});
    case 0x12:
      if (!vv || rs1 >= 24 || kConversions[rs1] == nullptr) return false;
      return emit_masked(p, kConversions[rs1], {v(vd), v(vs2)});
    case 0x13: {
      if (!vv) return false;
      const char* name = rs1 == 0    ? "vfsqrt.v"
                         : rs1 == 4  ? "vfrsqrt7.v"
                         : rs1 == 5  ? "vfrec7.v"
                         : rs1 == 16 ? "vfclass.v"
                                     : nullptr;
      return name != nullptr && emit_masked(p, name, {v(vd), v(vs2)});
    }
    case 0x17:
      if (vv) return false;
      if (vm) return vs2 == 0 && p.emit("vfmv.v.f", {v(vd), f(rs1)});
      return p.emit("vfmerge.vfm", {v(vd), v(vs2), f(rs1), "v0"});
    default: break;
  }
  const FloatRow& row = kFloatRows[funct6];
  if (row.name == nullptr || !(row.forms & (vv ? V : F))) return false;
  const std::string name = row.name, src = vv ? v(rs1) : f(rs1);
  const bool reduction = funct6 <= 0x07 ? (funct6 & 1) != 0 : funct6 == 0x31 || funct6 == 0x33;
  if (reduction) return emit_masked(p, name + ".vs", {v(vd), v(vs2), v(rs1)});
  if (p.aliases() && vv && vs2 == rs1 && (funct6 == 0x09 || funct6 == 0x0a))
    return emit_masked(p, funct6 == 0x09 ? "vfneg.v" : "vfabs.v", {v(vd), v(vs2)});
  const bool multiply_add = (funct6 >= 0x28 && funct6 <= 0x2f) || funct6 >= 0x3c;
  if (multiply_add) return emit_masked(p, name + (vv ? ".vv" : ".vf"), {v(vd), src, v(vs2)});
  if (funct6 == 0x34 || funct6 == 0x36) return emit_masked(p, name + (vv ? "v" : "f"), {v(vd), v(vs2), src});
  return emit_masked(p, name + (vv ? ".vv" : ".vf"), {v(vd), v(vs2), src});
}

bool print_memory(Printer& p, bool load) {
  const unsigned width = p.funct3();
  if (width != 0 && width < 5) return false;
  const unsigned eew = width == 0 ? 8 : 8u << (width - 4);
  const unsigned nf = p.bits(31, 29) + 1, mop = p.bits(27, 26), lumop = p.rs2();
  if (p.bit(28)) return false;  // mew
  const std::string vd = v(p.rd()), base = fmt::format("({})", x(p.rs1()));
  const std::string seg = nf > 1 ? fmt::format("seg{}", nf) : "";
  const char* dir = load ? "l" : "s";
  switch (mop) {
    case 0:
      if (lumop == 0) return emit_masked(p, fmt::format("v{}{}e{}.v", dir, seg, eew), {vd, base});
      if (lumop == 16 && load) return emit_masked(p, fmt::format("vl{}e{}ff.v", seg, eew), {vd, base});
      if (lumop == 8) {
        if (!p.bit(25) || (nf != 1 && nf != 2 && nf != 4 && nf != 8)) return false;
        if (!load) {
          if (width != 0) return false;
          return p.emit(fmt::format("vs{}r.v", nf), {vd, base});
        }
        if (eew == 8 && p.aliases()) return p.emit(fmt::format("vl{}r.v", nf), {vd, base});
        return p.emit(fmt::format("vl{}re{}.v", nf, eew), {vd, base});
      }
      if (lumop == 11) {
        if (!p.bit(25) || nf != 1 || width != 0) return false;
        return p.emit(load ? "vlm.v" : "vsm.v", {vd, base});
      }
      return false;
    case 2: return emit_masked(p, fmt::format("v{}s{}e{}.v", dir, seg, eew), {vd, base, x(p.rs2())});
    default:
      return emit_masked(p, fmt::format("v{}{}x{}ei{}.v", dir, mop == 1 ? "u" : "o", seg, eew),
                         {vd, base, v(p.rs2())});
  }
}

}  // namespace

bool print_vector(Printer& p) {
  if (!p.has(ext::kV)) return false;
  const uint32_t opcode = p.bits(6, 0);
  if (opcode == 0x07 || opcode == 0x27) return print_memory(p, opcode == 0x07);
  if (opcode != 0x57) return false;
  const unsigned f3 = p.funct3(), funct6 = p.bits(31, 26);
  switch (f3) {
    case 7: return print_config(p);
    case 0:
    case 3:
    case 4: return print_opi(p, funct6, f3);
    case 2:
    case 6: return print_opm(p, funct6, f3);
    default: return print_opf(p, funct6, f3);
  }
}

}  // namespace microvm::riscv::disasm
