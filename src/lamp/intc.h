// The interrupt controller (spec §2.5, §4): per-core 256-bit pending bitmaps, per-core enables, a
// global priority table and EOI. It also owns each core's "attention" word, the one flag a core's
// run loop tests before every instruction; anything that may change what a core must do next
// (a new pending bit, a halt, an unmask) sets it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "lamp/mmio.h"

namespace microvm::lamp {

class Intc : public MmioDevice {
 public:
  // on_bad_write: an unknown register write; the original prints and stops the VM.
  Intc(unsigned cores, std::function<void(const std::string&)> on_bad_write);

  unsigned cores() const { return cores_; }

  // Any thread. Vectors >= 256 are ignored.
  void raise(unsigned core, unsigned vector);
  void clear(unsigned core, unsigned vector);
  bool pending(unsigned core, unsigned vector) const;

  // The vector to deliver to `core` among pending & enabled: highest priority, ties to the lowest
  // vector; -1 when none.
  int select(unsigned core) const;

  std::atomic<uint32_t>& attention(unsigned core) { return lines_[core].attention; }
  void poke(unsigned core) { lines_[core].attention.store(1, std::memory_order_release); }
  void poke_all();

  // The device's state in a snapshot (lamp/snapshot.cpp); load() throws a UserError on bad values.
  void save(SnapshotWriter& out) const;
  void load(SnapshotReader& in);

  uint32_t read32(unsigned core, uint32_t offset) override;
  void write32(unsigned core, uint32_t offset, uint32_t value) override;

 private:
  // One core's interrupt lines: pending and enable bits, and its attention word.
  struct alignas(64) CoreLines {
    std::atomic<uint64_t> pending[4] = {};
    std::atomic<uint32_t> enable[8];
    std::atomic<uint32_t> attention{0};
    CoreLines() {
      for (auto& e : enable) e.store(~0u, std::memory_order_relaxed);  // reset: all enabled
    }
  };

  unsigned cores_;
  std::unique_ptr<CoreLines[]> lines_;
  std::atomic<uint8_t> priority_[256] = {};
  std::function<void(const std::string&)> on_bad_write_;
};

}  // namespace microvm::lamp
