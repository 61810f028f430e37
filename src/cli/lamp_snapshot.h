// Snapshots of the lamp machine on the command line: `microvm lamp --save-snapshot FILE`
// (at --save-snapshot-at N, or when the run is stopped from outside), `--load-snapshot FILE`, and
// what `microvm inspect` prints for a lamp snapshot.
#pragma once

#include <string>
#include <string_view>

#include "core/snapshot.h"
#include "lamp/machine.h"
#include "lamp/snapshot.h"

namespace microvm::cli {

// A snapshot to resume: read and checked whole, its disk compared with what it recorded.
struct LampRestore {
  Snapshot snapshot;
  lamp::SnapshotDescription description;
  lamp::MachineConfig config;
};
LampRestore read_lamp_restore(const std::string& path);

// With every core stopped (after Machine::join, or parked with the disk idle): writes the
// snapshot and says so on stderr; returns what it said. A file that cannot be written is a UserError.
std::string save_lamp_snapshot(lamp::Machine& machine, const std::string& path, std::string_view why);

// `microvm inspect FILE` for a lamp snapshot.
int inspect_lamp(const Snapshot& snapshot, const std::string& path);

}  // namespace microvm::cli
