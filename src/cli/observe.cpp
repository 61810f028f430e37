#include "cli/observe.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <system_error>

#include "core/error.h"
#include "core/numbers.h"

namespace microvm::cli {

namespace {

// Writes one of the profile's files; a failed open or write is one clear error.
void write_file(const char* option, const std::string& path, const std::function<void(std::FILE*)>& write) {
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (!out) throw user_error("{}: cannot write {}: {}", option, path, std::strerror(errno));
  try {
    write(out);
  } catch (const std::system_error&) {  // fmt's report of a failed write; ferror says it below
  }
  const bool written = std::ferror(out) == 0;
  if (std::fclose(out) != 0 || !written)
    throw user_error("{}: cannot write {}: {}", option, path, std::strerror(errno));
}

}  // namespace

void add_observe_options(CLI::App& cmd, ObserveOptions& o) {
  cmd.add_flag("--trace", o.trace,
               "Print every instruction the harts run on stderr (the trace options below filter it)");
  cmd.add_option("--trace-file", o.trace_file, "Write the instruction trace to FILE instead of stderr");
  cmd.add_option("--trace-harts", o.trace_harts, "Trace only these harts (N,N,...)");
  cmd.add_option("--trace-range", o.trace_range,
                 "Trace only pcs in LO-HI (addresses or symbols), or in the function SYMBOL");
  cmd.add_option("--trace-priv", o.trace_priv, "Trace only these privilege levels (m,s,u)");
  cmd.add_option("--trace-from", o.trace_from, "Start tracing at each hart's N-th instruction");
  cmd.add_option("--trace-count", o.trace_count, "Stop tracing after N lines");
  cmd.add_flag("--trace-writes", o.trace_writes, "Show the registers and memory each instruction wrote");
  cmd.add_flag("--profile", o.profile, "At exit, print where each hart spent its instructions, by function");
  cmd.add_option(
      "--profile-file", o.profile_file,
      "Also write the whole profile to FILE (tab-separated: hart, function, instructions, percent)");
  cmd.add_option("--profile-folded", o.profile_folded,
                 "Also sample call stacks (frame pointers) and write them to FILE as folded stacks, for "
                 "flame graphs (flamegraph.pl, speedscope)");
  cmd.add_option("--profile-top", o.profile_top, "How many functions --profile prints per hart (default 20)");
  cmd.add_option("--timeline", o.timeline,
                 "At exit, write each hart's timeline to FILE as a Chrome trace for ui.perfetto.dev: "
                 "address-space switches (satp writes), WFI sleeps, interrupts taken, IPIs sent and "
                 "remote fences, in host nanoseconds");
  cmd.add_option("--on-fault", o.on_fault,
                 "When a hart reaches a dead end (a trap loop, a jump to itself with interrupts off): "
                 "report (default), stop (exit status 3) or ignore");
  cmd.add_option("--symbols", o.symbols,
                 "Symbols for the trace, the profile and diagnoses: an ELF file (vmlinux) or a System.map");
}

Observers::Observers(const ObserveOptions& o, const riscv::BootSpec& spec, unsigned harts)
    : options_(o), on_fault_(riscv::DeadEnds::parse_action(o.on_fault)) {
  // Symbols are a help, not a requirement: an ELF that boots but whose section table is odd
  // gives none rather than an error.
  for (const auto& [image, name] :
       {std::pair{spec.firmware_image, spec.firmware_name}, std::pair{spec.kernel, spec.kernel_name}}) {
    try {
      symbols_.add_elf(image, name);
    } catch (const UserError&) {
    }
  }
  for (const std::string& file : o.symbols) symbols_.add_file(file);
  const bool tracing = o.trace || !o.trace_file.empty();
  const bool filtered = !o.trace_harts.empty() || !o.trace_range.empty() || !o.trace_priv.empty() ||
                        !o.trace_from.empty() || !o.trace_count.empty() || o.trace_writes;
  if (filtered && !tracing) throw user_error("the --trace-* options need --trace or --trace-file FILE");
  if ((!o.profile_file.empty() || !o.profile_folded.empty() || o.profile_top != "20") && !o.profile)
    options_.profile = true;  // asking for the file or the length is asking for the profile
  if (options_.profile) {
    const uint64_t top = parse_number(o.profile_top, "--profile-top");
    if (top == 0 || top > 100000)
      throw user_error("--profile-top: expected 1 to 100000, got {}", o.profile_top);
    profile_top_ = static_cast<unsigned>(top);
    profile_ = std::make_unique<riscv::Profile>(harts);
    profile_->sample_stacks(!o.profile_folded.empty());
    // A file that cannot be written is an error now, not after the run.
    if (!o.profile_folded.empty()) write_file("--profile-folded", o.profile_folded, [](std::FILE*) {});
    if (!o.profile_file.empty()) {
      profile_out_ = std::fopen(o.profile_file.c_str(), "w");
      if (!profile_out_)
        throw user_error("--profile-file: cannot write {}: {}", o.profile_file, std::strerror(errno));
    }
  }
  if (!o.timeline.empty()) {
    write_file("--timeline", o.timeline, [](std::FILE*) {});  // not writable: an error now
    timeline_ = std::make_unique<riscv::Timeline>(harts);
  }
  if (tracing) {
    riscv::TraceFilter filter = riscv::parse_trace_filter(o.trace_harts, o.trace_range, o.trace_priv,
                                                          o.trace_from, o.trace_count, harts, symbols_);
    filter.writes = o.trace_writes;
    if (!o.trace_file.empty() && o.trace_file != "-") {
      trace_out_ = std::fopen(o.trace_file.c_str(), "w");
      if (!trace_out_)
        throw user_error("--trace-file: cannot write {}: {}", o.trace_file, std::strerror(errno));
      trace_owned_ = true;
    } else {
      trace_out_ = stderr;
    }
    tracer_ = std::make_unique<riscv::Tracer>(trace_out_, std::move(filter), symbols_, harts);
  }
}

Observers::~Observers() {
  if (trace_owned_) std::fclose(trace_out_);
  if (profile_out_) std::fclose(profile_out_);
}

void Observers::attach(riscv::VirtBoard& board) {
  dead_ends_ = std::make_unique<riscv::DeadEnds>(on_fault_, symbols_, board.run_control(), &board.console());
  for (unsigned h = 0; h < board.harts(); ++h) {
    if (on_fault_ != riscv::DeadEnds::Action::kIgnore) board.hart(h).set_dead_ends(dead_ends_.get());
    if (tracer_) board.hart(h).set_tracer(tracer_.get());
    if (profile_) board.hart(h).set_profile(&profile_->hart(h));
    if (timeline_) board.hart(h).set_timeline(&timeline_->hart(h));
  }
}

void Observers::detach(riscv::VirtBoard& board) {
  for (unsigned h = 0; h < board.harts(); ++h) {
    board.hart(h).set_tracer(nullptr);
    board.hart(h).set_profile(nullptr);
    board.hart(h).set_timeline(nullptr);
    board.hart(h).set_dead_ends(nullptr);
  }
  dead_ends_.reset();
  if (tracer_) tracer_->flush();
}

void Observers::report() {
  if (timeline_) {
    write_file("--timeline", options_.timeline, [&](std::FILE* out) { timeline_->write_json(out); });
    if (timeline_->dropped())
      fmt::print(stderr, "microvm: --timeline: {} events after the first {} of a hart were left out\n",
                 timeline_->dropped(), riscv::HartTimeline::kMaxEvents);
  }
  if (!profile_) return;
  profile_->print(stderr, symbols_, profile_top_);
  if (!options_.profile_file.empty())
    write_file("--profile-file", options_.profile_file,
               [&](std::FILE* out) { profile_->write_table(out, symbols_); });
  if (!options_.profile_folded.empty()) {
    write_file("--profile-folded", options_.profile_folded,
               [&](std::FILE* out) { profile_->write_folded(out, symbols_); });
  }
}

}  // namespace microvm::cli
