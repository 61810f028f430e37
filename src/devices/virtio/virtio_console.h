// virtio-console (VirtIO 1.2, section 5.3), a single port: Linux's hvc0. Output goes to the
// host console; input comes from it only when this device is the one stdin feeds (the board
// gives stdin to either the UART or this device, never both, so no keystroke is split).
#pragma once

#include "core/console.h"
#include "devices/virtio/virtio.h"
#include "devices/virtio/virtqueue.h"

namespace microvm::devices {

class VirtioConsole : public VirtioDevice {
 public:
  enum : unsigned { kReceiveQueue = 0, kTransmitQueue = 1 };
  enum : unsigned { kEmergencyWrite = 2 };  // VIRTIO_CONSOLE_F_EMERG_WRITE

  VirtioConsole(Console& console, bool takes_input) : console_(console), takes_input_(takes_input) {
    config_.assign(12, 0);  // cols, rows, max_nr_ports, emerg_wr
  }

  std::string_view name() const override { return "virtio-console"; }
  uint32_t device_id() const override { return virtio::kConsole; }
  uint64_t device_features() const override { return virtio::bit(kEmergencyWrite); }
  unsigned queue_count() const override { return 2; }
  uint16_t queue_max_size(unsigned) const override { return 128; }
  void queue_notified(unsigned queue) override;
  void started() override { deliver_input(); }
  void config_written(uint64_t offset, unsigned size) override;

  // The console queued input (called on the console's reader thread).
  void input_arrived();

 private:
  void deliver_input();
  void transmit();

  Console& console_;
  bool takes_input_;
  VirtChain chain_;
};

}  // namespace microvm::devices
