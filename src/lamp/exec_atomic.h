// The atomics (spec §1.3, 0x3F-0x44): C++ atomics (std::atomic_ref) directly on aligned RAM words,
// so cores running on different host threads see each other's operations without any lock.
#pragma once

#include <atomic>
#include <cstdint>

#include "lamp/core.h"
#include "lamp/flags.h"
#include "lamp/isa.h"

namespace microvm::lamp::exec {

LAMP_INLINE std::atomic_ref<uint32_t> word(Core& c, Fields i, const char* op) {
  return std::atomic_ref<uint32_t>(*c.atomic_word(c.r[i.rs1()] + i.imm(), op));
}

LAMP_INLINE void cas(Core& c, Hot& h, Fields i) {
  uint32_t expected = c.r[i.rd()];
  const bool ok =
      word(c, i, "CAS").compare_exchange_strong(expected, c.r[i.rs2()], std::memory_order_seq_cst);
  c.r[i.rd()] = expected;  // the observed old value, on success equal to what was expected
  uint32_t& f = h.ready();
  f = (f & ~(kZF | kSF | kCF | kOF)) | (ok ? kZF : 0);
}
LAMP_INLINE void xadd(Core& c, Hot& h, Fields i) {
  const uint32_t add = c.r[i.rs2()];
  const uint32_t old = word(c, i, "XADD").fetch_add(add, std::memory_order_seq_cst);
  c.r[i.rd()] = old;
  h.add(old, old + add);
}
LAMP_INLINE void xchg(Core& c, Hot& h, Fields i) {
  const uint32_t old = word(c, i, "XCHG").exchange(c.r[i.rs2()], std::memory_order_seq_cst);
  c.r[i.rd()] = old;
  h.logic(old);
}
LAMP_INLINE void ldar(Core& c, Hot& h, Fields i) {
  const uint32_t v = word(c, i, "LDAR").load(std::memory_order_acquire);
  c.r[i.rd()] = v;
  h.logic(v);
}
LAMP_INLINE void stlr(Core& c, Hot&, Fields i) {
  word(c, i, "STLR").store(c.r[i.rd()], std::memory_order_release);
}
LAMP_INLINE void fence(Core&, Hot&, Fields) {
#if defined(__SANITIZE_THREAD__)
  // ThreadSanitizer does not model fences; a seq_cst read-modify-write is its closest stand-in.
  static std::atomic<uint32_t> fence_word{0};
  fence_word.fetch_add(0, std::memory_order_seq_cst);
#else
  std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
}

}  // namespace microvm::lamp::exec
