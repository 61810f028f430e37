// virtio-rng (VirtIO 1.2, section 5.4): every writable byte the driver offers is filled from
// the host's getrandom(), or, for deterministic runs, from a fixed pseudo-random stream (same
// bytes every run, so a guest's behaviour does not depend on them).
#pragma once

#include "devices/virtio/virtio.h"
#include "devices/virtio/virtqueue.h"

namespace microvm::devices {

class VirtioRng : public VirtioDevice {
 public:
  explicit VirtioRng(bool deterministic = false) : deterministic_(deterministic) {}

  std::string_view name() const override { return "virtio-rng"; }
  uint32_t device_id() const override { return virtio::kEntropy; }
  uint64_t device_features() const override { return 0; }
  unsigned queue_count() const override { return 1; }
  uint16_t queue_max_size(unsigned) const override { return 64; }
  void queue_notified(unsigned queue) override;

 private:
  size_t fill(uint8_t* out, size_t len);

  bool deterministic_;
  uint64_t state_ = 0x6d6963726f766d21;  // the deterministic stream's splitmix64 state
  VirtChain chain_;

 public:
  // Snapshots: the deterministic stream's position.
  void save(SnapshotWriter& out) const override { out.u64(state_); }
  void load(SnapshotReader& in) override { state_ = in.u64(); }
};

}  // namespace microvm::devices
