// virtio-net (VirtIO 1.2, section 5.1): one receive and one transmit queue, a MAC address, the
// link status (VIRTIO_NET_F_STATUS), no offloads (the guest computes checksums, the backend sees
// plain frames).
//
// Frames from the backend arrive on its thread; when the guest has no receive buffer posted
// they wait in a bounded backlog (as a NIC's FIFO would) and are dropped past it; TCP recovers.
//
// The link is up except for a moment after a restore (lose_link): the host's side of the network
// is new, so the guest sees the link go down and come back up, as a cable pulled and plugged in
// again. It comes back kLinkDownMs of guest time after the driver has read the status while it
// was down (so a guest slowed down by its host still sees the "down"), or kLinkDownMaxMs after
// the restore for a driver that never looks. Guest time, not host time: a --deterministic
// restore brings it back at the same instruction every time.
#pragma once

#include <array>
#include <deque>
#include <vector>

#include "core/clock.h"
#include "core/net_backend.h"
#include "core/timer.h"
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
  static constexpr uint64_t kLinkDownMs = 100, kLinkDownMaxMs = 5000;
  static constexpr uint8_t kLinkUp = 1;  // VIRTIO_NET_S_LINK_UP, in the status field
  static constexpr unsigned kStatusOffset = 6;

  using Mac = std::array<uint8_t, 6>;

  // `backend` and `clock` must outlive the device.
  VirtioNet(NetBackend& backend, const Mac& mac, const Clock& clock);
  ~VirtioNet() override;

  std::string_view name() const override { return "virtio-net"; }
  uint32_t device_id() const override { return virtio::kNet; }
  uint64_t device_features() const override { return virtio::bit(kMacFeature) | virtio::bit(kStatusFeature); }
  unsigned queue_count() const override { return 2; }
  uint16_t queue_max_size(unsigned) const override { return kQueueSize; }
  void queue_notified(unsigned queue) override;
  void reset() override { backlog_.clear(); }
  void attached() override;
  // status is read-only for the driver (5.1.4): a write to it does not change the link.
  void config_written(uint64_t offset, unsigned size) override;
  void config_read(uint64_t offset, unsigned size) override;

  // The host's side of the network was replaced (a restore): the link goes down now and comes
  // back up later (above), each with a configuration-change interrupt (5.1.4: the driver reads
  // the link from status). Only for a driver that negotiated VIRTIO_NET_F_STATUS and is
  // running; others assume the link is up.
  void lose_link();
  bool link_up() const { return link_up_; }
  // When the link comes back: the board hands it to every hart, which poll it with their own
  // timers, so a sleeping guest wakes for it and a deterministic run jumps to it.
  TimerCompare& link_timer() { return link_timer_; }

  // Frames dropped because the guest did not take them in time (for tests).
  uint64_t dropped() const { return dropped_; }

  // Snapshots: the guest-visible state is the transport's, and whether the link is waiting to
  // come back (when, and whether the driver has seen it down). Frames waiting in the backlog are
  // lost, as the host's connections are. A load is exact (time travel reloads its own
  // checkpoints); whoever restores into a new network calls lose_link() after it.
  void save(SnapshotWriter& out) const override;
  void load(SnapshotReader& in) override;

 private:
  void receive(std::span<const uint8_t> frame);  // the backend's thread
  void deliver();
  void transmit();
  size_t header_bytes() const;
  void link_timer_expired();  // a hart's thread, from its timer poll
  void set_link(bool up);

  NetBackend& backend_;
  const Clock& clock_;
  TimerCompare link_timer_;
  std::deque<std::vector<uint8_t>> backlog_;
  VirtChain chain_;
  std::vector<uint8_t> frame_;
  uint64_t dropped_ = 0;
  bool link_up_ = true;
  bool down_seen_ = false;  // the driver read the status since the link went down
  bool loading_ = false;    // load() sets the timer with the device's lock held: its line must wait
};

}  // namespace microvm::devices
