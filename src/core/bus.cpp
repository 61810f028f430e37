#include "core/bus.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace microvm {

void Bus::map(uint64_t base, uint64_t size, Device& device) {
  for (const Mapping& m : mappings_) {
    if (base < m.base + m.size && m.base < base + size) {
      throw std::logic_error(
          fmt::format("device {} at {:#x} overlaps {}", device.name(), base, m.device->name()));
    }
  }
  mappings_.push_back({base, size, &device});
  std::sort(mappings_.begin(), mappings_.end(),
            [](const Mapping& a, const Mapping& b) { return a.base < b.base; });
}

const Bus::Mapping* Bus::find_device(uint64_t pa) const {
  // Few mappings (tens at most): a binary search on the sorted bases.
  auto it = std::upper_bound(mappings_.begin(), mappings_.end(), pa,
                             [](uint64_t addr, const Mapping& m) { return addr < m.base; });
  if (it == mappings_.begin()) return nullptr;
  --it;
  return it->contains(pa) ? &*it : nullptr;
}

bool Bus::is_plain_ram_page(uint64_t page_pa) const {
  return ram_.contains(page_pa, Ram::kPageSize) && !has_device_in(page_pa, Ram::kPageSize);
}

bool Bus::has_device_in(uint64_t base, uint64_t size) const {
  for (const Mapping& m : mappings_) {
    if (m.base < base + size && base < m.base + m.size) return true;
  }
  return false;
}

bool Bus::read(uint64_t pa, unsigned size, uint64_t& value) {
  value = 0;  // a device that leaves a register unset reads as 0, never as the host's stack
  if (const Mapping* m = find_device(pa)) return m->device->read(pa - m->base, size, value);
  if (!ram_.contains(pa, size)) return false;
  std::memcpy(&value, ram_.ptr(pa), size);
  return true;
}

bool Bus::write(uint64_t pa, unsigned size, uint64_t value) {
  if (const Mapping* m = find_device(pa)) return m->device->write(pa - m->base, size, value);
  return ram_.write(pa, &value, size);
}

}  // namespace microvm
