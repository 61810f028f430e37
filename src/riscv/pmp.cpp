#include "riscv/pmp.h"

namespace microvm::riscv {
namespace {
constexpr uint64_t kAddrMask = (1ull << 54) - 1;  // pmpaddr holds physical address bits 55:2
}

uint64_t Pmp::read_cfg(unsigned n) const {
  uint64_t value = 0;
  for (unsigned b = 0; b < 8; ++b) {
    const unsigned i = n * 4 + b;
    if (i < kEntries) value |= uint64_t{cfg_[i]} << (8 * b);
  }
  return value;
}

void Pmp::write_cfg(unsigned n, uint64_t value) {
  for (unsigned b = 0; b < 8; ++b) {
    const unsigned i = n * 4 + b;
    if (i >= kEntries || locked(i)) continue;
    uint8_t cfg = static_cast<uint8_t>(value >> (8 * b)) & 0x9F;  // bits 6:5 are reserved, read as 0
    if ((cfg & (kRead | kWrite)) == kWrite) cfg &= ~kWrite;       // R=0,W=1 is reserved: drop W
    cfg_[i] = cfg;
  }
  rebuild();
}

void Pmp::write_addr(unsigned i, uint64_t value) {
  if (i >= kEntries || locked(i)) return;
  // A locked TOR entry also locks the address below it, which is its bottom.
  if (i + 1 < kEntries && locked(i + 1) && mode(i + 1) == kTor) return;
  addr_[i] = value & kAddrMask;
  rebuild();
}

void Pmp::rebuild() {
  regions_on_ = 0;
  for (unsigned i = 0; i < kEntries; ++i) {
    Region& r = regions_[regions_on_];
    if (range(i, r.lo, r.hi)) {
      r.entry = i;
      ++regions_on_;
    }
  }
}

bool Pmp::range(unsigned i, unsigned __int128& lo, unsigned __int128& hi) const {
  switch (mode(i)) {
    case kOff: return false;
    case kTor:
      lo = i == 0 ? 0 : static_cast<unsigned __int128>(addr_[i - 1]) << 2;
      hi = static_cast<unsigned __int128>(addr_[i]) << 2;
      return lo < hi;
    case kNa4:
      lo = static_cast<unsigned __int128>(addr_[i]) << 2;
      hi = lo + 4;
      return true;
    case kNapot: {
      const uint64_t a = addr_[i];
      const unsigned ones = static_cast<unsigned>(__builtin_ctzll(~a | (1ull << 63)));  // trailing ones
      const unsigned __int128 size = static_cast<unsigned __int128>(1) << (ones + 3);
      lo = (static_cast<unsigned __int128>(a) << 2) & ~(size - 1);
      hi = lo + size;
      return true;
    }
  }
  return false;
}

uint8_t Pmp::effective_perms(unsigned i, Priv priv) const {
  // M-mode ignores unlocked entries.
  if (priv == Priv::M && !locked(i)) return kRead | kWrite | kExec;
  return cfg_[i] & (kRead | kWrite | kExec);
}

bool Pmp::allows(uint64_t pa, uint64_t len, Access access, Priv priv) const {
  const unsigned __int128 first = pa, last = static_cast<unsigned __int128>(pa) + len;  // [first, last)
  for (unsigned n = 0; n < regions_on_; ++n) {
    const Region& r = regions_[n];
    const bool overlaps = first < r.hi && r.lo < last;
    if (!overlaps) continue;
    if (first < r.lo || last > r.hi) return false;  // matches some bytes but not all
    return effective_perms(r.entry, priv) & access;
  }
  return priv == Priv::M;  // no match: M succeeds, S and U fail since entries are implemented
}

bool Pmp::page_permissions(uint64_t page, Priv priv, uint8_t& perms) const {
  const unsigned __int128 first = page, last = static_cast<unsigned __int128>(page) + 4096;
  for (unsigned n = 0; n < regions_on_; ++n) {
    const Region& r = regions_[n];
    if (!(first < r.hi && r.lo < last)) continue;
    if (first < r.lo || last > r.hi) return false;
    perms = effective_perms(r.entry, priv);
    return true;
  }
  perms = priv == Priv::M ? (kRead | kWrite | kExec) : 0;
  return true;
}

}  // namespace microvm::riscv
