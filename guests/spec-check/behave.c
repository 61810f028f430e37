// A kernel that misbehaves on request, for the tests of `microvm test`: it prints "mode?", reads
// one character from the UART and then
//   p  prints one, two, three and powers off (a pass)
//   h  prints one and hangs
//   x  prints one and a panic line, then hangs
//   o  prints two, one, three (the wrong order) and powers off
//   e  prints one, two, three and reports failure code 3
#include <stdint.h>

#define UART0 0x10000000UL
#define SYSCON 0x100000UL

static void putc(char c) {
  volatile uint8_t* uart = (volatile uint8_t*)UART0;
  while (!(uart[5] & 0x20)) {
  }
  uart[0] = (uint8_t)c;
}

static void puts(const char* s) {
  while (*s) putc(*s++);
}

static char getc(void) {
  volatile uint8_t* uart = (volatile uint8_t*)UART0;
  while (!(uart[5] & 0x01)) {  // LSR: data ready
  }
  return (char)uart[0];
}

static void power_off(uint32_t code) {
  *(volatile uint32_t*)SYSCON = code ? (code << 16) | 0x3333 : 0x5555;
  for (;;) {
  }
}

static void hang(void) {
  for (;;) asm volatile("wfi");
}

void main(void) {
  puts("mode?\n");
  char mode = getc();
  switch (mode) {
    case 'p': puts("one\ntwo\nthree\n"); power_off(0); break;
    case 'h': puts("one\n"); hang(); break;
    case 'x': puts("one\npanic: something broke\n"); hang(); break;
    case 'o': puts("two\none\nthree\n"); power_off(0); break;
    case 'e': puts("one\ntwo\nthree\n"); power_off(3); break;
    default: puts("unknown mode\n"); power_off(1); break;
  }
}
