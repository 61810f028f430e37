#include <stdint.h>

#define UART0 0x10000000UL
#define SYSCON 0x100000UL
#define EXC_ILLEGAL_INSTRUCTION 2
#define EXC_ECALL_U 8
#define SYS_WRITE 64  // the numbers Linux uses on RISC-V
#define SYS_EXIT 93

#define csr_read(name) ({ uint64_t v_; asm volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define csr_write(name, v) asm volatile("csrw " #name ", %0" ::"r"((uint64_t)(v)))

struct frame {
  uint64_t x[32];  // x[0] is unused; x[10] is a0, x[17] is a7
};

// ---- The kernel's own output ----
static void uart_putc(char c) {
  volatile uint8_t* uart = (volatile uint8_t*)UART0;
  while (!(uart[5] & 0x20)) {
  }
  uart[0] = (uint8_t)c;
}

static void uart_puts(const char* s) {
  while (*s) uart_putc(*s++);
}

static void uart_putdec(int64_t v) {
  char digits[20];
  int n = 0;
  if (v < 0) uart_putc('-'), v = -v;
  do digits[n++] = '0' + v % 10; while (v /= 10);
  while (n) uart_putc(digits[--n]);
}

static void power_off(int failed) {
  *(volatile uint32_t*)SYSCON = failed ? 0x13333 : 0x5555;
  for (;;) asm volatile("wfi");
}

// ---- User space: two programs that know only the system calls ----
static long syscall(long n, long a0, long a1, long a2) {
  register long r0 asm("a0") = a0, r1 asm("a1") = a1, r2 asm("a2") = a2, r7 asm("a7") = n;
  asm volatile("ecall" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r7) : "memory");
  return r0;
}

static void user_hello(void) {
  static const char message[] = "hello from user mode, through write()\n";
  long written = syscall(SYS_WRITE, 1, (long)message, sizeof message - 1);
  syscall(SYS_EXIT, written, 0, 0);  // exit status: how many bytes write() took
}

static void user_bad(void) {
  static const char message[] = "now reading mstatus, which only M-mode may...\n";
  syscall(SYS_WRITE, 1, (long)message, sizeof message - 1);
  (void)csr_read(mstatus);
  syscall(SYS_EXIT, 0, 0, 0);  // never reached
}

// ---- The kernel: starts each program in U-mode, serves its system calls ----
static void (*const programs[])(void) = {user_hello, user_bad};
static int next_program;
static uint64_t user_stacks[2][512] __attribute__((aligned(16)));
extern char kernel_stack_top[];

// Starts the next program, or powers off after the last. Never returns: when called from a trap,
// the trap's frame on the kernel stack is simply abandoned.
static void __attribute__((noreturn)) run_next_program(void) {
  if (next_program == 2) {
    uart_puts("[kernel] no more programs: powering off\n");
    power_off(0);
  }
  int i = next_program++;
  uart_puts("[kernel] starting program ");
  uart_putdec(i + 1);
  uart_puts(" in user mode\n");
  csr_write(mscratch, kernel_stack_top);
  csr_write(mepc, programs[i]);
  csr_write(mstatus, csr_read(mstatus) & ~(3UL << 11));  // MPP = 0: mret goes to U-mode
  asm volatile("mv sp, %0\n mret" ::"r"(&user_stacks[i][512]));
  __builtin_unreachable();
}

void trap(struct frame* f) {
  uint64_t cause = csr_read(mcause);
  if (cause == EXC_ECALL_U) {
    csr_write(mepc, csr_read(mepc) + 4);  // return past the ecall
    uint64_t* a = &f->x[10];              // a0..a7
    switch (a[7]) {
      case SYS_WRITE: {
        // A real kernel checks that [buf, buf+len) is the program's memory before reading it.
        const char* buf = (const char*)a[1];
        for (uint64_t i = 0; i < a[2]; i++) uart_putc(buf[i]);
        a[0] = a[2];
        return;
      }
      case SYS_EXIT:
        uart_puts("[kernel] the program exited with status ");
        uart_putdec((int64_t)a[0]);
        uart_puts("\n");
        run_next_program();
      default: a[0] = (uint64_t)-38; return;  // -ENOSYS
    }
  }
  if (cause == EXC_ILLEGAL_INSTRUCTION) {
    uart_puts("[kernel] illegal instruction in user mode: stopping the program\n");
    run_next_program();
  }
  uart_puts("[kernel] unexpected trap, mcause = ");
  uart_putdec((int64_t)cause);
  uart_puts("\n");
  power_off(1);
}

void kmain(void) {
  uart_puts("Step 4: user mode and system calls\n");
  // Without a PMP entry that allows it, U-mode may touch no memory at all: allow everything.
  csr_write(pmpaddr0, ~0UL >> 10);
  csr_write(pmpcfg0, 0x1F);  // NAPOT, R, W, X
  run_next_program();
}
