#include <stdint.h>

#define UART0 0x10000000UL
#define SYSCON 0x100000UL

static void uart_putc(char c) {
  volatile uint8_t* uart = (volatile uint8_t*)UART0;
  while (!(uart[5] & 0x20)) {
  }
  uart[0] = (uint8_t)c;
}

static void uart_puts(const char* s) {
  while (*s) uart_putc(*s++);
}

static void uart_putu(uint64_t v, unsigned base) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  if (base == 16) uart_puts("0x");
  while (n) uart_putc(digits[--n]);
}

// ---- reading the device tree ----
// A flattened device tree is a header, then a stream of big-endian 32-bit tokens: BEGIN_NODE
// (followed by the node's name), PROP (length, name offset, value), END_NODE, END. Property
// names live in a separate strings block. Everything is padded to 4 bytes.
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_END 9

static uint32_t be32(const uint8_t* p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int equal(const char* a, const char* b) {
  while (*a && *a == *b) a++, b++;
  return *a == *b;
}

static const uint8_t* align4(const uint8_t* p) { return (const uint8_t*)(((uintptr_t)p + 3) & ~(uintptr_t)3); }

struct screen {
  uint64_t base;
  uint32_t width, height, stride;
};

// Finds the node whose compatible is "simple-framebuffer". Its properties come before any child
// node, so it is complete at the next BEGIN_NODE or END_NODE.
static int find_screen(const uint8_t* fdt, struct screen* s) {
  if (be32(fdt) != 0xd00dfeed) return 0;  // the magic number
  const uint8_t* p = fdt + be32(fdt + 8);  // the structure block
  const char* names = (const char*)fdt + be32(fdt + 12);  // the strings block
  int found = 0;
  for (;;) {
    uint32_t token = be32(p);
    p += 4;
    if (token == FDT_BEGIN_NODE || token == FDT_END_NODE) {
      if (found) return 1;
      if (token == FDT_BEGIN_NODE) {
        while (*p) p++;  // the node's name
        p = align4(p + 1);
      }
    } else if (token == FDT_PROP) {
      uint32_t len = be32(p);
      const char* name = names + be32(p + 4);
      const uint8_t* value = p + 8;
      if (equal(name, "compatible") && equal((const char*)value, "simple-framebuffer")) found = 1;
      if (equal(name, "reg")) s->base = (uint64_t)be32(value) << 32 | be32(value + 4);
      if (equal(name, "width")) s->width = be32(value);
      if (equal(name, "height")) s->height = be32(value);
      if (equal(name, "stride")) s->stride = be32(value);
      p = align4(value + len);
    } else if (token == FDT_END) {
      return 0;
    }
  }
}

// ---- drawing ----
static struct screen screen;

static void pixel(uint32_t x, uint32_t y, uint32_t rgb) {
  volatile uint32_t* row = (volatile uint32_t*)(screen.base + (uint64_t)y * screen.stride);
  row[x] = 0xff000000 | rgb;  // a8r8g8b8: alpha, red, green, blue
}

void kmain(uint64_t hartid, const uint8_t* fdt) {
  (void)hartid;
  if (!find_screen(fdt, &screen)) {
    uart_puts("no screen: run me with --display sdl or --screenshot FILE.png\n");
    *(volatile uint32_t*)SYSCON = 0x5555;
  }
  uart_puts("screen: ");
  uart_putu(screen.width, 10);
  uart_puts("x");
  uart_putu(screen.height, 10);
  uart_puts(" at ");
  uart_putu(screen.base, 16);
  uart_puts(", ");
  uart_putu(screen.stride, 10);
  uart_puts(" bytes per row\n");

  uint32_t w = screen.width, h = screen.height;
  for (uint32_t y = 0; y < h; y++) {
    for (uint32_t x = 0; x < w; x++) {
      uint32_t red = x * 255 / w, green = y * 255 / h, blue = 128;
      int dx = (int)x - (int)w / 2, dy = (int)y - (int)h / 2;
      if (dx * dx + dy * dy < 150 * 150) red = green = blue = 255;      // a white disc
      if (x < 10 || y < 10 || x >= w - 10 || y >= h - 10) red = green = blue = 0;  // a border
      pixel(x, y, red << 16 | green << 8 | blue);
    }
  }
  uart_puts("drew a frame\n");
  *(volatile uint32_t*)SYSCON = 0x5555;  // power off, success
}
