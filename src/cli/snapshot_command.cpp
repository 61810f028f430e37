#include "cli/snapshot_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include "cli/lamp_snapshot.h"
#include "core/error.h"
#include "core/numbers.h"
#include "core/overlay_disk.h"
#include "core/progress.h"
#include "core/ram_snapshot.h"
#include "riscv/hart_snapshot.h"
#include "riscv/virt_snapshot.h"

namespace microvm::cli {
namespace {

bool fs_exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

constexpr const char* kDefaultSnapshot = "microvm.snap";

std::string save(riscv::VirtBoard& board, const std::string& path, std::string_view why) {
  const auto start = std::chrono::steady_clock::now();
  {
    const Progress progress("saving a snapshot");
    board.save_snapshot().write(path);
  }
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  fmt::print(stderr, "microvm: {}: saved a snapshot to {} at instruction {} of hart 0 ({} ms)\n", why, path,
             board.hart(0).instret(), ms);
  return fmt::format("{}: saved a snapshot to {} at instruction {} of hart 0", why, path,
                     board.hart(0).instret());
}

// loadvm: a snapshot of this machine, loaded into it between two runs. The machine as it was is
// kept in memory first, so a snapshot that fails half-way through loading leaves it unchanged.
std::string load_into(riscv::VirtBoard& board, const std::string& path) {
  if (board.input_logged())
    throw user_error(
        "not in a run with --record, --replay or reverse debugging (their history is this run's)");
  const Progress progress("loading a snapshot");
  const Snapshot snapshot = Snapshot::read(path);
  board.check_same_machine(snapshot);
  const Snapshot before = board.save_snapshot(riscv::VirtBoard::SnapshotUse::kInProcess);
  try {
    board.load_snapshot(snapshot);
  } catch (const UserError&) {
    board.load_snapshot(before);
    throw;
  }
  board.network_replaced();  // the host's connections are not those the guest remembers
  const std::string result =
      fmt::format("loadvm: loaded {}: hart 0 goes on from instruction {}", path, board.hart(0).instret());
  fmt::print(stderr, "microvm: {}\n", result);
  return result;
}

// Options that describe a machine or what it boots have no place beside --load-snapshot: the
// snapshot holds all of that.
void check_restore_options(const MachineOptions& o) {
  const MachineOptions defaults;
  std::vector<std::string> given;
  if (!o.kernel.empty()) given.push_back("--kernel");
  if (!o.example.empty()) given.push_back("--example");
  if (o.bios != defaults.bios) given.push_back("--bios");
  if (!o.initrd.empty()) given.push_back("--initrd");
  if (!o.cmdline.empty()) given.push_back("--cmdline");
  if (!o.dtb.empty()) given.push_back("--dtb");
  if (!o.load_addr.empty()) given.push_back("--load-addr");
  if (o.memory != defaults.memory) given.push_back("--memory");
  if (o.cpus != defaults.cpus) given.push_back("--cpus");
  if (o.cpu != defaults.cpu) given.push_back("--cpu");
  if (!o.disks.empty()) given.push_back("--disk");
  if (!o.mac.empty()) given.push_back("--mac");
  if (o.stdin_target != defaults.stdin_target) given.push_back("--stdin");
  if (o.virtio_legacy) given.push_back("--virtio-legacy");
  if (o.deterministic) given.push_back("--deterministic");
  if (!given.empty()) {
    std::string list;
    for (const std::string& g : given) list += (list.empty() ? "" : ", ") + g;
    throw user_error(
        "--load-snapshot restores the machine the snapshot holds (its memory, harts, disks and options); "
        "leave out {}",
        list);
  }
}

std::string_view mode_name(riscv::Priv p) {
  switch (p) {
    case riscv::Priv::U: return "U";
    case riscv::Priv::S: return "S";
    case riscv::Priv::M: return "M";
  }
  return "?";
}

std::string_view virtio_name(uint32_t id) {
  switch (id) {
    case 0: return "empty";
    case 1: return "virtio-net";
    case 2: return "virtio-blk";
    case 3: return "virtio-console";
    case 4: return "virtio-rng";
    default: return "virtio-?";
  }
}

int inspect(const std::string& path) {
  const Snapshot s = Snapshot::read(path);
  if (s.has("record")) {
    print_input_log(s);
    return 0;
  }
  if (lamp::snapshot_machine_name(s) == lamp::kLampMachineName) return inspect_lamp(s, path);
  const riscv::MachineDescription d = riscv::read_machine(s);
  static constexpr const char* kFirmware[] = {"none (M-mode kernel)", "built-in SBI", "firmware file"};
  fmt::print("snapshot {}: format version {}, {} sections\n", path, Snapshot::kVersion, s.sections().size());
  fmt::print("machine: {}, {} MiB RAM, {} hart{}, {}, firmware: {}\n", riscv::kVirtMachineName, d.memory_mib,
             d.harts, d.harts == 1 ? "" : "s", d.deterministic ? "deterministic" : "threaded",
             kFirmware[static_cast<int>(d.firmware)]);
  fmt::print("ISA: {}\n", d.isa.isa_string());
  if (!d.cmdline.empty()) fmt::print("command line: {}\n", d.cmdline);
  fmt::print("taken at: instruction {} of hart 0, guest time {} ticks ({:.6f} s at {} Hz)\n", d.instret,
             d.time, d.clock_hz ? static_cast<double>(d.time) / static_cast<double>(d.clock_hz) : 0.0,
             d.clock_hz);
  for (unsigned h = 0; h < d.harts; ++h) {
    SnapshotReader in = s.reader(fmt::format("hart.{}", h));
    const riscv::HartSummary hart = riscv::summarize_hart(in);
    fmt::print("hart {}: pc={:#x} {}-mode, {}, {} instructions\n", hart.hartid, hart.pc, mode_name(hart.priv),
               hart.halted    ? "stopped"
               : hart.waiting ? "waiting for an interrupt"
                              : "running",
               hart.instret);
    if (s.has(fmt::format("triggers.{}", h)))
      fmt::print("hart {}: hardware triggers programmed\n", hart.hartid);
  }
  std::string devices;
  for (const Snapshot::Section& section : s.sections()) {
    const std::string& tag = section.tag;
    if (tag == "machine" || tag == "ram" || tag == "console" || tag.starts_with("hart.") ||
        tag.starts_with("vector.") || tag.starts_with("triggers."))
      continue;
    std::string name = tag;
    if (tag.starts_with("virtio.")) {
      SnapshotReader in = s.reader(tag);
      const uint32_t id = in.u32();
      if (id == 0) continue;
      name = fmt::format("{} ({})", tag, virtio_name(id));
    }
    devices += (devices.empty() ? "" : ", ") + name;
  }
  fmt::print("devices: {}\n", devices);
  SnapshotReader ram_in = s.reader("ram");
  const RamSummary ram = summarize_ram(ram_in);
  fmt::print("RAM: {} MiB at {:#x}: {} of {} pages stored (the others are zero), {} bytes compressed\n",
             ram.size >> 20, ram.base, ram.stored_pages, ram.pages, ram.compressed_bytes);
  for (size_t i = 0; i < d.disks.size(); ++i) {
    const riscv::SnapshotDisk& disk = d.disks[i];
    fmt::print("disk {}: {} ({} bytes{}) sha256 {}\n", i, disk.path, disk.size,
               disk.read_only ? ", read-only" : "", hex(disk.hash));
  }
  if (d.net) fmt::print("network card: virtio-net (host connections are not kept)\n");
  SnapshotReader console = s.reader("console");
  fmt::print("console: {} bytes of input not yet read by the guest\n", console.blob(1 << 20).size());
  return 0;
}

}  // namespace

void add_snapshot_options(CLI::App& cmd, SnapshotOptions& o) {
  cmd.add_option("--save-snapshot", o.save,
                 "Save a snapshot to FILE when the run is stopped from outside (Ctrl-A x, a signal, "
                 "--timeout-secs, --max-insns), on Ctrl-A s, and at --save-snapshot-at");
  cmd.add_option("--save-snapshot-at", o.save_at,
                 "Stop when hart 0 has run N instructions, save the --save-snapshot FILE and exit "
                 "(deterministic runs stop at the end of that round of turns)");
  cmd.add_option("--load-snapshot", o.load, "Resume the machine saved in FILE (instead of booting)");
  cmd.add_option("--record", o.record,
                 "Record every input from outside (console bytes, network frames) with the point it entered "
                 "the machine, to FILE (needs --deterministic, or a deterministic snapshot)");
  cmd.add_option(
      "--replay", o.replay,
      "Run the same machine again on the input recorded in FILE, ignoring stdin and the host network: "
      "the same output and end state as the recorded run");
  cmd.add_flag("--snapshot-disks", o.overlay_disks,
               "With --load-snapshot: the guest's disk writes go to FILE.diskN.overlay, and the images stay "
               "as the snapshot found them (so restoring again starts from the same disks)");
}

uint64_t snapshot_point(const SnapshotOptions& o) {
  if (o.overlay_disks && o.load.empty()) throw user_error("--snapshot-disks goes with --load-snapshot FILE");
  if (o.overlay_disks && !o.save.empty()) {
    throw user_error(
        "--snapshot-disks keeps the guest's writes out of the disk images, so a snapshot of this run "
        "could not be restored: leave out --save-snapshot");
  }
  if (!o.record.empty() && !o.replay.empty()) throw user_error("--record and --replay go one at a time");
  if (!o.replay.empty() && !fs_exists(o.replay)) throw user_error("--replay {}: no such file", o.replay);
  if (o.save_at.empty()) return 0;
  const uint64_t n = parse_number(o.save_at, "--save-snapshot-at");
  if (n == 0) throw user_error("--save-snapshot-at {}: give a count of 1 or more", o.save_at);
  if (o.save.empty()) throw user_error("--save-snapshot-at needs --save-snapshot FILE to save to");
  return n;
}

void run_with_snapshots(riscv::VirtBoard& board, Console& console, const SnapshotOptions& options,
                        std::optional<std::chrono::milliseconds> timeout) {
  console.on_snapshot([&board] { board.run_control().request_stop(StopReason::kSnapshot, 0); });
  for (;;) {
    board.run(timeout);
    if (board.run_control().reason() != StopReason::kSnapshot) break;
    const auto request = board.take_snapshot_request();
    const std::string why = request ? (request->load ? "loadvm" : "savevm") : "Ctrl-A s";
    std::string result;
    try {
      if (request && request->load) {
        result = load_into(board, request->path);
      } else {
        if (options.overlay_disks)
          throw user_error("no snapshot with --snapshot-disks (the disk images lack the guest's writes)");
        result = save(board,
                      request                ? request->path
                      : options.save.empty() ? kDefaultSnapshot
                                             : options.save,
                      why);
      }
    } catch (const UserError& e) {
      result = fmt::format("{}: error: {}", why, e.what());  // the machine goes on
      fmt::print(stderr, "microvm: {}\n", result);
    }
    board.run_control().resume();
    // Answered after the resume: a request that follows at once must find the run going again.
    if (request && request->done) request->done->set_value(result);
  }
  console.on_snapshot(nullptr);
}

bool snapshot_after_run(riscv::VirtBoard& board, const SnapshotOptions& options) {
  const StopReason reason = board.run_control().reason();
  if (reason == StopReason::kInsnLimit && board.at_snapshot_point()) {
    save(board, options.save, "--save-snapshot-at");
    return true;
  }
  // Stops from outside leave a machine worth resuming; a guest that powered off, reset or
  // panicked does not.
  if (!options.save.empty() && (reason == StopReason::kInsnLimit || reason == StopReason::kTimeout ||
                                reason == StopReason::kUserQuit)) {
    save(board, options.save, "on exit");
  }
  return false;
}

RestoredMachine::RestoredMachine(const SnapshotOptions& options, const MachineOptions& machine)
    : snapshot_(Snapshot::read(options.load)) {
  check_restore_options(machine);
  const riscv::MachineDescription d = riscv::read_machine(snapshot_);
  config_ = riscv::config_from_snapshot(d);
  if (!machine.max_insns.empty()) config_.insn_limit = parse_number(machine.max_insns, "--max-insns");
  config_.snapshot_at = snapshot_point(options);
  for (const riscv::SnapshotDisk& disk : d.disks) {
    const std::string overlay = fmt::format("{}.disk{}.overlay", options.load, disks_.size());
    auto image = options.overlay_disks && !disk.read_only ? OverlayDisk::open(disk.path, overlay)
                                                          : DiskImage::open(disk.path, disk.read_only);
    if (image->size() != disk.size) {
      throw user_error("{}: this disk is {} bytes, but the snapshot {} was taken with {} bytes", disk.path,
                       image->size(), options.load, disk.size);
    }
    if (sha256_file(disk.path) != disk.hash) {
      throw user_error(
          "{}: this disk's content is not what the snapshot {} was taken with (its SHA-256 differs); "
          "restore it to that state, or use the disk the snapshot was saved with",
          disk.path, options.load);
    }
    config_.devices.disks.push_back(image.get());
    disks_.push_back(std::move(image));
  }
  if (d.net) {
    const auto net = parse_net_option(machine.net == "none" ? "user" : machine.net);
    net_ = std::make_unique<SlirpNetwork>(*net);
    config_.devices.net = net_.get();
  } else if (machine.net != "none") {
    throw user_error("the machine in {} has no network card, so --net has nothing to connect", options.load);
  }
}

InputLogSession::InputLogSession(const SnapshotOptions& options, riscv::VirtBoard& board,
                                 const std::string& origin)
    : board_(board) {
  if (options.record.empty() && options.replay.empty()) return;
  log_ = std::make_unique<InputLog>(options.record.empty() ? InputLog::replaying(options.replay)
                                                           : InputLog::recording(options.record));
  board.set_input_log(log_.get());
  log_->start(state_digest(board.save_snapshot()), board.run_point(), origin);
}

InputLogSession::~InputLogSession() {
  if (log_) board_.set_input_log(nullptr);
}

std::string InputLogSession::finish() {
  if (!log_) return {};
  const RunControl& rc = board_.run_control();
  const RunPoint at = board_.run_point();
  if (log_->mode() == InputLog::Mode::kRecord) {
    // Only a stop from outside between rounds is a point the replay can stop at by itself; a
    // guest that stops, stops there again.
    const bool outside = rc.reason() == StopReason::kUserQuit || rc.reason() == StopReason::kTimeout ||
                         (rc.reason() == StopReason::kInsnLimit && board_.at_snapshot_point());
    log_->finish(state_digest(board_.save_snapshot()), at, outside);
    return fmt::format("recorded {} inputs to {} (the run ended at instruction {}, guest time {})",
                       log_->events().size(), log_->path(), at.insns, at.time);
  }
  if (rc.exit_code() == exit_status::kError) return {};  // the replay left the record; said already
  if (!log_->at_end(at) && (rc.reason() == StopReason::kUserQuit || rc.reason() == StopReason::kTimeout))
    return fmt::format("the replay was stopped at instruction {}, before the end of {}", at.insns,
                       log_->path());
  return log_->check_end(state_digest(board_.save_snapshot()), at);
}

void add_inspect_command(CLI::App& app, std::function<int()>& action) {
  auto path = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "inspect", "Show what a snapshot holds: machine, harts, devices, RAM, disks, when it was taken");
  cmd->add_option("FILE", *path, "A snapshot saved with --save-snapshot")->required();
  cmd->callback([path, &action] { action = [path] { return inspect(*path); }; });
}

}  // namespace microvm::cli
