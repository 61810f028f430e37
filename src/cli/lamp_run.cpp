#include "cli/lamp_run.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include "cli/lamp_snapshot.h"
#include "core/console.h"
#include "core/debug_control.h"
#include "core/error.h"
#include "core/gdb/server.h"
#include "core/line_server.h"
#include "core/signals.h"
#include "frontends/display.h"
#include "frontends/png_writer.h"
#include "lamp/debugger.h"
#include "lamp/gdb_target.h"
#include "lamp/machine.h"
#include "lamp/monitor.h"
#include "lamp/selftest.h"
#include "lamp/trace.h"

namespace microvm::cli {

using namespace microvm::lamp;

bool parse_smp(const std::string& text, unsigned& smp) {
  // Digits only: no sign, no spaces, no suffix (leading zeros are still decimal).
  if (text.empty()) return false;
  unsigned value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
    if (value > kMaxCores) return false;
  }
  if (value < 1) return false;
  smp = value;
  return true;
}

namespace {

// The main thread's part of a run: show the framebuffer about every 16 ms (or just wait when
// headless) until a core halts or panics, the window closes, or a signal arrives.
void wait_for_end(Machine& m, frontends::Display* display) {
  using namespace std::chrono;
  uint64_t shown = ~0ull;
  for (;;) {
    if (m.run_control().wait_for_stop(milliseconds(display ? 16 : 50))) return;
    if (stop_signal()) {
      m.run_control().request_stop(StopReason::kUserQuit, exit_status::kSignal);
      return;
    }
    if (display) {
      if (!display->poll()) {
        m.halt();  // closing the window halts the VM, as the original
        return;
      }
      const uint64_t generation = m.framebuffer().generation();
      if (generation != shown) {
        shown = generation;
        display->present(m.framebuffer().pixels().data());
      }
    }
  }
}

}  // namespace

int run_lamp(const LampRunOptions& o) {
  if (o.selftest) {
    SelftestOptions options;
    options.disk_path = o.disk;
    options.create_disk = o.create_disk;
    return run_selftests(options);
  }
  std::optional<LampRestore> restore;
  if (!o.load_snapshot.empty()) restore = read_lamp_restore(o.load_snapshot);
  std::unique_ptr<Tracer> tracer;  // before the program: a bad trace option stops everything
  if (!o.trace.empty()) {
    tracer = std::make_unique<Tracer>(
        o.trace, parse_trace_filter(o.trace_cores, o.trace_range, o.trace_from, o.trace_count,
                                    restore ? restore->config.smp : o.smp));
  }
  std::optional<Program> program;
  MachineConfig config;
  if (restore) {
    config = restore->config;
  } else {
    program = load_program_file(o.bin);
    if (!program) return 1;
    config.smp = o.smp;
    config.disk_path = o.disk;
    config.create_disk = o.create_disk;
  }
  config.stats = o.stats;
  config.jit = o.jit;
  Machine m(config);
  if (restore) {
    m.restore(restore->snapshot);
    fmt::print(stderr, "microvm: resumed {} at instruction {} of core 0\n", o.load_snapshot,
               m.core(0).cycles());
  } else {
    if (const std::optional<std::string> error = m.load(*program)) {
      m.core(0).print_panic_report(*error);
      return 1;
    }
    if (o.smp > 1) std::printf("SMP mode enabled: %u cores (CPU0 is the BSP; APs wait for STARTAP)\n", o.smp);
    std::printf("Loaded VM. Starting execution.\n");
    std::fflush(stdout);
  }
  if (o.save_at) m.set_stop_at(o.save_at);
  if (tracer) m.set_tracer(tracer.get());
  // The monitor and the GDB stub: every core parks on one run control when either stops the
  // machine; the sockets listen before the cores start.
  DebugControl debug_control(config.smp, m.run_control(), o.gdb_wait);
  m.set_debug_control(&debug_control);
  // Ctrl-A s and the monitor's savevm: every core stopped for a moment, the disk's transfer
  // finished, the snapshot written, and the run goes on. What happened, for the monitor to say.
  const auto save_now = [&](const std::string& path, const std::string& why) -> std::string {
    try {
      const auto start = std::chrono::steady_clock::now();
      Snapshot snapshot;
      uint64_t at = 0;
      bool taken = false;
      debug_control.with_stopped([&] {
        m.disk().wait_idle();
        m.save(snapshot);
        at = m.core(0).cycles();
        taken = true;
      });
      if (!taken) throw user_error("the run ended before the machine could be paused; nothing was saved");
      snapshot.write(path);  // the cores run on meanwhile
      const auto ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
              .count();
      const std::string said =
          fmt::format("{}: saved a snapshot to {} at instruction {} of core 0 ({} ms)", why, path, at, ms);
      fmt::print(stderr, "microvm: {}\n", said);
      return said;
    } catch (const UserError& e) {
      const std::string said = fmt::format("{}: error: {}", why, e.what());
      fmt::print(stderr, "microvm: {}\n", said);
      return said;
    }
  };
  lamp::Monitor monitor(m, debug_control, [&](const std::string& path) { return save_now(path, "savevm"); });
  const auto monitor_command = [&monitor](const std::string& line) { return monitor.execute(line); };
  GdbTarget gdb_target(m, debug_control, monitor_command);
  std::unique_ptr<gdb::Server> gdb_server;
  if (!o.gdb.empty()) gdb_server = std::make_unique<gdb::Server>(gdb_target, o.gdb);
  std::unique_ptr<LineServer> monitor_server;
  if (!o.monitor.empty()) {
    if (o.monitor.rfind("unix:", 0) != 0)
      throw user_error("--monitor: expected unix:PATH, got '{}'", o.monitor);
    monitor_server = std::make_unique<LineServer>(o.monitor, "--monitor", monitor_command);
  }
  if (gdb_server) gdb_server->start();
  if (monitor_server) monitor_server->start();

  const DebugSettings debug = debug_settings_from_environment();
  if (debug.active()) m.set_debugger(std::make_unique<Debugger>(debug, m.memory().host(), stdin, stdout));

  install_stop_signals();
  Console console;
  // The debugger reads commands from stdin, so it then owns it.
  if (o.console_input && !debug.active()) {
    console.on_input([&] {
      uint8_t byte;
      while (console.pop_input(byte)) m.io().enqueue_rx(byte);
    });
    console.on_quit([&] { m.run_control().request_stop(StopReason::kUserQuit, 0); });
    console.on_monitor(monitor_command);
    console.on_snapshot(
        [&] { save_now(o.save_snapshot.empty() ? "microvm.snap" : o.save_snapshot, "Ctrl-A s"); });
    console.start_input();
  }
  std::unique_ptr<frontends::Display> display;
  if (!o.headless) {
    display =
        frontends::open_window("VM Display", kFbWidth, kFbHeight, [&](uint8_t b) { m.io().enqueue_rx(b); });
  }

  m.start();
  wait_for_end(m, display.get());
  m.join();
  if (gdb_server) gdb_server->shutdown();
  if (monitor_server) monitor_server->shutdown();
  console.on_monitor(nullptr);
  console.on_snapshot(nullptr);
  console.stop_input();
  console.on_input(nullptr);
  console.on_quit(nullptr);
  display.reset();

  if (!o.screenshot.empty()) {
    const std::vector<uint32_t> pixels = m.framebuffer().pixels();
    frontends::write_png(o.screenshot, pixels.data(), kFbWidth, kFbHeight);
  }
  const RunControl& rc = m.run_control();
  if (rc.reason() == StopReason::kInsnLimit && m.at_stop_point()) {
    save_lamp_snapshot(m, o.save_snapshot, "--save-snapshot-at");
    return 0;
  }
  if (o.save_at) {
    fmt::print(stderr,
               "microvm: --save-snapshot-at {}: the run ended after {} instructions of core 0, so no "
               "snapshot was saved\n",
               o.save_at, m.core(0).cycles());
  }
  // A run stopped from outside leaves a machine worth resuming; one that halted or panicked does not.
  if (!o.save_snapshot.empty() && rc.reason() == StopReason::kUserQuit) {
    save_lamp_snapshot(m, o.save_snapshot, "on exit");
  }
  if (rc.reason() == StopReason::kGuestPanic) return 1;
  if (rc.reason() == StopReason::kUserQuit && rc.exit_code() != 0) return rc.exit_code();
  std::printf("Execution complete in %llu cycles.\n", static_cast<unsigned long long>(m.total_cycles()));
  if (o.stats) m.print_stats();
  std::fflush(stdout);
  return 0;
}

}  // namespace microvm::cli
