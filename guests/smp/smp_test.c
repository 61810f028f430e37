// SMP conformance under real concurrency: HARTS harts (a compile-time constant; run with
// --cpus HARTS) hammer shared counters with every AMO and with LR/SC loops, and hart 0 checks
// that every total is exact. With two or more harts it also checks that an SC fails after
// another hart stored the same value (no ABA), that a trap clears the reservation, and that
// code one hart writes runs on another after fence.i, and that an SC fails after a store by
// translated code on another hart. Results go out through HTIF (and the
// sifive,test device on QEMU): exit status 0 passes, otherwise the number of the failed check.
// QEMU 7.2 (MTTCG) fails check 20: its SC compares values instead of keeping a reservation.
#include <stdint.h>

#ifndef HARTS
#error "build with -DHARTS=N"
#endif
#define ITERATIONS 20000

// Built with -DNO_HTIF, the program has no tohost, so no device sits on RAM and M-mode loads and
// stores reach it directly (Hart::direct_limit_), in translated code too: that build checks the
// stores of that path (check 24).
#ifndef NO_HTIF
volatile uint64_t tohost __attribute__((section(".tohost"), aligned(64)));
volatile uint64_t fromhost __attribute__((section(".tohost"), aligned(64)));
#define HTIF(value) (tohost = (value))
#else
#define HTIF(value) ((void)0)
#endif

// Each counter on its own cache line so the checks do not depend on false sharing.
#define LINE __attribute__((aligned(64)))
static volatile uint64_t add_d LINE, add_w_lo LINE, lrsc_d LINE, lrsc_w LINE, swap_sum LINE;
static volatile uint64_t or_d LINE, and_d LINE, xor_d LINE, max_d LINE, min_d LINE, maxu_d LINE, minu_d LINE;
static volatile uint32_t add_w LINE, max_w LINE, min_w LINE;
static volatile uint64_t swap_token LINE;
static volatile uint64_t arrived LINE, finished LINE;
static volatile uint64_t aba_word LINE, aba_step LINE;
static volatile uint32_t shared_code[8] __attribute__((aligned(64)));
static volatile uint64_t hot_step LINE;
// Eight pages: the store is warmed up on the first and made to the last, so that an emulator
// looking at the wrong page's bookkeeping for it misses the reservation.
static volatile uint64_t far_pages[8][512] __attribute__((aligned(4096)));
static volatile uint64_t code_ready LINE;

static void finish(uint64_t failed_check) {
  if (failed_check == 0) {
    HTIF(1);
    *(volatile uint32_t*)0x100000 = 0x5555;
  } else {
    HTIF((failed_check << 1) | 1);
    *(volatile uint32_t*)0x100000 = (uint32_t)(0x3333 | (failed_check << 16));
  }
  for (;;) asm volatile("wfi");
}

void unexpected_trap(uint64_t mcause) { finish(1000 + mcause); }

#define AMO(op, width, addr, value)                                                   \
  ({                                                                                  \
    uint64_t old_;                                                                    \
    asm volatile(op "." width " %0, %2, (%1)" : "=r"(old_) : "r"(addr), "r"(value) : "memory"); \
    old_;                                                                             \
  })

static uint64_t lr_d(volatile uint64_t* p) {
  uint64_t v;
  asm volatile("lr.d %0, (%1)" : "=r"(v) : "r"(p) : "memory");
  return v;
}
static uint64_t sc_d(volatile uint64_t* p, uint64_t v) {
  uint64_t failed;
  asm volatile("sc.d %0, %2, (%1)" : "=r"(failed) : "r"(p), "r"(v) : "memory");
  return failed;
}

static void increment_lrsc_d(volatile uint64_t* p) {
  uint64_t v, failed;
  do {
    asm volatile("lr.d.aq %0, (%1)" : "=r"(v) : "r"(p) : "memory");
    asm volatile("sc.d.rl %0, %2, (%1)" : "=r"(failed) : "r"(p), "r"(v + 1) : "memory");
  } while (failed);
}

static void increment_lrsc_w(volatile uint64_t* p) {
  uint32_t v, failed;
  do {
    asm volatile("lr.w %0, (%1)" : "=r"(v) : "r"(p) : "memory");
    asm volatile("sc.w %0, %2, (%1)" : "=r"(failed) : "r"(p), "r"(v + 1) : "memory");
  } while (failed);
}

static void hammer(uint64_t hart) {
  for (uint64_t i = 0; i < ITERATIONS; i++) {
    AMO("amoadd", "d", &add_d, 1);
    AMO("amoadd", "w", &add_w, 3);
    increment_lrsc_d(&lrsc_d);
    increment_lrsc_w(&lrsc_w);
    // swap: every hart passes a token around; the sum of what each got back is the sum of all
    // tokens put in, minus the one left at the end.
    uint64_t got = AMO("amoswap", "d", &swap_token, hart * ITERATIONS + i + 1);
    AMO("amoadd", "d", &swap_sum, got);
    AMO("amoxor", "d", &xor_d, 1ull << (hart % 64));
  }
  AMO("amoor", "d", &or_d, 1ull << hart);
  AMO("amoand", "d", &and_d, ~(1ull << hart));
  AMO("amomax", "d", &max_d, (uint64_t)(-1000 + (int64_t)hart * 7));
  AMO("amomin", "d", &min_d, (uint64_t)(-1000 + (int64_t)hart * 7));
  AMO("amomaxu", "d", &maxu_d, 0x8000000000000000ull + hart);
  AMO("amominu", "d", &minu_d, 0x8000000000000000ull + hart);
  AMO("amomax", "w", &max_w, (uint64_t)(int64_t)(int32_t)(-50 + (int32_t)hart));
  AMO("amomin", "w", &min_w, (uint64_t)(int64_t)(int32_t)(-50 + (int32_t)hart));
}

static void wait_for(volatile uint64_t* p, uint64_t value) {
  while (*p != value) asm volatile("" ::: "memory");
}

// hart 0: LR; hart 1 stores the very value LR read; hart 0's SC must fail.
static uint64_t check_no_aba(uint64_t hart) {
  if (hart == 0) {
    aba_word = 42;
    uint64_t v = lr_d(&aba_word);
    aba_step = 1;
    wait_for(&aba_step, 2);
    if (sc_d(&aba_word, v + 1) == 0) return 20;  // SC succeeded after a foreign store
    if (aba_word != 42) return 21;
    // Without interference the same sequence succeeds.
    v = lr_d(&aba_word);
    if (sc_d(&aba_word, v + 1) != 0) return 22;
    if (aba_word != 43) return 23;
  } else if (hart == 1) {
    wait_for(&aba_step, 1);
    aba_word = 42;
    aba_step = 2;
  }
  return 0;
}

// Called often enough to be translated: the store below then runs as the translator emits it.
__attribute__((noinline)) static void store_word(volatile uint64_t* p, uint64_t v) { *p = v; }

// As check_no_aba, with hart 1's store made by hot code on a page far into RAM.
static uint64_t check_hot_store_breaks(uint64_t hart) {
  volatile uint64_t* word = &far_pages[7][8];
  if (hart == 0) {
    *word = 9;
    uint64_t v = lr_d(word);
    hot_step = 1;
    wait_for(&hot_step, 2);
    if (sc_d(word, v + 1) == 0) return 24;  // SC succeeded after a foreign store
    if (*word != 9) return 25;
  } else if (hart == 1) {
    for (uint64_t i = 0; i < 100000; i++) store_word(&far_pages[0][i % 512], i);
    wait_for(&hot_step, 1);
    store_word(word, 9);
    hot_step = 2;
  }
  return 0;
}

// A trap between LR and SC clears the reservation.
static uint64_t check_trap_clears(void) {
  volatile uint64_t word = 5;
  uint64_t v = lr_d(&word);
  asm volatile("ecall" ::: "t0", "t1", "memory");  // the trap handler uses t0 and t1
  if (sc_d(&word, v + 1) == 0) return 30;
  return 0;
}

// hart 1 writes `li a0, 77; ret` and signals; hart 0 runs fence.i and calls it.
static uint64_t check_cross_hart_code(uint64_t hart) {
  if (hart == 1) {
    shared_code[0] = 0x04d00513;  // addi a0, zero, 77
    shared_code[1] = 0x00008067;  // jalr zero, 0(ra)
    asm volatile("fence w, w" ::: "memory");
    code_ready = 1;
  } else if (hart == 0) {
    wait_for(&code_ready, 1);
    asm volatile("fence.i" ::: "memory");
    uint64_t (*fn)(void) = (uint64_t (*)(void))(uintptr_t)shared_code;
    if (fn() != 77) return 40;
  }
  return 0;
}

void hart_main(uint64_t hart) {
  if (hart >= HARTS) {
    for (;;) asm volatile("wfi");  // more harts than the test was built for: stay out of the way
  }
  if (hart == 0) {
    and_d = ~0ull;
    max_d = (uint64_t)INT64_MIN;
    min_d = (uint64_t)INT64_MAX;
    minu_d = ~0ull;
    max_w = 0x80000000u;
    min_w = 0x7fffffffu;
    asm volatile("fence" ::: "memory");
  }
  AMO("amoadd", "d", &arrived, 1);
  wait_for(&arrived, HARTS);  // start together: the point is to collide

  hammer(hart);
  uint64_t failed = check_trap_clears();
  if (HARTS >= 2 && !failed) failed = check_no_aba(hart);
  if (HARTS >= 2 && !failed) failed = check_cross_hart_code(hart);
  if (HARTS >= 2 && !failed) failed = check_hot_store_breaks(hart);
  if (failed) finish(failed);
  AMO("amoadd", "d", &finished, 1);
  if (hart != 0) return;

  wait_for(&finished, HARTS);
  const uint64_t n = HARTS;
  if (add_d != n * ITERATIONS) finish(2);
  if (add_w != (uint32_t)(3 * n * ITERATIONS)) finish(3);
  if (lrsc_d != n * ITERATIONS) finish(4);
  if ((uint32_t)lrsc_w != (uint32_t)(n * ITERATIONS)) finish(5);
  uint64_t tokens = 0;
  for (uint64_t h = 0; h < n; h++) {
    for (uint64_t i = 0; i < ITERATIONS; i++) tokens += h * ITERATIONS + i + 1;
  }
  if (swap_sum + swap_token != tokens) finish(6);  // the token still in place was never got back
  uint64_t all = n >= 64 ? ~0ull : (1ull << n) - 1;
  if (or_d != all) finish(7);
  if (and_d != ~all) finish(8);
  uint64_t xor_expected = 0;  // ITERATIONS is even: every hart's bit flips back
  if (xor_d != xor_expected) finish(9);
  if ((int64_t)max_d != -1000 + (int64_t)(n - 1) * 7) finish(10);
  if ((int64_t)min_d != -1000) finish(11);
  if (maxu_d != 0x8000000000000000ull + n - 1) finish(12);
  if (minu_d != 0x8000000000000000ull) finish(13);
  if ((int32_t)max_w != -50 + (int32_t)(n - 1)) finish(14);
  if ((int32_t)min_w != -50) finish(15);
  finish(0);
}
