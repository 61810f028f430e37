// A teaching-style SMP kernel, in the manner of xv6: every hart starts at 0x80000000 in M-mode
// (qemu -M virt -bios none -smp HARTS), sets up its own timer and drops to S-mode; hart 0
// initialises the kernel (UART, Sv39 page table) while the others wait for it; then every hart
// turns paging on, takes timer ticks (forwarded from M-mode as software interrupts) and hammers a
// spinlock-protected counter. Hart 0 checks the results and powers off through sifive,test,
// printing only results that do not depend on timing, so QEMU and microvm must print the same.
#include <stdint.h>

#ifndef HARTS
#define HARTS 3
#endif
#define ROUNDS 20000
#define TICKS_WANTED 3

#define UART 0x10000000UL
#define CLINT_MTIMECMP(h) (0x02004000UL + 8 * (h))
#define CLINT_MTIME 0x0200BFF8UL
#define SYSCON 0x00100000UL
#define TIMER_INTERVAL 10000  // 1 ms at 10 MHz

#define csr_read(name) ({ uint64_t v_; asm volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define csr_write(name, v) asm volatile("csrw " #name ", %0" ::"r"((uint64_t)(v)))
#define csr_set(name, v) asm volatile("csrs " #name ", %0" ::"r"((uint64_t)(v)))
#define csr_clear(name, v) asm volatile("csrc " #name ", %0" ::"r"((uint64_t)(v)))

extern char timer_vector[], supervisor_vector[];
void supervisor_main(void);

// ---- M-mode: per-hart set-up, then mret into S-mode ----
static uint64_t timer_scratch[HARTS][5];

void machine_start(uint64_t hart) {
  if (hart >= HARTS) {
    for (;;) asm volatile("wfi");
  }
  csr_write(mstatus, (csr_read(mstatus) & ~(3UL << 11)) | (1UL << 11));  // MPP = S
  csr_write(mepc, (uint64_t)supervisor_main);
  csr_write(satp, 0);
  csr_write(medeleg, 0xffff);
  csr_write(mideleg, 0xffff);
  csr_write(sie, csr_read(sie) | (1 << 9) | (1 << 5) | (1 << 1));  // SEIE, STIE, SSIE
  csr_write(pmpaddr0, 0x3fffffffffffffUL);
  csr_write(pmpcfg0, 0xf);
  // This hart's timer: the first tick soon, the M-mode vector reschedules it.
  volatile uint64_t* mtimecmp = (uint64_t*)CLINT_MTIMECMP(hart);
  *mtimecmp = *(volatile uint64_t*)CLINT_MTIME + TIMER_INTERVAL;
  timer_scratch[hart][3] = (uint64_t)mtimecmp;
  timer_scratch[hart][4] = TIMER_INTERVAL;
  csr_write(mscratch, (uint64_t)timer_scratch[hart]);
  csr_write(mtvec, (uint64_t)timer_vector);
  // MTIE only, not mstatus.MIE: once in S-mode, machine interrupts are taken whatever MIE says,
  // and a tick taken here in M-mode would overwrite MPP and mepc before the mret below.
  csr_set(mie, 1 << 7);
  asm volatile("mv tp, %0" ::"r"(hart));
  asm volatile("mret");
}

// ---- S-mode: locks, console, paging ----
struct spinlock {
  volatile uint32_t locked;
};

static void acquire(struct spinlock* lk) {
  csr_clear(sstatus, 2);  // no interrupts while holding a lock (a tick could deadlock us)
  while (__sync_lock_test_and_set(&lk->locked, 1)) {
  }
  __sync_synchronize();
}

static void release(struct spinlock* lk) {
  __sync_synchronize();
  __sync_lock_release(&lk->locked);
  csr_set(sstatus, 2);
}

static struct spinlock print_lock, counter_lock;

static void putc_uart(char c) {
  volatile uint8_t* uart = (uint8_t*)UART;
  while (!(uart[5] & 0x20)) {
  }
  uart[0] = (uint8_t)c;
}

static void print(const char* s) {
  while (*s) putc_uart(*s++);
}

static void print_number(uint64_t v) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) putc_uart(digits[--n]);
}

// Sv39, identity-mapped, with A and D clear in every entry as xv6 leaves them: the hardware sets
// them (menvcfg.ADUE, on as on QEMU).
#define PTE_V 1
#define PTE_R 2
#define PTE_W 4
#define PTE_X 8
static uint64_t root_table[512] __attribute__((aligned(4096)));
static uint64_t low_table[512] __attribute__((aligned(4096)));

static void build_page_table(void) {
  // 0x80000000..: one 1 GiB leaf for RAM; 0x00000000..0x3fffffff: a table with 2 MiB leaves for
  // the UART (0x10000000) and the sifive,test device (0x100000).
  root_table[2] = (0x80000000UL >> 12) << 10 | PTE_V | PTE_R | PTE_W | PTE_X;
  root_table[0] = ((uint64_t)low_table >> 12) << 10 | PTE_V;
  low_table[UART >> 21] = (UART >> 12) << 10 | PTE_V | PTE_R | PTE_W;
  low_table[SYSCON >> 21] = ((SYSCON >> 21) << 21 >> 12) << 10 | PTE_V | PTE_R | PTE_W;
}

static volatile int started;
static volatile uint64_t ticks[HARTS];
static volatile uint64_t counter;
static volatile int done;
static volatile uint64_t paged[HARTS];

void supervisor_trap(void) {
  uint64_t cause = csr_read(scause);
  uint64_t hart;
  asm volatile("mv %0, tp" : "=r"(hart));
  if (cause == ((1UL << 63) | 1)) {  // the timer, forwarded as SSIP
    ticks[hart]++;
    csr_clear(sip, 2);
    return;
  }
  acquire(&print_lock);
  print("unexpected trap on a hart: scause=");
  print_number(cause);
  print("\n");
  *(volatile uint32_t*)SYSCON = 0x13333;
  for (;;) {
  }
}

void supervisor_main(void) {
  uint64_t hart;
  asm volatile("mv %0, tp" : "=r"(hart));
  if (hart == 0) {
    print("teaching-smp: hart 0 initialising\n");
    build_page_table();
    __sync_synchronize();
    started = 1;
  } else {
    while (!started) {
    }
    __sync_synchronize();
  }
  csr_write(satp, (8UL << 60) | ((uint64_t)root_table >> 12));
  asm volatile("sfence.vma zero, zero");
  paged[hart] = csr_read(satp) >> 60;
  csr_write(stvec, (uint64_t)supervisor_vector);
  csr_set(sstatus, 2);  // SIE

  for (int i = 0; i < ROUNDS; i++) {
    acquire(&counter_lock);
    counter = counter + 1;  // a plain read-modify-write: the lock is what makes it safe
    release(&counter_lock);
  }
  while (ticks[hart] < TICKS_WANTED) asm volatile("wfi");
  __sync_fetch_and_add(&done, 1);
  if (hart != 0) {
    for (;;) asm volatile("wfi");
  }

  while (done != HARTS) {
  }
  int failures = 0;
  print("teaching-smp: harts running: ");
  print_number((uint64_t)done);
  print("\nteaching-smp: every hart on Sv39: ");
  int all_paged = 1;
  for (int h = 0; h < HARTS; h++) all_paged &= paged[h] == 8;
  print(all_paged ? "yes\n" : "no\n");
  failures += !all_paged;
  print("teaching-smp: locked counter: ");
  print_number(counter);
  print(counter == (uint64_t)HARTS * ROUNDS ? " (right)\n" : " (WRONG)\n");
  failures += counter != (uint64_t)HARTS * ROUNDS;
  int all_ticked = 1;
  for (int h = 0; h < HARTS; h++) all_ticked &= ticks[h] >= TICKS_WANTED;
  print(all_ticked ? "teaching-smp: every hart took timer ticks\n" : "teaching-smp: a hart had no ticks\n");
  failures += !all_ticked;
  print(failures ? "teaching-smp: FAILED\n" : "teaching-smp: all tests passed\n");
  *(volatile uint32_t*)SYSCON = failures ? 0x13333 : 0x5555;
  for (;;) {
  }
}
