// virtio-input (VirtIO 1.2, section 5.8): a keyboard whose key presses come from the host (the
// screen's window, the monitor's sendkey). Its configuration answers as QEMU's
// virtio-keyboard-device does (name, ids, EV_REP, three LEDs), with the keys of input_keys.h.
//
// Events wait in a bounded queue until the driver posts buffers (QEMU drops them instead): a
// key sent before the guest's driver has posted its buffers still arrives. A reset forgets them. The status
// queue (LED changes) is drained and ignored. In a deterministic run, events wait for let_in(), which the
// board calls between two rounds of the harts, so where they arrive depends on the guest alone.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include "devices/virtio/virtio.h"
#include "devices/virtio/virtqueue.h"

namespace microvm::devices {

class VirtioInput : public VirtioDevice {
 public:
  static constexpr uint32_t kDeviceId = 18;
  enum : unsigned { kEventQueue = 0, kStatusQueue = 1 };
  // Configuration items (5.8.5).
  enum Select : uint8_t {
    kUnset = 0x00,
    kIdName = 0x01,
    kIdSerial = 0x02,
    kIdDevids = 0x03,
    kPropBits = 0x10,
    kEvBits = 0x11,
    kAbsInfo = 0x12,
  };
  static constexpr size_t kConfigSize = 8 + 128;  // select, subsel, size, reserved[5], the union
  static constexpr size_t kMaxPending = 1024;     // events kept for a driver that posts no buffers

  struct Event {
    uint16_t type, code;
    uint32_t value;
  };

  explicit VirtioInput(bool deterministic);

  std::string_view name() const override { return "virtio-input"; }
  uint32_t device_id() const override { return kDeviceId; }
  uint64_t device_features() const override { return 0; }
  unsigned queue_count() const override { return 2; }
  uint16_t queue_max_size(unsigned) const override { return 64; }
  void queue_notified(unsigned queue) override;
  void started() override { deliver(); }
  void reset() override;
  void config_written(uint64_t offset, unsigned size) override;

  // Any thread: a key (a Linux KEY_* code) went down or up; a SYN_REPORT follows it. Keys the
  // device does not announce are ignored.
  void key(uint16_t code, bool down);
  // Whether a driver has set the device up (DRIVER_OK): a window sends its keys here then.
  bool driver_ready();
  // Deterministic runs: the events sent since the last call go in now.
  void let_in();

  void save(SnapshotWriter& out) const override;
  void load(SnapshotReader& in) override;

 private:
  void select_item();
  void enqueue(const Event& e);
  void deliver();

  bool deterministic_;
  std::deque<Event> pending_;  // under the transport's lock
  std::mutex held_mutex_;
  std::vector<Event> held_;  // deterministic runs: sent, not yet let in
  VirtChain chain_;
};

}  // namespace microvm::devices
