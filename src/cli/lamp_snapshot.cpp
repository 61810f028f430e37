#include "cli/lamp_snapshot.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "core/error.h"
#include "core/ram_snapshot.h"

namespace microvm::cli {

LampRestore read_lamp_restore(const std::string& path) {
  LampRestore r{Snapshot::read(path), {}, {}};
  r.description = lamp::read_description(r.snapshot);
  const lamp::SnapshotDescription& d = r.description;
  r.config.smp = d.smp;
  if (!d.disk_path.empty()) {
    const Sha256 hash = sha256_file(d.disk_path);  // a missing image is a UserError naming it
    std::error_code error;
    const uint64_t size = std::filesystem::file_size(d.disk_path, error);
    if (error || size != d.disk_size) {
      throw user_error("{}: this disk is {} bytes, but the snapshot {} was taken with {} bytes", d.disk_path,
                       error ? 0 : size, path, d.disk_size);
    }
    if (hash != d.disk_hash) {
      throw user_error(
          "{}: this disk's content is not what the snapshot {} was taken with (its SHA-256 differs); "
          "restore it to that state, or use the disk the snapshot was saved with",
          d.disk_path, path);
    }
    r.config.disk_path = d.disk_path;
  }
  return r;
}

std::string save_lamp_snapshot(lamp::Machine& machine, const std::string& path, std::string_view why) {
  const auto start = std::chrono::steady_clock::now();
  Snapshot snapshot;
  machine.save(snapshot);
  snapshot.write(path);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  const std::string said = fmt::format("{}: saved a snapshot to {} at instruction {} of core 0 ({} ms)", why,
                                       path, machine.core(0).cycles(), ms);
  fmt::print(stderr, "microvm: {}\n", said);
  return said;
}

int inspect_lamp(const Snapshot& s, const std::string& path) {
  const lamp::SnapshotDescription d = lamp::read_description(s);
  fmt::print("snapshot {}: format version {}, {} sections\n", path, Snapshot::kVersion, s.sections().size());
  fmt::print("machine: {}, {} MiB RAM, {} core{}\n", lamp::kLampMachineName, lamp::kRamSize >> 20, d.smp,
             d.smp == 1 ? "" : "s");
  fmt::print("taken at: instruction {} of core 0 ({} over every core), {:.6f} s after boot\n", d.core0_cycles,
             d.total_cycles, static_cast<double>(d.uptime_ns) / 1e9);
  for (unsigned c = 0; c < d.smp; ++c) {
    SnapshotReader in = s.reader(fmt::format("core.{}", c));
    const lamp::Core::Summary core = lamp::Core::summarize(in);
    fmt::print("core {}: ip=0x{:08x} flags=0x{:02x}, {}, {} instructions\n", c, core.ip, core.flags,
               !core.released      ? "waiting for STARTAP"
               : core.in_interrupt ? "in an interrupt handler"
                                   : "running",
               core.cycles);
  }
  SnapshotReader time = s.reader("time");
  const uint32_t period = time.u32();
  fmt::print("devices: intc, mmu, iommu, time (timer {}), ports, framebuffer\n",
             period ? fmt::format("every {} us", period) : std::string("off"));
  SnapshotReader ports = s.reader("ports");
  ports.bytes(256 * 4);
  fmt::print("serial: {} bytes of input not yet read by the guest\n", ports.u32());
  SnapshotReader ram_in = s.reader("ram");
  const RamSummary ram = summarize_ram(ram_in);
  fmt::print("RAM: {} MiB at {:#x}: {} of {} pages stored (the others are zero), {} bytes compressed\n",
             ram.size >> 20, ram.base, ram.stored_pages, ram.pages, ram.compressed_bytes);
  if (d.disk_path.empty()) {
    fmt::print("disk: none\n");
  } else {
    fmt::print("disk: {} ({} bytes) sha256 {}\n", d.disk_path, d.disk_size, hex(d.disk_hash));
  }
  return 0;
}

}  // namespace microvm::cli
