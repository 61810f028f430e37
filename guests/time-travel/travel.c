// Reverse debugging guest (tests/e2e/test_reverse_debug.py): a few million instructions of
// arithmetic on `counter`, a call to marker() after bump(150000), and lines on the UART at the
// start, at the marker and at the end, so a test can go back over them and check that nothing
// is printed twice.
#include <stdint.h>

#include "../common/uart.h"

volatile uint64_t counter = 1;
uint64_t values[64];

__attribute__((noinline)) void bump(uint64_t i) {
  counter = counter * 3 + i;
  values[i % 64] = counter;
}

__attribute__((noinline)) void marker(void) { puts("travel: marker\n"); }

void main(void) {
  puts("travel: start\n");
  for (uint64_t i = 0; i < 200000; ++i) {
    bump(i);
    if (i == 150000) marker();
  }
  puts("travel: done\n");
  *(volatile uint32_t*)0x100000UL = 0x5555;
  for (;;) {
  }
}
