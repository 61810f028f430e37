#include "devices/virtio/virtio_input.h"

#include <linux/input-event-codes.h>

#include <algorithm>
#include <cstring>

#include "devices/virtio/input_keys.h"
#include "devices/virtio/virtio_mmio.h"

namespace microvm::devices {
namespace {

constexpr char kName[] = "QEMU Virtio Keyboard";  // what QEMU's device says, so guests see one keyboard
// struct virtio_input_devids (5.8.4): BUS_VIRTUAL, and QEMU's vendor, product and version.
constexpr uint16_t kDevids[4] = {0x06, 0x0627, 0x0001, 0x0001};

bool announced(uint16_t code) {
  const auto keys = key_names();
  return std::any_of(keys.begin(), keys.end(), [code](const KeyName& k) { return k.code == code; });
}

}  // namespace

VirtioInput::VirtioInput(bool deterministic) : deterministic_(deterministic) {
  config_.assign(kConfigSize, 0);
}

// The driver wrote select or subsel: the union and size now describe that item; a write anywhere
// else changes nothing (the rest is read-only).
void VirtioInput::config_written(uint64_t, unsigned) { select_item(); }

void VirtioInput::select_item() {
  uint8_t* u = config_.data() + 8;
  std::memset(config_.data() + 2, 0, kConfigSize - 2);
  unsigned size = 0;
  const uint8_t subsel = config_[1];
  auto set_bit = [&](unsigned bit) {
    u[bit / 8] |= static_cast<uint8_t>(1u << (bit % 8));
    size = std::max(size, bit / 8 + 1);
  };
  switch (config_[0]) {
    case kIdName:
      if (subsel == 0) {
        std::memcpy(u, kName, sizeof kName);
        size = sizeof kName;
      }
      break;
    case kIdDevids:
      if (subsel == 0) {
        for (unsigned i = 0; i < 4; ++i) {
          u[2 * i] = static_cast<uint8_t>(kDevids[i]);
          u[2 * i + 1] = static_cast<uint8_t>(kDevids[i] >> 8);
        }
        size = sizeof kDevids;
      }
      break;
    case kEvBits:
      if (subsel == EV_KEY) {
        for (const KeyName& k : key_names()) set_bit(k.code);
      } else if (subsel == EV_LED) {
        set_bit(LED_NUML);
        set_bit(LED_CAPSL);
        set_bit(LED_SCROLLL);
      } else if (subsel == EV_REP) {
        size = 1;  // the guest repeats keys itself
      }
      break;
    default: break;  // ID_SERIAL, PROP_BITS, ABS_INFO: nothing to say
  }
  config_[2] = static_cast<uint8_t>(size);
}

void VirtioInput::reset() {
  pending_.clear();
  config_.assign(kConfigSize, 0);
}

void VirtioInput::queue_notified(unsigned queue) {
  if (queue == kEventQueue) {
    deliver();
  } else if (queue == kStatusQueue) {
    VirtQueue& q = transport().queue(kStatusQueue);
    while (q.pop(chain_) == VirtQueue::Pop::kChain) q.push(chain_.head, 0);
  }
}

void VirtioInput::enqueue(const Event& e) {
  // A press and its SYN_REPORT go in together or not at all.
  if (pending_.size() + 2 > kMaxPending) return;
  pending_.push_back(e);
  pending_.push_back({EV_SYN, SYN_REPORT, 0});
}

void VirtioInput::deliver() {
  if (!transport().driver_ok()) return;
  VirtQueue& q = transport().queue(kEventQueue);
  if (!q.running()) return;
  bool pushed = false;
  while (!pending_.empty() && q.pop(chain_) == VirtQueue::Pop::kChain) {
    const Event& e = pending_.front();
    uint8_t bytes[8] = {static_cast<uint8_t>(e.type),        static_cast<uint8_t>(e.type >> 8),
                        static_cast<uint8_t>(e.code),        static_cast<uint8_t>(e.code >> 8),
                        static_cast<uint8_t>(e.value),       static_cast<uint8_t>(e.value >> 8),
                        static_cast<uint8_t>(e.value >> 16), static_cast<uint8_t>(e.value >> 24)};
    ChainWriter writer(transport().ram(), chain_);
    writer.write(bytes, sizeof bytes);
    q.push(chain_.head, static_cast<uint32_t>(writer.written()));
    pending_.pop_front();
    pushed = true;
  }
  if (pushed) transport().used_buffers(kEventQueue);
}

void VirtioInput::key(uint16_t code, bool down) {
  if (!announced(code)) return;
  const Event e{EV_KEY, code, down ? 1u : 0u};
  if (deterministic_) {
    std::lock_guard lock(held_mutex_);
    if (held_.size() < kMaxPending) held_.push_back(e);
    return;
  }
  auto lock = transport().lock();
  enqueue(e);
  deliver();
}

bool VirtioInput::driver_ready() {
  auto lock = transport().lock();
  return transport().driver_ok();
}

void VirtioInput::let_in() {
  std::vector<Event> held;
  {
    std::lock_guard lock(held_mutex_);
    if (held_.empty()) return;
    held.swap(held_);
  }
  auto lock = transport().lock();
  for (const Event& e : held) enqueue(e);
  deliver();
}

void VirtioInput::save(SnapshotWriter& out) const {
  out.u64(pending_.size());
  for (const Event& e : pending_) {
    out.u16(e.type);
    out.u16(e.code);
    out.u32(e.value);
  }
}

void VirtioInput::load(SnapshotReader& in) {
  const uint64_t count = in.bounded(kMaxPending, "the keyboard's pending events");
  pending_.clear();
  for (uint64_t i = 0; i < count; ++i) {
    Event e;
    e.type = in.u16();
    e.code = in.u16();
    e.value = in.u32();
    pending_.push_back(e);
  }
}

}  // namespace microvm::devices
