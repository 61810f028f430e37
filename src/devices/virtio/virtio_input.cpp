#include "devices/virtio/virtio_input.h"

#include <linux/input-event-codes.h>

#include <algorithm>
#include <cstring>

#include "devices/virtio/input_keys.h"
#include "devices/virtio/virtio_mmio.h"

namespace microvm::devices {
namespace {

// What QEMU 7.2's devices say (hw/input/virtio-input-hid.c), so guests see the devices they know:
// the names, and struct virtio_input_devids (5.8.4): BUS_VIRTUAL, QEMU's vendor, the product and
// version.
constexpr char kKeyboardName[] = "QEMU Virtio Keyboard";
constexpr char kTabletName[] = "QEMU Virtio Tablet";
constexpr uint16_t kKeyboardDevids[4] = {0x06, 0x0627, 0x0001, 0x0001};
constexpr uint16_t kTabletDevids[4] = {0x06, 0x0627, 0x0003, 0x0002};
// The tablet's buttons, as QEMU announces them. It sends the wheel as REL_WHEEL, but still
// announces the gear buttons it once sent it as.
constexpr uint16_t kTabletButtons[] = {BTN_LEFT,  BTN_RIGHT,     BTN_MIDDLE, BTN_SIDE,
                                       BTN_EXTRA, BTN_GEAR_DOWN, BTN_GEAR_UP};

bool is_key(uint16_t code) {
  const auto keys = key_names();
  return std::any_of(keys.begin(), keys.end(), [code](const KeyName& k) { return k.code == code; });
}

}  // namespace

VirtioInput::VirtioInput(Kind kind, bool deterministic) : kind_(kind), deterministic_(deterministic) {
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
  const bool keyboard = kind_ == Kind::kKeyboard;
  auto set_bit = [&](unsigned bit) {
    u[bit / 8] |= static_cast<uint8_t>(1u << (bit % 8));
    size = std::max(size, bit / 8 + 1);
  };
  auto put32 = [&](unsigned offset, uint32_t value) {
    for (unsigned i = 0; i < 4; ++i) u[offset + i] = static_cast<uint8_t>(value >> (8 * i));
  };
  switch (config_[0]) {
    case kIdName:
      if (subsel == 0) {
        const char* name = keyboard ? kKeyboardName : kTabletName;
        size = static_cast<unsigned>(std::strlen(name) + 1);  // QEMU counts the NUL
        std::memcpy(u, name, size);
      }
      break;
    case kIdDevids:
      if (subsel == 0) {
        const uint16_t* ids = keyboard ? kKeyboardDevids : kTabletDevids;
        for (unsigned i = 0; i < 4; ++i) {
          u[2 * i] = static_cast<uint8_t>(ids[i]);
          u[2 * i + 1] = static_cast<uint8_t>(ids[i] >> 8);
        }
        size = 8;
      }
      break;
    case kEvBits:
      if (keyboard && subsel == EV_KEY) {
        for (const KeyName& k : key_names()) set_bit(k.code);
      } else if (keyboard && subsel == EV_LED) {
        set_bit(LED_NUML);
        set_bit(LED_CAPSL);
        set_bit(LED_SCROLLL);
      } else if (keyboard && subsel == EV_REP) {
        size = 1;  // the guest repeats keys itself
      } else if (!keyboard && subsel == EV_KEY) {
        for (uint16_t b : kTabletButtons) set_bit(b);
      } else if (!keyboard && subsel == EV_REL) {
        set_bit(REL_WHEEL);
      } else if (!keyboard && subsel == EV_ABS) {
        set_bit(ABS_X);
        set_bit(ABS_Y);
      }
      break;
    case kAbsInfo:
      // struct virtio_input_absinfo: min, max, fuzz, flat, res.
      if (!keyboard && (subsel == ABS_X || subsel == ABS_Y)) {
        put32(0, 0);
        put32(4, kAbsMax);
        size = 20;
      }
      break;
    default: break;  // ID_SERIAL, PROP_BITS: nothing to say
  }
  config_[2] = static_cast<uint8_t>(size);
}

bool VirtioInput::announced(const Event& e) const {
  if (kind_ == Kind::kKeyboard) return e.type == EV_KEY && is_key(e.code);
  switch (e.type) {
    case EV_KEY:
      return std::find(std::begin(kTabletButtons), std::end(kTabletButtons), e.code) !=
             std::end(kTabletButtons);
    case EV_REL: return e.code == REL_WHEEL;
    case EV_ABS: return (e.code == ABS_X || e.code == ABS_Y) && e.value <= kAbsMax;
    default: return false;
  }
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

void VirtioInput::enqueue(std::span<const Event> report) {
  if (pending_.size() + report.size() > kMaxPending) return;
  pending_.insert(pending_.end(), report.begin(), report.end());
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

void VirtioInput::send(std::span<const Event> events) {
  std::vector<Event> report;
  for (const Event& e : events)
    if (announced(e)) report.push_back(e);
  if (report.empty()) return;
  report.push_back({EV_SYN, SYN_REPORT, 0});
  if (deterministic_) {
    std::lock_guard lock(held_mutex_);
    if (held_.size() + report.size() <= kMaxPending) held_.insert(held_.end(), report.begin(), report.end());
    return;
  }
  auto lock = transport().lock();
  enqueue(report);
  deliver();
}

void VirtioInput::key(uint16_t code, bool down) {
  const Event e{EV_KEY, code, down ? 1u : 0u};
  send({&e, 1});
}

void VirtioInput::move(uint32_t x, uint32_t y) {
  const Event e[2] = {{EV_ABS, ABS_X, x}, {EV_ABS, ABS_Y, y}};
  send(e);
}

void VirtioInput::wheel(int32_t notches) {
  if (notches == 0) return;
  const Event e{EV_REL, REL_WHEEL, static_cast<uint32_t>(notches)};
  send({&e, 1});
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
  // Each report ends in its SYN_REPORT and goes in whole or not at all.
  size_t start = 0;
  for (size_t i = 0; i < held.size(); ++i) {
    if (held[i].type != EV_SYN) continue;
    enqueue(std::span(held).subspan(start, i + 1 - start));
    start = i + 1;
  }
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
  const uint64_t count = in.bounded(kMaxPending, "the input device's pending events");
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
