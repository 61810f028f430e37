// A hostile guest: it does what a broken or malicious kernel might, and checks that the machine
// survives each attack and still works afterwards. tests/e2e/test_hostile_guest.py runs it.
//   dma     virtio-blk requests whose descriptors point outside RAM, at MMIO, loop, chain past the
//           queue size, nest indirect tables or overlap the rings; each must break only that queue
//           (DEVICE_NEEDS_RESET), and after a reset a good request must read the disk correctly
//   mmio    every device register read and written at widths 1, 2, 4 and 8 and every alignment
//   atomics every hart (up to 16) hammers one word with LR/SC and AMOs: nothing may be lost
//   smc     every hart rewrites and runs its own code, while hart 0 rewrites code the others run
//   storm   a hart interrupts itself through the CLINT as fast as it can
#include <stdint.h>

#include "../common/uart.h"

#include "../teaching-kernel/virtio.h"

#define SYSCON 0x100000UL
#define CLINT 0x2000000UL
#define MAX_HARTS 16

// ---- console ----------------------------------------------------------------------------------
static void power_off(uint32_t code) {
  *(volatile uint32_t*)SYSCON = code ? (code << 16) | 0x3333 : 0x5555;
  for (;;) {
  }
}
static void check(int ok, const char* what) {
  if (ok) return;
  puts("hostile: FAILED: ");
  puts(what);
  puts("\n");
  power_off(1);
}

// ---- traps: faulting accesses are skipped, software interrupts counted ------------------------
static volatile uint64_t faults, soft_interrupts;

__attribute__((interrupt("machine"), aligned(4))) static void trap(void) {
  uint64_t cause, epc;
  asm volatile("csrr %0, mcause; csrr %1, mepc" : "=r"(cause), "=r"(epc));
  if (cause == (1ull << 63 | 3)) {  // machine software interrupt: acknowledge it
    uint64_t hart;
    asm volatile("csrr %0, mhartid" : "=r"(hart));
    ((volatile uint32_t*)CLINT)[hart] = 0;
    __atomic_fetch_add(&soft_interrupts, 1, __ATOMIC_RELAXED);
    return;
  }
  if (cause >= 4 && cause <= 7) {  // misaligned or faulting load/store: skip it
    __atomic_fetch_add(&faults, 1, __ATOMIC_RELAXED);
    const uint16_t low = *(volatile uint16_t*)epc;
    epc += (low & 3) == 3 ? 4 : 2;
    asm volatile("csrw mepc, %0" ::"r"(epc));
    return;
  }
  puts("hostile: FAILED: unexpected trap, mcause ");
  put_dec(cause);
  puts("\n");
  power_off(2);
}

// ---- dma --------------------------------------------------------------------------------------
#define QSIZE 8
// The descriptor table, in a whole sector so that a request may read the disk over it.
static union {
  struct virtq_desc d[QSIZE];
  uint8_t sector[512];
} table __attribute__((aligned(16)));
#define desc table.d
static struct {
  uint16_t flags, idx, ring[QSIZE], used_event;
} avail __attribute__((aligned(2)));
static struct {
  uint16_t flags, idx;
  struct virtq_used_elem ring[QSIZE];
  uint16_t avail_event;
} used __attribute__((aligned(4)));
static struct virtq_desc indirect[4096] __attribute__((aligned(16)));
static struct {
  uint32_t type, reserved;
  uint64_t sector;
} header;
static uint8_t data[512];
static volatile uint8_t status;

static volatile uint32_t* blk(void) { return (volatile uint32_t*)VIRTIO0; }
static uint32_t reg(unsigned off) { return blk()[off / 4]; }
static void set_reg(unsigned off, uint32_t v) { blk()[off / 4] = v; }

static void blk_init(void) {
  set_reg(VIRTIO_MMIO_STATUS, 0);
  set_reg(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
  set_reg(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
  set_reg(VIRTIO_MMIO_DRIVER_FEATURES, 1u << VIRTIO_F_INDIRECT_DESC);
  set_reg(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
  set_reg(VIRTIO_MMIO_DRIVER_FEATURES, 1);  // VERSION_1
  set_reg(VIRTIO_MMIO_STATUS, reg(VIRTIO_MMIO_STATUS) | VIRTIO_CONFIG_S_FEATURES_OK);
  check(reg(VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK, "virtio-blk refused its features");
  set_reg(VIRTIO_MMIO_QUEUE_SEL, 0);
  set_reg(VIRTIO_MMIO_QUEUE_NUM, QSIZE);
  set_reg(VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)(uintptr_t)desc);
  set_reg(VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)((uintptr_t)desc >> 32));
  set_reg(VIRTIO_MMIO_DRIVER_DESC_LOW, (uint32_t)(uintptr_t)&avail);
  set_reg(VIRTIO_MMIO_DRIVER_DESC_HIGH, (uint32_t)((uintptr_t)&avail >> 32));
  set_reg(VIRTIO_MMIO_DEVICE_DESC_LOW, (uint32_t)(uintptr_t)&used);
  set_reg(VIRTIO_MMIO_DEVICE_DESC_HIGH, (uint32_t)((uintptr_t)&used >> 32));
  set_reg(VIRTIO_MMIO_QUEUE_READY, 1);
  set_reg(VIRTIO_MMIO_STATUS, reg(VIRTIO_MMIO_STATUS) | VIRTIO_CONFIG_S_DRIVER_OK);
  avail.idx = 0;
  used.idx = 0;
}

// A good read of sector `sector` as a three-descriptor chain.
static void good_chain(uint64_t sector) {
  header.type = VIRTIO_BLK_T_IN;
  header.sector = sector;
  desc[0] = (struct virtq_desc){(uintptr_t)&header, 16, VRING_DESC_F_NEXT, 1};
  desc[1] = (struct virtq_desc){(uintptr_t)data, 512, VRING_DESC_F_NEXT | VRING_DESC_F_WRITE, 2};
  desc[2] = (struct virtq_desc){(uintptr_t)&status, 1, VRING_DESC_F_WRITE, 0};
}

// Publishes head 0, notifies, and waits for the device to use it or to give up on the queue.
// Returns 1 when it completed, 0 when the device needs a reset.
static int submit(void) {
  status = 0xFF;
  const uint16_t before = used.idx;
  avail.ring[avail.idx % QSIZE] = 0;
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  avail.idx++;
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  set_reg(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
  for (;;) {
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (*(volatile uint16_t*)&used.idx != before) return 1;
    if (reg(VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET) return 0;
  }
}

static void attack(const char* name, int expect_completion) {
  const int completed = submit();
  puts("hostile: dma ");
  puts(name);
  puts(completed ? ": completed, status " : ": device needs reset");
  if (completed) put_dec(status);
  puts("\n");
#ifdef SURVEY  // report what happens without judging it (to compare with QEMU)
  (void)expect_completion;
#else
  check(completed == expect_completion, name);
#endif
  blk_init();
}

static void dma(void) {
  blk_init();
  good_chain(0);
  desc[1].addr = 0x100000000ull;  // far outside RAM
  attack("outside-ram", 0);
  good_chain(0);
  desc[1].addr = UART0;  // a device's registers
  attack("at-mmio", 0);
  good_chain(0);
  desc[1].addr = 0x80000000ull + 128ull * 1024 * 1024 - 256;  // straddles RAM's end
  attack("past-ram-end", 0);
  good_chain(0);
  desc[2].flags |= VRING_DESC_F_NEXT;
  desc[2].next = 1;  // back to the data buffer: a loop
  attack("loop", 0);
  good_chain(0);
  desc[1].next = 9;  // past the table
  attack("next-outside-table", 0);
  // An indirect table of 4096 entries that loops on itself.
  for (unsigned i = 0; i < 4096; ++i) indirect[i] = (struct virtq_desc){(uintptr_t)data, 1, VRING_DESC_F_NEXT, (uint16_t)((i + 1) % 4096)};
  desc[0] = (struct virtq_desc){(uintptr_t)indirect, sizeof indirect, VRING_DESC_F_INDIRECT, 0};
  attack("indirect-loop", 0);
  // Indirect inside indirect.
  indirect[0] = (struct virtq_desc){(uintptr_t)indirect, 64, VRING_DESC_F_INDIRECT, 0};
  desc[0] = (struct virtq_desc){(uintptr_t)indirect, 64, VRING_DESC_F_INDIRECT, 0};
  attack("nested-indirect", 0);
  // The device reads the sector over the descriptor table itself: allowed, and harmless to the
  // host (the chain was read before the data went there).
  good_chain(0);
  desc[1].addr = (uintptr_t)table.sector;
  attack("overlaps-rings", 1);
  check(table.sector[0] == 'M' && table.sector[511] == 0x5A, "the sector read over the ring");
  // After all that, a good request reads the disk's first sector.
  good_chain(0);
  check(submit() && status == VIRTIO_BLK_S_OK, "a good request after the attacks");
  check(data[0] == 'M' && data[1] == 'V' && data[511] == 0x5A, "the sector's content");
  puts("hostile: dma survived\n");
}

// ---- mmio -------------------------------------------------------------------------------------
static uint64_t accesses;

static void hammer(uint64_t base, unsigned span, int write) {
  for (unsigned off = 0; off < span; ++off) {
    volatile uint8_t* p = (volatile uint8_t*)(base + off);
    (void)*p;
    (void)*(volatile uint16_t*)p;
    (void)*(volatile uint32_t*)p;
    (void)*(volatile uint64_t*)p;
    accesses += 4;
    if (write) {
      *p = 0;
      *(volatile uint16_t*)p = 0;
      *(volatile uint32_t*)p = 0;
      *(volatile uint64_t*)p = 0;
      accesses += 4;
    }
  }
}

static void mmio(void) {
  hammer(0x1000, 0x40, 1);         // boot ROM (writes are ignored or fault)
  hammer(0x101000, 0x40, 1);       // RTC
  hammer(CLINT, 0x10, 1);          // msip
  hammer(CLINT + 0x4000, 0x40, 1); // mtimecmp
  hammer(CLINT + 0xBFF8, 0x8, 0);  // mtime: read only, so the machine's clock stays sane
  hammer(0xC000000, 0x80, 1);      // PLIC priorities
  hammer(0xC002000, 0x80, 1);      // PLIC enables
  hammer(0xC200000, 0x10, 1);      // PLIC threshold and claim
  // Empty slots, the network card, and the entropy source with their config space; the console
  // without it (a write there is an emergency write: it would print).
  for (unsigned slot = 1; slot < 8; ++slot) hammer(VIRTIO0 + slot * 0x1000, slot == 6 ? 0x100 : 0x120, 1);
  hammer(UART0 + 1, 7, 0);          // UART: reads (writes would change how it talks)
  hammer(0x3000000, 0x40, 1);       // nothing there
  hammer(0x100000, 0x8, 0);         // the test device: reads only (a write powers off)
  puts("hostile: mmio ");
  put_dec(accesses);
  puts(" accesses, survived\n");
}

// ---- atomics, smc and the other harts ---------------------------------------------------------
static volatile uint64_t counter;
static volatile uint32_t go, done;
static unsigned harts;
#define ROUNDS 2000

static void lr_sc_add(volatile uint64_t* p) {
  uint64_t tmp, fail;
  do {
    asm volatile("lr.d %0, (%2)\n addi %0, %0, 1\n sc.d %1, %0, (%2)" : "=&r"(tmp), "=&r"(fail) : "r"(p) : "memory");
  } while (fail);
}

// Each hart's own code slot: `li a0, VALUE; ret`, rewritten before each call.
static uint32_t code[MAX_HARTS][4] __attribute__((aligned(64), section(".data")));
// Code every hart runs while hart 0 rewrites it: returns 1 or 2, never anything else.
static uint32_t shared_code[2] __attribute__((aligned(64), section(".data"))) = {0x00100513, 0x00008067};

static uint32_t li_a0(unsigned value) { return (value & 0xFFF) << 20 | 10 << 7 | 0x13; }

static uint64_t call(uint32_t* fn) {
  asm volatile("fence.i" ::: "memory");
  return ((uint64_t(*)(void))(uintptr_t)fn)();
}

static void work(unsigned hart) {
  for (unsigned i = 0; i < ROUNDS; ++i) {
    lr_sc_add(&counter);
    __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
    code[hart][0] = li_a0(i & 0x7FF);
    code[hart][1] = 0x00008067;  // ret
    check(call(code[hart]) == (i & 0x7FF), "a hart's own rewritten code");
    const uint64_t v = call(shared_code);
    check(v == 1 || v == 2, "code rewritten by hart 0");
    if (hart == 0) shared_code[0] = li_a0(1 + (i & 1));
  }
}

void secondary(unsigned hart) {
  asm volatile("csrw mtvec, %0" ::"r"((uintptr_t)trap));
  while (!go) {
  }
  work(hart);
  __atomic_fetch_add(&done, 1, __ATOMIC_SEQ_CST);
  for (;;) asm volatile("wfi");
}

static void atomics_and_smc(void) {
  go = 1;
  work(0);
  __atomic_fetch_add(&done, 1, __ATOMIC_SEQ_CST);
  while (done < harts) {
  }
  check(counter == 2ull * ROUNDS * harts, "LR/SC and AMO increments");
  puts("hostile: atomics ");
  put_dec(counter);
  puts(" increments on ");
  put_dec(harts);
  puts(" harts, none lost\n");
  puts("hostile: smc survived\n");
}

// ---- interrupt storm --------------------------------------------------------------------------
static void storm(void) {
  asm volatile("csrs mie, %0" ::"r"(1 << 3));  // MSIE
  asm volatile("csrsi mstatus, 8");            // MIE
  for (unsigned i = 0; i < 20000; ++i) ((volatile uint32_t*)CLINT)[0] = 1;
  asm volatile("csrci mstatus, 8");
  check(soft_interrupts == 20000, "every self-interrupt taken once");
  puts("hostile: storm 20000 interrupts, survived\n");
}

void main(void) {
  asm volatile("csrw mtvec, %0" ::"r"((uintptr_t)trap));
  harts = 0;
  // The device tree is not needed: count the harts by who is running (mhartid < MAX_HARTS wake).
  harts = HARTS;
  dma();
  mmio();
  atomics_and_smc();
  storm();
  puts("hostile: all survived\n");
  power_off(0);
}
