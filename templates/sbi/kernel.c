// sbi-kernel: an S-mode kernel that leaves the machine to the SBI firmware (microvm's built-in
// SBI, or OpenSBI). It never touches a device: the console, the timer, starting the other harts,
// inter-processor interrupts and power-off are all SBI calls (sbi.h). It shows:
//   - probing the SBI and its extensions
//   - bringing up every hart with HSM hart_start, one at a time
//   - an IPI to each hart, answered
//   - timer interrupts from sbi_set_timer
// then shuts the machine down with SRST.
#include <stdarg.h>
#include <stdint.h>

#include "sbi.h"

#define MAX_HARTS 8           // start.S has stacks for this many
#define TICK_INTERVAL 100000  // 10 ms at the virt machine's 10 MHz timebase
#define TICKS 3

#define SCAUSE_INTERRUPT (1UL << 63)
#define IRQ_S_SOFT 1
#define IRQ_S_TIMER 5
#define SSTATUS_SIE (1UL << 1)

#define csr_read(name) ({ uint64_t v_; asm volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define csr_set(name, bits) asm volatile("csrs " #name ", %0" ::"r"((uint64_t)(bits)))
#define csr_clear(name, bits) asm volatile("csrc " #name ", %0" ::"r"((uint64_t)(bits)))

// ---- The console: SBI's debug console, or the legacy putchar call on older firmware ----
static int has_dbcn;
static volatile int print_lock;

static void console_write(const char* s, long n) {
  if (has_dbcn) {
    // S-mode runs without paging here, so the buffer's address is its physical address.
    while (n > 0) {
      struct sbiret r = sbi_call(SBI_EXT_DBCN, 0, n, (long)(uintptr_t)s, 0);
      if (r.error) return;
      s += r.value;
      n -= r.value;
    }
    return;
  }
  for (long i = 0; i < n; i++) sbi_call(SBI_LEGACY_PUTCHAR, 0, s[i], 0, 0);
}

static void put_number(char* buf, int* len, uint64_t v, int base) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  while (n && *len < 159) buf[(*len)++] = digits[--n];
}

// %d %x %lx %s %p: a line is formatted first, then written under a lock, so that lines from
// different harts never mix.
static void kprintf(const char* fmt, ...) {
  char buf[160];
  int len = 0;
  va_list ap;
  va_start(ap, fmt);
  for (; *fmt && len < 159; fmt++) {
    if (*fmt != '%') {
      buf[len++] = *fmt;
      continue;
    }
    int is_long = *++fmt == 'l';
    if (is_long) fmt++;
    switch (*fmt) {
      case 'd': {
        long v = is_long ? va_arg(ap, long) : va_arg(ap, int);
        if (v < 0) buf[len++] = '-', v = -v;
        put_number(buf, &len, (uint64_t)v, 10);
        break;
      }
      case 'x': put_number(buf, &len, is_long ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16); break;
      case 'p':
        buf[len++] = '0', buf[len++] = 'x';
        put_number(buf, &len, (uintptr_t)va_arg(ap, void*), 16);
        break;
      case 's':
        for (const char* s = va_arg(ap, const char*); *s && len < 159; s++) buf[len++] = *s;
        break;
      default: buf[len++] = *fmt; break;
    }
  }
  va_end(ap);
  while (__sync_lock_test_and_set(&print_lock, 1)) {
  }
  console_write(buf, len);
  __sync_lock_release(&print_lock);
}

static void panic(const char* what) {
  kprintf("panic: %s\n", what);
  sbi_shutdown(1);
  for (;;) asm volatile("wfi");
}

// ---- Traps: the timer on the boot hart, IPIs on the others ----
static volatile int ticks;
static volatile int ipi_seen[MAX_HARTS];

void trap(void) {
  uint64_t cause = csr_read(scause);
  uint64_t hartid = csr_read(sscratch);  // each hart keeps its ID there (set at start)
  if (cause == (SCAUSE_INTERRUPT | IRQ_S_TIMER)) {
    ticks++;
    kprintf("[timer] tick %d on hart %d\n", ticks, (int)hartid);
    // The SBI clears the pending bit when a new compare value is set; "never" stops the ticks.
    sbi_set_timer(ticks < TICKS ? csr_read(time) + TICK_INTERVAL : ~0UL);
  } else if (cause == (SCAUSE_INTERRUPT | IRQ_S_SOFT)) {
    csr_clear(sip, 1UL << IRQ_S_SOFT);  // an IPI stays pending until S-mode clears it
    kprintf("[hart %d] got an IPI\n", (int)hartid);
    ipi_seen[hartid] = 1;
  } else {
    kprintf("[hart %d] scause=%lx sepc=%lx stval=%lx\n", (int)hartid, cause, csr_read(sepc), csr_read(stval));
    panic("unexpected trap");
  }
}

// ---- The other harts ----
extern char _secondary[];
static volatile int hart_up[MAX_HARTS];

void secondary_main(uint64_t hartid) {
  asm volatile("csrw sscratch, %0" ::"r"(hartid));
  kprintf("[hart %d] up, started by SBI HSM\n", (int)hartid);
  csr_set(sie, 1UL << IRQ_S_SOFT);
  csr_set(sstatus, SSTATUS_SIE);
  hart_up[hartid] = 1;
  for (;;) asm volatile("wfi");  // the kernel's work arrives as interrupts
}

// ---- Boot ----
static const char* impl_name(long id) {
  switch (id) {
    case 1: return "OpenSBI";
    case 0x4D56: return "microvm";
    default: return "unknown";
  }
}

void kmain(uint64_t hartid, void* device_tree) {
  asm volatile("csrw sscratch, %0" ::"r"(hartid));
  has_dbcn = sbi_probe(SBI_EXT_DBCN);
  kprintf("\n[boot] sbi-kernel: hart %d is the boot hart, device tree at %p\n", (int)hartid, device_tree);
  long version = sbi_spec_version();
  kprintf("[sbi] %s SBI, specification %d.%d, console: %s\n", impl_name(sbi_impl_id()),
          (int)((version >> 24) & 0x7F), (int)(version & 0xFFFFFF), has_dbcn ? "DBCN" : "legacy putchar");
  if (!sbi_probe(SBI_EXT_TIME) || !sbi_probe(SBI_EXT_IPI) || !sbi_probe(SBI_EXT_HSM))
    panic("this kernel needs the SBI's TIME, IPI and HSM extensions");
  kprintf("[sbi] extensions TIME, IPI and HSM are there\n");

  // Every hart ID the SBI knows answers hart_get_status; the others are an error.
  int online = 1;
  for (uint64_t h = 0; h < MAX_HARTS; h++) {
    if (h == hartid || sbi_hart_status(h).error) continue;
    long error = sbi_hart_start(h, (uintptr_t)_secondary, 0);
    if (error) {
      kprintf("[smp] hart %d did not start: error %d\n", (int)h, (int)error);
      continue;
    }
    while (!hart_up[h]) {
    }
    online++;
  }
  kprintf("[smp] %d harts online\n", online);

  for (uint64_t h = 0; h < MAX_HARTS; h++) {
    if (!hart_up[h]) continue;
    if (sbi_send_ipi(1UL << h, 0)) panic("sbi_send_ipi failed");
    while (!ipi_seen[h]) {
    }
  }
  kprintf("[ipi] every hart answered\n");

  csr_set(sie, 1UL << IRQ_S_TIMER);
  csr_set(sstatus, SSTATUS_SIE);
  sbi_set_timer(csr_read(time) + TICK_INTERVAL);
  while (ticks < TICKS) asm volatile("wfi");

  kprintf("[boot] %d harts, %d timer ticks: shutting down with SBI SRST\n", online, ticks);
  sbi_shutdown(0);
  panic("SRST shutdown returned");
}
