// Reverse debugging on several harts (tests/e2e/test_reverse_smp.py): hart 0 does what travel.c
// does (arithmetic on `counter`, marker() after bump(150000), a line at the start, the marker and
// the end); every other hart stirs its own word and, every 1000 rounds, writes `shared`, so
// that going back to the last write of `shared` lands on another hart than the one stopped.
#include <stdint.h>

#include "../common/uart.h"

#define ROUNDS 200000

volatile uint64_t counter = 1;
volatile uint64_t mix[64];
volatile uint64_t shared;
volatile uint32_t finished;

__attribute__((noinline)) void bump(uint64_t i) { counter = counter * 3 + i; }

__attribute__((noinline)) void marker(void) { puts("travel: marker\n"); }

__attribute__((noinline)) void stir(uint64_t hart, uint64_t i) {
  mix[hart] = mix[hart] * 5 + i;
  if (i % 1000 == 0) shared = hart * 1000000 + i;
}

void unexpected_trap(uint64_t mcause) {
  (void)mcause;
  puts("travel: unexpected trap\n");
  *(volatile uint32_t*)0x100000UL = 0x3333 | (1 << 16);
}

void hart_main(uint64_t hartid) {
  if (hartid != 0) {
    for (uint64_t i = 0; i < ROUNDS; ++i) stir(hartid, i);
    __atomic_fetch_add(&finished, 1, __ATOMIC_RELEASE);
    return;  // start.S parks the hart in WFI
  }
  puts("travel: start\n");
  for (uint64_t i = 0; i < ROUNDS; ++i) {
    bump(i);
    if (i == 150000) marker();
  }
  puts("travel: done\n");
  *(volatile uint32_t*)0x100000UL = 0x5555;
}
