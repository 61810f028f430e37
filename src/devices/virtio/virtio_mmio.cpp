#include "devices/virtio/virtio_mmio.h"

#include <fmt/format.h>

#include <bit>

namespace microvm::devices {

VirtioMmio::VirtioMmio(Ram& ram, uint64_t base, IrqLine irq, std::unique_ptr<VirtioDevice> model, bool legacy)
    : ram_(ram), irq_(std::move(irq)), legacy_(legacy), model_(std::move(model)) {
  name_ = fmt::format("{}@{:#x}", model_ ? model_->name() : std::string_view("virtio-mmio"), base);
  if (model_) {
    queues_.reserve(model_->queue_count());
    for (unsigned i = 0; i < model_->queue_count(); ++i) queues_.emplace_back(ram_);
    model_->attach(*this);
  }
}

VirtioMmio::~VirtioMmio() = default;

std::string_view VirtioMmio::name() const { return name_; }

uint64_t VirtioMmio::offered_features() const {
  if (!model_) return 0;
  uint64_t features = model_->device_features() | virtio::bit(virtio::kFeatureIndirectDesc) |
                      virtio::bit(virtio::kFeatureEventIdx);
  if (!legacy_) features |= virtio::bit(virtio::kFeatureVersion1);
  return legacy_ ? (features & 0xFFFF'FFFF) : features;
}

VirtioMmio::Queue* VirtioMmio::selected() {
  return queue_sel_ < queues_.size() ? &queues_[queue_sel_] : nullptr;
}

bool VirtioMmio::read(uint64_t offset, unsigned size, uint64_t& value) {
  std::lock_guard lock(mutex_);
  value = 0;
  if (offset >= kConfig) {
    if (!model_ || size > 8) return true;
    model_->config_read(offset - kConfig, size);
    const auto& config = model_->config();
    for (unsigned i = 0; i < size; ++i) {
      const uint64_t at = offset - kConfig + i;
      if (at < config.size()) value |= uint64_t{config[at]} << (8 * i);
    }
    return true;
  }
  // 4.2.2.2: registers are read 32 bits wide and aligned; QEMU answers anything else with 0.
  if (size == 4 && offset % 4 == 0) value = read_register(static_cast<uint32_t>(offset));
  return true;
}

bool VirtioMmio::write(uint64_t offset, unsigned size, uint64_t value) {
  std::lock_guard lock(mutex_);
  if (offset >= kConfig) {
    if (!model_ || size > 8) return true;
    auto& config = model_->mutable_config();
    const uint64_t at = offset - kConfig;
    if (at >= config.size()) return true;
    for (unsigned i = 0; i < size && at + i < config.size(); ++i)
      config[at + i] = static_cast<uint8_t>(value >> (8 * i));
    model_->config_written(at, size);
    return true;
  }
  if (size == 4 && offset % 4 == 0)
    write_register(static_cast<uint32_t>(offset), static_cast<uint32_t>(value));
  return true;
}

uint32_t VirtioMmio::read_register(uint32_t offset) {
  switch (offset) {
    case kMagicValue: return kMagic;
    case kVersion: return legacy_ ? 1 : 2;
    case kDeviceId: return model_ ? model_->device_id() : 0;
    case kVendorId: return kVendor;
    default: break;
  }
  if (!model_) return 0;  // an empty slot reads as zero, as QEMU's does
  switch (offset) {
    case kDeviceFeatures: {
      const uint64_t features = offered_features();
      if (device_features_sel_ == 0) return static_cast<uint32_t>(features);
      if (device_features_sel_ == 1 && !legacy_) return static_cast<uint32_t>(features >> 32);
      return 0;
    }
    case kQueueNumMax: return selected() ? model_->queue_max_size(queue_sel_) : 0;
    case kQueueReady: return !legacy_ && selected() ? selected()->ready : 0;
    case kQueuePfn: return legacy_ && selected() ? selected()->pfn : 0;
    case kInterruptStatus: return interrupt_status_;
    case kStatus: return status_;
    case kConfigGeneration: return config_generation_;
    case kShmLenLow:
    case kShmLenHigh:
    case kShmBaseLow:
    case kShmBaseHigh: return legacy_ ? 0 : 0xFFFF'FFFF;  // 4.2.2.1: no shared memory regions
    default: return 0;
  }
}

void VirtioMmio::write_register(uint32_t offset, uint32_t value) {
  if (!model_) return;
  Queue* q = selected();
  auto set_low = [](uint64_t& reg, uint32_t v) { reg = (reg & ~0xFFFF'FFFFull) | v; };
  auto set_high = [](uint64_t& reg, uint32_t v) { reg = (reg & 0xFFFF'FFFFull) | (uint64_t{v} << 32); };
  switch (offset) {
    case kDeviceFeaturesSel: device_features_sel_ = value; break;
    case kDriverFeaturesSel: driver_features_sel_ = value; break;
    case kDriverFeatures:
      // Features are fixed once FEATURES_OK is set (or, for legacy, once the driver is running).
      // Bits the device did not offer are dropped, as QEMU drops them, rather than refused
      // at FEATURES_OK; so is the modern transport without VIRTIO_F_VERSION_1 accepted (the
      // spec lets a device refuse both, 3.1.1; QEMU refuses neither and drivers such as
      // xv6's negotiate only the low word). docs/compatibility.md lists these choices.
      if (status_ & (virtio::kFeaturesOk | virtio::kDriverOk)) break;
      if (driver_features_sel_ == 0) {
        driver_features_ = (driver_features_ & ~0xFFFF'FFFFull) | value;
      } else if (driver_features_sel_ == 1 && !legacy_) {
        driver_features_ = (driver_features_ & 0xFFFF'FFFFull) | (uint64_t{value} << 32);
      }
      driver_features_ &= offered_features();
      break;
    case kGuestPageSize:
      if (legacy_) guest_page_size_ = value;
      break;
    case kQueueSel: queue_sel_ = value; break;
    case kQueueNum:
      if (q) q->num = value;
      break;
    case kQueueAlign:
      if (legacy_ && q) q->align = value;
      break;
    case kQueuePfn:
      if (legacy_ && q) {
        q->pfn = value;
        if (value == 0) {
          q->ring.stop();
        } else {
          start_queue(queue_sel_);
        }
      }
      break;
    case kQueueReady:
      if (!legacy_ && q) {
        if (value & 1) {
          start_queue(queue_sel_);
        } else {
          q->ready = false;
          q->ring.stop();
        }
      }
      break;
    case kQueueDescLow:
      if (q) set_low(q->desc, value);
      break;
    case kQueueDescHigh:
      if (q) set_high(q->desc, value);
      break;
    case kQueueDriverLow:
      if (q) set_low(q->driver, value);
      break;
    case kQueueDriverHigh:
      if (q) set_high(q->driver, value);
      break;
    case kQueueDeviceLow:
      if (q) set_low(q->device, value);
      break;
    case kQueueDeviceHigh:
      if (q) set_high(q->device, value);
      break;
    case kQueueNotify: notify(value & 0xFFFF); break;
    case kInterruptAck:
      interrupt_status_ &= ~value;
      set_interrupt(0);
      break;
    case kStatus: write_status(value); break;
    default: break;  // read-only or unknown: ignored, as on QEMU
  }
}

void VirtioMmio::write_status(uint32_t value) {
  if (value == 0) {
    reset();
    return;
  }
  const uint32_t before = status_;
  status_ = value | (before & virtio::kNeedsReset);
  if ((status_ & virtio::kDriverOk) && !(before & virtio::kDriverOk) && driver_ok()) {
    model_->started();
    // Buffers made available before DRIVER_OK are picked up now.
    for (unsigned i = 0; i < queues_.size(); ++i) notify(i);
  }
}

void VirtioMmio::reset() {
  status_ = 0;
  device_features_sel_ = driver_features_sel_ = 0;
  driver_features_ = 0;
  queue_sel_ = 0;
  interrupt_status_ = 0;
  guest_page_size_ = 4096;
  error_reported_ = false;
  for (Queue& q : queues_) {
    q.ring.stop();
    q.num = 0;
    q.ready = false;
    q.desc = q.driver = q.device = 0;
    q.align = 4096;
    q.pfn = 0;
  }
  set_interrupt(0);
  model_->reset();
}

void VirtioMmio::start_queue(unsigned index) {
  Queue& q = queues_[index];
  VirtQueue::Layout layout;
  layout.size = q.num <= VirtQueue::kMaxSize && q.num <= model_->queue_max_size(index)
                    ? static_cast<uint16_t>(q.num)
                    : 0;
  if (legacy_) {
    // 2.7.2 legacy layout: the table, the available ring right after it, the used ring at the
    // next QueueAlign boundary.
    layout.desc = uint64_t{q.pfn} * guest_page_size_;
    layout.avail = layout.desc + 16ull * q.num;
    const uint64_t align = std::has_single_bit(q.align) ? q.align : 1;
    layout.used = (layout.avail + 6 + 2ull * q.num + align - 1) & ~(align - 1);
  } else {
    layout.desc = q.desc;
    layout.avail = q.driver;
    layout.used = q.device;
    q.ready = true;
  }
  q.ring.start(layout, negotiated(virtio::kFeatureEventIdx), negotiated(virtio::kFeatureIndirectDesc));
  if (q.ring.broken()) device_error(fmt::format("queue {}: {}", index, q.ring.error()));
}

void VirtioMmio::notify(unsigned index) {
  if (index >= queues_.size() || !driver_ok() || !queues_[index].ring.running()) return;
  model_->queue_notified(index);
  used_buffers(index);
}

void VirtioMmio::used_buffers(unsigned index) {
  VirtQueue& ring = queues_.at(index).ring;
  if (ring.broken()) {
    device_error(fmt::format("queue {}: {}", index, ring.error()));
  } else if (ring.needs_interrupt()) {
    set_interrupt(kInterruptUsedBuffer);
  }
}

void VirtioMmio::device_error(const std::string& why) {
  if (status_ & virtio::kNeedsReset) return;
  const bool was_ok = status_ & virtio::kDriverOk;
  status_ |= virtio::kNeedsReset;
  if (!error_reported_) {
    // A guest bug, not ours: say so once, so an OS developer sees why the device went quiet.
    error_reported_ = true;
    fmt::print(stderr, "microvm: {}: {}; device needs reset\n", name_, why);
  }
  if (was_ok) set_interrupt(kInterruptConfigChange);
}

void VirtioMmio::config_changed() {
  ++config_generation_;
  set_interrupt(kInterruptConfigChange);
}

// Every notification and every InterruptACK signals the line, also when its level does not
// change, as QEMU's transport does: the PLIC pends a source on each signal, so a driver that
// acknowledged only some bits hears of the rest after it completes the claim.
void VirtioMmio::set_interrupt(uint32_t bits) {
  interrupt_status_ |= bits;
  irq_.set(interrupt_status_ != 0);
}

DeviceNode VirtioMmio::device_node() const {
  DeviceNode node;
  node.name = "virtio_mmio";
  node.size = kSize;
  node.compatible = {"virtio,mmio"};
  node.irq = irq_.number();
  return node;
}

}  // namespace microvm::devices

namespace microvm::devices {

void VirtioMmio::save(SnapshotWriter& out) {
  std::lock_guard lock(mutex_);
  out.u32(model_ ? model_->device_id() : 0);
  out.boolean(legacy_);
  if (!model_) return;
  out.u32(status_);
  out.u32(device_features_sel_);
  out.u32(driver_features_sel_);
  out.u64(driver_features_);
  out.u32(queue_sel_);
  out.u32(interrupt_status_);
  out.u32(config_generation_);
  out.u32(guest_page_size_);
  out.boolean(error_reported_);
  out.u32(static_cast<uint32_t>(queues_.size()));
  for (const Queue& q : queues_) {
    out.u32(q.num);
    out.boolean(q.ready);
    out.u64(q.desc);
    out.u64(q.driver);
    out.u64(q.device);
    out.u32(q.align);
    out.u32(q.pfn);
    q.ring.save(out);
  }
  out.blob(model_->config());
  model_->save(out);
}

void VirtioMmio::load(SnapshotReader& in) {
  std::lock_guard lock(mutex_);
  in.expect(in.u32(), model_ ? model_->device_id() : 0, "the virtio device ID");
  in.expect(in.boolean(), legacy_, "the legacy-interface flag");
  if (!model_) return in.finish();
  status_ = in.u32();
  device_features_sel_ = in.u32();
  driver_features_sel_ = in.u32();
  driver_features_ = in.u64();
  queue_sel_ = in.u32();
  interrupt_status_ = in.u32();
  config_generation_ = in.u32();
  guest_page_size_ = in.u32();
  error_reported_ = in.boolean();
  in.expect(in.u32(), queues_.size(), "the number of virtqueues");
  for (Queue& q : queues_) {
    q.num = in.u32();
    q.ready = in.boolean();
    q.desc = in.u64();
    q.driver = in.u64();
    q.device = in.u64();
    q.align = in.u32();
    q.pfn = in.u32();
    q.ring.load(in);
  }
  const auto config = in.blob(4096);
  in.expect(config.size(), model_->config().size(), "the configuration space size");
  model_->mutable_config().assign(config.begin(), config.end());
  model_->load(in);
  in.finish();
}

}  // namespace microvm::devices
