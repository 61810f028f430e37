// virtio-input (VirtIO 1.2, section 5.8): a keyboard or a tablet whose events come from the host
// (the screen's window, the monitor's sendkey, mouse_move and mouse_button). Their configuration
// answers as QEMU 7.2's virtio-keyboard-device and virtio-tablet-device do (names, ids, event
// bits, the tablet's axes 0..32767), so a guest sees the devices it knows from QEMU.
//
// Events wait in a bounded queue until the driver posts buffers (QEMU drops them instead): a
// key sent before the guest's driver has posted its buffers still arrives. A reset forgets them. The status
// queue (LED changes) is drained and ignored. In a deterministic run, events wait for let_in(), which the
// board calls between two rounds of the harts, so where they arrive depends on the guest alone.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <span>
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
  // The tablet's axes run from 0 to this (QEMU's INPUT_EVENT_ABS_MAX), whatever the screen's size.
  static constexpr uint32_t kAbsMax = 0x7FFF;

  enum class Kind { kKeyboard, kTablet };
  // A pixel of a screen `pixels` wide (or high) on the tablet's axis, as QEMU scales a window's
  // pointer (qemu_input_scale_axis): 0 stays 0, and the axis' end is one pixel past the last.
  static uint32_t axis(unsigned pixel, unsigned pixels) {
    return static_cast<uint32_t>(uint64_t{pixel} * kAbsMax / pixels);
  }

  struct Event {
    uint16_t type, code;
    uint32_t value;
  };

  VirtioInput(Kind kind, bool deterministic);

  // As QEMU names the devices.
  std::string_view name() const override {
    return kind_ == Kind::kKeyboard ? "virtio-keyboard" : "virtio-tablet";
  }
  uint32_t device_id() const override { return kDeviceId; }
  uint64_t device_features() const override { return 0; }
  unsigned queue_count() const override { return 2; }
  uint16_t queue_max_size(unsigned) const override { return 64; }
  void queue_notified(unsigned queue) override;
  void started() override { deliver(); }
  void reset() override;
  void config_written(uint64_t offset, unsigned size) override;

  // Any thread: one report, the events and a SYN_REPORT after them. Events the device does not
  // announce (a key the keyboard lacks, a tablet axis it has not) are left out.
  void send(std::span<const Event> events);
  // The keyboard: a key (a Linux KEY_* code) went down or up.
  void key(uint16_t code, bool down);
  // The tablet: the pointer is at (x, y), each 0..kAbsMax; the wheel turned `notches` (positive:
  // away from the user). Buttons (BTN_LEFT...) are send({EV_KEY, BTN_LEFT, 1}).
  void move(uint32_t x, uint32_t y);
  void wheel(int32_t notches);
  // Whether a driver has set the device up (DRIVER_OK): a window sends its input here then.
  bool driver_ready();
  // Deterministic runs: the events sent since the last call go in now.
  void let_in();

  void save(SnapshotWriter& out) const override;
  void load(SnapshotReader& in) override;

 private:
  void select_item();
  bool announced(const Event& e) const;
  // A report (ending in its SYN_REPORT) goes in whole, or (the queue full) not at all.
  void enqueue(std::span<const Event> report);
  void deliver();

  Kind kind_;
  bool deterministic_;
  std::deque<Event> pending_;  // under the transport's lock
  std::mutex held_mutex_;
  std::vector<Event> held_;  // deterministic runs: sent, not yet let in (each report ends in a SYN)
  VirtChain chain_;
};

}  // namespace microvm::devices
