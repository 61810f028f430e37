// The vector extension's architectural state (V 1.0, unprivileged spec chapter 31 / the RVV 1.0
// specification): the 32 vector registers, vtype, vl, vstart, vxrm and vxsat.
//
// The registers are one array with a stride of VLENB bytes, so a register group vN..vN+EMUL-1 is
// contiguous and element i of a group starting at vN sits at byte N*VLENB + i*EEW/8 (elements are
// little-endian, as on the host).
#pragma once

#include <cstdint>
#include <cstring>

namespace microvm::riscv {

struct VectorState {
  static constexpr unsigned kMaxVlenb = 128;  // VLEN 1024
  static constexpr unsigned kElen = 64;
  static constexpr uint64_t kVill = 1ull << 63;

  alignas(16) uint8_t reg[32 * kMaxVlenb] = {};
  unsigned vlenb = 16;  // VLEN / 8 (--vlen)
  uint64_t vtype = kVill;
  uint64_t vl = 0;
  uint64_t vstart = 0;
  uint32_t vxrm = 0;
  uint32_t vxsat = 0;

  uint8_t* at(unsigned r) { return reg + r * vlenb; }
  const uint8_t* at(unsigned r) const { return reg + r * vlenb; }

  bool vill() const { return vtype & kVill; }
  unsigned sew() const { return 8u << ((vtype >> 3) & 7); }  // bits
  unsigned vlmul() const { return vtype & 7; }
  bool vta() const { return (vtype >> 6) & 1; }
  bool vma() const { return (vtype >> 7) & 1; }

  void reset() {
    std::memset(reg, 0, sizeof reg);
    vtype = kVill;
    vl = vstart = 0;
    vxrm = vxsat = 0;
  }
};

// LMUL as a power of two (-3..3) from vtype.vlmul; 4 (reserved) gives 0x7f.
inline int lmul_log2(unsigned vlmul) { return vlmul == 4 ? 0x7f : vlmul < 4 ? int(vlmul) : int(vlmul) - 8; }

// VLMAX = LMUL * VLEN / SEW for an element width `sew_bits` and LMUL 2^lmul_log2.
inline uint64_t vlmax(unsigned vlenb, unsigned sew_bits, int lmul_log2) {
  const uint64_t per_reg = uint64_t{vlenb} * 8 / sew_bits;
  return lmul_log2 >= 0 ? per_reg << lmul_log2 : per_reg >> -lmul_log2;
}

}  // namespace microvm::riscv
