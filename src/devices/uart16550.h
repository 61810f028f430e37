// NS16550A UART (as on QEMU virt: byte registers, no shift; wider accesses touch consecutive
// registers). Transmission is instant: THR
// bytes go straight to the host console. Received bytes wait in the console's queue, so the
// receive FIFO never overflows and piped input is never lost.
#pragma once

#include <deque>
#include <mutex>

#include "core/console.h"
#include "core/device.h"
#include "core/irq.h"
#include "core/snapshot.h"

namespace microvm::devices {

class Uart16550 : public Device {
 public:
  static constexpr uint64_t kSize = 0x100;

  // Without `takes_input` the UART never receives (stdin feeds another console device).
  Uart16550(Console& console, IrqLine irq, bool takes_input = true);

  std::string_view name() const override { return "uart16550"; }
  bool read(uint64_t offset, unsigned size, uint64_t& value) override;
  bool write(uint64_t offset, unsigned size, uint64_t value) override;
  DeviceNode device_node() const override;

  // The console has new input.
  void input_arrived();

 private:
  // Register offsets and bits (PC16550D data sheet).
  enum : uint8_t { kRbrThr = 0, kIer = 1, kIirFcr = 2, kLcr = 3, kMcr = 4, kLsr = 5, kMsr = 6, kScr = 7 };
  enum : uint8_t { kIerRx = 1, kIerThre = 2, kIerLineStatus = 4 };
  enum : uint8_t { kLcrDlab = 0x80 };
  enum : uint8_t { kMcrLoop = 0x10 };
  enum : uint8_t { kLsrDataReady = 0x01, kLsrThre = 0x20, kLsrTemt = 0x40 };
  enum : uint8_t { kIirNone = 0x01, kIirThre = 0x02, kIirRx = 0x04, kIirFifo = 0xC0 };

  uint8_t read_register(uint64_t offset);
  void write_register(uint64_t offset, uint8_t byte);
  bool rx_ready() const;
  uint8_t pop_rx();
  uint8_t interrupt_id() const;
  void update_irq();

  Console& console_;
  IrqLine irq_;
  bool takes_input_;
  std::mutex mutex_;
  uint8_t ier_ = 0, lcr_ = 0, mcr_ = 0, scr_ = 0, fcr_ = 0;
  uint8_t dll_ = 0, dlm_ = 0;
  bool thr_interrupt_ = false;  // "THR empty" is pending until IIR reports it or THR is written
  std::deque<uint8_t> loopback_;
  bool irq_level_ = false;
  bool resignal_ = false;  // this access is one where QEMU's UART signals its line again

 public:
  // Snapshots (see core/device.h).
  void save(SnapshotWriter& out) override;
  void load(SnapshotReader& in) override;
};

}  // namespace microvm::devices
