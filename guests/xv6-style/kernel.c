// A kernel whose UART and virtio-disk drivers work the way xv6-riscv's do (kernel/uart.c and
// kernel/virtio_disk.c as of 2020-2024, written afresh here), for qemu -M virt -bios none with
// virtio-mmio.force-legacy=false as xv6's Makefile runs it. What matters is what xv6 does and
// does not do:
// - UART: THR and RX interrupts enabled at init; kernel printf polls LSR; "user" output goes
//   through a ring buffer drained by uartstart() from the interrupt; uartintr() reads LSR and
//   RHR only, never IIR, so the THRE interrupt stays asserted after the buffer drains.
// - virtio-blk: features negotiated from the low word alone (FEATURES_SEL never written, so
//   VIRTIO_F_VERSION_1 is never acknowledged), FEATURES_OK checked, a modern queue of 8, three
//   descriptors per request, interrupts acknowledged with INTERRUPT_STATUS & 3.
// It reads sector 0, writes and reads back sector 1, then echoes console lines until "poweroff".
#include <stdint.h>

#include "../teaching-kernel/virtio.h"

#define UART0 0x10000000UL
#define UART0_IRQ 10
#define PLIC 0x0c000000UL
#define PLIC_PRIORITY(irq) (PLIC + 4 * (irq))
#define PLIC_SENABLE(hart) (PLIC + 0x2080 + 0x100 * (hart))
#define PLIC_SPRIORITY(hart) (PLIC + 0x201000 + 0x2000 * (hart))
#define PLIC_SCLAIM(hart) (PLIC + 0x201004 + 0x2000 * (hart))
#define TEST_DEVICE 0x100000UL

#define Reg(reg) ((volatile unsigned char*)(UART0 + (reg)))
#define RHR 0
#define THR 0
#define IER 1
#define IER_RX_ENABLE (1 << 0)
#define IER_TX_ENABLE (1 << 1)
#define FCR 2
#define FCR_FIFO_ENABLE (1 << 0)
#define FCR_FIFO_CLEAR (3 << 1)
#define LCR 3
#define LCR_EIGHT_BITS (3 << 0)
#define LCR_BAUD_LATCH (1 << 7)
#define LSR 5
#define LSR_RX_READY (1 << 0)
#define LSR_TX_IDLE (1 << 5)
#define ReadReg(reg) (*(Reg(reg)))
#define WriteReg(reg, v) (*(Reg(reg)) = (v))

// A storm is an interrupt that never stops: far more UART interrupts than bytes moved.
#define STORM_LIMIT 200000

static volatile unsigned long uart_interrupts, disk_interrupts;

static void power_off(unsigned code) {
  *(volatile uint32_t*)TEST_DEVICE = code ? (code << 16) | 0x3333 : 0x5555;
  for (;;) __asm__ volatile("wfi");
}

static void intr_on(void) { __asm__ volatile("csrs sstatus, 2"); }
static void intr_off(void) { __asm__ volatile("csrc sstatus, 2"); }
// xv6's push_off/pop_off, for one level.
static uint64_t push_off(void) {
  uint64_t old;
  __asm__ volatile("csrrci %0, sstatus, 2" : "=r"(old));
  return old & 2;
}
static void pop_off(uint64_t old) {
  if (old) intr_on();
}

// --- uart.c ---

#define UART_TX_BUF_SIZE 32
static char uart_tx_buf[UART_TX_BUF_SIZE];
static volatile uint64_t uart_tx_w, uart_tx_r;

static void uartinit(void) {
  WriteReg(IER, 0x00);
  WriteReg(LCR, LCR_BAUD_LATCH);
  WriteReg(0, 0x03);
  WriteReg(1, 0x00);
  WriteReg(LCR, LCR_EIGHT_BITS);
  WriteReg(FCR, FCR_FIFO_ENABLE | FCR_FIFO_CLEAR);
  WriteReg(IER, IER_TX_ENABLE | IER_RX_ENABLE);
}

// The kernel's printf: polls, interrupts off (xv6's uartputc_sync).
static void uartputc_sync(int c) {
  const uint64_t old = push_off();
  while ((ReadReg(LSR) & LSR_TX_IDLE) == 0) {
  }
  WriteReg(THR, c);
  pop_off(old);
}

// Sends what the buffer holds while the UART takes it; called with interrupts off.
static void uartstart(void) {
  for (;;) {
    if (uart_tx_w == uart_tx_r) return;  // buffer empty: no IIR read, THRE stays asserted
    if ((ReadReg(LSR) & LSR_TX_IDLE) == 0) return;
    const int c = uart_tx_buf[uart_tx_r % UART_TX_BUF_SIZE];
    uart_tx_r += 1;
    WriteReg(THR, c);
  }
}

// Buffered output, drained by the interrupt (xv6's uartputc, sleeping replaced by wfi).
static void uartputc(int c) {
  intr_off();
  while (uart_tx_w == uart_tx_r + UART_TX_BUF_SIZE) {
    __asm__ volatile("wfi");
    intr_on();
    intr_off();
  }
  uart_tx_buf[uart_tx_w % UART_TX_BUF_SIZE] = (char)c;
  uart_tx_w += 1;
  uartstart();
  intr_on();
}

static int uartgetc(void) { return (ReadReg(LSR) & 0x01) ? ReadReg(RHR) : -1; }

// xv6's console input buffer: the interrupt appends, the reader takes whole lines.
#define INPUT_BUF_SIZE 128
static char input_buf[INPUT_BUF_SIZE];
static volatile uint64_t input_r, input_w, input_lines;

static void consoleintr(int c) {
  if (c == '\r') c = '\n';
  if (input_w - input_r == INPUT_BUF_SIZE) return;
  input_buf[input_w++ % INPUT_BUF_SIZE] = (char)c;
  if (c == '\n') input_lines++;
}

// Waits for a line and copies it without its newline.
static void consoleread_line(char* out, int size) {
  intr_off();
  while (input_lines == 0) {
    __asm__ volatile("wfi");
    intr_on();
    intr_off();
  }
  int n = 0;
  for (;;) {
    const char c = input_buf[input_r++ % INPUT_BUF_SIZE];
    if (c == '\n') break;
    if (n < size - 1) out[n++] = c;
  }
  out[n] = 0;
  input_lines--;
  intr_on();
}

static void uartintr(void) {
  for (;;) {
    const int c = uartgetc();
    if (c == -1) break;
    consoleintr(c);
  }
  uartstart();
}

// --- printf (kernel, polled) ---

static void print(const char* s) {
  while (*s) uartputc_sync(*s++);
}

static void print_number(uint64_t v, unsigned base) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  while (n) uartputc_sync(digits[--n]);
}

// --- virtio_disk.c ---

#define NUM 8
#define R(r) ((volatile uint32_t*)(VIRTIO0 + (r)))

// xv6 kalloc()s one page each; fixed pages here, so the interrupt handler never sees a ring
// pointer the compiler has not stored yet.
static uint8_t ring_pages[3][4096] __attribute__((aligned(4096)));
#define DESC ((struct virtq_desc*)ring_pages[0])
#define AVAIL ((struct virtq_avail*)ring_pages[1])
#define USED ((struct virtq_used*)ring_pages[2])
static struct {
  char free[NUM];
  uint16_t used_idx;
  struct {
    volatile int done;
    volatile uint8_t status;
  } info[NUM];
  struct virtio_blk_req ops[NUM];
} disk;

static void panic(const char* why) {
  print("panic: ");
  print(why);
  print("\n");
  power_off(3);
}

static void xv6_disk_init(void) {
  uint32_t status = 0;
  if (*R(VIRTIO_MMIO_MAGIC_VALUE) != 0x74726976 || *R(VIRTIO_MMIO_VERSION) != 2 ||
      *R(VIRTIO_MMIO_DEVICE_ID) != 2 || *R(VIRTIO_MMIO_VENDOR_ID) != 0x554d4551) {
    panic("could not find virtio disk");
  }
  *R(VIRTIO_MMIO_STATUS) = status;
  status |= VIRTIO_CONFIG_S_ACKNOWLEDGE;
  *R(VIRTIO_MMIO_STATUS) = status;
  status |= VIRTIO_CONFIG_S_DRIVER;
  *R(VIRTIO_MMIO_STATUS) = status;

  // The low feature word only, as xv6: bit 32 (VERSION_1) is never seen nor acknowledged.
  uint64_t features = *R(VIRTIO_MMIO_DEVICE_FEATURES);
  features &= ~(1 << VIRTIO_BLK_F_RO);
  features &= ~(1 << 7);   // VIRTIO_BLK_F_SCSI
  features &= ~(1 << 11);  // VIRTIO_BLK_F_CONFIG_WCE
  features &= ~(1 << 12);  // VIRTIO_BLK_F_MQ
  features &= ~(1 << 27);  // VIRTIO_F_ANY_LAYOUT
  features &= ~(1 << 29);  // VIRTIO_RING_F_EVENT_IDX
  features &= ~(1 << VIRTIO_F_INDIRECT_DESC);
  *R(VIRTIO_MMIO_DRIVER_FEATURES) = (uint32_t)features;

  status |= VIRTIO_CONFIG_S_FEATURES_OK;
  *R(VIRTIO_MMIO_STATUS) = status;
  status = *R(VIRTIO_MMIO_STATUS);
  if (!(status & VIRTIO_CONFIG_S_FEATURES_OK)) panic("virtio disk FEATURES_OK unset");

  *R(VIRTIO_MMIO_QUEUE_SEL) = 0;
  if (*R(VIRTIO_MMIO_QUEUE_READY)) panic("virtio disk should not be ready");
  const uint32_t max = *R(VIRTIO_MMIO_QUEUE_NUM_MAX);
  if (max == 0) panic("virtio disk has no queue 0");
  if (max < NUM) panic("virtio disk max queue too short");
  *R(VIRTIO_MMIO_QUEUE_NUM) = NUM;
  *R(VIRTIO_MMIO_QUEUE_DESC_LOW) = (uint32_t)(uint64_t)DESC;
  *R(VIRTIO_MMIO_QUEUE_DESC_HIGH) = (uint32_t)((uint64_t)DESC >> 32);
  *R(VIRTIO_MMIO_DRIVER_DESC_LOW) = (uint32_t)(uint64_t)AVAIL;
  *R(VIRTIO_MMIO_DRIVER_DESC_HIGH) = (uint32_t)((uint64_t)AVAIL >> 32);
  *R(VIRTIO_MMIO_DEVICE_DESC_LOW) = (uint32_t)(uint64_t)USED;
  *R(VIRTIO_MMIO_DEVICE_DESC_HIGH) = (uint32_t)((uint64_t)USED >> 32);
  *R(VIRTIO_MMIO_QUEUE_READY) = 0x1;
  for (int i = 0; i < NUM; i++) disk.free[i] = 1;

  status |= VIRTIO_CONFIG_S_DRIVER_OK;
  *R(VIRTIO_MMIO_STATUS) = status;
}

// One request, three descriptors (header, data, status), waited for with wfi.
static int xv6_disk_rw(uint8_t* buf, uint64_t sector, int write) {
  intr_off();
  const int idx[3] = {0, 1, 2};
  for (int i = 0; i < 3; i++) disk.free[idx[i]] = 0;
  struct virtio_blk_req* op = &disk.ops[idx[0]];
  op->type = write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
  op->reserved = 0;
  op->sector = sector;
  DESC[idx[0]] = (struct virtq_desc){(uint64_t)op, sizeof *op, VRING_DESC_F_NEXT, (uint16_t)idx[1]};
  DESC[idx[1]] = (struct virtq_desc){(uint64_t)buf, 512,
                                          (uint16_t)((write ? 0 : VRING_DESC_F_WRITE) | VRING_DESC_F_NEXT),
                                          (uint16_t)idx[2]};
  disk.info[idx[0]].status = 0xff;
  disk.info[idx[0]].done = 0;
  DESC[idx[2]] = (struct virtq_desc){(uint64_t)&disk.info[idx[0]].status, 1, VRING_DESC_F_WRITE, 0};
  AVAIL->ring[AVAIL->idx % NUM] = (uint16_t)idx[0];
  __sync_synchronize();
  AVAIL->idx += 1;
  __sync_synchronize();
  *R(VIRTIO_MMIO_QUEUE_NOTIFY) = 0;
  while (!disk.info[idx[0]].done) {
    __asm__ volatile("wfi");
    intr_on();
    intr_off();
  }
  for (int i = 0; i < 3; i++) disk.free[idx[i]] = 1;
  intr_on();
  return disk.info[idx[0]].status;
}

static void xv6_disk_intr(void) {
  *R(VIRTIO_MMIO_INTERRUPT_ACK) = *R(VIRTIO_MMIO_INTERRUPT_STATUS) & 0x3;
  __sync_synchronize();
  while (disk.used_idx != USED->idx) {
    __sync_synchronize();
    const int id = (int)USED->ring[disk.used_idx % NUM].id;
    disk.info[id].done = 1;
    disk.used_idx += 1;
  }
}

// --- trap.c / plic.c ---

void kmain(void);

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
  __asm__ volatile("csrw pmpcfg0, %0" ::"r"(0xfull));
  __asm__ volatile("mret");
}

void supervisor_trap(void) {
  uint64_t scause;
  __asm__ volatile("csrr %0, scause" : "=r"(scause));
  if (scause != ((1ull << 63) | 9)) {
    uint64_t sepc;
    __asm__ volatile("csrr %0, sepc" : "=r"(sepc));
    print("unexpected trap, scause ");
    print_number(scause, 16);
    print(" sepc ");
    print_number(sepc, 16);
    print("\n");
    power_off(4);
  }
  const uint32_t irq = *(volatile uint32_t*)PLIC_SCLAIM(0);
  if (irq == UART0_IRQ) {
    if (++uart_interrupts == STORM_LIMIT) {
      print("xv6-style: interrupt storm on the UART\n");
      power_off(2);
    }
    uartintr();
  } else if (irq == VIRTIO0_IRQ) {
    disk_interrupts++;
    xv6_disk_intr();
  }
  if (irq) *(volatile uint32_t*)PLIC_SCLAIM(0) = irq;  // completed with THRE still asserted
}

extern char supervisor_vector[];

static int same(const char* a, const char* b) {
  while (*a && *a == *b) a++, b++;
  return *a == *b;
}

void kmain(void) {
  __asm__ volatile("csrw stvec, %0" ::"r"((uint64_t)supervisor_vector));
  uartinit();
  *(volatile uint32_t*)PLIC_PRIORITY(UART0_IRQ) = 1;
  *(volatile uint32_t*)PLIC_PRIORITY(VIRTIO0_IRQ) = 1;
  *(volatile uint32_t*)PLIC_SENABLE(0) = (1u << UART0_IRQ) | (1u << VIRTIO0_IRQ);
  *(volatile uint32_t*)PLIC_SPRIORITY(0) = 0;
  __asm__ volatile("csrs sie, %0" ::"r"(1ull << 9));  // SEIE
  print("\nxv6-style kernel is booting\n\n");
  intr_on();  // from here on, the THRE interrupt uartinit enabled is taken

  xv6_disk_init();
  print("virtio disk: features ok\n");
  static uint8_t sector[512], back[512];
  if (xv6_disk_rw(sector, 0, 0) != VIRTIO_BLK_S_OK) panic("read sector 0");
  print("sector 0: ");
  for (int i = 0; i < 64 && sector[i] && sector[i] != '\n'; i++) uartputc(sector[i]);
  uartputc('\n');
  for (int i = 0; i < 512; i++) sector[i] = (uint8_t)(i * 7 + 1);
  const char* tag = "written by xv6-style\n";
  for (int i = 0; tag[i]; i++) sector[i] = (uint8_t)tag[i];
  if (xv6_disk_rw(sector, 1, 1) != VIRTIO_BLK_S_OK) panic("write sector 1");
  if (xv6_disk_rw(back, 1, 0) != VIRTIO_BLK_S_OK) panic("read sector 1");
  for (int i = 0; i < 512; i++) {
    if (back[i] != sector[i]) panic("sector 1 reads back different");
  }
  print("sector 1: written and read back\n");

  for (;;) {
    const char* prompt = "$ ";
    while (*prompt) uartputc(*prompt++);
    static char line[INPUT_BUF_SIZE];
    consoleread_line(line, sizeof line);
    const char* echo = "echo: ";
    while (*echo) uartputc(*echo++);
    for (int i = 0; line[i]; i++) uartputc(line[i]);
    uartputc('\n');
    if (same(line, "poweroff")) break;
  }
  // Let the interrupt drain the buffer, then report how busy the interrupts were.
  intr_off();
  while (uart_tx_w != uart_tx_r) {
    __asm__ volatile("wfi");
    intr_on();
    intr_off();
  }
  intr_on();
  print("uart interrupts below the storm limit: ");
  print(uart_interrupts < STORM_LIMIT ? "yes" : "no");
  print(", disk interrupts: ");
  print_number(disk_interrupts, 10);
  print("\n");
  power_off(0);
}
