#include "cli/lamp_command.h"

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <utility>

#include "cli/lamp_run.h"
#include "core/error.h"
#include "core/file.h"
#include "lamp/assembler.h"
#include "lamp/isa.h"
#include "lamp/program.h"
#include "lamp/translator.h"

namespace microvm::cli {
namespace {

struct LampOptions {
  std::string bin;
  std::string smp = "1";
  bool selftest = false;
  bool headless = false;
  std::string disk;
  std::string screenshot;
  bool stats = false;
  std::string jit;
  std::string save_snapshot;
  std::string save_at;
  std::string load_snapshot;
  std::string gdb;
  bool gdb_wait = false;
  bool smp_given = false;
  std::string trace;
  std::string trace_cores, trace_range, trace_from, trace_count;
  std::string monitor;
};

uint64_t parse_count(const std::string& text, const char* option) {
  size_t used = 0;
  uint64_t n = 0;
  try {
    n = std::stoull(text, &used, 0);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || text[0] == '-' || n == 0)
    throw user_error("{} {}: give a count of 1 or more", option, text);
  return n;
}

// The snapshot and debugger options, checked together.
void snapshot_options(const LampOptions& o, LampRunOptions& r) {
  if (!o.save_at.empty()) {
    r.save_at = parse_count(o.save_at, "--save-snapshot-at");
    if (o.save_snapshot.empty()) throw user_error("--save-snapshot-at needs --save-snapshot FILE to save to");
  }
  r.save_snapshot = o.save_snapshot;
  r.load_snapshot = o.load_snapshot;
  r.gdb = o.gdb;
  r.gdb_wait = o.gdb_wait;
  r.trace = o.trace;
  r.trace_cores = o.trace_cores;
  r.trace_range = o.trace_range;
  r.trace_from = o.trace_from;
  r.trace_count = o.trace_count;
  if (o.trace.empty() &&
      !(o.trace_cores.empty() && o.trace_range.empty() && o.trace_from.empty() && o.trace_count.empty()))
    throw user_error("the --trace-* options need --trace FILE (or --trace - for stderr)");
  r.monitor = o.monitor;
  if (o.gdb_wait && o.gdb.empty()) throw user_error("--gdb-wait needs --gdb PORT or --gdb unix:PATH");
  if (o.selftest && (!o.save_snapshot.empty() || !o.load_snapshot.empty() || !o.gdb.empty()))
    throw user_error(
        "--selftest runs the built-in selftests only: leave out --save-snapshot, --load-snapshot and --gdb");
  if (o.load_snapshot.empty()) return;
  std::string given;
  for (const auto& [set, name] : {std::pair{!o.bin.empty(), "--bin"}, std::pair{o.smp_given, "--smp"},
                                  std::pair{!o.disk.empty(), "--disk"}}) {
    if (set) given += (given.empty() ? "" : ", ") + std::string(name);
  }
  if (!given.empty()) {
    throw user_error(
        "--load-snapshot restores the machine the snapshot holds (its program, cores and disk); leave out {}",
        given);
  }
}

int run(const LampOptions& o) {
  LampRunOptions r;
  if (!parse_smp(o.smp, r.smp)) throw user_error("Invalid --smp value. Expected integer in [1, 64].");
  r.selftest = o.selftest;
  snapshot_options(o, r);
  if (!o.selftest && o.bin.empty() && o.load_snapshot.empty())
    throw user_error("give --bin FILE (a LampVM binary), --load-snapshot FILE or --selftest");
  r.bin = o.bin;
  r.headless = o.headless;
  r.disk = o.disk;  // only a disk the user names; microvm never creates one
  r.screenshot = o.screenshot;
  r.stats = o.stats;
  if (!o.jit.empty() && o.jit != "on" && o.jit != "off") throw user_error("--jit {}: give on or off", o.jit);
  if (o.jit == "on" && !lamp::Translator::available())
    throw user_error("--jit on: this build has no translator (it needs asmjit and an x86-64 host)");
  r.jit = o.jit != "off";
  return run_lamp(r);
}

struct AsmCommand {
  std::string input;
  std::string output;
  std::string config;
  std::vector<std::string> defines;
};

int assemble(const AsmCommand& c) {
  lamp::AsmOptions options;
  try {
    if (!c.config.empty()) lamp::read_asm_config(c.config, options);
    for (const std::string& d : c.defines) {
      const size_t eq = d.find('=');
      if (eq == std::string::npos || eq == 0) throw user_error("-D {}: expected NAME=VALUE", d);
      options.macros[d.substr(0, eq)] = static_cast<uint32_t>(std::stoul(d.substr(eq + 1), nullptr, 0));
    }
    const std::vector<uint8_t> bytes = lamp::assemble_file(c.input, options).serialize();
    std::ofstream out(c.output, std::ios::binary);
    if (!out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()))) {
      throw user_error("cannot write {}", c.output);
    }
  } catch (const lamp::AsmError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  } catch (const std::invalid_argument&) {
    throw user_error("-D: the value must be a number");
  }
  return 0;
}

int disassemble(const std::string& path) {
  const std::vector<uint8_t> bytes = read_file(path);
  std::string error;
  const std::optional<lamp::Program> p = lamp::parse_program(bytes, error);
  if (!p) throw user_error("{} is not a LampVM binary: {}", path, error);
  fmt::print(
      "; TEXT_BASE=0x{:08X} TEXT_SIZE={} DATA_BASE=0x{:08X} DATA_SIZE={} BSS_BASE=0x{:08X} BSS_SIZE={}\n",
      p->text_base, p->text_size, p->data_base, p->data_size, p->bss_base, p->bss_size);
  for (uint32_t off = 0; off < p->text_size; off += 8) {
    uint64_t raw = 0;
    for (int k = 0; k < 8; ++k) raw |= uint64_t{p->text[off + k]} << (8 * k);
    const uint32_t address = p->text_base + off;
    fmt::print("0x{:08x}: {:016x}  {}\n", address, raw, lamp::disassemble(raw, address));
  }
  for (uint32_t off = 0; off < p->data_size; off += 16) {
    std::string line = fmt::format("0x{:08x}:", p->data_base + off);
    for (uint32_t k = off; k < off + 16 && k < p->data_size; ++k) line += fmt::format(" {:02x}", p->data[k]);
    fmt::print("{}\n", line);
  }
  return 0;
}

}  // namespace

void add_lamp_commands(CLI::App& app, std::function<int()>& action) {
  auto o = std::make_shared<LampOptions>();
  CLI::App* lamp = app.add_subcommand("lamp", "Run a LampVM (Polaris) binary on the lamp machine");
  lamp->add_option("--bin", o->bin, "LampVM binary (24-byte header, text, data)");
  CLI::Option* smp = lamp->add_option("--smp", o->smp, "Number of cores, 1..64")->capture_default_str();
  lamp->add_flag("--selftest", o->selftest, "Run the built-in selftests and exit");
  lamp->add_flag("--headless", o->headless, "No window (automatic when there is no display)");
  lamp->add_option("--disk", o->disk, "Disk image (an existing file; without it the disk is empty)");
  lamp->add_option("--screenshot", o->screenshot, "Write the framebuffer to this PNG file at exit");
  lamp->add_flag("--stats", o->stats, "Print instruction statistics at exit (runs without the translator)");
  lamp->add_option("--jit", o->jit,
                   "Translate hot loops to host code: on (the default where the build can) or off");
  lamp->add_option("--save-snapshot", o->save_snapshot,
                   "Save a snapshot to FILE when the run is stopped from outside (Ctrl-A x, a signal), on "
                   "Ctrl-A s (the run goes on) and at --save-snapshot-at");
  lamp->add_option("--save-snapshot-at", o->save_at,
                   "Stop when core 0 has run N instructions, save the --save-snapshot FILE and exit");
  lamp->add_option("--load-snapshot", o->load_snapshot,
                   "Resume the lamp machine saved in FILE (instead of --bin)");
  lamp->add_option("--gdb", o->gdb,
                   "Serve the GDB remote protocol on PORT or unix:PATH (every core a thread)");
  lamp->add_flag("--gdb-wait", o->gdb_wait,
                 "With --gdb: start with every core stopped, waiting for the debugger");
  lamp->add_option(
      "--trace", o->trace,
      "Write every instruction each core runs (and each interrupt it takes) to FILE, - for stderr");
  lamp->add_option("--trace-cores,--trace-harts", o->trace_cores, "Trace only these cores (N,N,...)");
  lamp->add_option("--trace-range", o->trace_range, "Trace only instructions at ips in LO-HI (or at one ip)");
  lamp->add_option("--trace-from", o->trace_from, "Start tracing each core when it has run N instructions");
  lamp->add_option("--trace-count", o->trace_count, "Stop tracing after N instruction lines");
  lamp->add_option("--monitor", o->monitor, "Serve the monitor's commands on unix:PATH (also on Ctrl-A c)");
  lamp->callback([o, smp, &action] {
    o->smp_given = smp->count() > 0;
    action = [o] { return run(*o); };
  });

  auto a = std::make_shared<AsmCommand>();
  CLI::App* as = app.add_subcommand("lamp-asm", "Assemble Polaris assembly into a LampVM binary");
  as->add_option("input", a->input, "Assembly source (.asm)")->required();
  as->add_option("-o,--output", a->output, "Output binary")->required();
  as->add_option("--config", a->config, "Toolchain config.yml (reg_count, reg_prefix, macros)");
  as->add_option("-D,--define", a->defines, "Define a macro: NAME=VALUE");
  as->callback([a, &action] { action = [a] { return assemble(*a); }; });

  auto d = std::make_shared<std::string>();
  CLI::App* dis = app.add_subcommand("lamp-disasm", "Disassemble a LampVM binary");
  dis->add_option("input", *d, "LampVM binary")->required();
  dis->callback([d, &action] { action = [d] { return disassemble(*d); }; });
}

}  // namespace microvm::cli
