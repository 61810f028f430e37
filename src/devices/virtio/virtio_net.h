// virtio-net (VirtIO 1.2, section 5.1): one receive and one transmit queue, a MAC address, the
// link always up, no offloads (the guest computes checksums, the backend sees plain frames).
//
// Frames from the backend arrive on its thread; when the guest has no receive buffer posted
// they wait in a bounded backlog (as a NIC's FIFO would) and are dropped past it; TCP recovers.
#pragma once

#include <array>
#include <deque>
#include <vector>

#include "core/net_backend.h"
#include "devices/virtio/virtio.h"
#include "devices/virtio/virtqueue.h"

namespace microvm::devices {

class VirtioNet : public VirtioDevice {
 public:
  enum : unsigned { kReceiveQueue = 0, kTransmitQueue = 1 };
  enum : unsigned { kMacFeature = 5, kStatusFeature = 16 };
  static constexpr size_t kMaxBacklog = 512;
  static constexpr size_t kMaxFrame = 65550;  // a 64 KiB IP packet in an Ethernet frame
  static constexpr uint16_t kQueueSize = 256;

  using Mac = std::array<uint8_t, 6>;

  // `backend` must outlive the device.
  VirtioNet(NetBackend& backend, const Mac& mac);
  ~VirtioNet() override;

  std::string_view name() const override { return "virtio-net"; }
  uint32_t device_id() const override { return virtio::kNet; }
  uint64_t device_features() const override { return virtio::bit(kMacFeature) | virtio::bit(kStatusFeature); }
  unsigned queue_count() const override { return 2; }
  uint16_t queue_max_size(unsigned) const override { return kQueueSize; }
  void queue_notified(unsigned queue) override;
  void reset() override { backlog_.clear(); }
  void attached() override;

  // Frames dropped because the guest did not take them in time (for tests).
  uint64_t dropped() const { return dropped_; }

 private:
  void receive(std::span<const uint8_t> frame);  // the backend's thread
  void deliver();
  void transmit();
  size_t header_bytes() const;

  NetBackend& backend_;
  std::deque<std::vector<uint8_t>> backlog_;
  VirtChain chain_;
  std::vector<uint8_t> frame_;
  uint64_t dropped_ = 0;

 public:
  // Snapshots: the guest-visible state is the transport's; frames waiting in the backlog are
  // lost, as the host's connections are. The guest gets a configuration-change interrupt, but the
  // link status stays up: it does not yet see the link go down and come back.
  void load(SnapshotReader& in) override;
};

}  // namespace microvm::devices
