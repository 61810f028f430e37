// Console echo guest for the console tests: every byte that reaches the UART or the
// virtio-console (hvc0, slot 6 at 0x10007000 on microvm) is printed back as "uart XX" or
// "hvc XX" on the UART; a 'q' powers off with success. Polls, no interrupts, M-mode only.
#include <stdint.h>

#include "../common/uart.h"

#define HVC 0x10007000UL
#define NUM 8

#define R(r) ((volatile uint32_t*)(HVC + (r)))

struct desc {
  uint64_t addr;
  uint32_t len;
  uint16_t flags, next;
};

static struct desc table[NUM] __attribute__((aligned(16)));
static volatile uint16_t avail[3 + NUM] __attribute__((aligned(2)));  // flags, idx, ring, used_event
static volatile uint32_t used[2 + 2 * NUM] __attribute__((aligned(4)));
static uint8_t buffers[NUM][4];

static void report(const char* who, uint8_t byte) {
  puts(who);
  putc(' ');
  putc("0123456789abcdef"[byte >> 4]);
  putc("0123456789abcdef"[byte & 15]);
  putc('\n');
  if (byte == 'q') {
    *(volatile uint32_t*)0x100000UL = 0x5555;
    for (;;) {
    }
  }
}

static void post(uint16_t i) {
  const uint16_t idx = avail[1];
  avail[2 + idx % NUM] = i;
  __sync_synchronize();
  avail[1] = idx + 1;
  __sync_synchronize();
  *R(0x050) = 0;  // QueueNotify: receive queue
}

// A modern virtio-console with its receive queue full of 4-byte buffers; 0 if there is none.
static int hvc_init(void) {
  if (*R(0x000) != 0x74726976 || *R(0x004) != 2 || *R(0x008) != 3) return 0;
  *R(0x070) = 0;
  *R(0x070) = 1 | 2;
  *R(0x024) = 1;
  *R(0x020) = 1;  // VIRTIO_F_VERSION_1
  *R(0x070) = 1 | 2 | 8;
  if (!(*R(0x070) & 8)) return 0;
  *R(0x030) = 0;
  *R(0x038) = NUM;
  *R(0x080) = (uint32_t)(uint64_t)table;
  *R(0x084) = (uint32_t)((uint64_t)table >> 32);
  *R(0x090) = (uint32_t)(uint64_t)avail;
  *R(0x094) = (uint32_t)((uint64_t)avail >> 32);
  *R(0x0a0) = (uint32_t)(uint64_t)used;
  *R(0x0a4) = (uint32_t)((uint64_t)used >> 32);
  *R(0x044) = 1;
  *R(0x070) = 1 | 2 | 8 | 4;
  for (uint16_t i = 0; i < NUM; i++) {
    table[i] = (struct desc){(uint64_t)buffers[i], sizeof buffers[i], 2 /* WRITE */, 0};
    post(i);
  }
  return 1;
}

int main(void) {
  const int hvc = hvc_init();
  puts(hvc ? "echo: ready (uart and hvc)\n" : "echo: ready (uart)\n");
  uint16_t seen = 0;
  volatile uint8_t* uart = (volatile uint8_t*)UART0;
  for (;;) {
    if (uart[5] & 1) report("uart", uart[0]);
    if (hvc) {
      const uint16_t used_idx = (uint16_t)(used[0] >> 16);
      while (seen != used_idx) {
        __sync_synchronize();
        const uint32_t id = used[1 + 2 * (seen % NUM)], len = used[2 + 2 * (seen % NUM)];
        for (uint32_t i = 0; i < len && i < sizeof buffers[0]; i++) report("hvc", buffers[id][i]);
        seen++;
        post((uint16_t)id);
      }
    }
  }
}
