// minimal-kernel: the smallest kernel that does what every OS does. It runs in M-mode on the
// virt machine (as `qemu-system-riscv64 -M virt -bios none` starts it) and shows:
//   - a 16550 UART driver and printf
//   - machine timer interrupts from the CLINT
//   - Sv39 paging for user mode
//   - three tasks in U-mode under a timer-driven round-robin scheduler
//   - the system calls write, exit, yield and getpid
// then powers the machine off. Read it top to bottom; start.S has the trap entry.
#include <stdarg.h>
#include <stdint.h>

// ---- The machine (QEMU virt's memory map) ----
#define UART0 0x10000000UL
#define CLINT_MTIMECMP 0x02004000UL
#define CLINT_MTIME 0x0200BFF8UL
#define SYSCON 0x00100000UL
#define RAM_END 0x80800000UL   // this kernel manages the first 8 MiB of RAM
#define TICK_INTERVAL 100000   // 10 ms at the 10 MHz timebase

#define csr_read(name) ({ uint64_t v_; asm volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define csr_write(name, v) asm volatile("csrw " #name ", %0" ::"r"((uint64_t)(v)))

static inline uint64_t mmio_read64(uintptr_t a) { return *(volatile uint64_t*)a; }
static inline void mmio_write64(uintptr_t a, uint64_t v) { *(volatile uint64_t*)a = v; }

// ---- UART and printf ----
static void uart_putc(char c) {
  volatile uint8_t* uart = (volatile uint8_t*)UART0;
  while (!(uart[5] & 0x20)) {  // LSR: transmit holding register empty
  }
  uart[0] = (uint8_t)c;
}

struct sink {
  char* buf;  // NULL: straight to the UART
  int len, cap;
};

static void emit(struct sink* s, char c) {
  if (!s->buf) {
    uart_putc(c);
  } else if (s->len < s->cap) {
    s->buf[s->len] = c;
  }
  s->len++;
}

static void emit_number(struct sink* s, uint64_t v, int base, int negative) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  if (negative) emit(s, '-');
  while (n) emit(s, digits[--n]);
}

// Supports %d %u %x %lx %ld %lu %s %c %p %%: enough for a kernel.
static void format(struct sink* s, const char* fmt, va_list ap) {
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      emit(s, *fmt);
      continue;
    }
    int is_long = 0;
    if (*++fmt == 'l') is_long = 1, fmt++;
    switch (*fmt) {
      case 'd': {
        int64_t v = is_long ? va_arg(ap, int64_t) : va_arg(ap, int);
        emit_number(s, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0);
        break;
      }
      case 'u': emit_number(s, is_long ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, 0); break;
      case 'x': emit_number(s, is_long ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, 0); break;
      case 'p': emit(s, '0'), emit(s, 'x'), emit_number(s, (uintptr_t)va_arg(ap, void*), 16, 0); break;
      case 's':
        for (const char* str = va_arg(ap, const char*); *str; str++) emit(s, *str);
        break;
      case 'c': emit(s, (char)va_arg(ap, int)); break;
      default: emit(s, *fmt); break;
    }
  }
}

static void kprintf(const char* fmt, ...) {
  struct sink s = {0, 0, 0};
  va_list ap;
  va_start(ap, fmt);
  format(&s, fmt, ap);
  va_end(ap);
}

static void poweroff(int failed) {
  *(volatile uint32_t*)SYSCON = failed ? 0x13333 : 0x5555;  // sifive,test: fail with code 1, or pass
  for (;;) asm volatile("wfi");
}

// ---- Physical pages ----
extern char __kernel_end[];
static uintptr_t next_page;

static void* alloc_page(void) {
  if (next_page >= RAM_END) {
    kprintf("[mm] out of memory\n");
    poweroff(1);
  }
  uint64_t* page = (uint64_t*)next_page;
  next_page += 4096;
  for (int i = 0; i < 512; i++) page[i] = 0;
  return page;
}

// ---- Sv39 paging ----
// Tasks run in U-mode with translation on. The kernel runs in M-mode, where addresses are
// physical, so it only needs the tables to exist. One identity map with 2 MiB megapages covers
// the kernel's 8 MiB; the U bit lets tasks run the (shared) code in it.
#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_A 0x40
#define PTE_D 0x80

static uint64_t setup_paging(void) {
  uint64_t* root = alloc_page();
  uint64_t* level1 = alloc_page();
  root[(0x80000000UL >> 30) & 0x1FF] = ((uintptr_t)level1 >> 12) << 10 | PTE_V;
  for (uintptr_t pa = 0x80000000UL; pa < RAM_END; pa += 0x200000) {
    level1[(pa >> 21) & 0x1FF] = (pa >> 12) << 10 | PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D;
  }
  return (8UL << 60) | ((uintptr_t)root >> 12);  // MODE = Sv39
}

// ---- Tasks and the scheduler ----
struct frame {
  uint64_t x[31];  // x1..x31
  uint64_t mepc;
};

enum { UNUSED, RUNNABLE, EXITED };

struct task {
  struct frame frame;
  int pid;
  int state;
  const char* name;
};

#define NTASKS 3
static struct task tasks[NTASKS];
static int current;
volatile int ticks;  // context switches so far; tasks read it to show the scheduler at work
static int timer_interrupts;

static void create_task(const char* name, void (*entry)(void)) {
  for (int i = 0; i < NTASKS; i++) {
    if (tasks[i].state != UNUSED) continue;
    struct task* t = &tasks[i];
    t->pid = i + 1;
    t->name = name;
    t->state = RUNNABLE;
    t->frame.mepc = (uintptr_t)entry;
    t->frame.x[1] = (uintptr_t)alloc_page() + 4096;  // x2 = sp
    kprintf("[sched] created task %d: '%s'\n", t->pid, name);
    return;
  }
}

// Round robin: the next runnable task after the current one.
static struct frame* schedule(void) {
  for (int n = 1; n <= NTASKS; n++) {
    int next = (current + n) % NTASKS;
    if (tasks[next].state == RUNNABLE) {
      if (next != current || tasks[current].state != RUNNABLE) ticks++;
      current = next;
      return &tasks[current].frame;
    }
  }
  kprintf("\n[kernel] all tasks exited after %d context switches; powering off\n", ticks);
  poweroff(0);
  return 0;
}

// ---- Traps and system calls ----
enum { SYS_WRITE = 64, SYS_EXIT = 93, SYS_YIELD = 124, SYS_GETPID = 172 };

static void set_timer(void) { mmio_write64(CLINT_MTIMECMP, mmio_read64(CLINT_MTIME) + TICK_INTERVAL); }

struct frame* trap(struct frame* f) {
  uint64_t cause = csr_read(mcause);
  if (cause == ((1UL << 63) | 7)) {  // machine timer interrupt: preempt
    timer_interrupts++;
    set_timer();
    return schedule();
  }
  if (cause != 8) {  // anything but an ecall from U-mode is a bug
    kprintf("[kernel] unexpected trap: mcause=%lx mepc=%lx mtval=%lx\n", cause, f->mepc, csr_read(mtval));
    poweroff(1);
  }
  f->mepc += 4;                  // return past the ecall
  uint64_t* a = &f->x[9];        // a0..a7 are x10..x17
  switch (a[7]) {
    case SYS_WRITE: {            // write(fd, buf, len): the kernel reads user memory directly
      const char* buf = (const char*)a[1];
      for (uint64_t i = 0; i < a[2]; i++) uart_putc(buf[i]);
      a[0] = a[2];
      return f;
    }
    case SYS_EXIT: tasks[current].state = EXITED; return schedule();
    case SYS_YIELD: return schedule();
    case SYS_GETPID: a[0] = tasks[current].pid; return f;
    default: a[0] = (uint64_t)-38; return f;  // -ENOSYS
  }
}

// ---- User space: the tasks, and their side of the system calls ----
static long syscall(long n, long a0, long a1, long a2) {
  register long r0 asm("a0") = a0, r1 asm("a1") = a1, r2 asm("a2") = a2, r7 asm("a7") = n;
  asm volatile("ecall" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r7) : "memory");
  return r0;
}

static void uprintf(const char* fmt, ...) {
  char buf[128];
  struct sink s = {buf, 0, sizeof buf};
  va_list ap;
  va_start(ap, fmt);
  format(&s, fmt, ap);
  va_end(ap);
  syscall(SYS_WRITE, 1, (long)buf, s.len < s.cap ? s.len : s.cap);
}

static void task_a(void) {
  for (int i = 0; i < 3; i++) {
    uprintf("[Task A] Hello! tick=%d, pid=%d, iteration=%d\n", ticks, (int)syscall(SYS_GETPID, 0, 0, 0), i);
    syscall(SYS_YIELD, 0, 0, 0);
  }
  syscall(SYS_EXIT, 0, 0, 0);
}

static void task_b(void) {
  for (int i = 0; i < 3; i++) {
    uprintf("[Task B] World! tick=%d, pid=%d, iteration=%d\n", ticks, (int)syscall(SYS_GETPID, 0, 0, 0), i);
    syscall(SYS_YIELD, 0, 0, 0);
  }
  syscall(SYS_EXIT, 0, 0, 0);
}

// Never yields: only the timer interrupt takes the CPU away from it.
static void task_c(void) {
  static const char msg[] = "[Task C] Written via syscall!\n";
  syscall(SYS_WRITE, 1, (long)msg, sizeof msg - 1);
  volatile uint64_t sum = 0;
  for (uint64_t i = 0; i < 3000000; i++) sum += i;
  uprintf("[Task C] sum=%lu, computed while the timer preempted me\n", sum);
  syscall(SYS_EXIT, 0, 0, 0);
}

// ---- Boot ----
void kmain(void) {
  kprintf("\n  +---------------------------------------+\n");
  kprintf("  |   minimal-kernel on RISC-V (microvm)  |\n");
  kprintf("  |   Hello from my OS!                   |\n");
  kprintf("  +---------------------------------------+\n\n");

  next_page = (uintptr_t)__kernel_end;
  kprintf("[mm] heap: %p - %p (%d pages)\n", (void*)next_page, (void*)RAM_END,
          (int)((RAM_END - next_page) / 4096));
  uint64_t satp = setup_paging();
  kprintf("[mm] enabling Sv39 paging, satp=0x%lx\n", satp);
  csr_write(satp, satp);
  asm volatile("sfence.vma");

  // PMP: without an entry that matches, U-mode may touch no memory at all. Allow everything.
  csr_write(pmpaddr0, ~0UL >> 10);
  csr_write(pmpcfg0, 0x1F);  // NAPOT, R, W, X

  create_task("Task A", task_a);
  create_task("Task B", task_b);
  create_task("Task C", task_c);

  kprintf("[kernel] starting scheduler...\n\n");
  set_timer();
  csr_write(mie, 1UL << 7);  // MTIE
  // mret into the first task: MPP = U (0), MPIE = 1 so interrupts are on in U-mode.
  csr_write(mstatus, (csr_read(mstatus) & ~(3UL << 11)) | (1UL << 7));
  extern void trap_return(struct frame*) __attribute__((noreturn));
  current = 0;
  trap_return(&tasks[0].frame);
}
