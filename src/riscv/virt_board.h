// The "virt" machine: QEMU virt's memory map, devices and boot contract, with harts that each
// run on their own host thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/bus.h"
#include "core/clock.h"
#include "core/console.h"
#include "core/ram.h"
#include "core/run_control.h"
#include "riscv/hart.h"
#include "riscv/reservations.h"

namespace microvm::devices {
class Clint;
class Plic;
class Uart16550;
class Syscon;
class Htif;
}  // namespace microvm::devices

namespace microvm::riscv {

// QEMU virt's addresses (hw/riscv/virt.c).
namespace virt_map {
constexpr uint64_t kTest = 0x0010'0000, kClint = 0x0200'0000, kPlic = 0x0C00'0000, kUart = 0x1000'0000,
                   kDram = 0x8000'0000;
constexpr unsigned kUartIrq = 10;
}  // namespace virt_map

struct VirtConfig {
  uint64_t memory_mib = 128;
  unsigned harts = 1;
  uint64_t insn_limit = 0;
};

class VirtBoard {
 public:
  static constexpr uint64_t kMinMemoryMib = 16, kMaxMemoryMib = 65536;

  VirtBoard(const VirtConfig& config, Console& console);
  ~VirtBoard();

  // Loads an ELF64 at its physical addresses, or a raw image at `load_addr`; returns the entry.
  // Throws UserError for anything that does not fit this machine.
  uint64_t load_kernel(std::span<const uint8_t> image, const std::string& name, uint64_t load_addr);

  // Puts the device tree at the top of RAM and starts every hart in M-mode at `entry` with
  // a0 = hartid and a1 = the device tree, like `qemu-system-riscv64 -M virt -bios none`.
  void boot_machine_mode(uint64_t entry);

  // Runs until the guest or the user stops the machine, or `timeout` passes.
  void run(std::optional<std::chrono::milliseconds> timeout);

  RunControl& run_control() { return run_control_; }
  Ram& ram() { return *ram_; }
  Bus& bus() { return *bus_; }
  Hart& hart(unsigned i) { return *harts_.at(i); }
  const std::vector<uint8_t>& device_tree() const { return device_tree_; }
  uint64_t device_tree_address() const { return device_tree_address_; }

 private:
  std::vector<uint8_t> build_device_tree() const;

  VirtConfig config_;
  Console& console_;
  RunControl run_control_;
  Clock clock_;
  std::unique_ptr<Ram> ram_;
  std::unique_ptr<Bus> bus_;
  std::unique_ptr<Reservations> reservations_;
  std::unique_ptr<devices::Clint> clint_;
  std::unique_ptr<devices::Plic> plic_;
  std::unique_ptr<devices::Uart16550> uart_;
  std::unique_ptr<devices::Syscon> syscon_;
  std::unique_ptr<devices::Htif> htif_;
  std::vector<std::unique_ptr<Hart>> harts_;
  std::vector<uint8_t> device_tree_;
  uint64_t device_tree_address_ = 0;
  std::vector<std::pair<uint64_t, uint64_t>> loaded_;  // [start, end) of every loaded image
};

}  // namespace microvm::riscv
