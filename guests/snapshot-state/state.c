// State a snapshot must carry across (tests/e2e/test_snapshot_state.py): the guest reads half of
// its UART input, takes an LR reservation, arms a timer, then computes for a while; the snapshot
// is taken during that computation. Afterwards the SC must succeed, the rest of the input must
// still be there, and the timer must fire; a store trigger (Sdtrig) armed before it must still
// fire on its store. M-mode on hart 0, polled UART, one interrupt, one breakpoint exception.
#include <stdint.h>

#include "../common/uart.h"

#define MTIMECMP0 0x2004000UL
#define MTIME 0x200BFF8UL
#define SYSCON 0x100000UL

static volatile uint64_t word __attribute__((aligned(64))) = 41;
static volatile int fired;
static volatile uint64_t watched;
static volatile uint64_t trigger_tval = 1;  // the trigger's mtval when it fired

static char getc(void) {
  volatile uint8_t* uart = (volatile uint8_t*)UART0;
  while (!(uart[5] & 1)) {
  }
  return (char)uart[0];
}

__attribute__((interrupt("machine"), aligned(4))) static void on_trap(void) {
  uint64_t cause, tval;
  asm volatile("csrr %0, mcause; csrr %1, mtval" : "=r"(cause), "=r"(tval));
  if (cause == 3) {  // the store trigger: disarm it, and the store runs when mret returns to it
    trigger_tval = tval;
    asm volatile("csrw tdata1, zero");
    return;
  }
  *(volatile uint64_t*)MTIMECMP0 = ~0ull;
  fired = 1;
}

int main(void) {
  asm volatile("csrw mtvec, %0" ::"r"(on_trap));
  puts("state: start\n");
  char first[4] = {getc(), getc(), getc(), 0};
  puts("state: read ");
  puts(first);
  putc('\n');

  uint64_t loaded;
  asm volatile("lr.d %0, (%1)" : "=r"(loaded) : "r"(&word) : "memory");
  const uint64_t deadline = *(volatile uint64_t*)MTIME + 400000;  // 40 ms of guest time
  *(volatile uint64_t*)MTIMECMP0 = deadline;
  asm volatile("csrs mie, %0" ::"r"(1 << 7));  // MTIE; MIE stays off until the SC is done
  // Trigger 0: an mcontrol (type 2) matching stores (bit 1) in M-mode (bit 6) to `watched`.
  asm volatile("csrw tselect, zero; csrw tdata2, %0; csrw tdata1, %1" ::"r"(&watched),
               "r"((2ull << 60) | (1 << 6) | (1 << 1)));

  // The snapshot is taken in here: registers only, nothing that touches the reservation.
  uint64_t x = 1;
  for (uint64_t i = 0; i < 6000000; i++) x = x * 6364136223846793005ull + i;

  uint64_t failed;
  asm volatile("sc.d %0, %2, (%1)" : "=r"(failed) : "r"(&word), "r"(loaded + 1) : "memory");
  puts("state: sc=");
  put_dec(failed);
  puts(" word=");
  put_dec(word);
  puts(" mix=");
  put_dec(x % 1000000);
  putc('\n');

  watched = 7;
  puts(trigger_tval == (uint64_t)&watched && watched == 7 ? "state: trigger fired on the store\n"
                                                          : "state: trigger missed\n");

  char rest[6] = {getc(), getc(), getc(), getc(), getc(), 0};
  puts("state: read ");
  puts(rest);
  putc('\n');

  puts(*(volatile uint64_t*)MTIME < deadline ? "state: timer still ahead\n" : "state: timer already due\n");
  // MIE stays clear across the check and the wfi, which still wakes for the pending timer
  // (privileged spec 3.3.3); the handler runs in the window after it. With MIE set, a timer firing
  // between the check and the wfi (its handler disarms it) would leave the wfi waiting forever.
  while (!fired) {
    asm volatile("wfi");
    asm volatile("csrs mstatus, %0; csrc mstatus, %0" ::"r"(1 << 3));
  }
  puts("state: timer fired\n");
  *(volatile uint32_t*)SYSCON = 0x5555;
  for (;;) {
  }
}
