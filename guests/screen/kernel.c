// Draws on microvm's screen (--display sdl, --screenshot): finds the "simple-framebuffer" node in
// the device tree the machine passes in a1, as Linux's simplefb does, fills the four quarters red,
// green, blue and white with a black square in the middle, says where the screen is, and powers off.
// tests/e2e/test_screen.py checks the picture --screenshot saves, pixel by pixel count.
#include <stdint.h>

#include "../common/uart.h"

#define SYSCON 0x100000UL

static void power_off(void) {
  *(volatile uint32_t*)SYSCON = 0x5555;
  for (;;) {
  }
}

// The device tree is big-endian.
static uint32_t be32(const void* p) {
  const uint8_t* b = p;
  return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static int same(const char* a, const char* b) {
  while (*a && *a == *b) a++, b++;
  return *a == *b;
}

struct screen {
  uint64_t base;
  uint32_t width, height, stride;
};

// Walks the structure block; a node's properties come before its children, so a node whose
// compatible matched is complete when its first child or its end comes.
static int find_screen(const uint8_t* fdt, struct screen* out) {
  if (be32(fdt) != 0xd00dfeed) return 0;
  const uint8_t* p = fdt + be32(fdt + 8);
  const char* strings = (const char*)fdt + be32(fdt + 12);
  struct screen s = {0, 0, 0, 0};
  int matched = 0;
  for (;;) {
    const uint32_t token = be32(p);
    p += 4;
    if (token == 1 || token == 2) {  // begin node, end node
      if (matched) {
        *out = s;
        return 1;
      }
      s = (struct screen){0, 0, 0, 0};
      if (token == 1) {
        while (*p) p++;
        p = (const uint8_t*)(((uintptr_t)p + 4) & ~(uintptr_t)3);
      }
    } else if (token == 3) {  // property: length, name offset, value
      const uint32_t len = be32(p), name = be32(p + 4);
      const uint8_t* value = p + 8;
      const char* n = strings + name;
      if (same(n, "compatible") && same((const char*)value, "simple-framebuffer")) matched = 1;
      if (same(n, "reg") && len >= 8) s.base = (uint64_t)be32(value) << 32 | be32(value + 4);
      if (same(n, "width")) s.width = be32(value);
      if (same(n, "height")) s.height = be32(value);
      if (same(n, "stride")) s.stride = be32(value);
      p = (const uint8_t*)(((uintptr_t)value + len + 3) & ~(uintptr_t)3);
    } else if (token == 9) {  // end
      return 0;
    }
  }
}

void main(unsigned long hartid, const uint8_t* fdt) {
  (void)hartid;
  struct screen s;
  if (!find_screen(fdt, &s)) {
    puts("no screen in the device tree\n");
    power_off();
  }
  puts("screen at ");
  put_hex(s.base);
  puts(", ");
  put_dec(s.width);
  puts("x");
  put_dec(s.height);
  puts(", stride ");
  put_dec(s.stride);
  puts("\n");
  for (uint32_t y = 0; y < s.height; ++y) {
    volatile uint32_t* row = (volatile uint32_t*)(s.base + (uint64_t)y * s.stride);
    for (uint32_t x = 0; x < s.width; ++x) {
      const int right = x >= s.width / 2, bottom = y >= s.height / 2;
      uint32_t color = bottom ? (right ? 0xFFFFFF : 0x0000FF) : (right ? 0x00FF00 : 0xFF0000);
      if (x + 50 >= s.width / 2 && x < s.width / 2 + 50 && y + 50 >= s.height / 2 && y < s.height / 2 + 50)
        color = 0;
      row[x] = 0xFF000000 | color;
    }
  }
  puts("drawn\n");
  power_off();
}
