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
#include "core/input_log.h"
#include "riscv/virt_board.h"

namespace microvm::cli {

struct SnapshotOptions {
  std::string save;            // --save-snapshot FILE
  std::string save_at;         // --save-snapshot-at N
  std::string load;            // --load-snapshot FILE
  bool overlay_disks = false;  // --snapshot-disks
  std::string record;          // --record FILE
  std::string replay;          // --replay FILE
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

// --record FILE / --replay FILE around one run of a deterministic board: started after the boot
// or the restore, finished after the run.
class InputLogSession {
 public:
  // `origin`: "boot" or the snapshot's path.
  InputLogSession(const SnapshotOptions& options, riscv::VirtBoard& board, const std::string& origin);
  ~InputLogSession();
  bool active() const { return log_ != nullptr; }
  // After the run: writes the record, or checks the replay's end against it (UserError when
  // it differs). Returns the message to print (empty when there is no log).
  std::string finish();

 private:
  riscv::VirtBoard& board_;
  std::unique_ptr<InputLog> log_;
};

// `microvm inspect FILE`.
void add_inspect_command(CLI::App& app, std::function<int()>& action);

}  // namespace microvm::cli
