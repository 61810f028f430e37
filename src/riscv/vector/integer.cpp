// Integer arithmetic (RVV 1.0 section 11): add, subtract, logic, shifts, compares, min/max,
// multiply, divide, multiply-add, their widening and narrowing forms, carries, merges and moves,
// integer extension, and the integer reductions (section 14.1-14.2).
#include "riscv/vector/vector.h"

namespace microvm::riscv::vec {
namespace {

using u64 = uint64_t;
using i64 = int64_t;
using u128 = unsigned __int128;
using i128 = __int128;

u64 add(Hart&, u64 a, u64 b, u64, unsigned) { return a + b; }
u64 sub(Hart&, u64 a, u64 b, u64, unsigned) { return a - b; }
u64 rsub(Hart&, u64 a, u64 b, u64, unsigned) { return b - a; }
u64 minu(Hart&, u64 a, u64 b, u64, unsigned) { return a < b ? a : b; }
u64 maxu(Hart&, u64 a, u64 b, u64, unsigned) { return a > b ? a : b; }
u64 min(Hart&, u64 a, u64 b, u64, unsigned w) { return sext(a, w) < sext(b, w) ? a : b; }
u64 max(Hart&, u64 a, u64 b, u64, unsigned w) { return sext(a, w) > sext(b, w) ? a : b; }
u64 and_(Hart&, u64 a, u64 b, u64, unsigned) { return a & b; }
u64 or_(Hart&, u64 a, u64 b, u64, unsigned) { return a | b; }
u64 xor_(Hart&, u64 a, u64 b, u64, unsigned) { return a ^ b; }
u64 sll(Hart&, u64 a, u64 b, u64, unsigned w) { return a << (b & (w - 1)); }
u64 srl(Hart&, u64 a, u64 b, u64, unsigned w) { return a >> (b & (w - 1)); }
u64 sra(Hart&, u64 a, u64 b, u64, unsigned w) { return static_cast<u64>(sext(a, w) >> (b & (w - 1))); }
// Narrowing shifts: the source is 2 * SEW wide, the shift amount uses log2(2 * SEW) bits.
u64 nsrl(Hart&, u64 a, u64 b, u64, unsigned w) { return a >> (b & (2 * w - 1)); }
u64 nsra(Hart&, u64 a, u64 b, u64, unsigned w) {
  return static_cast<u64>(sext(a, 2 * w) >> (b & (2 * w - 1)));
}

u64 mul(Hart&, u64 a, u64 b, u64, unsigned) { return a * b; }
u64 mulhu(Hart&, u64 a, u64 b, u64, unsigned w) { return static_cast<u64>((u128{a} * b) >> w); }
u64 mulh(Hart&, u64 a, u64 b, u64, unsigned w) {
  return static_cast<u64>((i128{sext(a, w)} * sext(b, w)) >> w);
}
u64 mulhsu(Hart&, u64 a, u64 b, u64, unsigned w) {
  return static_cast<u64>((i128{sext(a, w)} * static_cast<i128>(b)) >> w);
}
// Division by zero and overflow give the scalar M results (section 11.11).
u64 divu(Hart&, u64 a, u64 b, u64, unsigned) { return b == 0 ? ~0ull : a / b; }
u64 remu(Hart&, u64 a, u64 b, u64, unsigned) { return b == 0 ? a : a % b; }
u64 div(Hart&, u64 a, u64 b, u64, unsigned w) {
  const i64 x = sext(a, w), y = sext(b, w);
  if (y == 0) return ~0ull;
  if (y == -1) return static_cast<u64>(-static_cast<u64>(x));  // the overflow case wraps to x
  return static_cast<u64>(x / y);
}
u64 rem(Hart&, u64 a, u64 b, u64, unsigned w) {
  const i64 x = sext(a, w), y = sext(b, w);
  if (y == 0) return a;
  if (y == -1) return 0;
  return static_cast<u64>(x % y);
}
u64 macc(Hart&, u64 a, u64 b, u64 d, unsigned) { return b * a + d; }
u64 nmsac(Hart&, u64 a, u64 b, u64 d, unsigned) { return d - b * a; }
u64 madd(Hart&, u64 a, u64 b, u64 d, unsigned) { return b * d + a; }
u64 nmsub(Hart&, u64 a, u64 b, u64 d, unsigned) { return a - b * d; }

// Widening: the sources are SEW wide (vs2 is 2 * SEW in the .w forms, already wide).
u64 zx(u64 v, unsigned) { return v; }
u64 sx(u64 v, unsigned w) { return static_cast<u64>(sext(v, w)); }
u64 waddu(Hart&, u64 a, u64 b, u64, unsigned) { return a + b; }
u64 wadd(Hart&, u64 a, u64 b, u64, unsigned w) { return sx(a, w) + sx(b, w); }
u64 wsubu(Hart&, u64 a, u64 b, u64, unsigned) { return a - b; }
u64 wsub(Hart&, u64 a, u64 b, u64, unsigned w) { return sx(a, w) - sx(b, w); }
u64 waddu_w(Hart&, u64 a, u64 b, u64, unsigned) { return a + b; }
u64 wadd_w(Hart&, u64 a, u64 b, u64, unsigned w) { return a + sx(b, w); }
u64 wsubu_w(Hart&, u64 a, u64 b, u64, unsigned) { return a - b; }
u64 wsub_w(Hart&, u64 a, u64 b, u64, unsigned w) { return a - sx(b, w); }
u64 wmulu(Hart&, u64 a, u64 b, u64, unsigned) { return a * b; }
u64 wmul(Hart&, u64 a, u64 b, u64, unsigned w) { return sx(a, w) * sx(b, w); }
u64 wmulsu(Hart&, u64 a, u64 b, u64, unsigned w) { return sx(a, w) * zx(b, w); }
u64 wmaccu(Hart&, u64 a, u64 b, u64 d, unsigned) { return a * b + d; }
u64 wmacc(Hart&, u64 a, u64 b, u64 d, unsigned w) { return sx(a, w) * sx(b, w) + d; }
u64 wmaccsu(Hart&, u64 a, u64 b, u64 d, unsigned w) { return sx(b, w) * zx(a, w) + d; }
u64 wmaccus(Hart&, u64 a, u64 b, u64 d, unsigned w) { return zx(b, w) * sx(a, w) + d; }

// ---------------------------------------------------------------------------------------------
// Compares: a mask result (section 11.8). vmsgt(u) exist only as .vx/.vi.
template <bool (*Cmp)(u64, u64, unsigned)>
Result compare(Hart& h, uint32_t raw) {
  if (!vector_usable(h)) return Result::kIllegal;
  VectorState& v = h.vec;
  const unsigned sew = v.sew(), bytes = sew / 8, vd = vd_of(raw), vs2 = vs2_of(raw), vs1 = rs1_of(raw);
  const int lm = lmul(h);
  const bool vv = funct3_of(raw) == kOpivv, vm = vm_of(raw);
  if (!aligned(vs2, lm) || (vd != vs2 && !no_overlap(vd, 0, vs2, lm))) return Result::kIllegal;
  if (vv && (!aligned(vs1, lm) || (vd != vs1 && !no_overlap(vd, 0, vs1, lm)))) return Result::kIllegal;
  const Group a(v, vs2, lm), b(v, vv ? vs1 : 0, vv ? lm : 0), mask(v, 0, 0);
  const u64 scalar = vv ? 0 : scalar_operand(h, raw, false, sew);
  for (u64 i = v.vstart; i < v.vl; ++i) {
    if (!vm && !mask.mask(i)) continue;
    put_mask_bit(v, vd, i, Cmp(a.get(i, bytes), vv ? b.get(i, bytes) : scalar, sew));
  }
  return done(h);
}
bool eq(u64 a, u64 b, unsigned) { return a == b; }
bool ne(u64 a, u64 b, unsigned) { return a != b; }
bool ltu(u64 a, u64 b, unsigned) { return a < b; }
bool lt(u64 a, u64 b, unsigned w) { return sext(a, w) < sext(b, w); }
bool leu(u64 a, u64 b, unsigned) { return a <= b; }
bool le(u64 a, u64 b, unsigned w) { return sext(a, w) <= sext(b, w); }
bool gtu(u64 a, u64 b, unsigned) { return a > b; }
bool gt(u64 a, u64 b, unsigned w) { return sext(a, w) > sext(b, w); }

// ---------------------------------------------------------------------------------------------
// Add/subtract with carry (section 11.4). vadc/vsbc use v0 as the carry and must be masked
// (vm = 0) with vd != v0; vmadc/vmsbc write a mask, with the carry in when vm = 0.
template <bool Subtract, bool MaskOut>
Result carry(Hart& h, uint32_t raw) {
  if (!vector_usable(h)) return Result::kIllegal;
  VectorState& v = h.vec;
  const unsigned sew = v.sew(), bytes = sew / 8, vd = vd_of(raw), vs2 = vs2_of(raw), vs1 = rs1_of(raw);
  const int lm = lmul(h);
  const bool vv = funct3_of(raw) == kOpivv, vm = vm_of(raw);
  if (MaskOut) {
    if (!aligned(vs2, lm) || (vd != vs2 && !no_overlap(vd, 0, vs2, lm))) return Result::kIllegal;
    if (vv && (!aligned(vs1, lm) || (vd != vs1 && !no_overlap(vd, 0, vs1, lm)))) return Result::kIllegal;
  } else {
    if (vm || vd == 0 || !aligned(vd, lm) || !aligned(vs2, lm) || (vv && !aligned(vs1, lm)))
      return Result::kIllegal;
  }
  const Group a(v, vs2, lm), b(v, vv ? vs1 : 0, vv ? lm : 0), mask(v, 0, 0);
  const u64 scalar = vv ? 0 : scalar_operand(h, raw, false, sew), m = width_mask(sew);
  for (u64 i = v.vstart; i < v.vl; ++i) {
    const u64 x = a.get(i, bytes), y = vv ? b.get(i, bytes) : scalar;
    const u64 c = (MaskOut && vm) ? 0 : mask.mask(i);
    const u128 wide = Subtract ? u128{x} - y - c : u128{x} + y + c;
    if (MaskOut) {
      put_mask_bit(v, vd, i, ((wide >> sew) & 1) != 0);
    } else {
      put(v, vd, i, bytes, static_cast<u64>(wide) & m);
    }
  }
  return done(h);
}

// vmerge (vm = 0) and vmv.v (vm = 1, vs2 = 0).
Result merge(Hart& h, uint32_t raw) {
  if (!vector_usable(h)) return Result::kIllegal;
  VectorState& v = h.vec;
  const unsigned sew = v.sew(), bytes = sew / 8, vd = vd_of(raw), vs2 = vs2_of(raw), vs1 = rs1_of(raw);
  const int lm = lmul(h);
  const bool vv = funct3_of(raw) == kOpivv, vm = vm_of(raw);
  if (vm && vs2 != 0) return Result::kIllegal;
  if (!aligned(vd, lm) || (!vm && (vd == 0 || !aligned(vs2, lm))) || (vv && !aligned(vs1, lm)))
    return Result::kIllegal;
  const Group a(v, vs2, lm), b(v, vv ? vs1 : 0, vv ? lm : 0), mask(v, 0, 0);
  const u64 scalar = vv ? 0 : scalar_operand(h, raw, false, sew);
  for (u64 i = v.vstart; i < v.vl; ++i) {
    const u64 y = vv ? b.get(i, bytes) : scalar;
    put(v, vd, i, bytes, (vm || mask.mask(i)) ? y : a.get(i, bytes));
  }
  return done(h);
}

// vzext/vsext.vf2/4/8 (VXUNARY0, section 11.3).
Result extend(Hart& h, uint32_t raw) {
  if (!vector_usable(h)) return Result::kIllegal;
  VectorState& v = h.vec;
  const unsigned code = rs1_of(raw), sew = v.sew(), vd = vd_of(raw), vs2 = vs2_of(raw);
  const unsigned factor = code >= 6 ? 2 : code >= 4 ? 4 : code >= 2 ? 8 : 0;
  if (factor == 0 || code > 7) return Result::kIllegal;
  const bool sign = code & 1, vm = vm_of(raw);
  const unsigned from = sew / factor;
  const int lm = lmul(h), shift = factor == 2 ? 1 : factor == 4 ? 2 : 3;
  const int src_lmul = lm - shift;
  if (from < 8 || src_lmul < -3 || !mask_ok(vm, vd) || !aligned(vd, lm) || !aligned(vs2, src_lmul) ||
      !no_overlap(vd, lm, vs2, src_lmul))
    return Result::kIllegal;
  const Group a(v, vs2, src_lmul < 0 ? 0 : src_lmul);
  for (u64 i = v.vstart; i < v.vl; ++i) {
    if (!active(v, vm, i)) continue;
    const u64 x = a.get(i, from / 8);
    put(v, vd, i, sew / 8, sign ? static_cast<u64>(sext(x, from)) : x);
  }
  return done(h);
}

// ---------------------------------------------------------------------------------------------
// Reductions (section 14.1): vd[0] = op(vs1[0], active vs2[*]); a widening sum reads 2 * SEW
// vs1[0] and writes 2 * SEW. Nothing is written when vl = 0.
template <u64 (*F)(u64, u64, unsigned), bool Widen, bool Signed>
Result reduce(Hart& h, uint32_t raw) {
  if (!vector_usable(h) || h.vec.vstart != 0) return Result::kIllegal;
  VectorState& v = h.vec;
  const unsigned sew = v.sew(), vd = vd_of(raw), vs2 = vs2_of(raw), vs1 = rs1_of(raw);
  const int lm = lmul(h);
  const bool vm = vm_of(raw);
  if (!aligned(vs2, lm) || (Widen && sew == 64)) return Result::kIllegal;
  if (v.vl == 0) return done(h);
  const unsigned out = Widen ? 2 * sew : sew;
  u64 acc = get(v, vs1, 0, out / 8);
  for (u64 i = 0; i < v.vl; ++i) {
    if (!active(v, vm, i)) continue;
    u64 x = get(v, vs2, i, sew / 8);
    if (Widen && Signed) x = static_cast<u64>(sext(x, sew)) & width_mask(out);
    acc = F(acc, x, out) & width_mask(out);
  }
  put(v, vd, 0, out / 8, acc);
  return done(h);
}
u64 r_sum(u64 a, u64 b, unsigned) { return a + b; }
u64 r_and(u64 a, u64 b, unsigned) { return a & b; }
u64 r_or(u64 a, u64 b, unsigned) { return a | b; }
u64 r_xor(u64 a, u64 b, unsigned) { return a ^ b; }
u64 r_minu(u64 a, u64 b, unsigned) { return a < b ? a : b; }
u64 r_maxu(u64 a, u64 b, unsigned) { return a > b ? a : b; }
u64 r_min(u64 a, u64 b, unsigned w) { return sext(a, w) < sext(b, w) ? a : b; }
u64 r_max(u64 a, u64 b, unsigned w) { return sext(a, w) > sext(b, w) ? a : b; }

constexpr Entry elem(ElemOp op, uint8_t forms, Shape shape = Shape::kSame, bool uimm = false,
                     bool reads_vd = false) {
  return Entry{nullptr, op, forms, shape, uimm, reads_vd};
}
constexpr Entry custom(Op op, uint8_t forms) { return Entry{op, nullptr, forms, Shape::kSame, false, false}; }

struct Tables {
  Entry opi[64];
  Entry opm[64];
};

constexpr Tables make_tables() {
  Tables t{};
  Entry* i = t.opi;
  i[0x00] = elem(add, kV | kX | kI);
  i[0x02] = elem(sub, kV | kX);
  i[0x03] = elem(rsub, kX | kI);
  i[0x04] = elem(minu, kV | kX);
  i[0x05] = elem(min, kV | kX);
  i[0x06] = elem(maxu, kV | kX);
  i[0x07] = elem(max, kV | kX);
  i[0x09] = elem(and_, kV | kX | kI);
  i[0x0a] = elem(or_, kV | kX | kI);
  i[0x0b] = elem(xor_, kV | kX | kI);
  i[0x10] = custom(carry<false, false>, kV | kX | kI);
  i[0x11] = custom(carry<false, true>, kV | kX | kI);
  i[0x12] = custom(carry<true, false>, kV | kX);
  i[0x13] = custom(carry<true, true>, kV | kX);
  i[0x17] = custom(merge, kV | kX | kI);
  i[0x18] = custom(compare<eq>, kV | kX | kI);
  i[0x19] = custom(compare<ne>, kV | kX | kI);
  i[0x1a] = custom(compare<ltu>, kV | kX);
  i[0x1b] = custom(compare<lt>, kV | kX);
  i[0x1c] = custom(compare<leu>, kV | kX | kI);
  i[0x1d] = custom(compare<le>, kV | kX | kI);
  i[0x1e] = custom(compare<gtu>, kX | kI);
  i[0x1f] = custom(compare<gt>, kX | kI);
  i[0x25] = elem(sll, kV | kX | kI, Shape::kSame, true);
  i[0x28] = elem(srl, kV | kX | kI, Shape::kSame, true);
  i[0x29] = elem(sra, kV | kX | kI, Shape::kSame, true);
  i[0x2c] = elem(nsrl, kV | kX | kI, Shape::kNarrow, true);
  i[0x2d] = elem(nsra, kV | kX | kI, Shape::kNarrow, true);
  i[0x30] = custom(reduce<r_sum, true, false>, kV);
  i[0x31] = custom(reduce<r_sum, true, true>, kV);
  Entry* m = t.opm;
  m[0x00] = custom(reduce<r_sum, false, false>, kV);
  m[0x01] = custom(reduce<r_and, false, false>, kV);
  m[0x02] = custom(reduce<r_or, false, false>, kV);
  m[0x03] = custom(reduce<r_xor, false, false>, kV);
  m[0x04] = custom(reduce<r_minu, false, false>, kV);
  m[0x05] = custom(reduce<r_min, false, false>, kV);
  m[0x06] = custom(reduce<r_maxu, false, false>, kV);
  m[0x07] = custom(reduce<r_max, false, false>, kV);
  m[0x12] = custom(extend, kV);
  m[0x20] = elem(divu, kV | kX);
  m[0x21] = elem(div, kV | kX);
  m[0x22] = elem(remu, kV | kX);
  m[0x23] = elem(rem, kV | kX);
  m[0x24] = elem(mulhu, kV | kX);
  m[0x25] = elem(mul, kV | kX);
  m[0x26] = elem(mulhsu, kV | kX);
  m[0x27] = elem(mulh, kV | kX);
  m[0x29] = elem(madd, kV | kX, Shape::kSame, false, true);
  m[0x2b] = elem(nmsub, kV | kX, Shape::kSame, false, true);
  m[0x2d] = elem(macc, kV | kX, Shape::kSame, false, true);
  m[0x2f] = elem(nmsac, kV | kX, Shape::kSame, false, true);
  m[0x30] = elem(waddu, kV | kX, Shape::kWiden);
  m[0x31] = elem(wadd, kV | kX, Shape::kWiden);
  m[0x32] = elem(wsubu, kV | kX, Shape::kWiden);
  m[0x33] = elem(wsub, kV | kX, Shape::kWiden);
  m[0x34] = elem(waddu_w, kV | kX, Shape::kWideSource);
  m[0x35] = elem(wadd_w, kV | kX, Shape::kWideSource);
  m[0x36] = elem(wsubu_w, kV | kX, Shape::kWideSource);
  m[0x37] = elem(wsub_w, kV | kX, Shape::kWideSource);
  m[0x38] = elem(wmulu, kV | kX, Shape::kWiden);
  m[0x3a] = elem(wmulsu, kV | kX, Shape::kWiden);
  m[0x3b] = elem(wmul, kV | kX, Shape::kWiden);
  m[0x3c] = elem(wmaccu, kV | kX, Shape::kWiden, false, true);
  m[0x3d] = elem(wmacc, kV | kX, Shape::kWiden, false, true);
  m[0x3e] = elem(wmaccus, kX, Shape::kWiden, false, true);
  m[0x3f] = elem(wmaccsu, kV | kX, Shape::kWiden, false, true);
  return t;
}
constexpr Tables kTables = make_tables();

}  // namespace

const Entry* integer_entry(bool opm, unsigned funct6) {
  const Entry& e = (opm ? kTables.opm : kTables.opi)[funct6];
  return e.forms ? &e : nullptr;
}

uint64_t scalar_operand(const Hart& h, uint32_t raw, bool uimm, unsigned sew) {
  const unsigned f3 = funct3_of(raw);
  const uint64_t value =
      f3 == kOpivi ? (uimm ? rs1_of(raw) : static_cast<uint64_t>(simm5_of(raw))) : h.x[rs1_of(raw)];
  return value & width_mask(sew);
}

Result elementwise(Hart& h, uint32_t raw, const Entry& e) {
  if (!vector_usable(h)) return Result::kIllegal;
  VectorState& v = h.vec;
  const unsigned sew = v.sew(), vd = vd_of(raw), vs2 = vs2_of(raw), vs1 = rs1_of(raw);
  const unsigned f3 = funct3_of(raw);
  const bool vv = f3 == kOpivv || f3 == kOpmvv, vm = vm_of(raw);
  const int lm = lmul(h);
  int vd_lmul = lm, vs2_lmul = lm;
  if (e.shape != Shape::kSame) {
    if (sew == 64 || lm == 3) return Result::kIllegal;
    if (e.shape != Shape::kNarrow) vd_lmul = lm + 1;
    if (e.shape != Shape::kWiden) vs2_lmul = lm + 1;
  }
  if (!mask_ok(vm, vd) || !aligned(vd, vd_lmul) || !aligned(vs2, vs2_lmul)) return Result::kIllegal;
  if (vv && !aligned(vs1, lm)) return Result::kIllegal;
  if (e.shape == Shape::kNarrow && vd != vs2 && !no_overlap(vd, vd_lmul, vs2, vs2_lmul))
    return Result::kIllegal;
  if (e.shape == Shape::kWiden && !no_overlap(vd, vd_lmul, vs2, vs2_lmul)) return Result::kIllegal;
  if (vv && vd_lmul != lm && !no_overlap(vd, vd_lmul, vs1, lm)) return Result::kIllegal;
  const unsigned d_bytes = (vd_lmul == lm ? sew : 2 * sew) / 8,
                 a_bytes = (vs2_lmul == lm ? sew : 2 * sew) / 8;
  const Group a(v, vs2, vs2_lmul), b(v, vv ? vs1 : 0, vv ? lm : 0), mask(v, 0, 0);
  const uint64_t scalar = vv ? 0 : scalar_operand(h, raw, e.uimm, sew);
  const uint64_t out_mask = width_mask(d_bytes * 8);
  for (uint64_t i = v.vstart; i < v.vl; ++i) {
    if (!vm && !mask.mask(i)) continue;
    const uint64_t d = e.reads_vd ? get(v, vd, i, d_bytes) : 0;
    const uint64_t r = e.elem(h, a.get(i, a_bytes), vv ? b.get(i, sew / 8) : scalar, d, sew);
    put(v, vd, i, d_bytes, r & out_mask);
  }
  return done(h);
}

}  // namespace microvm::riscv::vec
