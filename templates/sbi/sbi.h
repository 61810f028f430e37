// The SBI calls this kernel makes (RISC-V SBI specification v2.0). An SBI call is an ecall from
// S-mode: a7 = extension ID, a6 = function ID, a0..a5 = arguments; a0 = error, a1 = value.
#pragma once
#include <stdint.h>

#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45  // "TIME"
#define SBI_EXT_IPI 0x735049     // "sPI"
#define SBI_EXT_HSM 0x48534D     // "HSM"
#define SBI_EXT_SRST 0x53525354  // "SRST"
#define SBI_EXT_DBCN 0x4442434E  // "DBCN": the debug console
#define SBI_LEGACY_PUTCHAR 0x01
#define SBI_LEGACY_SHUTDOWN 0x08

struct sbiret {
  long error;  // 0: success; negative: SBI_ERR_*
  long value;
};

static inline struct sbiret sbi_call(long eid, long fid, long a0, long a1, long a2) {
  register long r0 asm("a0") = a0, r1 asm("a1") = a1, r2 asm("a2") = a2;
  register long r6 asm("a6") = fid, r7 asm("a7") = eid;
  asm volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
  return (struct sbiret){r0, r1};
}

// Base extension: which SBI is this, and does it have an extension?
static inline long sbi_spec_version(void) { return sbi_call(SBI_EXT_BASE, 0, 0, 0, 0).value; }
static inline long sbi_impl_id(void) { return sbi_call(SBI_EXT_BASE, 1, 0, 0, 0).value; }
static inline int sbi_probe(long eid) { return sbi_call(SBI_EXT_BASE, 3, eid, 0, 0).value != 0; }

// Timer: one supervisor timer interrupt when the time CSR reaches `when`.
static inline void sbi_set_timer(uint64_t when) { sbi_call(SBI_EXT_TIME, 0, (long)when, 0, 0); }

// IPI: a supervisor software interrupt to each hart in the mask (hart IDs base, base+1, ...).
static inline long sbi_send_ipi(unsigned long mask, unsigned long base) {
  return sbi_call(SBI_EXT_IPI, 0, (long)mask, (long)base, 0).error;
}

// Hart state management: start a stopped hart at `addr` in S-mode with a0 = hartid, a1 = opaque.
static inline long sbi_hart_start(unsigned long hartid, uintptr_t addr, long opaque) {
  return sbi_call(SBI_EXT_HSM, 0, (long)hartid, (long)addr, opaque).error;
}
// The hart's state (0 started, 1 stopped, ...), or an error (< 0) when there is no such hart.
static inline struct sbiret sbi_hart_status(unsigned long hartid) {
  return sbi_call(SBI_EXT_HSM, 2, (long)hartid, 0, 0);
}

// System reset: type 0 = shut down; reason 0 = none, 1 = system failure.
static inline void sbi_shutdown(int failure) { sbi_call(SBI_EXT_SRST, 0, 0, failure, 0); }
