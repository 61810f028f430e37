// Fixed-point arithmetic (RVV 1.0 section 12): saturating add and subtract, averaging add and
// subtract, vsmul, scaling shifts and narrowing clips. Rounding follows vxrm (section 3.8);
// saturation sets vxsat.
#include "riscv/vector/vector.h"

namespace microvm::riscv::vec {
namespace {

using u64 = uint64_t;
using u128 = unsigned __int128;
using i128 = __int128;

// The rounding increment for shifting `v` right by `d` bits (section 3.8, roundoff).
u64 round_bit(u128 v, unsigned d, unsigned vxrm) {
  if (d == 0) return 0;
  const u64 half = static_cast<u64>((v >> (d - 1)) & 1);
  const bool rest = d > 1 && (v & ((u128{1} << (d - 1)) - 1)) != 0;
  const u64 lsb = static_cast<u64>((v >> d) & 1);
  switch (vxrm & 3) {
    case 0: return half;                          // rnu
    case 1: return half & (rest || lsb ? 1 : 0);  // rne
    case 2: return 0;                             // rdn
    default: return !lsb && (half || rest);       // rod
  }
}
i128 roundoff_signed(i128 v, unsigned d, unsigned vxrm) {
  return (v >> d) + static_cast<i128>(round_bit(static_cast<u128>(v), d, vxrm));
}
u128 roundoff_unsigned(u128 v, unsigned d, unsigned vxrm) { return (v >> d) + round_bit(v, d, vxrm); }

i128 smax(unsigned w) { return (i128{1} << (w - 1)) - 1; }
i128 smin(unsigned w) { return -(i128{1} << (w - 1)); }

u64 saturate_signed(Hart& h, i128 v, unsigned w) {
  if (v > smax(w)) {
    h.vec.vxsat = 1;
    v = smax(w);
  } else if (v < smin(w)) {
    h.vec.vxsat = 1;
    v = smin(w);
  }
  return static_cast<u64>(v);
}
u64 saturate_unsigned(Hart& h, i128 v, unsigned w) {
  const i128 top = (i128{1} << w) - 1;
  if (v > top) {
    h.vec.vxsat = 1;
    return static_cast<u64>(top);
  }
  if (v < 0) {
    h.vec.vxsat = 1;
    return 0;
  }
  return static_cast<u64>(v);
}

u64 saddu(Hart& h, u64 a, u64 b, u64, unsigned w) { return saturate_unsigned(h, i128{a} + b, w); }
u64 sadd(Hart& h, u64 a, u64 b, u64, unsigned w) {
  return saturate_signed(h, i128{sext(a, w)} + sext(b, w), w);
}
u64 ssubu(Hart& h, u64 a, u64 b, u64, unsigned w) { return saturate_unsigned(h, i128{a} - b, w); }
u64 ssub(Hart& h, u64 a, u64 b, u64, unsigned w) {
  return saturate_signed(h, i128{sext(a, w)} - sext(b, w), w);
}

u64 aaddu(Hart& h, u64 a, u64 b, u64, unsigned) {
  return static_cast<u64>(roundoff_unsigned(u128{a} + b, 1, h.vec.vxrm));
}
u64 aadd(Hart& h, u64 a, u64 b, u64, unsigned w) {
  return static_cast<u64>(roundoff_signed(i128{sext(a, w)} + sext(b, w), 1, h.vec.vxrm));
}
u64 asubu(Hart& h, u64 a, u64 b, u64, unsigned) {
  return static_cast<u64>(roundoff_signed(i128{a} - i128{b}, 1, h.vec.vxrm));
}
u64 asub(Hart& h, u64 a, u64 b, u64, unsigned w) {
  return static_cast<u64>(roundoff_signed(i128{sext(a, w)} - sext(b, w), 1, h.vec.vxrm));
}

// vsmul: (a * b) >> (SEW - 1), rounded; only min * min overflows.
u64 smul(Hart& h, u64 a, u64 b, u64, unsigned w) {
  const i128 product = i128{sext(a, w)} * sext(b, w);
  return saturate_signed(h, roundoff_signed(product, w - 1, h.vec.vxrm), w);
}

u64 ssrl(Hart& h, u64 a, u64 b, u64, unsigned w) {
  return static_cast<u64>(roundoff_unsigned(a, static_cast<unsigned>(b & (w - 1)), h.vec.vxrm));
}
u64 ssra(Hart& h, u64 a, u64 b, u64, unsigned w) {
  return static_cast<u64>(roundoff_signed(sext(a, w), static_cast<unsigned>(b & (w - 1)), h.vec.vxrm));
}
// Narrowing clips: the source is 2 * SEW wide.
u64 nclipu(Hart& h, u64 a, u64 b, u64, unsigned w) {
  const u128 shifted = roundoff_unsigned(a, static_cast<unsigned>(b & (2 * w - 1)), h.vec.vxrm);
  return saturate_unsigned(h, static_cast<i128>(shifted), w);
}
u64 nclip(Hart& h, u64 a, u64 b, u64, unsigned w) {
  return saturate_signed(
      h, roundoff_signed(sext(a, 2 * w), static_cast<unsigned>(b & (2 * w - 1)), h.vec.vxrm), w);
}

constexpr Entry elem(ElemOp op, uint8_t forms, Shape shape = Shape::kSame, bool uimm = false) {
  return Entry{nullptr, op, forms, shape, uimm, false};
}

struct Tables {
  Entry opi[64];
  Entry opm[64];
};

constexpr Tables make_tables() {
  Tables t{};
  t.opi[0x20] = elem(saddu, kV | kX | kI);
  t.opi[0x21] = elem(sadd, kV | kX | kI);
  t.opi[0x22] = elem(ssubu, kV | kX);
  t.opi[0x23] = elem(ssub, kV | kX);
  t.opi[0x27] = elem(smul, kV | kX);
  t.opi[0x2a] = elem(ssrl, kV | kX | kI, Shape::kSame, true);
  t.opi[0x2b] = elem(ssra, kV | kX | kI, Shape::kSame, true);
  t.opi[0x2e] = elem(nclipu, kV | kX | kI, Shape::kNarrow, true);
  t.opi[0x2f] = elem(nclip, kV | kX | kI, Shape::kNarrow, true);
  t.opm[0x08] = elem(aaddu, kV | kX);
  t.opm[0x09] = elem(aadd, kV | kX);
  t.opm[0x0a] = elem(asubu, kV | kX);
  t.opm[0x0b] = elem(asub, kV | kX);
  return t;
}
constexpr Tables kTables = make_tables();

}  // namespace

const Entry* fixed_point_entry(bool opm, unsigned funct6) {
  const Entry& e = (opm ? kTables.opm : kTables.opi)[funct6];
  return e.forms ? &e : nullptr;
}

}  // namespace microvm::riscv::vec
