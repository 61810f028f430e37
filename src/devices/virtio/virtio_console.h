// virtio-console (VirtIO 1.2, section 5.3) with one port: Linux's hvc1 (hvc0 is its SBI
// console). Output goes to the host console; input comes from it only when this device is the
// one stdin feeds (the board gives the keyboard to the UART or to this device, never both).
//
// With VIRTIO_CONSOLE_F_MULTIPORT (which Linux takes) the port is announced through the control
// queues and input waits until the guest has opened it, as on QEMU: Linux drops anything that
// arrives before. Without it (simple drivers), input flows as soon as buffers are posted.
#pragma once

#include <deque>

#include "core/console.h"
#include "devices/virtio/virtio.h"
#include "devices/virtio/virtqueue.h"

namespace microvm::devices {

class VirtioConsole : public VirtioDevice {
 public:
  // Queues (5.3.2): port 0's receive and transmit queues, then the control queues.
  enum : unsigned { kReceiveQueue = 0, kTransmitQueue = 1, kControlReceive = 2, kControlTransmit = 3 };
  enum : unsigned { kMultiport = 1, kEmergencyWrite = 2 };  // feature bits (5.3.3)
  // Control events (5.3.6.2).
  enum : uint16_t { kDeviceReady = 0, kDeviceAdd = 1, kPortReady = 3, kConsolePort = 4, kPortOpen = 6 };

  VirtioConsole(Console& console, bool takes_input) : console_(console), takes_input_(takes_input) {
    // cols, rows, max_nr_ports = 1, emerg_wr
    config_ = {0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
  }

  std::string_view name() const override { return "virtio-console"; }
  uint32_t device_id() const override { return virtio::kConsole; }
  uint64_t device_features() const override { return virtio::bit(kMultiport) | virtio::bit(kEmergencyWrite); }
  unsigned queue_count() const override { return 4; }
  uint16_t queue_max_size(unsigned) const override { return 128; }
  void queue_notified(unsigned queue) override;
  void started() override { deliver_input(); }
  void reset() override;
  void config_written(uint64_t offset, unsigned size) override;

  // The console queued input (called on the console's reader thread).
  void input_arrived();

 private:
  struct Control {
    uint32_t id;
    uint16_t event, value;
  };
  static_assert(sizeof(Control) == 8);

  bool accepts_input() const;
  void deliver_input();
  void transmit();
  void control_message(const Control& message);
  void send_control(uint16_t event, uint16_t value);
  void flush_control();

  Console& console_;
  bool takes_input_;
  bool port_open_ = false;  // the guest opened port 0 (multiport only)
  std::deque<Control> control_out_;
  VirtChain chain_;

 public:
  // Snapshots: whether the guest opened the port, and control messages not yet delivered.
  void save(SnapshotWriter& out) const override;
  void load(SnapshotReader& in) override;
};

}  // namespace microvm::devices
