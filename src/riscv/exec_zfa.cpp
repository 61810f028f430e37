// Zfa: additional floating-point instructions (unprivileged spec, "Zfa" chapter), for S, D and,
// with Zfh, H: FLI (32 constants), FMINM/FMAXM, FROUND/FROUNDNX, FLEQ/FLTQ, and FCVTMOD.W.D.
// FMVH.X.D and FMVP.D.X exist for RV32 only, so on RV64 their encodings stay illegal.
#include "riscv/exec_fp.h"

namespace microvm::riscv {
namespace {

using namespace fp;

// FLI's table (Zfa, "Immediate values loaded by the FLI.S instruction") as binary32; the other
// formats take the same values converted exactly, except entry 1, each format's smallest normal
// number, and, for H, entry 29 (2^16 overflows to +inf, as the spec says).
constexpr uint32_t kFliSingle[32] = {
    0xbf800000, 0x00800000, 0x37800000, 0x38000000, 0x3b800000, 0x3c000000, 0x3d800000, 0x3e000000,
    0x3e800000, 0x3ea00000, 0x3ec00000, 0x3ee00000, 0x3f000000, 0x3f200000, 0x3f400000, 0x3f600000,
    0x3f800000, 0x3fa00000, 0x3fc00000, 0x3fe00000, 0x40000000, 0x40200000, 0x40400000, 0x40800000,
    0x41000000, 0x41800000, 0x43000000, 0x43800000, 0x47000000, 0x47800000, 0x7f800000, 0x7fc00000};

template <typename F>
Bits<F> fli_value(unsigned index) {
  if (index == 1) return Bits<F>(Bits<F>{1} << F::kFracBits);
  if constexpr (std::is_same_v<F, F32>) {
    return kFliSingle[index];
  } else {
    uint32_t ignored = 0;
    return fpu::soft::convert<F32, F>(kFliSingle[index], fpu::kRne, ignored);
  }
}

template <typename F>
void fli(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  write<F>(h, i.rd, fli_value<F>(static_cast<unsigned>(i.imm)));
  return retire_fp(h, i, 0);
}

template <typename F, bool Max>
void fmin_max_nan(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  uint32_t flags = 0;
  write<F>(h, i.rd, fpu::min_max_nan<F, Max>(read<F>(h, i.rs1), read<F>(h, i.rs2), flags));
  return retire_fp(h, i, flags);
}

template <typename F, bool Exact>
void fround(Hart& h, const Insn& i) {
  unsigned rm;
  if (!fp_usable(h, i, rm)) return;
  write<F>(h, i.rd,
           fpu::soft::round_to_integral<F>(read<F>(h, i.rs1), fpu::Rounding(rm), Exact, h.csr.fflags));
  return retire_fp(h, i, 0);
}

template <typename F, bool OrEqual>
void fcompare_quiet(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  uint32_t flags = 0;
  h.x[i.rd] = fpu::compare_quiet<F, OrEqual>(read<F>(h, i.rs1), read<F>(h, i.rs2), flags);
  return retire_int(h, i, flags);
}

void fcvtmod_w_d(Hart& h, const Insn& i) {
  if (!fp_usable(h, i)) return;
  // Accrued straight into fflags: a local whose address escaped would keep this from a tail call.
  const uint32_t before = h.csr.fflags;
  h.x[i.rd] = fpu::soft::to_int32_modular(read<F64>(h, i.rs1), h.csr.fflags);
  return retire_int(h, i, h.csr.fflags & ~before);
}

template <typename F>
bool decode_format(uint32_t raw, Insn& insn) {
  const uint32_t f3 = enc::funct3(raw), rs2 = enc::rs2(raw);
  switch (raw >> 27) {
    case 0x1E:  // fli: encoded like fmv.w.x with rs2 = 1
      if (rs2 != 1 || f3 != 0) return false;
      insn.fn = fli<F>;
      insn.imm = static_cast<int32_t>(enc::rs1(raw));
      return true;
    case 0x05:  // fminm, fmaxm: fmin/fmax with bit 13 set
      if (f3 != 2 && f3 != 3) return false;
      insn.fn = f3 == 2 ? fmin_max_nan<F, false> : fmin_max_nan<F, true>;
      return true;
    case 0x08:  // fround, froundnx: like fcvt.fmt.fmt with rs2 = 4, 5
      if ((rs2 != 4 && rs2 != 5) || reserved_rm(f3)) return false;
      insn.fn = rs2 == 4 ? fround<F, false> : fround<F, true>;
      insn.imm = static_cast<int32_t>(f3);
      return true;
    case 0x14:  // fleq, fltq: fle/flt with bit 14 set
      if (f3 != 4 && f3 != 5) return false;
      insn.fn = f3 == 4 ? fcompare_quiet<F, true> : fcompare_quiet<F, false>;
      insn.rd = dest(enc::rd(raw));
      return true;
    case 0x18:  // fcvtmod.w.d: like fcvt.w.d with rs2 = 8 and rm = RTZ only
      if (!std::is_same_v<F, F64> || rs2 != 8 || f3 != 1) return false;
      insn.fn = fcvtmod_w_d;
      insn.rd = dest(enc::rd(raw));
      return true;
    default: return false;
  }
}

}  // namespace

bool decode_zfa(uint32_t raw, Insn& insn) {
  if (enc::opcode(raw) != enc::op::kOpFp) return false;
  insn.rd = static_cast<InsnByte>(enc::rd(raw));
  insn.rs1 = static_cast<InsnByte>(enc::rs1(raw));
  insn.rs2 = static_cast<InsnByte>(enc::rs2(raw));
  switch ((raw >> 25) & 3) {
    case 0: return decode_format<F32>(raw, insn);
    case 1: return decode_format<F64>(raw, insn);
    case 2: return decode_format<F16>(raw, insn);
    default: return false;
  }
}

// Zfa, and the format's own extension (H needs Zfh, D needs D).
Ext zfa_also(uint32_t raw) {
  switch ((raw >> 25) & 3) {
    case 1: return Ext::kD;
    case 2: return Ext::kZfh;
    default: return Ext::kF;
  }
}

}  // namespace microvm::riscv
