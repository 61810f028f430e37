#include "cli/run_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

#include "cli/lamp_run.h"
#include "cli/machine_options.h"
#include "cli/observe.h"
#include "cli/project.h"
#include "cli/screen.h"
#include "cli/snapshot_command.h"
#include "core/console.h"
#include "core/debug_control.h"
#include "core/error.h"
#include "core/gdb/server.h"
#include "core/line_server.h"
#include "core/numbers.h"
#include "core/progress.h"
#include "core/signals.h"
#include "riscv/device_tree.h"
#include "riscv/gdb_target.h"
#include "riscv/monitor.h"

namespace microvm::cli {
namespace {

struct RunOptions {
  MachineOptions machine;
  SnapshotOptions snapshot;
  std::string timeout_secs;
  std::string gdb;  // PORT or unix:PATH
  bool gdb_wait = false;
  std::string monitor;            // unix:PATH
  bool time_travel = false;       // checkpoints for the monitor's rewind and goto (--gdb implies it)
  std::string checkpoint_every;   // instructions
  std::string checkpoint_memory;  // MiB
  ObserveOptions observe;
};

// The debugger front ends of one boot: run control for the harts, the monitor (always there on
// Ctrl-A c), and the GDB stub and monitor socket when asked for.
class Debuggers {
 public:
  Debuggers(const RunOptions& o, riscv::VirtBoard& board, Console& console, const Symbols& symbols)
      : console_(console),
        board_(board),
        control_(board.harts(), board.run_control(), o.gdb_wait),
        monitor_(board, control_),
        time_travel_(make_time_travel(o, board, control_)),
        target_(board, control_, monitor_, time_travel_.get()) {
    control_.set_in_turn(board.config().deterministic);
    board.attach_debugger(control_);
    monitor_.set_symbols(&symbols);
    monitor_.set_time_travel(time_travel_.get());
    monitor_.set_screen_writer([&board](const std::string& path) { save_screen(board, path); });
    console.on_monitor([this](const std::string& line) { return monitor_.execute(line); });
    if (!o.gdb.empty()) gdb_ = std::make_unique<gdb::Server>(target_, o.gdb);
    if (!o.monitor.empty()) {
      if (o.monitor.rfind("unix:", 0) != 0)
        throw user_error("--monitor: expected unix:PATH, got '{}'", o.monitor);
      socket_ = std::make_unique<LineServer>(
          o.monitor, "--monitor", [this](const std::string& line) { return monitor_.execute(line); });
    }
    if (gdb_) gdb_->start();
    if (socket_) socket_->start();
  }
  ~Debuggers() {
    console_.on_monitor(nullptr);
    if (gdb_) gdb_->shutdown();
    if (socket_) socket_->shutdown();
    // The harts outlive the run control they point to (the tracer's detach and a save after the
    // run still ask them whether checks are active).
    board_.detach_debugger();
  }

 private:
  // With --gdb or --time-travel on a deterministic machine: reverse execution, when the machine
  // allows it.
  static std::unique_ptr<riscv::TimeTravel> make_time_travel(const RunOptions& o, riscv::VirtBoard& board,
                                                             DebugControl& control) {
    if ((o.gdb.empty() && !o.time_travel) || !board.config().deterministic) return nullptr;
    if (const std::string why = riscv::TimeTravel::unavailable(board); !why.empty()) {
      fmt::print(stderr, "microvm: {}\n", why);
      return nullptr;
    }
    riscv::TimeTravelOptions options;
    if (!o.checkpoint_every.empty()) {
      options.interval = parse_number(o.checkpoint_every, "--checkpoint-every");
      if (options.interval == 0) throw user_error("--checkpoint-every: give 1 or more instructions");
    }
    if (!o.checkpoint_memory.empty()) {
      const uint64_t mib = parse_number(o.checkpoint_memory, "--checkpoint-memory");
      if (mib == 0 || mib > (1u << 20))
        throw user_error("--checkpoint-memory {}: give 1 to 1048576 MiB", mib);
      options.memory_cap = mib << 20;
    }
    return std::make_unique<riscv::TimeTravel>(board, control, options);
  }

  Console& console_;
  riscv::VirtBoard& board_;
  DebugControl control_;
  riscv::Monitor monitor_;
  std::unique_ptr<riscv::TimeTravel> time_travel_;
  riscv::GdbTarget target_;
  std::unique_ptr<gdb::Server> gdb_;
  std::unique_ptr<LineServer> socket_;
};

// Reports how the run ended and returns the exit status.
int finish(riscv::VirtBoard& board, Console& console) {
  const RunControl& rc = board.run_control();
  console.stop_input();
  if (!rc.message().empty()) {
    // On a terminal the guest's last line may be unfinished; start ours on a fresh one.
    if (!console.at_line_start() && isatty(STDOUT_FILENO) && isatty(STDERR_FILENO)) fmt::print(stderr, "\n");
    fmt::print(stderr, "microvm: {}\n", rc.message());
  }
  // A run stopped from outside (timeout, limit, signal): say where each hart was, which is what
  // someone whose kernel hangs wants to know first.
  if (rc.reason() == StopReason::kTimeout || rc.reason() == StopReason::kInsnLimit ||
      (rc.reason() == StopReason::kUserQuit && rc.exit_code() != 0)) {
    for (unsigned h = 0; h < board.harts(); ++h)
      fmt::print(stderr, "microvm: {}\n", board.hart(h).describe());
  }
  // Exit statuses are 8 bits: a guest failure code above 255 must not wrap to "success".
  return std::min(rc.exit_code(), 255);
}

// The record written, or the replay checked; a replay that left its record is an error.
void report_log(InputLogSession& log, Console& console) {
  if (!log.active()) return;
  std::string line;
  try {
    line = log.finish();
  } catch (const UserError&) {
    console.stop_input();
    throw;
  }
  if (!line.empty()) fmt::print(stderr, "microvm: {}\n", line);
}

constexpr const char* kHowToStart = R"(microvm boots your own kernel. Three commands to start:

  microvm init hello        # a new kernel project (add --template c, cpp, rust, sbi or lamp)
  cd hello && microvm build # build it with Debian's cross tools
  microvm run               # boot it (inside the project folder)

Or boot the built-in example at once: microvm run --example minimal-kernel
Then check it automatically: microvm test tests/boot.toml. All options: microvm run --help
)";

int run(const RunOptions& o);

// `microvm run` with nothing to boot: inside a project, build it and boot what it made.
int run_project(RunOptions o, const Project& project) {
  const fs::path artifact = build_project(project, false, true);
  fmt::print(stderr, "microvm: booting {}\n", fs::relative(artifact).string());
  if (project.machine == "lamp") {
    LampRunOptions lamp;
    lamp.bin = artifact.string();
    lamp.headless = true;
    if (!project.cpus.empty() && !parse_smp(project.cpus, lamp.smp))
      throw user_error("microvm.toml: [run] cpus must be 1 to 64");
    return run_lamp(lamp);
  }
  o.machine.kernel = artifact.string();
  // The project's [run] settings, where the command line left the default.
  const MachineOptions defaults;
  if (!project.bios.empty() && o.machine.bios == defaults.bios) o.machine.bios = project.bios;
  if (!project.cpus.empty() && o.machine.cpus == defaults.cpus) o.machine.cpus = project.cpus;
  if (!project.memory.empty() && o.machine.memory == defaults.memory) o.machine.memory = project.memory;
  return run(o);
}

int run_or_start(const RunOptions& o, bool no_arguments) {
  if (o.machine.kernel.empty() && o.machine.example.empty() && o.snapshot.load.empty() &&
      (o.machine.bios == "auto" || o.machine.bios == "none" || o.machine.bios == "builtin")) {
    // Only a folder with a microvm.toml counts: any other Makefile may build something else entirely.
    if (fs::exists("microvm.toml")) {
      if (const std::optional<Project> project = find_project(".")) return run_project(o, *project);
    }
    if (no_arguments) {
      fmt::print("{}", kHowToStart);
      return 0;
    }
  }
  return run(o);
}

// --load-snapshot: the machine comes from the file instead of a boot. It has no kernel file to
// read symbols from; --symbols gives the trace and the profile some.
int run_restored(const RunOptions& o, std::optional<std::chrono::milliseconds> timeout) {
  // Everything is read and checked before the machine exists; a snapshot that does not fit
  // it after all throws before any hart runs, and the board is thrown away.
  std::optional<Progress> progress(std::in_place, "loading the snapshot");  // reading, hashing disks, RAM
  const RestoredMachine restored(o.snapshot, o.machine);
  Observers observers(o.observe, riscv::BootSpec{}, restored.config().harts);
  install_stop_signals();
  Console console;
  if (restored.config().deterministic) console.hold_input();
  riscv::VirtBoard board(restored.config(), console);
  board.load_snapshot(restored.snapshot());
  board.network_replaced();  // a new user-mode network: the guest's connections are gone
  progress.reset();
  InputLogSession log(o.snapshot, board, o.snapshot.load);
  observers.attach(board);
  auto debuggers = std::make_unique<Debuggers>(o, board, console, observers.symbols());
  console.start_input();
  console.on_quit([&board] { board.run_control().request_stop(StopReason::kUserQuit, 0); });
  Screen screen(o.machine, board, console);
  run_with_snapshots(board, console, o.snapshot, timeout);
  console.flush();  // the guest's last output before any message of ours
  screen.finish();
  debuggers.reset();
  observers.detach(board);
  console.on_quit(nullptr);
  report_log(log, console);
  if (snapshot_after_run(board, o.snapshot)) {
    observers.report();
    return 0;
  }
  if (board.run_control().reason() == StopReason::kReset) {
    console.stop_input();
    fmt::print(stderr,
               "microvm: the guest asked for a reset; a restored machine has nothing to boot again\n");
    observers.report();
    return 0;
  }
  const int status = finish(board, console);
  observers.report();
  return status;
}

int run(const RunOptions& o) {
  std::optional<std::chrono::milliseconds> timeout;
  if (!o.timeout_secs.empty()) timeout = std::chrono::seconds(parse_number(o.timeout_secs, "--timeout-secs"));
  const bool travels = !o.gdb.empty() || o.time_travel;
  if (travels && (!o.snapshot.record.empty() || !o.snapshot.replay.empty()))
    throw user_error(
        "--record and --replay do not go with --gdb or --time-travel (time travel records input "
        "itself)");
  if (o.time_travel && !o.machine.deterministic)
    throw user_error(
        "--time-travel needs --deterministic: only a deterministic run can be run again exactly");
  if ((!o.checkpoint_every.empty() || !o.checkpoint_memory.empty()) && (!travels || !o.machine.deterministic))
    throw user_error(
        "--checkpoint-every and --checkpoint-memory tune time travel: they need --deterministic, and --gdb "
        "or "
        "--time-travel");
  if (!o.snapshot.load.empty()) return run_restored(o, timeout);

  if (o.gdb_wait && o.gdb.empty()) throw user_error("--gdb-wait needs --gdb PORT or --gdb unix:PATH");
  const BootInputs inputs(o.machine);
  const uint64_t snapshot_at = snapshot_point(o.snapshot);
  install_stop_signals();
  const DeviceBackends backends(inputs);
  riscv::VirtConfig config = backends.config(inputs);
  config.snapshot_at = snapshot_at;
  Observers observers(o.observe, inputs.spec(), config.harts);
  Console console;
  // Deterministic: input typed before the machine exists waits for it too (board.h).
  if (config.deterministic) console.hold_input();
  console.start_input();
  for (;;) {
    riscv::VirtBoard board(config, console);
    console.on_quit([&board] { board.run_control().request_stop(StopReason::kUserQuit, 0); });
    board.boot(inputs.spec());
    InputLogSession log(o.snapshot, board, "boot");
    observers.attach(board);
    auto debuggers = std::make_unique<Debuggers>(o, board, console, observers.symbols());
    Screen screen(o.machine, board, console);
    run_with_snapshots(board, console, o.snapshot, timeout);
    console.flush();  // the guest's last output before any message of ours
    screen.finish();
    debuggers.reset();
    observers.detach(board);
    console.on_monitor(nullptr);
    console.on_quit(nullptr);
    if (log.active() && board.run_control().reason() == StopReason::kReset) {
      console.stop_input();
      fmt::print(stderr, "microvm: the guest asked for a reset, which ends a recorded or replayed run\n");
    }
    report_log(log, console);
    if (board.run_control().reason() == StopReason::kReset && !log.active()) continue;  // a reboot
    if (snapshot_after_run(board, o.snapshot)) {
      console.stop_input();
      observers.report();
      return 0;
    }
    const int status = finish(board, console);
    observers.report();
    return status;
  }
}

int dts(const MachineOptions& o) {
  const BootInputs inputs(o, false);
  Console console;
  riscv::VirtBoard board(inputs.config(), console);
  // With something to boot, the tree is the one that boot would place (initrd addresses and all);
  // without, it describes the machine alone.
  if (!inputs.spec().kernel.empty() || inputs.spec().firmware == riscv::FirmwareKind::kFile) {
    board.boot(inputs.spec());
    fmt::print("{}", riscv::device_tree_source(board.device_tree()));
  } else {
    fmt::print("{}", riscv::device_tree_source(board.describe(inputs.spec())));
  }
  return 0;
}

}  // namespace

void add_run_command(CLI::App& app, std::function<int()>& action) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* cmd =
      app.add_subcommand("run", "Boot a kernel on the RISC-V virt machine (QEMU virt compatible)");
  add_machine_options(*cmd, options->machine);
  add_snapshot_options(*cmd, options->snapshot);
  cmd->add_option("--timeout-secs", options->timeout_secs,
                  "Stop after S seconds of wall time (exit status 124)");
  cmd->add_option("--gdb", options->gdb,
                  "Serve the GDB remote protocol on 127.0.0.1:PORT or on unix:PATH (target remote ...)");
  cmd->add_flag("--gdb-wait", options->gdb_wait, "Start with every hart stopped, waiting for GDB");
  cmd->add_option("--monitor", options->monitor, "Serve the monitor's commands on unix:PATH (one per line)");
  cmd->add_flag("--time-travel", options->time_travel,
                "With --deterministic: keep checkpoints, so the monitor can rewind and goto (--gdb turns "
                "this on)");
  cmd->add_option("--checkpoint-every", options->checkpoint_every,
                  "With time travel: instructions between checkpoints (default 20000000)");
  cmd->add_option("--checkpoint-memory", options->checkpoint_memory,
                  "With time travel: MiB of checkpoints kept at most (default 256; older history thins out "
                  "first)");
  add_observe_options(*cmd, options->observe);
  cmd->callback([options, cmd, &action] {
    // count_all() includes the subcommand's own name.
    const bool no_arguments = cmd->count_all() == cmd->count();
    action = [options, no_arguments] { return run_or_start(*options, no_arguments); };
  });

  auto dts_options = std::make_shared<MachineOptions>();
  CLI::App* dts_cmd =
      app.add_subcommand("dts", "Print the device tree the same `run` options give the kernel");
  add_machine_options(*dts_cmd, *dts_options);
  dts_cmd->callback([dts_options, &action] { action = [dts_options] { return dts(*dts_options); }; });

  add_inspect_command(app, action);
}

}  // namespace microvm::cli
