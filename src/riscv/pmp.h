// Physical memory protection (privileged spec 3.7): 16 entries, OFF/TOR/NA4/NAPOT, the lock bit,
// 4-byte granularity. Checks are on the slow path only: a TLB caches a page only when one PMP
// decision holds for all of it.
#pragma once

#include <array>
#include <cstdint>

#include "riscv/isa.h"

namespace microvm::riscv {

class Pmp {
 public:
  static constexpr unsigned kEntries = 16;
  enum Access : uint8_t { kRead = 1, kWrite = 2, kExec = 4 };

  // pmpcfgN for even N (RV64); entries past kEntries read as zero.
  uint64_t read_cfg(unsigned n) const;
  void write_cfg(unsigned n, uint64_t value);
  uint64_t read_addr(unsigned i) const { return i < kEntries ? addr_[i] : 0; }
  void write_addr(unsigned i, uint64_t value);

  // Whether every byte of [pa, pa+len) may be accessed with `access` at `priv`.
  bool allows(uint64_t pa, uint64_t len, Access access, Priv priv) const;

  // The permissions (Access bits) that hold for the whole 4 KiB page at `page` for `priv`;
  // false when entries split the page, so each access must be checked on its own.
  bool page_permissions(uint64_t page, Priv priv, uint8_t& perms) const;

 private:
  enum Mode : uint8_t { kOff = 0, kTor = 1, kNa4 = 2, kNapot = 3 };
  static constexpr uint8_t kLock = 0x80;

  Mode mode(unsigned i) const { return static_cast<Mode>((cfg_[i] >> 3) & 3); }
  bool locked(unsigned i) const { return cfg_[i] & kLock; }
  // [lo, hi) of entry i; false when the entry is off or empty. hi may be 2^64 (as 0 with full).
  bool range(unsigned i, unsigned __int128& lo, unsigned __int128& hi) const;
  uint8_t effective_perms(unsigned i, Priv priv) const;

  std::array<uint8_t, kEntries> cfg_{};
  std::array<uint64_t, kEntries> addr_{};
  // The entries that are on and not empty, decoded, in priority order: every TLB fill and page
  // walk asks, and the registers change rarely (rebuild() after each write).
  struct Region {
    unsigned __int128 lo, hi;
    unsigned entry;
  };
  std::array<Region, kEntries> regions_{};
  unsigned regions_on_ = 0;
  void rebuild();
};

}  // namespace microvm::riscv
