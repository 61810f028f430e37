// vsetvli, vsetivli, vsetvl (RVV 1.0 section 6): set vtype and vl from an application vector
// length. An unsupported vtype sets vill and vl = 0. With AVL > VLMAX, vl = VLMAX (the
// specification also allows ceil(AVL / 2) for AVL < 2 * VLMAX; QEMU and microvm take VLMAX).
#include "riscv/vector/vector.h"

namespace microvm::riscv::vec {
namespace {

// Whether vtype is one microvm supports: SEW <= ELEN, LMUL not reserved, fractional LMUL only
// where SEW <= ELEN * LMUL, and the reserved bits zero.
bool supported(uint64_t vtype) {
  const unsigned vsew = (vtype >> 3) & 7, vlmul = vtype & 7;
  if (vtype >> 8) return false;
  if (vsew > 3 || vlmul == 4) return false;
  if (vlmul > 4 && (VectorState::kElen >> (8 - vlmul)) < (8u << vsew)) return false;
  return true;
}

}  // namespace

Result exec_vset(Hart& h, uint32_t raw) {
  if (vs_off(h)) return Result::kIllegal;
  const unsigned rd = vd_of(raw), rs1 = rs1_of(raw);
  uint64_t vtype, avl;
  const bool keep_vl = rd == 0 && rs1 == 0;
  if ((raw >> 31) == 0) {  // vsetvli
    vtype = (raw >> 20) & 0x7FF;
    avl = h.x[rs1];
  } else if ((raw >> 30) == 3) {  // vsetivli
    vtype = (raw >> 20) & 0x3FF;
    avl = rs1;
  } else {  // vsetvl
    vtype = h.x[vs2_of(raw)];
    avl = h.x[rs1];
  }
  const bool register_avl = (raw >> 30) != 3;
  if (register_avl) {
    if (keep_vl) {
      avl = h.vec.vl;  // rd = rs1 = x0: keep vl (within the new VLMAX)
    } else if (rs1 == 0) {
      avl = ~0ull;  // rs1 = x0: VLMAX
    }
  }
  VectorState& v = h.vec;
  if (!supported(vtype)) {
    v.vtype = VectorState::kVill;
    v.vl = 0;
  } else {
    v.vtype = vtype;
    const uint64_t max = vlmax(v.vlenb, v.sew(), lmul_log2(v.vlmul()));
    v.vl = avl < max ? avl : max;
  }
  v.vstart = 0;
  if (rd != 0) h.x[rd] = v.vl;
  mark_dirty(h);
  return Result::kDone;
}

bool no_overlap(unsigned dst, int dst_lmul, unsigned src, int src_lmul) {
  const unsigned dst_size = group_regs(dst_lmul), src_size = group_regs(src_lmul);
  if (dst_size > src_size && dst < src && src_lmul >= 0 && overlapped(dst, dst_size, src, src_size) &&
      !overlapped(dst, dst_size, src + src_size, src_size)) {
    return true;
  }
  return !overlapped(dst, dst_size, src, src_size);
}

}  // namespace microvm::riscv::vec
