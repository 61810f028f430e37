// The lamp machine in a snapshot: the same file format as the RISC-V machine (core/snapshot.h),
// told apart by the name in its "machine" section, then one section per core and per device:
// "core.N", "intc", "mmu", "iommu", "time", "ports" (serial FIFO, disk ports, plain ports),
// "framebuffer" and "ram". docs/lamp.md lists the fields.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/snapshot.h"

namespace microvm::lamp {

inline constexpr std::string_view kLampMachineName = "lamp-polaris";

// The "machine" section: the board options a restore rebuilds the machine from, and what
// `microvm inspect` prints.
struct SnapshotDescription {
  unsigned smp = 1;
  std::string disk_path;  // empty: no disk
  uint64_t disk_size = 0;
  Sha256 disk_hash{};
  uint64_t boot_realtime_ns = 0;  // SYSINFO's boot time
  uint64_t uptime_ns = 0;         // TIME's boot ns when the snapshot was taken
  uint64_t core0_cycles = 0;      // instructions core 0 had run
  uint64_t total_cycles = 0;      // over every core
};

void save_description(const SnapshotDescription& d, SnapshotWriter& out);
// The description, after checking that the snapshot is of a lamp machine (a UserError otherwise).
SnapshotDescription read_description(const Snapshot& snapshot);

// The machine name a snapshot's "machine" section starts with ("riscv-virt", "lamp-polaris").
std::string snapshot_machine_name(const Snapshot& snapshot);

}  // namespace microvm::lamp
