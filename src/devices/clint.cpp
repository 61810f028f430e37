#include "devices/clint.h"

namespace microvm::devices {

Clint::Clint(Clock& clock, unsigned harts) : clock_(clock), msip_(harts, 0), msip_lines_(harts) {
  for (unsigned h = 0; h < harts; ++h) timers_.push_back(std::make_unique<TimerCompare>(clock));
}

bool Clint::read(uint64_t offset, unsigned size, uint64_t& value) {
  std::lock_guard lock(mutex_);
  const unsigned harts = static_cast<unsigned>(msip_.size());
  if (offset >= kMtime && offset + size <= kMtime + 8) {
    value = extract_bytes(clock_.now(), static_cast<unsigned>(offset - kMtime), size);
    return true;
  }
  if (offset >= kMtimecmp && offset + size <= kMtimecmp + 8ull * harts) {
    const uint64_t index = (offset - kMtimecmp) / 8, byte = (offset - kMtimecmp) % 8;
    if (byte + size > 8) return false;
    value = extract_bytes(timers_[index]->compare(), static_cast<unsigned>(byte), size);
    return true;
  }
  if (offset + size <= kMsip + 4ull * harts) {
    const uint64_t index = offset / 4, byte = offset % 4;
    if (byte + size > 4) return false;
    value = extract_bytes(msip_[index], static_cast<unsigned>(byte), size);
    return true;
  }
  value = 0;  // reserved space reads as zero
  return true;
}

bool Clint::write(uint64_t offset, unsigned size, uint64_t value) {
  std::lock_guard lock(mutex_);
  const unsigned harts = static_cast<unsigned>(msip_.size());
  if (offset >= kMtime && offset + size <= kMtime + 8) {
    clock_.set(merge_bytes(clock_.now(), static_cast<unsigned>(offset - kMtime), size, value));
    const uint64_t now = clock_.now();
    for (auto& timer : timers_) timer->poll(now);
    return true;
  }
  if (offset >= kMtimecmp && offset + size <= kMtimecmp + 8ull * harts) {
    const uint64_t index = (offset - kMtimecmp) / 8, byte = (offset - kMtimecmp) % 8;
    if (byte + size > 8) return false;
    TimerCompare& timer = *timers_[index];
    timer.set_compare(merge_bytes(timer.compare(), static_cast<unsigned>(byte), size, value));
    return true;
  }
  if (offset + size <= kMsip + 4ull * harts) {
    const uint64_t index = offset / 4, byte = offset % 4;
    if (byte + size > 4) return false;
    msip_[index] =
        static_cast<uint32_t>(merge_bytes(msip_[index], static_cast<unsigned>(byte), size, value)) & 1;
    msip_lines_[index].set(msip_[index] != 0);
    return true;
  }
  return true;  // writes to reserved space are ignored
}

DeviceNode Clint::device_node() const {
  DeviceNode node;
  node.name = "clint";
  node.size = kSize;
  node.compatible = {"sifive,clint0", "riscv,clint0"};
  // Each hart's machine software (3) and machine timer (7) interrupts (privileged spec 3.1.9).
  for (size_t h = 0; h < msip_.size(); ++h) node.hart_irqs.insert(node.hart_irqs.end(), {3, 7});
  return node;
}

}  // namespace microvm::devices

namespace microvm::devices {

void Clint::save(SnapshotWriter& out) {
  std::lock_guard lock(mutex_);
  out.u32(static_cast<uint32_t>(msip_.size()));
  for (size_t h = 0; h < msip_.size(); ++h) {
    out.u32(msip_[h]);
    out.u64(timers_[h]->compare());
  }
}

// The machine's clock is restored first, so each timer's line comes out as it was.
void Clint::load(SnapshotReader& in) {
  std::lock_guard lock(mutex_);
  in.expect(in.u32(), msip_.size(), "the CLINT's number of harts");
  for (size_t h = 0; h < msip_.size(); ++h) {
    msip_[h] = in.u32() & 1;
    msip_lines_[h].set(msip_[h] != 0);
    timers_[h]->set_compare(in.u64());
  }
  in.finish();
}

}  // namespace microvm::devices
