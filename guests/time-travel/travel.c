// Reverse debugging guest (tests/e2e/test_reverse_debug.py): a few million instructions of
// arithmetic on `counter`, a call to marker() after bump(150000), and lines on the UART at the
// start, at the marker and at the end, so a test can go back over them and check that nothing
// is printed twice.
#include <stdint.h>

#define UART0 0x10000000UL

volatile uint64_t counter = 1;
uint64_t values[64];

static void putc(char c) {
  volatile uint8_t* uart = (volatile uint8_t*)UART0;
  while (!(uart[5] & 0x20)) {
  }
  uart[0] = (uint8_t)c;
}
static void puts(const char* s) {
  while (*s) putc(*s++);
}

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
