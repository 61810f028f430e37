// A minimal virtio driver for unit tests: it drives a VirtioMmio transport through its
// registers and builds split rings in guest RAM, as a guest kernel would.
#pragma once

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "core/ram.h"
#include "devices/virtio/virtio_mmio.h"
#include "devices/virtio/virtqueue.h"

namespace microvm::devices::testing {

class VirtioDriver {
 public:
  struct Buf {
    uint64_t addr;
    uint32_t len;
    bool writable;
  };
  struct Used {
    uint32_t id, len;
  };

  VirtioDriver(Ram& ram, VirtioMmio& dev) : ram_(ram), dev_(dev), next_(ram.base() + 0x10'0000) {}

  uint32_t reg(uint32_t offset) {
    uint64_t v = 0;
    dev_.read(offset, 4, v);
    return static_cast<uint32_t>(v);
  }
  void set(uint32_t offset, uint32_t value) { dev_.write(offset, 4, value); }

  // Allocates zeroed guest memory (never reused).
  uint64_t alloc(uint64_t bytes, uint64_t align = 16) {
    next_ = (next_ + align - 1) & ~(align - 1);
    const uint64_t at = next_;
    next_ += bytes;
    std::vector<uint8_t> zeros(bytes, 0);
    ram_.write(at, zeros.data(), bytes);
    return at;
  }
  uint64_t put(const void* data, uint64_t bytes) {
    const uint64_t at = alloc(bytes);
    ram_.write(at, data, bytes);
    return at;
  }
  std::string get(uint64_t addr, uint64_t bytes) {
    std::string s(bytes, '\0');
    ram_.read(addr, s.data(), bytes);
    return s;
  }

  uint64_t device_features() {
    set(VirtioMmio::kDeviceFeaturesSel, 0);
    uint64_t f = reg(VirtioMmio::kDeviceFeatures);
    set(VirtioMmio::kDeviceFeaturesSel, 1);
    return f | uint64_t{reg(VirtioMmio::kDeviceFeatures)} << 32;
  }

  // 3.1.1 up to FEATURES_OK; returns whether the device accepted the features.
  bool negotiate(uint64_t features) {
    set(VirtioMmio::kStatus, 0);
    set(VirtioMmio::kStatus, virtio::kAcknowledge);
    set(VirtioMmio::kStatus, virtio::kAcknowledge | virtio::kDriver);
    set(VirtioMmio::kDriverFeaturesSel, 0);
    set(VirtioMmio::kDriverFeatures, static_cast<uint32_t>(features));
    set(VirtioMmio::kDriverFeaturesSel, 1);
    set(VirtioMmio::kDriverFeatures, static_cast<uint32_t>(features >> 32));
    features_ = features;
    set(VirtioMmio::kStatus, virtio::kAcknowledge | virtio::kDriver | virtio::kFeaturesOk);
    return reg(VirtioMmio::kStatus) & virtio::kFeaturesOk;
  }

  void setup_queue(unsigned index, uint16_t size) {
    Ring& r = rings_.emplace_back();
    r.index = index;
    r.size = size;
    r.desc = alloc(16ull * size, 4096);
    r.avail = alloc(6 + 2ull * size, 2);
    r.used = alloc(6 + 8ull * size, 4);
    set(VirtioMmio::kQueueSel, index);
    set(VirtioMmio::kQueueNum, size);
    set(VirtioMmio::kQueueDescLow, static_cast<uint32_t>(r.desc));
    set(VirtioMmio::kQueueDescHigh, static_cast<uint32_t>(r.desc >> 32));
    set(VirtioMmio::kQueueDriverLow, static_cast<uint32_t>(r.avail));
    set(VirtioMmio::kQueueDriverHigh, static_cast<uint32_t>(r.avail >> 32));
    set(VirtioMmio::kQueueDeviceLow, static_cast<uint32_t>(r.used));
    set(VirtioMmio::kQueueDeviceHigh, static_cast<uint32_t>(r.used >> 32));
    set(VirtioMmio::kQueueReady, 1);
  }

  void driver_ok() {
    set(VirtioMmio::kStatus,
        virtio::kAcknowledge | virtio::kDriver | virtio::kFeaturesOk | virtio::kDriverOk);
  }

  // Makes a chain of `bufs` available on queue `index` (through an indirect table when asked)
  // and, unless told not to, notifies. Returns the head.
  uint16_t submit(unsigned index, const std::vector<Buf>& bufs, bool indirect = false, bool notify = true) {
    Ring& r = ring(index);
    const uint16_t head = r.next_desc;
    if (indirect) {
      const uint64_t table = alloc(16 * bufs.size());
      for (size_t i = 0; i < bufs.size(); ++i) write_desc(table, i, bufs[i], i + 1 < bufs.size(), i + 1);
      write_desc(r.desc, head, {table, static_cast<uint32_t>(16 * bufs.size()), false}, false, 0,
                 VirtQueue::kDescIndirect);
      r.next_desc = static_cast<uint16_t>((r.next_desc + 1) % r.size);
    } else {
      for (size_t i = 0; i < bufs.size(); ++i) {
        const uint16_t slot = r.next_desc;
        r.next_desc = static_cast<uint16_t>((r.next_desc + 1) % r.size);
        write_desc(r.desc, slot, bufs[i], i + 1 < bufs.size(), r.next_desc);
      }
    }
    uint16_t idx;
    ram_.read(r.avail + 2, &idx, 2);
    ram_.write(r.avail + 4 + 2ull * (idx % r.size), &head, 2);
    ++idx;
    ram_.write(r.avail + 2, &idx, 2);
    if (notify) set(VirtioMmio::kQueueNotify, index);
    return head;
  }

  // The next used element the driver has not looked at yet.
  std::optional<Used> take_used(unsigned index) {
    Ring& r = ring(index);
    uint16_t idx;
    ram_.read(r.used + 2, &idx, 2);
    if (idx == r.seen_used) return std::nullopt;
    Used u;
    ram_.read(r.used + 4 + 8ull * (r.seen_used % r.size), &u, 8);
    ++r.seen_used;
    return u;
  }

  // Interrupt status, acknowledged.
  uint32_t ack() {
    const uint32_t status = reg(VirtioMmio::kInterruptStatus);
    set(VirtioMmio::kInterruptAck, status);
    return status;
  }

  struct Ring {
    unsigned index = 0;
    uint16_t size = 0;
    uint64_t desc = 0, avail = 0, used = 0;
    uint16_t next_desc = 0, seen_used = 0;
  };
  Ring& ring(unsigned index) {
    for (Ring& r : rings_) {
      if (r.index == index) return r;
    }
    throw std::logic_error("no such ring");
  }

  void write_desc(uint64_t table, size_t i, const Buf& b, bool next, size_t next_index, uint16_t extra = 0) {
    uint8_t d[16];
    const uint16_t flags = static_cast<uint16_t>((next ? VirtQueue::kDescNext : 0) |
                                                 (b.writable ? VirtQueue::kDescWrite : 0) | extra);
    const uint16_t n = static_cast<uint16_t>(next_index);
    std::memcpy(d, &b.addr, 8);
    std::memcpy(d + 8, &b.len, 4);
    std::memcpy(d + 12, &flags, 2);
    std::memcpy(d + 14, &n, 2);
    ram_.write(table + 16 * i, d, 16);
  }

 private:
  Ram& ram_;
  VirtioMmio& dev_;
  uint64_t next_;
  uint64_t features_ = 0;
  std::vector<Ring> rings_;
};

}  // namespace microvm::devices::testing
