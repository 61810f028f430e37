// Exact turns under the translator (tests/e2e/test_exact_turns.py): four harts update one word
// without atomics (load, mix, store), so which updates are lost depends on exactly where each
// hart's turn ends: a turn that ended one instruction later would let another load-store pair
// straddle the switch. The loop has branches (blocks of several lengths, chained) and a long
// straight run (a block longer than the tail of most turns). Hart 0 prints the word and each
// hart's own result once all four are done.
#include <stdint.h>

#include "../common/uart.h"

#define HARTS 4  // the test runs --cpus 4
#define ROUNDS 40000

volatile uint64_t shared;
volatile uint64_t results[HARTS];
volatile uint32_t finished;

// Straight-line mixing, kept out of the loop so that it is a block of its own.
#define MIX(k) v = (v << 5) ^ (v >> 7) ^ (v + (k))
__attribute__((noinline)) uint64_t scramble(uint64_t v) {
  MIX(1), MIX(2), MIX(3), MIX(4), MIX(5), MIX(6), MIX(7), MIX(8);
  MIX(9), MIX(10), MIX(11), MIX(12), MIX(13), MIX(14), MIX(15), MIX(16);
  return v;
}

void unexpected_trap(uint64_t mcause) {
  puts("turns: unexpected trap ");
  put_hex(mcause);
  puts("\n");
  *(volatile uint32_t*)0x100000UL = 0x3333 | (1 << 16);
}

void hart_main(uint64_t hartid) {
  uint64_t local = hartid + 1;
  for (uint64_t i = 0; i < ROUNDS; ++i) {
    const uint64_t v = shared;
    if (v & 1) {
      local = local * 3 + v;
    } else {
      local ^= v >> 3;
    }
    if ((i & 7) == hartid) local = scramble(local + i);
    shared = v * 31 + local + hartid;
  }
  results[hartid] = local;
  __atomic_fetch_add(&finished, 1, __ATOMIC_ACQ_REL);
  if (hartid != 0) return;  // start.S parks the hart in WFI
  while (__atomic_load_n(&finished, __ATOMIC_ACQUIRE) != HARTS) {
  }
  puts("turns: shared ");
  put_hex(shared);
  puts("\n");
  for (unsigned h = 0; h < HARTS; ++h) {
    puts("turns: hart ");
    put_dec(h);
    puts(" ");
    put_hex(results[h]);
    puts("\n");
  }
  *(volatile uint32_t*)0x100000UL = 0x5555;
}
