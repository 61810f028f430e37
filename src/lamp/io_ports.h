// The 256 IO ports (spec §3) other than the per-core CPU_CTX ports, which the core handles: the
// serial port (TX to host stdout, a 256-byte RX FIFO with an interrupt), the disk ports, and plain
// storage for every other port. Its own lock.
#pragma once

#include <cstdint>
#include <mutex>

#include "core/snapshot.h"
#include "lamp/disk.h"
#include "lamp/intc.h"

namespace microvm::lamp {

namespace port {
constexpr unsigned kScreen = 0x01, kScreenAttribute = 0x02, kKeyboard = 0x03;
constexpr uint32_t kRxReady = 0x01, kTxReady = 0x02, kCtrlRxInterrupt = 0x01;
}  // namespace port

class IoPorts {
 public:
  IoPorts(Intc& intc, Disk& disk) : intc_(intc), disk_(disk) {}

  uint32_t in(unsigned port);
  void out(unsigned port, uint32_t value);

  // A byte typed by the host (console or display window); dropped when the FIFO is full.
  void enqueue_rx(uint8_t byte);
  void set_tx_ready();

  // The device's state in a snapshot (lamp/snapshot.cpp); load() throws a UserError on bad values.
  void save(SnapshotWriter& out);
  void load(SnapshotReader& in);

 private:
  static constexpr unsigned kFifoSize = 256;

  Intc& intc_;
  Disk& disk_;
  std::mutex mutex_;
  uint32_t io_[256] = {};
  uint8_t fifo_[kFifoSize] = {};
  unsigned fifo_head_ = 0, fifo_count_ = 0;
};

}  // namespace microvm::lamp
