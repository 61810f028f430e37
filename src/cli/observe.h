// What `microvm run` watches without a debugger attached: the instruction trace (--trace), the
// profile (--profile), the harts' timeline (--timeline), dead-end diagnoses (--on-fault) and the
// symbols they print (--symbols).
#pragma once

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/symbols.h"
#include "riscv/dead_end.h"
#include "riscv/profile.h"
#include "riscv/timeline.h"
#include "riscv/trace.h"
#include "riscv/virt_board.h"

namespace microvm::cli {

struct ObserveOptions {
  bool trace = false;
  std::string trace_file;
  std::string trace_harts, trace_range, trace_priv, trace_from, trace_count;
  bool trace_writes = false;
  bool profile = false;
  std::string profile_file;
  std::string profile_folded;
  std::string profile_top = "20";
  std::string timeline;
  std::vector<std::string> symbols;
  std::string on_fault = "report";
};

void add_observe_options(CLI::App& cmd, ObserveOptions& options);

class Observers {
 public:
  // Reads the symbols (of `spec`'s kernel and firmware, and --symbols) and checks every option
  // before anything runs: a mistake is a UserError.
  Observers(const ObserveOptions& options, const riscv::BootSpec& spec, unsigned harts);
  ~Observers();
  Observers(const Observers&) = delete;
  Observers& operator=(const Observers&) = delete;

  const Symbols& symbols() const { return symbols_; }
  void attach(riscv::VirtBoard& board);
  void detach(riscv::VirtBoard& board);
  // At the end of the run: the profile, on stderr and in --profile-file; the timeline's file.
  void report();

 private:
  ObserveOptions options_;
  Symbols symbols_;
  std::FILE* trace_out_ = nullptr;
  bool trace_owned_ = false;
  std::unique_ptr<riscv::Tracer> tracer_;
  std::unique_ptr<riscv::Profile> profile_;
  std::FILE* profile_out_ = nullptr;
  std::unique_ptr<riscv::Timeline> timeline_;
  riscv::DeadEnds::Action on_fault_;
  std::unique_ptr<riscv::DeadEnds> dead_ends_;  // per boot: it stops that board's run
  unsigned profile_top_ = 20;
};

}  // namespace microvm::cli
