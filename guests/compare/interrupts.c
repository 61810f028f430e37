// Interrupts with a deterministic story: timer ticks from the CLINT's mtimecmp (each re-armed
// by the handler), wfi with interrupts disabled, a self-IPI through msip, supervisor software
// and timer interrupts delegated to S, and the UART's THR-empty interrupt through the PLIC.
// One interrupt is pending at a time, since QEMU 7.2 does not order simultaneous ones as the
// spec does.
#include "lib.h"

#define MIE_MSIE (1ul << 3)
#define MIE_MTIE (1ul << 7)
#define MIE_MEIE (1ul << 11)
#define MIE_SSIE (1ul << 1)
#define MIE_STIE (1ul << 5)
#define MSTATUS_MIE 0x8ul
#define UART_IRQ 10
#define TICK 20000  // 2 ms at 10 MHz

static volatile unsigned ticks, ipis, externals, s_interrupts;
static volatile uint64_t s_last_cause;

static uint64_t mtime(void) { return *mmio64(CLINT_MTIME); }

void trap(struct frame* f) {
  const uint64_t cause = csr_read(mcause);
  if (cause == ((1ul << 63) | 7)) {
    ++ticks;
    if (ticks < 5) {
      *mmio64(CLINT_MTIMECMP) = mtime() + TICK;
    } else {
      *mmio64(CLINT_MTIMECMP) = ~0ull;
    }
  } else if (cause == ((1ul << 63) | 3)) {
    ++ipis;
    *mmio32(CLINT_MSIP) = 0;
  } else if (cause == ((1ul << 63) | 11)) {
    // Quiet the UART before printing (which writes THR): QEMU's PLIC would otherwise latch the
    // new THR-empty request while this one is in service.
    const uint32_t source = *mmio32(PLIC_BASE + 0x200004);
    const uint8_t iir = *mmio8(UART_BASE + 2);
    *mmio8(UART_BASE + 1) = 0;  // IER: no more THR-empty interrupts
    *mmio32(PLIC_BASE + 0x200004) = source;
    printf("  external interrupt: claim %u, UART IIR id %x\n", (uint64_t)source, (uint64_t)(iir & 0xf));
    ++externals;
  } else if (cause == 9) {  // ecall from S: back to M-mode at the instruction after it
    f->epc += 4;
    csr_set(mstatus, 0x1800);
  } else {
    printf("unexpected trap: mcause %x mtval %x mepc %x\n", cause, csr_read(mtval), f->epc);
    power_off();
  }
}

// S-mode: count delegated interrupts, clearing their source.
void s_handler_c(void) {
  s_last_cause = csr_read(scause);
  ++s_interrupts;
  csr_clear(sip, 1ul << 1);
}
extern char s_vector[];
__asm__(
    ".text\n .balign 4\n"
    "s_vector:\n"
    "  addi sp, sp, -128\n"
    "  .irp r, ra, t0, t1, t2, a0, a1, a2, a3, a4, a5, a6, a7, t3, t4, t5, t6\n"
    "  sd \\r, 0(sp)\n addi sp, sp, 8\n"
    "  .endr\n"
    "  call s_handler_c\n"
    "  .irp r, t6, t5, t4, t3, a7, a6, a5, a4, a3, a2, a1, a0, t2, t1, t0, ra\n"
    "  addi sp, sp, -8\n ld \\r, 0(sp)\n"
    "  .endr\n"
    "  addi sp, sp, 128\n"
    "  sret\n");

int main(void) {
  puts("interrupts\n");
  *mmio64(CLINT_MTIMECMP) = ~0ull;
  csr_write(pmpaddr0, -1);
  csr_write(pmpcfg0, 0x1f);

  puts("timer ticks through wfi\n");
  csr_write(mie, MIE_MTIE);
  *mmio64(CLINT_MTIMECMP) = mtime() + TICK;
  // MIE is set only in a window after each wfi: set across the check and the wfi, the fifth tick
  // (whose handler disarms the timer) could come between them and leave the wfi waiting forever.
  // The wfi wakes for the pending timer with MIE clear (privileged spec 3.3.3).
  while (ticks < 5) {
    __asm__ volatile("wfi");
    csr_set(mstatus, MSTATUS_MIE);
    csr_clear(mstatus, MSTATUS_MIE);
  }
  printf("  %u ticks\n", (uint64_t)ticks);

  puts("wfi with MIE clear returns without a trap\n");
  const uint64_t target = mtime() + TICK;
  *mmio64(CLINT_MTIMECMP) = target;
  // Wait on MTIP itself, not on mtime: QEMU raises MTIP from a host timer that fires a little
  // after mtime passes mtimecmp, so a read of mip right after mtime passes may still see 0 there.
  while (!((csr_read(mip) >> 7) & 1)) __asm__ volatile("wfi");
  printf("  MTIP 1 with mtime past mtimecmp: %u, ticks still %u\n", (uint64_t)(mtime() >= target),
         (uint64_t)ticks);
  *mmio64(CLINT_MTIMECMP) = ~0ull;
  printf("  MTIP after moving mtimecmp away: %u\n", (csr_read(mip) >> 7) & 1);

  // A deadline that passes while the hart is on its way to sleep must still wake it (microvm once
  // slept an hour through one that passed between its last look at the timers and its sleep).
  puts("wfi on deadlines a few ticks ahead\n");
  uint64_t woke = 0;
  for (int i = 0; i < 3000; ++i) {
    *mmio64(CLINT_MTIMECMP) = mtime() + 1 + (i % 8);
    while (!((csr_read(mip) >> 7) & 1)) __asm__ volatile("wfi");  // a wfi may also end early
    ++woke;
  }
  *mmio64(CLINT_MTIMECMP) = ~0ull;
  printf("  woke %u times\n", woke);

  puts("self-IPI through msip\n");
  csr_write(mie, MIE_MSIE);
  *mmio32(CLINT_MSIP) = 1;
  printf("  MSIP pending: %u\n", (csr_read(mip) >> 3) & 1);
  csr_set(mstatus, MSTATUS_MIE);
  __asm__ volatile("nop");
  csr_clear(mstatus, MSTATUS_MIE);
  printf("  taken %u, msip now %u\n", (uint64_t)ipis, (uint64_t)*mmio32(CLINT_MSIP));

  puts("supervisor software interrupt, delegated\n");
  csr_write(mideleg, MIE_SSIE | MIE_STIE);
  csr_write(mie, MIE_SSIE);
  csr_write(stvec, s_vector);
  csr_set(mip, MIE_SSIE);
  // Into S with SIE = 1: the interrupt is taken there; then back to M by ecall.
  csr_set(mstatus, 0x20);                     // SPIE (unused), SIE below
  csr_set(mstatus, 0x2);
  csr_clear(mstatus, 0x1800);
  csr_set(mstatus, 0x0800);
  __asm__ volatile("la t0, 1f\n csrw mepc, t0\n mret\n 1: nop\n nop\n ecall" ::: "t0", "memory");
  printf("  S took %u, scause %x\n", (uint64_t)s_interrupts, s_last_cause);
  csr_write(mideleg, 0);
  csr_write(mie, 0);

  puts("UART THR-empty interrupt through the PLIC\n");
  *mmio32(PLIC_BASE + 4 * UART_IRQ) = 1;      // priority
  *mmio32(PLIC_BASE + 0x2000) = 1u << UART_IRQ;  // enable for context 0 (hart 0, M)
  *mmio32(PLIC_BASE + 0x200000) = 0;          // threshold
  csr_write(mie, MIE_MEIE);
  *mmio8(UART_BASE + 1) = 0x02;               // IER: THR empty
  csr_set(mstatus, MSTATUS_MIE);
  for (int i = 0; i < 1000 && !externals; ++i) __asm__ volatile("nop");
  csr_clear(mstatus, MSTATUS_MIE);
  printf("  taken %u, MEIP now %u\n", (uint64_t)externals, (csr_read(mip) >> 11) & 1);
  csr_write(mie, 0);
  puts("done\n");
  // Power off with a 16-bit store, which QEMU's sifive,test device takes as well as a 32-bit one.
  *(volatile uint16_t*)TEST_DEVICE = 0x5555;
  return 0;
}
