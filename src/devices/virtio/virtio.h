// What every virtio device model shares: the numbers of the VirtIO 1.2 specification and the
// small contract between a device model (blk, net, console, rng) and the one MMIO transport
// that carries all of them.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/snapshot.h"

namespace microvm::devices {

class VirtioMmio;

namespace virtio {

// Device IDs (VirtIO 1.2, section 5).
enum DeviceId : uint32_t { kNet = 1, kBlock = 2, kConsole = 3, kEntropy = 4 };

// Device status bits (2.1).
enum Status : uint32_t {
  kAcknowledge = 1,
  kDriver = 2,
  kDriverOk = 4,
  kFeaturesOk = 8,
  kNeedsReset = 64,
  kFailed = 128,
};

// Reserved feature bits (6).
constexpr unsigned kFeatureIndirectDesc = 28;
constexpr unsigned kFeatureEventIdx = 29;
constexpr unsigned kFeatureVersion1 = 32;

constexpr uint64_t bit(unsigned n) { return uint64_t{1} << n; }

}  // namespace virtio

// A device model. The transport calls these with the device's lock held; a model that hears
// from another thread (a network backend, the console reader) takes transport().lock() first.
class VirtioDevice {
 public:
  virtual ~VirtioDevice() = default;

  virtual std::string_view name() const = 0;
  virtual uint32_t device_id() const = 0;
  // Device-type feature bits; the transport adds the ring features (indirect, event index,
  // version 1) itself.
  virtual uint64_t device_features() const = 0;
  virtual unsigned queue_count() const = 0;
  virtual uint16_t queue_max_size(unsigned /*queue*/) const { return 256; }

  // The driver made buffers available on `queue` (only called while DRIVER_OK is set and the
  // queue is running).
  virtual void queue_notified(unsigned queue) = 0;
  // DRIVER_OK was set: the device may start using its queues.
  virtual void started() {}
  // The driver reset the device (status 0).
  virtual void reset() {}
  // The driver wrote `size` bytes of device configuration at `offset` (already stored in
  // config_ when inside it).
  virtual void config_written(uint64_t /*offset*/, unsigned /*size*/) {}
  // The driver is reading `size` bytes of device configuration at `offset` (a device that must
  // know when the driver has seen a value: virtio-net's link status).
  virtual void config_read(uint64_t /*offset*/, unsigned /*size*/) {}
  // The transport exists: a model fed by another thread may connect to its source now.
  virtual void attached() {}

  const std::vector<uint8_t>& config() const { return config_; }
  std::vector<uint8_t>& mutable_config() { return config_; }

  // Snapshots: the model's own state (the transport saves the queues and the configuration
  // space). Requests are served synchronously, so none is ever in flight when a snapshot is taken.
  virtual void save(SnapshotWriter&) const {}
  virtual void load(SnapshotReader&) {}

  // Set once by the transport that carries the device; then attached() runs.
  void attach(VirtioMmio& transport) {
    transport_ = &transport;
    attached();
  }

 protected:
  VirtioMmio& transport() const { return *transport_; }

  // The device-specific configuration space, little-endian (VirtIO 1.2 is little-endian, and
  // a legacy driver on a RISC-V guest is too).
  std::vector<uint8_t> config_;

 private:
  VirtioMmio* transport_ = nullptr;
};

}  // namespace microvm::devices
