// Mask instructions (RVV 1.0 section 15) and permutations (section 16): mask logicals, vcpop,
// vfirst, vmsbf/vmsif/vmsof, viota, vid, the scalar moves, slides, gathers, vcompress and the
// whole-register moves.
#include "riscv/vector/vector.h"

namespace microvm::riscv::vec {
namespace {

using u64 = uint64_t;

// vmandn ... vmxnor: vd.mask[i] = op(vs2.mask[i], vs1.mask[i]), unmasked.
template <bool (*F)(bool, bool)>
Result mask_logical(Hart& h, uint32_t raw) {
  if (!vector_usable(h) || !vm_of(raw)) return Result::kIllegal;
  VectorState& v = h.vec;
  const Group a(v, vs2_of(raw), 0), b(v, rs1_of(raw), 0);
  for (u64 i = v.vstart; i < v.vl; ++i) put_mask_bit(v, vd_of(raw), i, F(a.mask(i), b.mask(i)));
  return done(h);
}
bool andn(bool a, bool b) { return a && !b; }
bool and_(bool a, bool b) { return a && b; }
bool or_(bool a, bool b) { return a || b; }
bool xor_(bool a, bool b) { return a != b; }
bool orn(bool a, bool b) { return a || !b; }
bool nand(bool a, bool b) { return !(a && b); }
bool nor(bool a, bool b) { return !(a || b); }
bool xnor(bool a, bool b) { return a == b; }

// VWXUNARY0: vmv.x.s, vcpop.m, vfirst.m.
Result wxunary(Hart& h, uint32_t raw) {
  if (!vector_usable(h)) return Result::kIllegal;
  VectorState& v = h.vec;
  const unsigned rd = vd_of(raw), vs2 = vs2_of(raw), code = rs1_of(raw);
  const bool vm = vm_of(raw);
  uint64_t result;
  if (code == 0) {  // vmv.x.s: element 0 whatever vl is, sign-extended
    if (!vm) return Result::kIllegal;
    result = static_cast<u64>(sext(get(v, vs2, 0, v.sew() / 8), v.sew()));
  } else if (code == 0x10 || code == 0x11) {
    if (v.vstart != 0) return Result::kIllegal;
    result = code == 0x10 ? 0 : ~0ull;
    for (u64 i = 0; i < v.vl; ++i) {
      if (!active(v, vm, i) || !mask_bit(v, vs2, i)) continue;
      if (code == 0x11) {
        result = i;
        break;
      }
      ++result;
    }
  } else {
    return Result::kIllegal;
  }
  if (rd != 0) h.x[rd] = result;
  v.vstart = 0;
  return Result::kDone;
}

// vmv.s.x: vd[0] = x[rs1] when vl > 0.
Result rxunary(Hart& h, uint32_t raw) {
  if (!vector_usable(h) || vs2_of(raw) != 0 || !vm_of(raw)) return Result::kIllegal;
  VectorState& v = h.vec;
  if (v.vstart < v.vl) put(v, vd_of(raw), 0, v.sew() / 8, h.x[rs1_of(raw)] & width_mask(v.sew()));
  return done(h);
}

// VMUNARY0: vmsbf, vmsof, vmsif, viota, vid.
Result munary(Hart& h, uint32_t raw) {
  if (!vector_usable(h)) return Result::kIllegal;
  VectorState& v = h.vec;
  const unsigned vd = vd_of(raw), vs2 = vs2_of(raw), code = rs1_of(raw), bytes = v.sew() / 8;
  const bool vm = vm_of(raw);
  const int lm = lmul(h);
  if (code == 0x11) {  // vid
    if (vs2 != 0 || !mask_ok(vm, vd) || !aligned(vd, lm)) return Result::kIllegal;
    for (u64 i = v.vstart; i < v.vl; ++i) {
      if (active(v, vm, i)) put(v, vd, i, bytes, i & width_mask(v.sew()));
    }
    return done(h);
  }
  if (v.vstart != 0) return Result::kIllegal;
  const Group src(v, vs2, 0), mask(v, 0, 0);
  if (code == 0x10) {  // viota
    if (!mask_ok(vm, vd) || !aligned(vd, lm) || !no_overlap(vd, lm, vs2, 0)) return Result::kIllegal;
    u64 count = 0;
    for (u64 i = 0; i < v.vl; ++i) {
      if (!vm && !mask.mask(i)) continue;
      put(v, vd, i, bytes, count & width_mask(v.sew()));
      if (src.mask(i)) ++count;
    }
    return done(h);
  }
  if (code < 1 || code > 3 || vd == vs2 || !mask_ok(vm, vd)) return Result::kIllegal;
  bool found = false;
  for (u64 i = 0; i < v.vl; ++i) {
    if (!vm && !mask.mask(i)) continue;
    const bool bit = src.mask(i);
    bool out;
    switch (code) {
      case 1: out = !found && !bit; break;  // vmsbf: before the first set bit
      case 2: out = !found && bit; break;   // vmsof: only the first
      default: out = !found; break;         // vmsif: up to and including it
    }
    if (bit) found = true;
    put_mask_bit(v, vd, i, out);
  }
  return done(h);
}

// Slides (section 16.3). Up: vd may not overlap vs2.
template <bool Up, bool One>
Result slide(Hart& h, uint32_t raw) {
  if (!vector_usable(h)) return Result::kIllegal;
  VectorState& v = h.vec;
  const unsigned vd = vd_of(raw), vs2 = vs2_of(raw), bytes = v.sew() / 8;
  const bool vm = vm_of(raw);
  const int lm = lmul(h);
  if (!mask_ok(vm, vd) || !aligned(vd, lm) || !aligned(vs2, lm)) return Result::kIllegal;
  if (Up && overlapped(vd, group_regs(lm), vs2, group_regs(lm))) return Result::kIllegal;
  const u64 offset = One ? 1 : funct3_of(raw) == kOpivi ? rs1_of(raw) : h.x[rs1_of(raw)];
  const u64 max = vlmax(v.vlenb, v.sew(), lm);
  const u64 scalar = h.x[rs1_of(raw)] & width_mask(v.sew());
  const Group src(v, vs2, lm), mask(v, 0, 0);
  for (u64 i = v.vstart; i < v.vl; ++i) {
    if (!vm && !mask.mask(i)) continue;
    if (Up) {
      if (i < offset) {
        if (One) put(v, vd, i, bytes, scalar);
        continue;
      }
      put(v, vd, i, bytes, src.get(i - offset, bytes));
    } else if (One && i == v.vl - 1) {
      put(v, vd, i, bytes, scalar);
    } else {
      const bool inside = i + offset >= i && i + offset < max;
      put(v, vd, i, bytes, inside ? src.get(i + offset, bytes) : 0);
    }
  }
  return done(h);
}

// vrgather.vv/vx/vi and vrgatherei16.vv (section 16.4).
template <bool Ei16>
Result gather(Hart& h, uint32_t raw) {
  if (!vector_usable(h)) return Result::kIllegal;
  VectorState& v = h.vec;
  const unsigned vd = vd_of(raw), vs2 = vs2_of(raw), vs1 = rs1_of(raw), sew = v.sew(), bytes = sew / 8;
  const bool vm = vm_of(raw), vv = funct3_of(raw) == kOpivv;
  const int lm = lmul(h);
  int index_lmul = lm;
  unsigned index_bytes = bytes;
  if (Ei16) {
    index_bytes = 2;
    index_lmul = lm + (sew == 8 ? 1 : sew == 16 ? 0 : sew == 32 ? -1 : -2);
    if (index_lmul > 3) return Result::kIllegal;
  }
  if (!mask_ok(vm, vd) || !aligned(vd, lm) || !aligned(vs2, lm)) return Result::kIllegal;
  if (overlapped(vd, group_regs(lm), vs2, group_regs(lm))) return Result::kIllegal;
  if (vv && (!aligned(vs1, index_lmul) || overlapped(vd, group_regs(lm), vs1, group_regs(index_lmul))))
    return Result::kIllegal;
  const u64 max = vlmax(v.vlenb, sew, lm);
  const u64 scalar = funct3_of(raw) == kOpivi ? rs1_of(raw) : h.x[vs1];
  const Group src(v, vs2, lm), mask(v, 0, 0);
  for (u64 i = v.vstart; i < v.vl; ++i) {
    if (!vm && !mask.mask(i)) continue;
    const u64 index = vv ? get(v, vs1, i, index_bytes) : scalar;
    put(v, vd, i, bytes, index < max ? src.get(index, bytes) : 0);
  }
  return done(h);
}

Result gather_or_slideup(Hart& h, uint32_t raw) {
  return funct3_of(raw) == kOpivv ? gather<true>(h, raw) : slide<true, false>(h, raw);
}

// vcompress.vm: the elements of vs2 selected by vs1, packed at the start of vd.
Result compress(Hart& h, uint32_t raw) {
  if (!vector_usable(h) || !vm_of(raw) || h.vec.vstart != 0) return Result::kIllegal;
  VectorState& v = h.vec;
  const unsigned vd = vd_of(raw), vs2 = vs2_of(raw), vs1 = rs1_of(raw), bytes = v.sew() / 8;
  const int lm = lmul(h);
  if (!aligned(vd, lm) || !aligned(vs2, lm) || overlapped(vd, group_regs(lm), vs2, group_regs(lm)) ||
      overlapped(vd, group_regs(lm), vs1, 1))
    return Result::kIllegal;
  u64 out = 0;
  for (u64 i = 0; i < v.vl; ++i) {
    if (mask_bit(v, vs1, i)) put(v, vd, out++, bytes, get(v, vs2, i, bytes));
  }
  return done(h);
}

// vmv<nr>r.v: whole registers, whatever vtype and vl are.
Result move_whole(Hart& h, uint32_t raw) {
  if (vs_off(h) || !vm_of(raw)) return Result::kIllegal;
  const unsigned nregs = rs1_of(raw) + 1, vd = vd_of(raw), vs2 = vs2_of(raw);
  if ((nregs != 1 && nregs != 2 && nregs != 4 && nregs != 8) || vd % nregs || vs2 % nregs)
    return Result::kIllegal;
  VectorState& v = h.vec;
  const u64 element = v.vill() ? 1 : v.sew() / 8, total = u64{nregs} * v.vlenb;
  const u64 start = v.vstart * element;
  if (start < total) std::memmove(v.at(vd) + start, v.at(vs2) + start, total - start);
  return done(h);
}

// funct6 0x10 of OPM: VWXUNARY0 in the .vv form, vmv.s.x in the .vx form.
Result unary0(Hart& h, uint32_t raw) { return funct3_of(raw) == kOpmvv ? wxunary(h, raw) : rxunary(h, raw); }

constexpr Entry custom(Op op, uint8_t forms) { return Entry{op, nullptr, forms, Shape::kSame, false, false}; }

struct Tables {
  Entry opi[64];
  Entry opm[64];
};

constexpr Tables make_tables() {
  Tables t{};
  t.opi[0x0c] = custom(gather<false>, kV | kX | kI);
  t.opi[0x0e] = custom(gather_or_slideup, kV | kX | kI);
  t.opi[0x0f] = custom(slide<false, false>, kX | kI);
  t.opi[0x27] = custom(move_whole, kI);
  t.opm[0x0e] = custom(slide<true, true>, kX);
  t.opm[0x0f] = custom(slide<false, true>, kX);
  t.opm[0x10] = custom(unary0, kV | kX);
  t.opm[0x14] = custom(munary, kV);
  t.opm[0x17] = custom(compress, kV);
  t.opm[0x18] = custom(mask_logical<andn>, kV);
  t.opm[0x19] = custom(mask_logical<and_>, kV);
  t.opm[0x1a] = custom(mask_logical<or_>, kV);
  t.opm[0x1b] = custom(mask_logical<xor_>, kV);
  t.opm[0x1c] = custom(mask_logical<orn>, kV);
  t.opm[0x1d] = custom(mask_logical<nand>, kV);
  t.opm[0x1e] = custom(mask_logical<nor>, kV);
  t.opm[0x1f] = custom(mask_logical<xnor>, kV);
  return t;
}
constexpr Tables kTables = make_tables();

}  // namespace

const Entry* mask_permute_entry(bool opm, unsigned funct6) {
  const Entry& e = (opm ? kTables.opm : kTables.opi)[funct6];
  return e.forms ? &e : nullptr;
}

}  // namespace microvm::riscv::vec
