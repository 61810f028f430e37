#include "devices/virtio/virtio_net.h"

#include <algorithm>

#include "devices/virtio/virtio_mmio.h"

namespace microvm::devices {

VirtioNet::VirtioNet(NetBackend& backend, const Mac& mac, const Clock& clock)
    : backend_(backend), clock_(clock), link_timer_(clock) {
  // struct virtio_net_config (5.1.4): mac, status (LINK_UP), max_virtqueue_pairs, mtu.
  config_ = {mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], kLinkUp, 0, 1, 0, 0xDC, 0x05};
  link_timer_.connect(IrqLine([this](bool passed) {
    if (passed && !loading_) link_timer_expired();
  }));
}

VirtioNet::~VirtioNet() { backend_.set_receiver({}); }

void VirtioNet::attached() {
  backend_.set_receiver([this](std::span<const uint8_t> frame) { receive(frame); });
}

// 5.1.6: struct virtio_net_hdr is 12 bytes with VIRTIO_F_VERSION_1; a legacy driver without
// VIRTIO_NET_F_MRG_RXBUF leaves out num_buffers.
size_t VirtioNet::header_bytes() const { return transport().negotiated(virtio::kFeatureVersion1) ? 12 : 10; }

void VirtioNet::queue_notified(unsigned queue) {
  if (queue == kTransmitQueue) transmit();
  if (queue == kReceiveQueue) deliver();
}

void VirtioNet::transmit() {
  VirtQueue& q = transport().queue(kTransmitQueue);
  const size_t header = header_bytes();
  while (q.pop(chain_) == VirtQueue::Pop::kChain) {
    // The header asks for no offload we offered, so it carries nothing we need. With the link
    // down the frame goes nowhere, as on a card without a cable.
    if (link_up() && chain_.readable_bytes > header && chain_.readable_bytes - header <= kMaxFrame) {
      ChainReader reader(transport().ram(), chain_);
      reader.skip(header);
      frame_.resize(chain_.readable_bytes - header);
      reader.read(frame_.data(), frame_.size());
      backend_.send(frame_);
    }
    q.push(chain_.head, 0);
  }
}

void VirtioNet::receive(std::span<const uint8_t> frame) {
  auto lock = transport().lock();
  if (!transport().driver_ok() || !transport().queue(kReceiveQueue).running() || !link_up()) return;
  if (backlog_.size() >= kMaxBacklog) {
    ++dropped_;
    return;
  }
  backlog_.emplace_back(frame.begin(), frame.end());
  deliver();
  transport().used_buffers(kReceiveQueue);
}

void VirtioNet::deliver() {
  VirtQueue& q = transport().queue(kReceiveQueue);
  const size_t header = header_bytes();
  uint8_t hdr[12] = {};
  hdr[10] = 1;  // num_buffers: one buffer per frame
  while (!backlog_.empty() && q.pop(chain_) == VirtQueue::Pop::kChain) {
    const std::vector<uint8_t>& frame = backlog_.front();
    uint32_t written = 0;
    if (chain_.writable_bytes >= header + frame.size()) {
      ChainWriter writer(transport().ram(), chain_);
      writer.write(hdr, header);
      writer.write(frame.data(), frame.size());
      written = static_cast<uint32_t>(writer.written());
    } else {
      ++dropped_;  // a buffer too small for the frame goes back empty
    }
    q.push(chain_.head, written);
    backlog_.pop_front();
  }
}

}  // namespace microvm::devices

namespace microvm::devices {

// The timer's line acts only when it rises, so setting a deadline still ahead (or none) calls
// nothing and may be done under the lock; only load() can set one already passed.
void VirtioNet::lose_link() {
  auto lock = transport().lock();
  backlog_.clear();
  if (!transport().driver_ok() || !transport().negotiated(kStatusFeature)) return;
  // Also when it is down already (a loadvm while it was): the driver looks again, and that
  // read starts the delay again.
  set_link(false);
  transport().config_changed();
  down_seen_ = false;
  link_timer_.set_compare(clock_.now() + clock_.hz() * kLinkDownMaxMs / 1000);
}

// Linux reads the status once in the work its configuration interrupt schedules: had the link
// come back before that (a guest that did not run for a while), it would never see the "down".
void VirtioNet::config_read(uint64_t offset, unsigned size) {
  if (link_up() || down_seen_ || offset >= kStatusOffset + 2 || offset + size <= kStatusOffset) return;
  down_seen_ = true;
  link_timer_.set_compare(std::min(link_timer_.compare(), clock_.now() + clock_.hz() * kLinkDownMs / 1000));
}

// Each hart polls the timer, so several may get here; the first brings the link up.
void VirtioNet::link_timer_expired() {
  auto lock = transport().lock();
  if (link_up()) return;
  set_link(true);
  link_timer_.set_compare(~0ull);
  if (transport().driver_ok()) transport().config_changed();
}

void VirtioNet::set_link(bool up) {
  link_up_ = up;
  config_[kStatusOffset] = up ? kLinkUp : 0;
  config_[kStatusOffset + 1] = 0;
}

void VirtioNet::config_written(uint64_t offset, unsigned size) {
  if (offset < kStatusOffset + 2 && offset + size > kStatusOffset) set_link(link_up_);
}

void VirtioNet::save(SnapshotWriter& out) const {
  out.u64(link_timer_.compare());
  out.boolean(down_seen_);
}

void VirtioNet::load(SnapshotReader& in) {
  backlog_.clear();
  // Snapshots from before the link could go down have no timer: the link was up.
  const uint64_t link_back_at = in.remaining() ? in.u64() : ~0ull;
  down_seen_ = in.remaining() ? in.boolean() : false;
  set_link(link_back_at == ~0ull);  // down exactly while it waits to come back
  loading_ = true;  // a deadline already passed fires at the harts' next poll, not here under the lock
  link_timer_.set_compare(link_back_at);
  loading_ = false;
}

}  // namespace microvm::devices
