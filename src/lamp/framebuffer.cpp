#include "lamp/framebuffer.h"

#include <cstring>

namespace microvm::lamp {

uint8_t Framebuffer::read8(uint32_t offset) {
  std::lock_guard lock(mutex_);
  return offset < kFbSize ? bytes_[offset] : 0;
}

void Framebuffer::write8(uint32_t offset, uint8_t value) {
  std::lock_guard lock(mutex_);
  if (offset < kFbSize) bytes_[offset] = value;
  generation_.fetch_add(1, std::memory_order_relaxed);
}

uint32_t Framebuffer::read32(uint32_t offset) {
  std::lock_guard lock(mutex_);
  uint32_t value = 0;
  for (unsigned i = 0; i < 4; ++i) {
    if (offset + i < kFbSize) value |= uint32_t{bytes_[offset + i]} << (8 * i);
  }
  return value;
}

void Framebuffer::write32(uint32_t offset, uint32_t value) {
  std::lock_guard lock(mutex_);
  if (offset % 4 == 0 && offset < kFbSize) {
    std::memcpy(&bytes_[offset], &value, 4);
  } else {
    for (unsigned i = 0; i < 4; ++i) {
      if (offset + i < kFbSize) bytes_[offset + i] = static_cast<uint8_t>(value >> (8 * i));
    }
  }
  generation_.fetch_add(1, std::memory_order_relaxed);
}

std::vector<uint32_t> Framebuffer::pixels() {
  std::lock_guard lock(mutex_);
  std::vector<uint32_t> out(kFbWidth * kFbHeight);
  std::memcpy(out.data(), bytes_.data(), kFbSize);
  return out;
}

}  // namespace microvm::lamp
