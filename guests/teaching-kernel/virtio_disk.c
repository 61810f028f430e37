// An interrupt-driven virtio-blk driver in the style of teaching kernels: one queue of NUM
// descriptors at the first virtio-mmio slot, either transport version (1: legacy QueuePFN,
// 2: modern), requests of any number of segments as direct chains or indirect tables.
#include "virtio.h"

#define NUM 16        // descriptors in the queue (a power of 2)
#define MAX_SEGS 64   // data segments per request through an indirect table

#define R(r) ((volatile uint32_t*)(VIRTIO0 + (r)))

// The queue, laid out for both transports: the legacy one needs the descriptor table at a
// page, the available ring right after it and the used ring at the next page.
static uint8_t pages[2 * 4096] __attribute__((aligned(4096)));
#define DESC ((struct virtq_desc*)pages)
#define AVAIL ((struct virtq_avail*)(pages + NUM * sizeof(struct virtq_desc)))
#define USED ((struct virtq_used*)(pages + 4096))

static struct {
  char free[NUM];
  uint16_t used_seen;
  int version;
  int indirect;
  struct request {
    struct virtio_blk_req header;
    volatile uint8_t status;
    volatile int done;
    int busy;
    int head;
    struct virtq_desc table[MAX_SEGS + 2] __attribute__((aligned(16)));
  } req[NUM];
} disk;

static int alloc_desc(void) {
  for (int i = 0; i < NUM; i++) {
    if (disk.free[i]) {
      disk.free[i] = 0;
      return i;
    }
  }
  return -1;
}

static void free_chain(int i) {
  for (;;) {
    const int flags = DESC[i].flags, next = DESC[i].next;
    disk.free[i] = 1;
    if (!(flags & VRING_DESC_F_NEXT)) break;
    i = next;
  }
}

int virtio_disk_version(void) { return disk.version; }
int virtio_disk_indirect(void) { return disk.indirect; }
uint64_t virtio_disk_capacity(void) {
  return *(volatile uint32_t*)(VIRTIO0 + VIRTIO_MMIO_CONFIG) |
         (uint64_t)(*(volatile uint32_t*)(VIRTIO0 + VIRTIO_MMIO_CONFIG + 4)) << 32;
}

int virtio_disk_init(void) {
  if (*R(VIRTIO_MMIO_MAGIC_VALUE) != 0x74726976 || *R(VIRTIO_MMIO_DEVICE_ID) != 2 ||
      *R(VIRTIO_MMIO_VENDOR_ID) != 0x554d4551) {
    return -1;
  }
  disk.version = (int)*R(VIRTIO_MMIO_VERSION);
  if (disk.version != 1 && disk.version != 2) return -2;

  uint32_t status = 0;
  *R(VIRTIO_MMIO_STATUS) = status;  // reset
  status |= VIRTIO_CONFIG_S_ACKNOWLEDGE;
  *R(VIRTIO_MMIO_STATUS) = status;
  status |= VIRTIO_CONFIG_S_DRIVER;
  *R(VIRTIO_MMIO_STATUS) = status;

  *R(VIRTIO_MMIO_DEVICE_FEATURES_SEL) = 0;
  const uint32_t offered = *R(VIRTIO_MMIO_DEVICE_FEATURES);
  const uint32_t wanted = offered & (1u << VIRTIO_F_INDIRECT_DESC);
  disk.indirect = wanted != 0;
  *R(VIRTIO_MMIO_DRIVER_FEATURES_SEL) = 0;
  *R(VIRTIO_MMIO_DRIVER_FEATURES) = wanted;
  if (disk.version == 2) {
    *R(VIRTIO_MMIO_DEVICE_FEATURES_SEL) = 1;
    if (!(*R(VIRTIO_MMIO_DEVICE_FEATURES) & 1)) return -3;  // VIRTIO_F_VERSION_1
    *R(VIRTIO_MMIO_DRIVER_FEATURES_SEL) = 1;
    *R(VIRTIO_MMIO_DRIVER_FEATURES) = 1;
    status |= VIRTIO_CONFIG_S_FEATURES_OK;
    *R(VIRTIO_MMIO_STATUS) = status;
    if (!(*R(VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK)) return -4;
  } else {
    *R(VIRTIO_MMIO_GUEST_PAGE_SIZE) = 4096;
  }

  *R(VIRTIO_MMIO_QUEUE_SEL) = 0;
  if (disk.version == 2 && *R(VIRTIO_MMIO_QUEUE_READY)) return -5;
  const uint32_t max = *R(VIRTIO_MMIO_QUEUE_NUM_MAX);
  if (max < NUM) return -6;
  *R(VIRTIO_MMIO_QUEUE_NUM) = NUM;
  if (disk.version == 2) {
    const uint64_t desc = (uint64_t)DESC, avail = (uint64_t)AVAIL, used = (uint64_t)USED;
    *R(VIRTIO_MMIO_QUEUE_DESC_LOW) = (uint32_t)desc;
    *R(VIRTIO_MMIO_QUEUE_DESC_HIGH) = (uint32_t)(desc >> 32);
    *R(VIRTIO_MMIO_DRIVER_DESC_LOW) = (uint32_t)avail;
    *R(VIRTIO_MMIO_DRIVER_DESC_HIGH) = (uint32_t)(avail >> 32);
    *R(VIRTIO_MMIO_DEVICE_DESC_LOW) = (uint32_t)used;
    *R(VIRTIO_MMIO_DEVICE_DESC_HIGH) = (uint32_t)(used >> 32);
    *R(VIRTIO_MMIO_QUEUE_READY) = 1;
  } else {
    *R(VIRTIO_MMIO_QUEUE_ALIGN) = 4096;
    *R(VIRTIO_MMIO_QUEUE_PFN) = (uint32_t)((uint64_t)pages >> 12);
  }
  for (int i = 0; i < NUM; i++) disk.free[i] = 1;

  status |= VIRTIO_CONFIG_S_DRIVER_OK;
  *R(VIRTIO_MMIO_STATUS) = status;
  return 0;
}

static void fill(struct virtq_desc* d, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next) {
  d->addr = addr;
  d->len = len;
  d->flags = flags;
  d->next = next;
}

int virtio_disk_submit(uint32_t type, uint64_t sector, const struct segment* data, int nseg, int indirect) {
  const int device_writes = type == VIRTIO_BLK_T_IN || type == VIRTIO_BLK_T_GET_ID;
  const uint16_t data_flags = device_writes ? VRING_DESC_F_WRITE : 0;
  if (indirect && nseg > MAX_SEGS) return -1;
  int head = alloc_desc();
  if (head < 0) return -1;
  struct request* r = &disk.req[head];
  r->header.type = type;
  r->header.reserved = 0;
  r->header.sector = sector;
  r->status = 0xff;
  r->done = 0;
  r->busy = 1;
  r->head = head;

  if (indirect) {
    struct virtq_desc* t = r->table;
    fill(&t[0], (uint64_t)&r->header, sizeof r->header, VRING_DESC_F_NEXT, 1);
    for (int i = 0; i < nseg; i++) {
      fill(&t[1 + i], (uint64_t)data[i].addr, data[i].len, data_flags | VRING_DESC_F_NEXT, (uint16_t)(2 + i));
    }
    fill(&t[1 + nseg], (uint64_t)&r->status, 1, VRING_DESC_F_WRITE, 0);
    fill(&DESC[head], (uint64_t)t, (uint32_t)((nseg + 2) * sizeof *t), VRING_DESC_F_INDIRECT, 0);
  } else {
    int prev = head;
    fill(&DESC[head], (uint64_t)&r->header, sizeof r->header, VRING_DESC_F_NEXT, 0);
    for (int i = 0; i <= nseg; i++) {
      const int d = alloc_desc();
      if (d < 0) {
        free_chain(head);
        return -1;
      }
      DESC[prev].next = (uint16_t)d;
      if (i < nseg) {
        fill(&DESC[d], (uint64_t)data[i].addr, data[i].len, data_flags | VRING_DESC_F_NEXT, 0);
      } else {
        fill(&DESC[d], (uint64_t)&r->status, 1, VRING_DESC_F_WRITE, 0);
      }
      prev = d;
    }
  }

  AVAIL->ring[AVAIL->idx % NUM] = (uint16_t)head;
  __sync_synchronize();  // the ring entry before the index
  AVAIL->idx += 1;
  __sync_synchronize();
  *R(VIRTIO_MMIO_QUEUE_NOTIFY) = 0;
  return head;
}

// The PLIC said the disk interrupted: collect finished requests.
void virtio_disk_intr(void) {
  *R(VIRTIO_MMIO_INTERRUPT_ACK) = *R(VIRTIO_MMIO_INTERRUPT_STATUS) & 3;
  __sync_synchronize();
  while (disk.used_seen != USED->idx) {
    __sync_synchronize();
    const int id = (int)USED->ring[disk.used_seen % NUM].id;
    disk.req[id].done = 1;
    disk.used_seen++;
  }
}

static inline uint64_t csr_read_sstatus(void) {
  uint64_t v;
  __asm__ volatile("csrr %0, sstatus" : "=r"(v));
  return v;
}

int virtio_disk_wait(int slot) {
  struct request* r = &disk.req[slot];
  for (;;) {
    // Look with interrupts off, then sleep: an interrupt pending in sie still ends the wfi.
    __asm__ volatile("csrc sstatus, 2");
    if (r->done) break;
    __asm__ volatile("wfi");
    __asm__ volatile("csrs sstatus, 2");
  }
  __asm__ volatile("csrs sstatus, 2");
  r->busy = 0;
  free_chain(r->head);
  return r->status;
}

int virtio_disk_rw(uint32_t type, uint64_t sector, void* buf, uint32_t len) {
  const struct segment seg = {buf, len};
  const int slot = virtio_disk_submit(type, sector, &seg, len ? 1 : 0, 0);
  return slot < 0 ? -1 : virtio_disk_wait(slot);
}
