// The virt machine in a snapshot: its "machine" section (the board options a restore rebuilds
// the machine from, and what `microvm inspect` prints), then one section per part.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/snapshot.h"
#include "riscv/virt_board.h"

namespace microvm::riscv {

inline constexpr std::string_view kVirtMachineName = "riscv-virt";

struct SnapshotDisk {
  std::string path;
  uint64_t size = 0;
  bool read_only = false;
  Sha256 hash{};
};

// The "machine" section.
struct MachineDescription {
  uint64_t memory_mib = 0;
  unsigned harts = 0;
  Isa isa = Isa::all();
  bool deterministic = false;
  StdinTarget stdin_target = StdinTarget::kUart;
  bool virtio_legacy = false;
  bool screen = false;    // VirtConfig::screen
  bool keyboard = false;  // VirtDevices::keyboard (the "keyboard" section)
  bool tablet = false;    // VirtDevices::tablet (the "tablet" section)
  bool net = false;
  std::array<uint8_t, 6> mac{};
  std::vector<SnapshotDisk> disks;
  FirmwareKind firmware = FirmwareKind::kNone;
  std::string cmdline;
  uint64_t instret = 0;  // hart 0's, when the snapshot was taken
  uint64_t time = 0;     // the guest clock, in ticks
  uint64_t clock_hz = 0;
  uint64_t device_tree_address = 0;
  bool htif = false;
  uint64_t tohost = 0, fromhost = 0;
  std::vector<uint8_t> rom;
};

void save_machine(const MachineDescription& d, SnapshotWriter& out);
MachineDescription read_machine(const Snapshot& snapshot);

// The machine configuration a snapshot was taken with, without host backends (the caller opens
// the disks and the network and checks them against the description).
VirtConfig config_from_snapshot(const MachineDescription& d);

}  // namespace microvm::riscv
