// The virtio-mmio transport (VirtIO 1.2, section 4.2): one 0x200-byte register window per
// device, as on QEMU's virt board. Modern (version 2) by default; legacy (version 1, the
// QueuePFN interface QEMU offers unless force-legacy=off) on request. A slot without a device
// model answers like QEMU's empty transports: magic, version and vendor, device ID 0.
//
// One mutex guards the transport and its device model: harts on different host threads may
// write QueueNotify at the same moment, and backends (the network, the console reader) deliver
// input from their own threads through lock().
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/device.h"
#include "core/irq.h"
#include "core/ram.h"
#include "devices/virtio/virtio.h"
#include "devices/virtio/virtqueue.h"

namespace microvm::devices {

class VirtioMmio : public Device {
 public:
  static constexpr uint64_t kSize = 0x1000;        // the slot; registers and config use the first 0x200
  static constexpr uint32_t kMagic = 0x74726976;   // "virt"
  static constexpr uint32_t kVendor = 0x554D4551;  // "QEMU": kernels such as xv6 check it

  // Register offsets (4.2.2, and 4.2.4 for the legacy ones).
  enum Reg : uint32_t {
    kMagicValue = 0x000,
    kVersion = 0x004,
    kDeviceId = 0x008,
    kVendorId = 0x00C,
    kDeviceFeatures = 0x010,
    kDeviceFeaturesSel = 0x014,
    kDriverFeatures = 0x020,
    kDriverFeaturesSel = 0x024,
    kGuestPageSize = 0x028,  // legacy
    kQueueSel = 0x030,
    kQueueNumMax = 0x034,
    kQueueNum = 0x038,
    kQueueAlign = 0x03C,  // legacy
    kQueuePfn = 0x040,    // legacy
    kQueueReady = 0x044,
    kQueueNotify = 0x050,
    kInterruptStatus = 0x060,
    kInterruptAck = 0x064,
    kStatus = 0x070,
    kQueueDescLow = 0x080,
    kQueueDescHigh = 0x084,
    kQueueDriverLow = 0x090,
    kQueueDriverHigh = 0x094,
    kQueueDeviceLow = 0x0A0,
    kQueueDeviceHigh = 0x0A4,
    kShmSel = 0x0AC,
    kShmLenLow = 0x0B0,
    kShmLenHigh = 0x0B4,
    kShmBaseLow = 0x0B8,
    kShmBaseHigh = 0x0BC,
    kConfigGeneration = 0x0FC,
    kConfig = 0x100,
  };
  static constexpr uint32_t kInterruptUsedBuffer = 1, kInterruptConfigChange = 2;

  // `model` may be null: an empty slot. `legacy` selects the version 1 register interface;
  // `base` only names the device in messages.
  VirtioMmio(Ram& ram, uint64_t base, IrqLine irq, std::unique_ptr<VirtioDevice> model, bool legacy);
  ~VirtioMmio() override;

  std::string_view name() const override;
  bool read(uint64_t offset, unsigned size, uint64_t& value) override;
  bool write(uint64_t offset, unsigned size, uint64_t value) override;
  DeviceNode device_node() const override;

  // --- For the device model (with the lock held) ---
  std::unique_lock<std::mutex> lock() { return std::unique_lock(mutex_); }
  Ram& ram() { return ram_; }
  VirtQueue& queue(unsigned index) { return queues_.at(index).ring; }
  bool driver_ok() const { return (status_ & virtio::kDriverOk) && !(status_ & virtio::kNeedsReset); }
  bool legacy() const { return legacy_; }
  uint64_t negotiated_features() const { return driver_features_; }
  bool negotiated(unsigned bit) const { return driver_features_ & virtio::bit(bit); }
  // Used buffers were pushed on `queue`: interrupt the driver if it asked for it.
  void used_buffers(unsigned queue);
  // The driver broke the protocol (a malformed chain or request): DEVICE_NEEDS_RESET, every
  // queue stops, and the driver hears of it through a configuration-change interrupt.
  void device_error(const std::string& why);
  // The configuration space changed.
  void config_changed();

  VirtioDevice* model() const { return model_.get(); }

  // Snapshots: transport registers, queues, configuration space, then the model's state.
  void save(SnapshotWriter& out) override;
  void load(SnapshotReader& in) override;

 private:
  struct Queue {
    explicit Queue(Ram& ram) : ring(ram) {}
    VirtQueue ring;
    uint32_t num = 0;
    bool ready = false;
    uint64_t desc = 0, driver = 0, device = 0;
    uint32_t align = 4096, pfn = 0;  // legacy
  };

  uint32_t read_register(uint32_t offset);
  void write_register(uint32_t offset, uint32_t value);
  void write_status(uint32_t value);
  void reset();
  void start_queue(unsigned index);
  void notify(unsigned index);
  void set_interrupt(uint32_t bits);
  uint64_t offered_features() const;
  Queue* selected();

  Ram& ram_;
  IrqLine irq_;
  bool legacy_;
  std::mutex mutex_;
  std::string name_;
  uint32_t status_ = 0;
  uint32_t device_features_sel_ = 0, driver_features_sel_ = 0;
  uint64_t driver_features_ = 0;
  uint32_t queue_sel_ = 0;
  uint32_t interrupt_status_ = 0;
  uint32_t config_generation_ = 0;
  uint32_t guest_page_size_ = 4096;  // legacy
  bool error_reported_ = false;
  std::vector<Queue> queues_;
  std::unique_ptr<VirtioDevice> model_;  // last: destroyed first, while the lock still exists
};

}  // namespace microvm::devices
