// `microvm run --load-snapshot FILE`: a snapshot from anywhere either restores a machine that runs
// or ends in one UserError. Every section carries a SHA-256, so random bytes would almost never get
// past the container; the harness recomputes the checksums of the input first, to reach the
// parsers behind them (the checksum check itself is tested by e2e.snapshot_errors).
//
// Input: a snapshot file (the seeds are real snapshots of the example kernels and of a lamp guest).
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "core/console.h"
#include "core/error.h"
#include "core/snapshot.h"
#include "lamp/machine.h"
#include "lamp/snapshot.h"
#include "riscv/virt_board.h"
#include "riscv/virt_snapshot.h"

namespace {

// Walks the container as Snapshot::parse does (a 16-byte header, then per section: tag length,
// tag, payload length, payload, SHA-256) and rewrites each checksum that fits in the input.
void fix_checksums(std::vector<uint8_t>& bytes) {
  auto le = [&](size_t at, unsigned n) {
    uint64_t v = 0;
    for (unsigned i = 0; i < n; ++i) v |= uint64_t{bytes[at + i]} << (8 * i);
    return v;
  };
  if (bytes.size() < 16) return;
  const uint64_t count = le(12, 4);
  size_t at = 16;
  for (uint64_t i = 0; i < count && i < 4096; ++i) {
    const size_t start = at;
    if (bytes.size() - at < 2) return;
    const uint64_t tag_len = le(at, 2);
    if (bytes.size() - at - 2 < tag_len + 8) return;
    at += 2 + tag_len;
    const uint64_t length = le(at, 8);
    at += 8;
    if (length > bytes.size() - at || bytes.size() - at - length < 32) return;
    const microvm::Sha256 sum = microvm::sha256(std::span(bytes).subspan(start, at + length - start));
    std::memcpy(bytes.data() + at + length, sum.data(), sum.size());
    at += length + 32;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace microvm;
  static const int devnull = ::open("/dev/null", O_WRONLY);
  std::vector<uint8_t> bytes(data, data + size);
  fix_checksums(bytes);
  try {
    const Snapshot snapshot = Snapshot::parse(bytes, "fuzz.snap");
    if (lamp::snapshot_machine_name(snapshot) == lamp::kLampMachineName) {
      // The lamp machine: restored whole (its cores are host threads, so they are not started).
      const lamp::SnapshotDescription d = lamp::read_description(snapshot);
      if (!d.disk_path.empty() || d.smp > 8) return 0;
      lamp::MachineConfig config;
      config.smp = d.smp;
      lamp::Machine machine(config);
      machine.restore(snapshot);
      return 0;
    }
    const riscv::MachineDescription d = riscv::read_machine(snapshot);
    // Host backends (disk files, the network) are the caller's; a machine with them is checked
    // against files the fuzzer does not have. Keep the machine small enough to build quickly.
    if (!d.disks.empty() || d.net || d.memory_mib > 256 || d.harts > 8) return 0;
    Console console(-1, devnull);
    riscv::VirtBoard board(riscv::config_from_snapshot(d), console);
    board.load_snapshot(snapshot);
    for (unsigned i = 0; i < 4 && !board.run_control().stop_requested(); ++i) {
      for (unsigned h = 0; h < board.harts(); ++h) board.hart(h).run_for(200);
    }
  } catch (const UserError&) {
  }
  return 0;
}
