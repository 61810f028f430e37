#include "devices/goldfish_rtc.h"

#include <chrono>

namespace microvm::devices {

GoldfishRtc::GoldfishRtc(const Clock& clock, uint64_t epoch_ns, IrqLine irq)
    : clock_(clock), irq_(std::move(irq)), offset_ns_(static_cast<int64_t>(epoch_ns)) {
  alarm_thread_ = std::thread([this] { alarm_loop(); });
}

GoldfishRtc::~GoldfishRtc() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  alarm_changed_.notify_all();
  alarm_thread_.join();
}

uint64_t GoldfishRtc::now_ns() const {
  const unsigned __int128 ns = static_cast<unsigned __int128>(clock_.now()) * 1'000'000'000u / clock_.hz();
  return static_cast<uint64_t>(static_cast<int64_t>(ns) + offset_ns_);
}

void GoldfishRtc::update_irq() { irq_.set(irq_pending_ && irq_enabled_); }

bool GoldfishRtc::read(uint64_t offset, unsigned size, uint64_t& value) {
  if (size != 4) return false;
  std::lock_guard lock(mutex_);
  switch (offset) {
    case kTimeLow: {
      const uint64_t now = now_ns();
      latched_high_ = static_cast<uint32_t>(now >> 32);
      value = static_cast<uint32_t>(now);
      return true;
    }
    case kTimeHigh: value = latched_high_; return true;
    case kAlarmLow: value = static_cast<uint32_t>(alarm_ns_); return true;
    case kAlarmHigh: value = static_cast<uint32_t>(alarm_ns_ >> 32); return true;
    case kIrqEnabled: value = irq_enabled_; return true;
    case kAlarmStatus: value = alarm_armed_; return true;
    default: value = 0; return true;
  }
}

bool GoldfishRtc::write(uint64_t offset, unsigned size, uint64_t value) {
  if (size != 4) return false;
  const uint32_t v = static_cast<uint32_t>(value);
  {
    std::lock_guard lock(mutex_);
    switch (offset) {
      case kTimeLow: {
        // Setting the time: TIME_HIGH was written first (QEMU's order), TIME_LOW completes it.
        const uint64_t wanted = (uint64_t{latched_high_} << 32) | v;
        offset_ns_ += static_cast<int64_t>(wanted - now_ns());
        break;
      }
      case kTimeHigh: latched_high_ = v; break;
      case kAlarmHigh: alarm_high_ = v; break;
      case kAlarmLow:
        // Writing ALARM_LOW arms the alarm; one already due fires at once.
        alarm_ns_ = (uint64_t{alarm_high_} << 32) | v;
        alarm_armed_ = true;
        if (alarm_ns_ <= now_ns()) {
          alarm_armed_ = false;
          irq_pending_ = true;
        }
        break;
      case kIrqEnabled: irq_enabled_ = v & 1; break;
      case kClearAlarm: alarm_armed_ = false; break;
      case kClearInterrupt: irq_pending_ = false; break;
      default: break;
    }
    update_irq();
  }
  alarm_changed_.notify_all();
  return true;
}

void GoldfishRtc::alarm_loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (!alarm_armed_) {
      alarm_changed_.wait(lock);
      continue;
    }
    const uint64_t now = now_ns();
    if (alarm_ns_ <= now) {
      alarm_armed_ = false;
      irq_pending_ = true;
      update_irq();
      continue;
    }
    const unsigned __int128 delta =
        static_cast<unsigned __int128>(alarm_ns_ - now) * clock_.hz() / 1'000'000'000u;
    const uint64_t ticks = clock_.now() + static_cast<uint64_t>(delta > (1ull << 62) ? (1ull << 62) : delta);
    alarm_changed_.wait_for(lock, clock_.host_time_until(ticks));
  }
}

DeviceNode GoldfishRtc::device_node() const {
  DeviceNode node;
  node.name = "rtc";
  node.size = kSize;
  node.compatible = {"google,goldfish-rtc"};
  node.irq = irq_.number();
  return node;
}

}  // namespace microvm::devices

namespace microvm::devices {

// The calendar is saved as its offset from the guest clock, which the snapshot restores too:
// the guest's time of day continues from where it was, not from the host's.
void GoldfishRtc::save(SnapshotWriter& out) {
  std::lock_guard lock(mutex_);
  out.i64(offset_ns_);
  out.u32(latched_high_);
  out.u32(alarm_high_);
  out.u64(alarm_ns_);
  out.boolean(alarm_armed_);
  out.boolean(irq_enabled_);
  out.boolean(irq_pending_);
}

void GoldfishRtc::load(SnapshotReader& in) {
  {
    std::lock_guard lock(mutex_);
    offset_ns_ = in.i64();
    latched_high_ = in.u32();
    alarm_high_ = in.u32();
    alarm_ns_ = in.u64();
    alarm_armed_ = in.boolean();
    irq_enabled_ = in.boolean();
    irq_pending_ = in.boolean();
    in.finish();
    update_irq();
  }
  alarm_changed_.notify_all();
}

}  // namespace microvm::devices
