// virtio-blk (VirtIO 1.2, section 5.2) on a raw host image: read, write, flush, get-id,
// discard and write-zeroes, any number of data segments per request. Requests are served
// synchronously by the hart that notifies, under the device lock; host I/O errors reach the
// guest as VIRTIO_BLK_S_IOERR.
#pragma once

#include <string>

#include "core/disk_image.h"
#include "devices/virtio/virtio.h"
#include "devices/virtio/virtqueue.h"

namespace microvm::devices {

class VirtioBlk : public VirtioDevice {
 public:
  // Request types and status values (5.2.6).
  enum : uint32_t { kIn = 0, kOut = 1, kFlush = 4, kGetId = 8, kDiscard = 11, kWriteZeroes = 13 };
  enum : uint8_t { kOk = 0, kIoErr = 1, kUnsupported = 2 };
  // Feature bits (5.2.3).
  enum : unsigned {
    kSegMax = 2,
    kReadOnly = 5,
    kBlkSize = 6,
    kFlushFeature = 9,
    kDiscardFeature = 13,
    kWriteZeroesFeature = 14
  };
  static constexpr uint16_t kQueueSize = 256;
  static constexpr uint32_t kMaxDiscardSegments = 32;
  static constexpr uint32_t kMaxDiscardSectors = 1u << 22;  // 2 GiB per segment
  static constexpr size_t kIdBytes = 20;

  // `disk` must outlive the device. `serial` is what GET_ID returns (up to 20 bytes).
  VirtioBlk(DiskImage& disk, std::string serial);

  std::string_view name() const override { return "virtio-blk"; }
  uint32_t device_id() const override { return virtio::kBlock; }
  uint64_t device_features() const override;
  unsigned queue_count() const override { return 1; }
  uint16_t queue_max_size(unsigned) const override { return kQueueSize; }
  void queue_notified(unsigned queue) override;

 private:
  // Serves one request; returns false when the chain is not a request at all (no header or
  // no status byte), which is a device error.
  bool serve(const VirtChain& chain);
  uint8_t read_write(uint32_t type, uint64_t sector, const VirtChain& chain, uint32_t& written);
  uint8_t discard_or_zero(uint32_t type, const VirtChain& chain);
  bool in_range(uint64_t sector, uint64_t count) const;

  DiskImage& disk_;
  std::string serial_;
  VirtChain chain_;
  std::vector<iovec> iov_;
};

}  // namespace microvm::devices
