#include <stdint.h>

#define UART0 0x10000000UL  // a 16550 UART on the virt machine
#define UART_THR 0          // transmit holding register: write a byte here
#define UART_LSR 5          // line status register
#define LSR_THRE 0x20       // the transmit holding register is empty
#define SYSCON 0x100000UL   // the "sifive,test" device: power off

static void uart_putc(char c) {
  volatile uint8_t* uart = (volatile uint8_t*)UART0;
  while (!(uart[UART_LSR] & LSR_THRE)) {
  }
  uart[UART_THR] = (uint8_t)c;
}

static void uart_puts(const char* s) {
  while (*s) uart_putc(*s++);
}

static void uart_puthex(uint64_t v) {
  uart_puts("0x");
  for (int shift = 60; shift >= 0; shift -= 4) uart_putc("0123456789abcdef"[(v >> shift) & 15]);
}

static uint64_t read_misa(void) {
  uint64_t v;
  asm volatile("csrr %0, misa" : "=r"(v));
  return v;
}

void kmain(void) {
  uart_puts("Hello from my kernel!\n");
  uart_puts("misa = ");
  uart_puthex(read_misa());
  uart_puts("\nextensions:");
  for (int bit = 0; bit < 26; bit++) {
    if (read_misa() & (1UL << bit)) {
      uart_putc(' ');
      uart_putc('A' + bit);
    }
  }
  uart_puts("\nGoodbye.\n");
  *(volatile uint32_t*)SYSCON = 0x5555;  // power off, success
}
