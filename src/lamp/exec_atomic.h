// The atomics (spec §1.3, 0x3F-0x44): C++ atomics (std::atomic_ref) directly on aligned RAM words,
// so cores running on different host threads see each other's operations without any lock.
#pragma once

#include <atomic>
#include <cstdint>

#include "lamp/core.h"
#include "lamp/flags.h"
#include "lamp/isa.h"

namespace microvm::lamp::exec {

// The RAM word at rs1 + imm; nullptr after a fault, and the instruction returns at once.
LAMP_INLINE uint32_t* word(Core& c, Fields i, const char* op) {
  return c.atomic_word(c.r[i.rs1()] + i.imm(), op);
}

LAMP_INLINE void cas(Core& c, IpAndFlags& live, Fields i) {
  uint32_t* const w = word(c, i, "CAS");
  if (!w) return;
  uint32_t expected = c.r[i.rd()];
  const bool ok =
      std::atomic_ref(*w).compare_exchange_strong(expected, c.r[i.rs2()], std::memory_order_seq_cst);
  c.r[i.rd()] = expected;  // the observed old value, on success equal to what was expected
  live.set_computed((live.computed() & ~(kZF | kSF | kCF | kOF)) | (ok ? kZF : 0));
}
LAMP_INLINE void xadd(Core& c, IpAndFlags& live, Fields i) {
  uint32_t* const w = word(c, i, "XADD");
  if (!w) return;
  const uint32_t add = c.r[i.rs2()];
  const uint32_t old = std::atomic_ref(*w).fetch_add(add, std::memory_order_seq_cst);
  c.r[i.rd()] = old;
  live.set_add(old, old + add);
}
LAMP_INLINE void xchg(Core& c, IpAndFlags& live, Fields i) {
  uint32_t* const w = word(c, i, "XCHG");
  if (!w) return;
  const uint32_t old = std::atomic_ref(*w).exchange(c.r[i.rs2()], std::memory_order_seq_cst);
  c.r[i.rd()] = old;
  live.set_logic(old);
}
LAMP_INLINE void ldar(Core& c, IpAndFlags& live, Fields i) {
  uint32_t* const w = word(c, i, "LDAR");
  if (!w) return;
  const uint32_t v = std::atomic_ref(*w).load(std::memory_order_acquire);
  c.r[i.rd()] = v;
  live.set_logic(v);
}
LAMP_INLINE void stlr(Core& c, IpAndFlags&, Fields i) {
  if (uint32_t* const w = word(c, i, "STLR"))
    std::atomic_ref(*w).store(c.r[i.rd()], std::memory_order_release);
}
LAMP_INLINE void fence(Core&, IpAndFlags&, Fields) {
#if defined(__SANITIZE_THREAD__)
  // ThreadSanitizer does not model fences; a seq_cst read-modify-write is its closest stand-in.
  static std::atomic<uint32_t> fence_word{0};
  fence_word.fetch_add(0, std::memory_order_seq_cst);
#else
  std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
}

}  // namespace microvm::lamp::exec
