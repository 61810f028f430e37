// A teaching-style kernel for qemu -M virt -bios none: it starts in M-mode, drops to S-mode,
// drives the virtio-blk disk at 0x10001000 with interrupts through the PLIC, reads the "TEACHFS"
// file system the test put on the disk, runs its own tests, and reports through the sifive,test
// device (exit status 0 when every test passed).
//
// TEACHFS: 512-byte sectors. Sector 0: "TEACHFS1", file count, total sectors, first and count
// of the scratch sectors the kernel may write, flags (1: stay up after the tests, so a test can
// kill the emulator under a running guest). Sector 1: 64-byte directory entries (name[40],
// first sector, size, FNV-1a of the contents). File contents follow, each from a sector start.
#include <stdarg.h>
#include <stdint.h>

#include "virtio.h"

#define UART0 0x10000000UL
#define PLIC 0x0c000000UL
#define PLIC_PRIORITY(irq) (PLIC + 4 * (irq))
#define PLIC_SENABLE(hart) (PLIC + 0x2080 + 0x100 * (hart))
#define PLIC_STHRESHOLD(hart) (PLIC + 0x201000 + 0x2000 * (hart))
#define PLIC_SCLAIM(hart) (PLIC + 0x201004 + 0x2000 * (hart))
#define TEST_DEVICE 0x100000UL
#define SECTOR 512

void* memset(void* dst, int c, unsigned long n) {
  uint8_t* d = dst;
  while (n--) *d++ = (uint8_t)c;
  return dst;
}
void* memcpy(void* dst, const void* src, unsigned long n) {
  uint8_t* d = dst;
  const uint8_t* s = src;
  while (n--) *d++ = *s++;
  return dst;
}
static int memcmp(const void* a, const void* b, unsigned long n) {
  const uint8_t *x = a, *y = b;
  for (; n; n--, x++, y++) {
    if (*x != *y) return *x - *y;
  }
  return 0;
}
static int strcmp(const char* a, const char* b) {
  while (*a && *a == *b) a++, b++;
  return (uint8_t)*a - (uint8_t)*b;
}

// --- Console (16550 UART, as QEMU leaves it) ---

static void putc(char c) {
  volatile uint8_t* uart = (volatile uint8_t*)UART0;
  while (!(uart[5] & 0x20)) {
  }
  uart[0] = (uint8_t)c;
}

static void print_number(uint64_t v, unsigned base, int negative) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  if (negative) putc('-');
  while (n) putc(digits[--n]);
}

static void kprintf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      putc(*fmt);
      continue;
    }
    int is_long = 0;
    while (*++fmt == 'l') is_long = 1;
    switch (*fmt) {
      case 'd': {
        const int64_t v = is_long ? va_arg(ap, int64_t) : va_arg(ap, int);
        print_number(v < 0 ? (uint64_t)-v : (uint64_t)v, 10, v < 0);
        break;
      }
      case 'u': print_number(is_long ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, 0); break;
      case 'x': print_number(is_long ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, 0); break;
      case 's': {
        const char* s = va_arg(ap, const char*);
        while (*s) putc(*s++);
        break;
      }
      case 'c': putc((char)va_arg(ap, int)); break;
      default: putc('%'); putc(*fmt); break;
    }
  }
  va_end(ap);
}

static void power_off(unsigned failures) {
  *(volatile uint32_t*)TEST_DEVICE = failures ? (failures << 16) | 0x3333 : 0x5555;
  for (;;) __asm__ volatile("wfi");
}

// --- Traps ---

void kmain(void);

// M-mode: hand every trap and interrupt to S-mode, open physical memory, enter kmain in S-mode.
void machine_start(void) {
  uint64_t mstatus;
  __asm__ volatile("csrr %0, mstatus" : "=r"(mstatus));
  mstatus = (mstatus & ~(3ull << 11)) | (1ull << 11);  // MPP = S
  __asm__ volatile("csrw mstatus, %0" ::"r"(mstatus));
  __asm__ volatile("csrw mepc, %0" ::"r"((uint64_t)kmain));
  __asm__ volatile("csrw satp, zero");
  __asm__ volatile("csrw medeleg, %0" ::"r"(0xffffull));
  __asm__ volatile("csrw mideleg, %0" ::"r"(0xffffull));
  __asm__ volatile("csrw pmpaddr0, %0" ::"r"(0x3fffffffffffffull));
  __asm__ volatile("csrw pmpcfg0, %0" ::"r"(0xfull));  // TOR, RWX: all of memory
  __asm__ volatile("mret");
}

void supervisor_trap(void) {
  uint64_t scause, sepc, stval;
  __asm__ volatile("csrr %0, scause" : "=r"(scause));
  __asm__ volatile("csrr %0, sepc" : "=r"(sepc));
  __asm__ volatile("csrr %0, stval" : "=r"(stval));
  if (scause == ((1ull << 63) | 9)) {  // supervisor external interrupt
    const uint32_t irq = *(volatile uint32_t*)PLIC_SCLAIM(0);
    if (irq == VIRTIO0_IRQ) virtio_disk_intr();
    if (irq) *(volatile uint32_t*)PLIC_SCLAIM(0) = irq;
    return;
  }
  kprintf("teaching-kernel: unexpected trap scause=%lx sepc=%lx stval=%lx\n", scause, sepc, stval);
  power_off(100);
}

// --- The file system ---

struct superblock {
  char magic[8];
  uint32_t nfiles, total_sectors, scratch_start, scratch_sectors, flags;
};
struct dirent {
  char name[40];
  uint32_t start, size, fnv, pad[3];
};

static struct superblock sb;
static struct dirent dir[SECTOR / sizeof(struct dirent)];

static uint32_t fnv1a(const uint8_t* p, uint64_t n, uint32_t h) {
  while (n--) h = (h ^ *p++) * 16777619u;
  return h;
}

static const struct dirent* lookup(const char* name) {
  for (uint32_t i = 0; i < sb.nfiles && i < sizeof dir / sizeof dir[0]; i++) {
    if (strcmp(dir[i].name, name) == 0) return &dir[i];
  }
  return 0;
}

// --- Tests ---

static unsigned passed, failed;

static void check(int ok, const char* name, const char* detail) {
  if (ok) {
    passed++;
    kprintf("test %s: ok\n", name);
  } else {
    failed++;
    kprintf("test %s: FAILED %s\n", name, detail);
  }
}

static uint8_t big[256 * 1024];   // big.bin, read in 32 KiB requests
static uint8_t scattered[64][SECTOR];
static uint8_t buffer[8 * SECTOR];

static void test_big_file(void) {
  const struct dirent* f = lookup("big.bin");
  if (!f || f->size > sizeof big) {
    check(0, "big-file", "no big.bin");
    return;
  }
  const uint32_t sectors = (f->size + SECTOR - 1) / SECTOR;
  int ok = 1;
  for (uint32_t s = 0; s < sectors && ok; s += 64) {
    const uint32_t n = sectors - s < 64 ? sectors - s : 64;
    ok = virtio_disk_rw(VIRTIO_BLK_T_IN, f->start + s, big + s * SECTOR, n * SECTOR) == VIRTIO_BLK_S_OK;
  }
  check(ok && fnv1a(big, f->size, 2166136261u) == f->fnv, "big-file", "checksum differs");
  kprintf("big.bin: %u bytes, fnv1a %x\n", f->size, fnv1a(big, f->size, 2166136261u));
}

// One request whose data is `nseg` separate 512-byte buffers (direct chain or indirect table).
static void test_scattered(const char* name, int nseg, int indirect) {
  const struct dirent* f = lookup("big.bin");
  struct segment segs[64];
  memset(scattered, 0, sizeof scattered);
  for (int i = 0; i < nseg; i++) segs[i] = (struct segment){scattered[(i * 7) % 64], SECTOR};
  const int slot = virtio_disk_submit(VIRTIO_BLK_T_IN, f->start + 3, segs, nseg, indirect);
  int ok = slot >= 0 && virtio_disk_wait(slot) == VIRTIO_BLK_S_OK;
  for (int i = 0; ok && i < nseg; i++) ok = memcmp(scattered[(i * 7) % 64], big + (3 + i) * SECTOR, SECTOR) == 0;
  check(ok, name, "data differs");
}

// Segments whose sizes are not sector multiples (only their sum is).
static void test_uneven_segments(void) {
  const struct dirent* f = lookup("big.bin");
  static uint8_t a[1], b[511], c[1000], d[2584];
  struct segment segs[4] = {{a, 1}, {b, 511}, {c, 1000}, {d, 2584}};
  const int slot = virtio_disk_submit(VIRTIO_BLK_T_IN, f->start + 10, segs, 4, 0);
  int ok = slot >= 0 && virtio_disk_wait(slot) == VIRTIO_BLK_S_OK;
  const uint8_t* want = big + 10 * SECTOR;
  ok = ok && memcmp(a, want, 1) == 0 && memcmp(b, want + 1, 511) == 0 && memcmp(c, want + 512, 1000) == 0 &&
       memcmp(d, want + 1512, 2584) == 0;
  check(ok, "uneven-segments", "data differs");
}

// Four requests in flight at once, waited for in reverse order.
static void test_parallel(void) {
  const struct dirent* f = lookup("big.bin");
  static uint8_t bufs[4][2 * SECTOR];
  int slots[4];
  for (int i = 0; i < 4; i++) {
    const struct segment seg = {bufs[i], 2 * SECTOR};
    slots[i] = virtio_disk_submit(VIRTIO_BLK_T_IN, f->start + 20 * (uint64_t)i, &seg, 1, 0);
  }
  int ok = 1;
  for (int i = 3; i >= 0; i--) {
    ok = ok && slots[i] >= 0 && virtio_disk_wait(slots[i]) == VIRTIO_BLK_S_OK;
    ok = ok && memcmp(bufs[i], big + 20 * i * SECTOR, 2 * SECTOR) == 0;
  }
  check(ok, "parallel", "a request went missing or read wrong data");
}

static void test_write_flush_readback(void) {
  if (sb.scratch_sectors < 8) {
    check(0, "write", "no scratch sectors");
    return;
  }
  for (int s = 0; s < 8; s++) {
    uint8_t* p = buffer + s * SECTOR;
    for (int i = 0; i < SECTOR; i++) p[i] = (uint8_t)(s * 31 + i);
    const char* tag = "written by teaching-kernel, sector ";
    int n = 0;
    while (tag[n]) p[n] = (uint8_t)tag[n], n++;
    p[n] = (uint8_t)('0' + s);
    p[n + 1] = '\n';
  }
  int ok = virtio_disk_rw(VIRTIO_BLK_T_OUT, sb.scratch_start, buffer, sizeof buffer) == VIRTIO_BLK_S_OK;
  check(ok, "write", "status not OK");
  check(virtio_disk_rw(VIRTIO_BLK_T_FLUSH, 0, 0, 0) == VIRTIO_BLK_S_OK, "flush", "status not OK");
  static uint8_t back[sizeof buffer];
  ok = virtio_disk_rw(VIRTIO_BLK_T_IN, sb.scratch_start, back, sizeof back) == VIRTIO_BLK_S_OK;
  check(ok && memcmp(back, buffer, sizeof back) == 0, "read-back", "data differs");
}

extern char supervisor_vector[];

void kmain(void) {
  __asm__ volatile("csrw stvec, %0" ::"r"((uint64_t)supervisor_vector));
  *(volatile uint32_t*)PLIC_PRIORITY(VIRTIO0_IRQ) = 1;
  *(volatile uint32_t*)PLIC_SENABLE(0) = 1u << VIRTIO0_IRQ;
  *(volatile uint32_t*)PLIC_STHRESHOLD(0) = 0;
  __asm__ volatile("csrs sie, %0" ::"r"(1ull << 9));  // SEIE
  __asm__ volatile("csrs sstatus, 2");                  // SIE
  kprintf("teaching-kernel: booted in S-mode\n");

  const int err = virtio_disk_init();
  check(err == 0, "probe", "no usable virtio-blk disk at 0x10001000");
  if (err) {
    kprintf("virtio_disk_init failed at step %d\n", -err);
    power_off(1);
  }
  kprintf("virtio-mmio version %d, indirect descriptors %s\n", virtio_disk_version(),
          virtio_disk_indirect() ? "on" : "off");

  static uint8_t sector[SECTOR];
  check(virtio_disk_rw(VIRTIO_BLK_T_IN, 0, sector, SECTOR) == VIRTIO_BLK_S_OK, "read-superblock", "status");
  memcpy(&sb, sector, sizeof sb);
  check(memcmp(sb.magic, "TEACHFS1", 8) == 0, "superblock-magic", "not a TEACHFS disk");
  check(virtio_disk_capacity() == sb.total_sectors, "capacity", "config capacity differs from the image");
  kprintf("capacity %lu sectors\n", virtio_disk_capacity());
  check(virtio_disk_rw(VIRTIO_BLK_T_IN, 1, dir, sizeof dir) == VIRTIO_BLK_S_OK, "read-directory", "status");
  kprintf("file system: %u files, %u sectors\n", sb.nfiles, sb.total_sectors);

  const struct dirent* hello = lookup("hello.txt");
  if (hello && hello->size < sizeof buffer) {
    memset(buffer, 0, sizeof buffer);
    const uint32_t bytes = (hello->size + SECTOR - 1) / SECTOR * SECTOR;
    const int ok = virtio_disk_rw(VIRTIO_BLK_T_IN, hello->start, buffer, bytes) == VIRTIO_BLK_S_OK;
    check(ok && fnv1a(buffer, hello->size, 2166136261u) == hello->fnv, "hello", "checksum differs");
    kprintf("hello.txt says: %s", (const char*)buffer);
  } else {
    check(0, "hello", "no hello.txt");
  }

  test_big_file();
  test_scattered("direct-chain", 6, 0);
  if (virtio_disk_indirect()) test_scattered("indirect-table", 48, 1);
  test_uneven_segments();
  test_parallel();
  test_write_flush_readback();

  check(virtio_disk_rw(VIRTIO_BLK_T_IN, virtio_disk_capacity(), sector, SECTOR) == VIRTIO_BLK_S_IOERR,
        "out-of-range", "a read past the end did not fail with IOERR");
  static uint8_t id[20];
  check(virtio_disk_rw(VIRTIO_BLK_T_GET_ID, 0, id, sizeof id) == VIRTIO_BLK_S_OK, "get-id", "status");
  check(virtio_disk_rw(99, 0, sector, SECTOR) == VIRTIO_BLK_S_UNSUPP, "unsupported", "type 99 was not UNSUPP");

  kprintf("teaching-kernel: %u passed, %u failed\n", passed, failed);
  if (sb.flags & 1) {
    kprintf("teaching-kernel: staying up\n");
    for (;;) __asm__ volatile("wfi");
  }
  power_off(failed);
}
