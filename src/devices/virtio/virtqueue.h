// The split virtqueue (VirtIO 1.2, section 2.7), device side, shared by every virtio device.
//
// The guest owns the rings and may write anything into them at any time, so every index,
// address and length read from guest memory is checked before use: a chain that leaves RAM,
// loops, is longer than the queue allows, nests indirect tables, or puts a device-readable
// buffer after a device-writable one marks the queue broken. A broken queue hands out nothing
// more until it is restarted; the transport then sets DEVICE_NEEDS_RESET. Nothing the guest
// writes can make the host read or write outside guest RAM.
//
// Not thread-safe: the owning device's lock serialises every call.
#pragma once

#include <sys/uio.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/ram.h"
#include "core/snapshot.h"

namespace microvm::devices {

// One guest buffer of a chain, already checked to lie inside RAM.
struct VirtBuffer {
  uint64_t addr;
  uint32_t len;
};

// A descriptor chain taken from the available ring: its readable buffers, then its writable
// ones, in order.
struct VirtChain {
  uint16_t head = 0;
  std::vector<VirtBuffer> readable;
  std::vector<VirtBuffer> writable;
  uint64_t readable_bytes = 0;
  uint64_t writable_bytes = 0;

  void clear() {
    readable.clear();
    writable.clear();
    readable_bytes = writable_bytes = 0;
  }
};

class VirtQueue {
 public:
  static constexpr unsigned kMaxSize = 32768;             // split rings: a power of 2 up to 2^15
  static constexpr unsigned kMaxIndirect = 32768;         // descriptors in one indirect table
  static constexpr uint64_t kMaxChainBytes = 1ull << 32;  // 2.7.5: a chain is under 4 GiB

  // Descriptor flags (2.7.5).
  static constexpr uint16_t kDescNext = 1, kDescWrite = 2, kDescIndirect = 4;
  // Ring flags (2.7.6, 2.7.8).
  static constexpr uint16_t kAvailNoInterrupt = 1;

  explicit VirtQueue(Ram& ram) : ram_(ram) {}

  struct Layout {
    uint16_t size = 0;
    uint64_t desc = 0, avail = 0, used = 0;
  };

  // Starts using the rings at `layout`. A layout that is not a power-of-2 size or whose rings
  // do not lie (aligned) inside RAM starts the queue broken.
  void start(const Layout& layout, bool event_idx, bool indirect);
  void stop();
  bool running() const { return running_; }
  bool broken() const { return broken_; }
  // Why the queue broke, for the one-line report.
  const std::string& error() const { return error_; }
  const Layout& layout() const { return layout_; }

  enum class Pop { kEmpty, kChain, kBroken };
  // Takes the next available chain. With EVENT_IDX, an empty queue also asks the driver to
  // notify at the next buffer (avail_event), then looks once more so none is missed.
  Pop pop(VirtChain& chain);
  // Returns a chain to the driver: `written` bytes were written into its writable buffers.
  void push(uint16_t head, uint32_t written);
  // After pushes: whether the driver wants a used-buffer notification now (EVENT_IDX's
  // used_event, or the NO_INTERRUPT flag).
  bool needs_interrupt();

  // How many chains the driver has made available that pop() has not taken yet.
  uint16_t pending();

  // Snapshots. A loaded layout is checked as start() checks it, so no snapshot can point the
  // queue outside RAM.
  void save(SnapshotWriter& out) const;
  void load(SnapshotReader& in);

 private:
  struct Desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
  };
  static_assert(sizeof(Desc) == 16);
  Desc load_desc(uint64_t pa) const;

  bool fail(std::string why);
  uint16_t load16(uint64_t pa) const;
  void store16(uint64_t pa, uint16_t value);
  bool walk(uint16_t head, VirtChain& chain);

  Ram& ram_;
  Layout layout_;
  bool running_ = false;
  bool broken_ = false;
  bool event_idx_ = false;
  bool indirect_ = false;
  uint16_t last_avail_ = 0;      // next available-ring entry to take
  uint16_t used_idx_ = 0;        // next used-ring entry to fill
  uint16_t signalled_used_ = 0;  // used index at the last notification decision
  bool signalled_valid_ = false;
  std::string error_;
};

// Copies bytes out of a chain's readable buffers, front to back.
class ChainReader {
 public:
  ChainReader(const Ram& ram, const VirtChain& chain) : ram_(ram), buffers_(chain.readable) {}
  // Copies up to `len` bytes; returns how many there were.
  size_t read(void* out, size_t len);
  size_t skip(size_t len);

 private:
  const Ram& ram_;
  const std::vector<VirtBuffer>& buffers_;
  size_t index_ = 0;
  size_t offset_ = 0;
};

// Copies bytes into a chain's writable buffers, front to back (through Ram::write, so decoded
// code in those pages is dropped).
class ChainWriter {
 public:
  ChainWriter(Ram& ram, const VirtChain& chain) : ram_(ram), buffers_(chain.writable) {}
  size_t write(const void* in, size_t len);
  size_t written() const { return total_; }

 private:
  Ram& ram_;
  const std::vector<VirtBuffer>& buffers_;
  size_t index_ = 0;
  size_t offset_ = 0;
  size_t total_ = 0;
};

// The host memory behind bytes [offset, offset+len) of `buffers` (which lie in RAM), as iovecs
// for preadv/pwritev. Returns false when the buffers hold fewer bytes.
bool chain_iovecs(Ram& ram, const std::vector<VirtBuffer>& buffers, uint64_t offset, uint64_t len,
                  std::vector<iovec>& out);
// Tells RAM that bytes [offset, offset+len) of `buffers` were written behind its back.
void mark_written(Ram& ram, const std::vector<VirtBuffer>& buffers, uint64_t offset, uint64_t len);

}  // namespace microvm::devices
