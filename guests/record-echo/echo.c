// Record/replay guest (tests/e2e/test_record_replay.py): polls the UART and prints each byte
// with the instruction count at which the guest saw it, so that a run's output depends on
// exactly when its input arrived. It keeps a checksum of the bytes (sum = sum * 31 + byte, so a
// test knows what it must be); 'q' prints it and powers off with success.
#include <stdint.h>

#include "../common/uart.h"

static uint64_t instret(void) {
  uint64_t v;
  __asm__ volatile("csrr %0, minstret" : "=r"(v));
  return v;
}

void main(void) {
  volatile uint8_t* uart = (volatile uint8_t*)UART0;
  uint64_t sum = 0;
  puts("echo: ready\n");
  for (;;) {
    if (!(uart[5] & 1)) continue;
    const uint8_t c = uart[0];
    sum = sum * 31 + c;
    puts("got ");
    put_dec(c);
    puts(" at ");
    put_dec(instret());
    putc('\n');
    if (c == 'q') {
      puts("sum ");
      put_dec(sum);
      putc('\n');
      *(volatile uint32_t*)0x100000UL = 0x5555;
      for (;;) {
      }
    }
  }
}
