// The console of the bare-metal test guests: the virt board's 16550 UART at 0x10000000, polled
// (wait for THRE in LSR, write THR), and numbers printed without a C library. M-mode or any mode
// that maps the UART at its physical address. Include it from one C file of a guest.
#pragma once

#include <stdint.h>

#define UART0 0x10000000UL

static inline void putc(char c) {
  volatile uint8_t* uart = (volatile uint8_t*)UART0;
  while (!(uart[5] & 0x20)) {
  }
  uart[0] = (uint8_t)c;
}

static inline void puts(const char* s) {
  while (*s) putc(*s++);
}

static inline void put_dec(uint64_t v) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) putc(digits[--n]);
}

// 0x and the digits without leading zeros ("0x0" for zero).
static inline void put_hex(uint64_t v) {
  puts("0x");
  for (int shift = 60; shift >= 0; shift -= 4) {
    const unsigned digit = (v >> shift) & 0xF;
    if (digit || shift == 0 || v >> shift) putc("0123456789abcdef"[digit]);
  }
}
