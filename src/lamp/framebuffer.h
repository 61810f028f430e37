// The 640x480x4 framebuffer (spec §2.1), seen at FB_BASE (just past RAM) and at the legacy alias
// 0x00620000, which shadows RAM there. Pixels are 0x00RRGGBB. Its own storage and lock: cores, the
// display thread and the screenshot writer share it.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "core/snapshot.h"
#include "lamp/layout.h"

namespace microvm::lamp {

class Framebuffer {
 public:
  Framebuffer() : bytes_(kFbSize, 0) {}

  uint8_t read8(uint32_t offset);
  void write8(uint32_t offset, uint8_t value);
  // Any alignment; bytes past the end read 0 and are not written.
  uint32_t read32(uint32_t offset);
  void write32(uint32_t offset, uint32_t value);

  // A copy of every pixel (0x00RRGGBB), row-major.
  std::vector<uint32_t> pixels();
  // Bumped on every write; the display redraws when it changes.
  uint64_t generation() const { return generation_.load(std::memory_order_relaxed); }

  // The device's state in a snapshot (lamp/snapshot.cpp); load() throws a UserError on bad values.
  void save(SnapshotWriter& out);
  void load(SnapshotReader& in);

 private:
  std::mutex mutex_;
  std::vector<uint8_t> bytes_;
  std::atomic<uint64_t> generation_{0};
};

}  // namespace microvm::lamp
