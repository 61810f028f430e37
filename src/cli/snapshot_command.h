// Snapshots on the command line: `run --save-snapshot/--save-snapshot-at/--load-snapshot`
// (the pieces run_command uses) and `microvm inspect FILE`.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/machine_options.h"
#include "core/console.h"
#include "riscv/virt_board.h"

namespace microvm::cli {

struct SnapshotOptions {
  std::string save;            // --save-snapshot FILE
  std::string save_at;         // --save-snapshot-at N
  std::string load;            // --load-snapshot FILE
  bool overlay_disks = false;  // --snapshot-disks
};

void add_snapshot_options(CLI::App& cmd, SnapshotOptions& options);
// Checks the combination; returns --save-snapshot-at as a number (0 when not given).
uint64_t snapshot_point(const SnapshotOptions& options);

// Runs the board until a stop that ends the run: Ctrl-A s pauses it, saves, and goes on.
void run_with_snapshots(riscv::VirtBoard& board, Console& console, const SnapshotOptions& options,
                        std::optional<std::chrono::milliseconds> timeout);
// After a run: saves the snapshot the options ask for at this stop, if any. Returns true when
// the run stopped at --save-snapshot-at (the CLI then exits 0).
bool snapshot_after_run(riscv::VirtBoard& board, const SnapshotOptions& options);

// The host side of a restored machine: the snapshot read and checked, its disks opened and
// compared with what it recorded, its network card's backend.
class RestoredMachine {
 public:
  RestoredMachine(const SnapshotOptions& snapshot, const MachineOptions& machine);
  const Snapshot& snapshot() const { return snapshot_; }
  const riscv::VirtConfig& config() const { return config_; }

 private:
  Snapshot snapshot_;
  riscv::VirtConfig config_;
  std::vector<std::unique_ptr<DiskImage>> disks_;
  std::unique_ptr<SlirpNetwork> net_;
};

// `microvm inspect FILE`.
void add_inspect_command(CLI::App& app, std::function<int()>& action);

}  // namespace microvm::cli
