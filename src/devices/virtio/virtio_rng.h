// virtio-rng (VirtIO 1.2, section 5.4): every writable byte the driver offers is filled from
// the host's getrandom().
#pragma once

#include "devices/virtio/virtio.h"
#include "devices/virtio/virtqueue.h"

namespace microvm::devices {

class VirtioRng : public VirtioDevice {
 public:
  std::string_view name() const override { return "virtio-rng"; }
  uint32_t device_id() const override { return virtio::kEntropy; }
  uint64_t device_features() const override { return 0; }
  unsigned queue_count() const override { return 1; }
  uint16_t queue_max_size(unsigned) const override { return 64; }
  void queue_notified(unsigned queue) override;

 private:
  VirtChain chain_;
};

}  // namespace microvm::devices
