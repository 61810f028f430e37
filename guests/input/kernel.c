// Finds a virtio-input device (VirtIO 1.2, 5.8) by probing the eight virtio-mmio slots of the virt
// board: the keyboard, or the tablet when the device tree holds "pick-tablet" (the kernel command
// line). Prints what its configuration space says (name, serial, ids, property and event bits,
// axes), then every event it receives; the release of Q or of the middle button powers off.
// Polls, no interrupts, M-mode.
// On a machine with a screen (a "framebuffer@ADDRESS" node in the device tree), each key press
// also draws a 20x20 square in the top row, left to right, of grey level 4 * the key's code.
// tests/e2e/test_input.py and test_tablet.py run it on microvm and on QEMU (virtio-keyboard-device,
// virtio-tablet-device) and compare.
#include <stdint.h>

#include "../common/uart.h"

#define SYSCON 0x100000UL
#define VIRTIO0 0x10001000UL
#define SLOTS 8
#define NUM 8

enum { ID_NAME = 1, ID_SERIAL = 2, ID_DEVIDS = 3, PROP_BITS = 0x10, EV_BITS = 0x11, ABS_INFO = 0x12 };

static uint64_t dev;
#define R(r) ((volatile uint32_t*)(dev + (r)))
#define CFG(o) ((volatile uint8_t*)(dev + 0x100 + (o)))

struct desc {
  uint64_t addr;
  uint32_t len;
  uint16_t flags, next;
};
struct event {
  uint16_t type, code;
  uint32_t value;
};

static struct desc table[NUM] __attribute__((aligned(16)));
static volatile uint16_t avail[3 + NUM] __attribute__((aligned(2)));  // flags, idx, ring, used_event
static volatile uint32_t used[2 + 2 * NUM] __attribute__((aligned(4)));
static volatile struct event events[NUM];

static void power_off(void) {
  *(volatile uint32_t*)SYSCON = 0x5555;
  for (;;) {
  }
}

// Selects a configuration item and returns its size (5.8.5.1).
static unsigned select(uint8_t sel, uint8_t subsel) {
  *CFG(0) = sel;
  *CFG(1) = subsel;
  return *CFG(2);
}

static void print_bits(const char* what, uint8_t sel, uint8_t subsel) {
  const unsigned size = select(sel, subsel);
  unsigned count = 0, first = 0, last = 0;
  for (unsigned i = 0; i < size * 8; i++) {
    if (*CFG(8 + i / 8) >> (i % 8) & 1) {
      if (!count) first = i;
      last = i;
      count++;
    }
  }
  puts(what);
  puts(" size ");
  put_dec(size);
  puts(" bits ");
  put_dec(count);
  if (count) {
    puts(" first ");
    put_dec(first);
    puts(" last ");
    put_dec(last);
  }
  if (count && count <= 8) {  // a short list in full (the tablet's buttons and axes)
    puts(" list");
    for (unsigned i = 0; i < size * 8; i++) {
      if (*CFG(8 + i / 8) >> (i % 8) & 1) {
        putc(' ');
        put_dec(i);
      }
    }
  }
  putc('\n');
}

static uint32_t cfg32(unsigned o) {
  return (uint32_t)*CFG(8 + o) | (uint32_t)*CFG(9 + o) << 8 | (uint32_t)*CFG(10 + o) << 16 | (uint32_t)*CFG(11 + o) << 24;
}

// struct virtio_input_absinfo (5.8.4) of every axis EV_ABS announces.
static void print_axes(void) {
  uint8_t axes[8];
  const unsigned size = select(EV_BITS, 3);
  for (unsigned i = 0; i < 8; i++) axes[i] = i < size ? *CFG(8 + i) : 0;
  for (unsigned axis = 0; axis < 64; axis++) {
    if (!(axes[axis / 8] >> (axis % 8) & 1)) continue;
    puts("abs ");
    put_dec(axis);
    puts(" size ");
    put_dec(select(ABS_INFO, (uint8_t)axis));
    static const char* const fields[] = {" min ", " max ", " fuzz ", " flat ", " res "};
    for (unsigned f = 0; f < 5; f++) {
      puts(fields[f]);
      put_dec(cfg32(4 * f));
    }
    putc('\n');
  }
  puts("abs 63 size ");  // an axis nobody announces
  put_dec(select(ABS_INFO, 63));
  putc('\n');
}

// Whether the device tree holds `word` (the kernel command line is in it).
static int dtb_has(const uint8_t* dtb, const char* word) {
  if (!dtb || dtb[0] != 0xd0 || dtb[1] != 0x0d || dtb[2] != 0xfe || dtb[3] != 0xed) return 0;
  const uint32_t size = (uint32_t)dtb[4] << 24 | (uint32_t)dtb[5] << 16 | (uint32_t)dtb[6] << 8 | dtb[7];
  for (uint32_t i = 0; i < size; i++) {
    unsigned n = 0;
    while (word[n] && i + n < size && dtb[i + n] == (uint8_t)word[n]) n++;
    if (!word[n]) return 1;
  }
  return 0;
}

// Whether the device's name (ID_NAME) holds `word`.
static int name_has(const char* word) {
  const unsigned size = select(ID_NAME, 0);
  for (unsigned i = 0; i < size; i++) {
    unsigned n = 0;
    while (word[n] && i + n < size && *CFG(8 + i + n) == (uint8_t)word[n]) n++;
    if (!word[n]) return 1;
  }
  return 0;
}

static void print_string(const char* what, uint8_t sel) {
  const unsigned size = select(sel, 0);
  puts(what);
  puts(" size ");
  put_dec(size);
  puts(" \"");
  for (unsigned i = 0; i < size && *CFG(8 + i); i++) putc((char)*CFG(8 + i));
  puts("\"\n");
}

// The framebuffer's address from its node's name in the device tree (800x600, 4 bytes a pixel).
static volatile uint32_t* find_screen(const uint8_t* dtb) {
  if (!dtb || dtb[0] != 0xd0 || dtb[1] != 0x0d || dtb[2] != 0xfe || dtb[3] != 0xed) return 0;
  const uint32_t size = (uint32_t)dtb[4] << 24 | (uint32_t)dtb[5] << 16 | (uint32_t)dtb[6] << 8 | dtb[7];
  static const char name[] = "framebuffer@";
  for (uint32_t i = 0; i + sizeof name < size; i++) {
    unsigned n = 0;
    while (name[n] && dtb[i + n] == (uint8_t)name[n]) n++;
    if (name[n]) continue;
    uint64_t address = 0;
    for (const uint8_t* p = dtb + i + n;; p++) {
      const unsigned digit = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : 16;
      if (digit == 16) break;
      address = address << 4 | digit;
    }
    return (volatile uint32_t*)address;
  }
  return 0;
}

static void draw_square(volatile uint32_t* screen, unsigned index, uint16_t code) {
  const uint32_t grey = (code * 4u) & 0xff;
  for (unsigned y = 0; y < 20; y++)
    for (unsigned x = 0; x < 20; x++) screen[y * 800 + index * 20 + x] = grey << 16 | grey << 8 | grey;
}

static uint16_t cfg16(unsigned o) { return (uint16_t)(*CFG(8 + o) | *CFG(9 + o) << 8); }

static void post(uint16_t i) {
  const uint16_t idx = avail[1];
  avail[2 + idx % NUM] = i;
  __sync_synchronize();
  avail[1] = idx + 1;
  __sync_synchronize();
  *R(0x050) = 0;  // QueueNotify: the event queue
}

int main(uint64_t hartid, const uint8_t* dtb) {
  (void)hartid;
  volatile uint32_t* screen = find_screen(dtb);
  const char* want = dtb_has(dtb, "pick-tablet") ? "Tablet" : "Keyboard";
  for (unsigned slot = 0; slot < SLOTS && !dev; slot++) {
    const uint64_t base = VIRTIO0 + slot * 0x1000UL;
    volatile uint32_t* r = (volatile uint32_t*)base;
    if (r[0] != 0x74726976 || r[1] != 2 || r[2] != 18) continue;
    dev = base;
    *R(0x070) = 0;
    *R(0x070) = 1 | 2;
    if (!name_has(want)) {
      *R(0x070) = 0;
      dev = 0;
    }
  }
  if (!dev) {
    puts("no virtio-input device\n");
    power_off();
  }
  puts("virtio-input at ");
  put_hex(dev);
  putc('\n');
  *R(0x070) = 0;
  *R(0x070) = 1 | 2;
  print_string("name", ID_NAME);
  print_string("serial", ID_SERIAL);
  const unsigned ids = select(ID_DEVIDS, 0);
  puts("devids size ");
  put_dec(ids);
  if (ids >= 8) {
    puts(" bustype ");
    put_hex(cfg16(0));
    puts(" vendor ");
    put_hex(cfg16(2));
    puts(" product ");
    put_hex(cfg16(4));
    puts(" version ");
    put_hex(cfg16(6));
  }
  putc('\n');
  print_bits("prop_bits", PROP_BITS, 0);
  static const struct {
    const char* name;
    uint8_t type;
  } types[] = {{"ev_syn", 0}, {"ev_key", 1}, {"ev_rel", 2}, {"ev_abs", 3}, {"ev_msc", 4}, {"ev_led", 0x11}, {"ev_rep", 0x14}};
  for (unsigned i = 0; i < sizeof types / sizeof types[0]; i++) print_bits(types[i].name, EV_BITS, types[i].type);
  print_axes();
  puts("unset size ");
  put_dec(select(0, 0));
  putc('\n');

  *R(0x024) = 1;
  *R(0x020) = 1;  // VIRTIO_F_VERSION_1
  *R(0x070) = 1 | 2 | 8;
  if (!(*R(0x070) & 8)) {
    puts("features refused\n");
    power_off();
  }
  *R(0x030) = 0;
  if (*R(0x034) < NUM) {
    puts("event queue too small\n");
    power_off();
  }
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
    table[i] = (struct desc){(uint64_t)&events[i], sizeof events[i], 2 /* WRITE */, 0};
    post(i);
  }
  puts("ready\n");

  uint16_t seen = 0;
  unsigned presses = 0;
  for (;;) {
    const uint16_t used_idx = (uint16_t)(used[0] >> 16);
    while (seen != used_idx) {
      __sync_synchronize();
      const uint32_t id = used[1 + 2 * (seen % NUM)] % NUM, len = used[2 + 2 * (seen % NUM)];
      const struct event e = events[id];
      if (screen && e.type == 1 && e.value == 1 && presses < 40) draw_square(screen, presses++, e.code);
      puts("event type ");
      put_dec(e.type);
      puts(" code ");
      put_dec(e.code);
      puts(" value ");
      if ((int32_t)e.value < 0) {
        putc('-');
        put_dec(-(uint64_t)(int32_t)e.value);
      } else {
        put_dec(e.value);
      }
      puts(" len ");
      put_dec(len);
      putc('\n');
      seen++;
      post((uint16_t)id);
      if (e.type == 1 && (e.code == 16 || e.code == 0x112) && e.value == 0) {  // Q or BTN_MIDDLE released
        puts("bye\n");
        power_off();
      }
    }
  }
}
