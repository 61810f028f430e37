#include "lib.h"

void putc(char c) {
  while (!(*mmio8(UART_BASE + 5) & 0x20)) {
  }
  *mmio8(UART_BASE) = (uint8_t)c;
}

void puts(const char* s) {
  while (*s) putc(*s++);
}

static void print_unsigned(uint64_t v, unsigned base, int width, char pad) {
  char digits[32];
  int n = 0;
  do {
    digits[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  while (width-- > n) putc(pad);
  while (n) putc(digits[--n]);
}

// %s %c %d %u %x (all 64-bit), %016x style widths with a 0 or space pad.
void printf(const char* format, ...) {
  va_list args;
  va_start(args, format);
  for (const char* p = format; *p; ++p) {
    if (*p != '%') {
      putc(*p);
      continue;
    }
    ++p;
    char pad = ' ';
    if (*p == '0') {
      pad = '0';
      ++p;
    }
    int width = 0;
    while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
    switch (*p) {
      case 's': puts(va_arg(args, const char*)); break;
      case 'c': putc((char)va_arg(args, int)); break;
      case 'u': print_unsigned(va_arg(args, uint64_t), 10, width, pad); break;
      case 'x': print_unsigned(va_arg(args, uint64_t), 16, width, pad); break;
      case 'd': {
        int64_t v = va_arg(args, int64_t);
        if (v < 0) {
          putc('-');
          print_unsigned(-(uint64_t)v, 10, width, pad);
        } else {
          print_unsigned((uint64_t)v, 10, width, pad);
        }
        break;
      }
      default: putc(*p); break;
    }
  }
  va_end(args);
}

void power_off(void) {
  *mmio32(TEST_DEVICE) = 0x5555;
  for (;;) __asm__ volatile("wfi");
}

int insn_length(uint64_t pc) { return (*(volatile uint16_t*)pc & 3) == 3 ? 4 : 2; }
