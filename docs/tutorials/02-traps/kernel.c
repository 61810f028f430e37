#include <stdint.h>

#define UART0 0x10000000UL
#define SYSCON 0x100000UL
#define CLINT_MTIMECMP 0x2004000UL  // hart 0's compare register
#define CLINT_MTIME 0x200BFF8UL     // the time, counting at 10 MHz
#define TICK_INTERVAL 100000        // 10 ms
#define MCAUSE_INTERRUPT (1UL << 63)
#define IRQ_M_TIMER 7
#define EXC_ECALL_M 11
#define MIE_MTIE (1UL << 7)
#define MSTATUS_MIE (1UL << 3)

#define csr_read(name) ({ uint64_t v_; asm volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define csr_write(name, v) asm volatile("csrw " #name ", %0" ::"r"((uint64_t)(v)))
#define csr_set(name, bits) asm volatile("csrs " #name ", %0" ::"r"((uint64_t)(bits)))
#define csr_clear(name, bits) asm volatile("csrc " #name ", %0" ::"r"((uint64_t)(bits)))

static void uart_putc(char c) {
  volatile uint8_t* uart = (volatile uint8_t*)UART0;
  while (!(uart[5] & 0x20)) {
  }
  uart[0] = (uint8_t)c;
}

static void uart_puts(const char* s) {
  while (*s) uart_putc(*s++);
}

static void uart_putdec(uint64_t v) {
  char digits[20];
  int n = 0;
  do digits[n++] = '0' + v % 10; while (v /= 10);
  while (n) uart_putc(digits[--n]);
}

static void power_off(int failed) {
  *(volatile uint32_t*)SYSCON = failed ? 0x13333 : 0x5555;
  for (;;) asm volatile("wfi");
}

static volatile int ticks;

static void set_timer(void) {
  volatile uint64_t* mtime = (volatile uint64_t*)CLINT_MTIME;
  volatile uint64_t* mtimecmp = (volatile uint64_t*)CLINT_MTIMECMP;
  *mtimecmp = *mtime + TICK_INTERVAL;  // the interrupt is pending while mtime >= mtimecmp
}

void trap(void) {
  uint64_t cause = csr_read(mcause);
  if (cause == (MCAUSE_INTERRUPT | IRQ_M_TIMER)) {
    ticks++;
    uart_puts("[timer] tick ");
    uart_putdec(ticks);
    uart_puts("\n");
    if (ticks < 5) {
      set_timer();
    } else {
      csr_clear(mie, MIE_MTIE);  // enough: no more timer interrupts
    }
  } else if (cause == EXC_ECALL_M) {
    uart_puts("[trap] ecall from M-mode, mcause = 11\n");
    csr_write(mepc, csr_read(mepc) + 4);  // mepc points at the ecall: return past it
  } else {
    uart_puts("[trap] unexpected trap, mcause = ");
    uart_putdec(cause);
    uart_puts("\n");
    power_off(1);
  }
}

void kmain(void) {
  uart_puts("Step 2: traps and the timer\n");
  asm volatile("ecall");  // an exception on purpose
  uart_puts("back from the trap\n");

  set_timer();
  csr_set(mie, MIE_MTIE);         // this interrupt may be taken...
  csr_set(mstatus, MSTATUS_MIE);  // ...and M-mode takes interrupts at all
  while (ticks < 5) asm volatile("wfi");  // sleep until the next interrupt
  uart_puts("5 ticks: done\n");
  power_off(0);
}
