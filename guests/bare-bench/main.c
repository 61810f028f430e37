// Bare-metal main of a benchmark guest: times ITERATIONS rounds of the workload with the CLINT's
// mtime (10 MHz on microvm and on QEMU virt) and prints the score and the checksum on the UART.
#include <stddef.h>
#include <stdint.h>

#include "bench.h"

#ifndef ITERATIONS
#error "build with -DITERATIONS=<rounds>"
#endif

#define UART 0x10000000ul
#define CLINT_MTIME 0x0200BFF8ul
#define MTIME_HZ 10000000ull

static void putc(char c) {
  volatile uint8_t* uart = (volatile uint8_t*)UART;
  while (!(uart[5] & 0x20)) {  // LSR.THRE
  }
  uart[0] = (uint8_t)c;
}

static void puts(const char* s) {
  while (*s) putc(*s++);
}

static void put_unsigned(uint64_t v, unsigned base, int width) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  while (width-- > n) putc('0');
  while (n) putc(digits[--n]);
}

static uint64_t mtime(void) { return *(volatile uint64_t*)CLINT_MTIME; }

// GCC may turn struct copies and loops into calls to these even when freestanding.
void* memcpy(void* dst, const void* src, size_t n) {
  uint8_t* d = dst;
  const uint8_t* s = src;
  while (n--) *d++ = *s++;
  return dst;
}
void* memset(void* dst, int value, size_t n) {
  uint8_t* d = dst;
  while (n--) *d++ = (uint8_t)value;
  return dst;
}

int main(void) {
  const uint64_t start = mtime();
  const uint32_t checksum = workload_run(ITERATIONS);
  uint64_t ticks = mtime() - start;
  if (ticks == 0) ticks = 1;
  // Iterations per second with three decimals, in integers (no floating point needed).
  const uint64_t milli = (uint64_t)ITERATIONS * MTIME_HZ * 1000 / ticks;
  puts(workload_name);
  puts(": iterations ");
  put_unsigned(ITERATIONS, 10, 0);
  puts(" ticks ");
  put_unsigned(ticks, 10, 0);
  puts(" score ");
  put_unsigned(milli / 1000, 10, 0);
  putc('.');
  put_unsigned(milli % 1000, 10, 3);
  puts(" checksum 0x");
  put_unsigned(checksum, 16, 8);
  putc('\n');
  return 0;
}
