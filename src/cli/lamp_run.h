// Runs the lamp machine the way the original LampVM's main does (spec §5, §6): load, print the
// loader's lines, run the cores with a display or headless, print "Execution complete in N cycles."
// Shared by `microvm lamp` and the `lampvm` compatibility executable.
#pragma once

#include <string>

namespace microvm::cli {

struct LampRunOptions {
  std::string bin = "boot.bin";
  unsigned smp = 1;
  bool selftest = false;
  bool headless = false;     // also automatic when there is no display
  std::string disk;          // empty: no disk
  bool create_disk = false;  // lampvm: create a missing ./disk.img, as the original
  std::string screenshot;    // PNG of the framebuffer at exit
  bool stats = false;
  bool jit = true;            // lamp::MachineConfig::jit
  bool console_input = true;  // host stdin feeds the serial RX FIFO

  // microvm lamp only (lampvm keeps the original's command line).
  std::string save_snapshot;  // at save_at, when the run is stopped from outside, on Ctrl-A s
  uint64_t save_at = 0;       // core 0's instruction count; 0: none
  std::string load_snapshot;  // resume this instead of loading `bin`
  std::string gdb;            // PORT or unix:PATH
  bool gdb_wait = false;
  std::string trace;                                              // FILE, or - for stderr
  std::string trace_cores, trace_range, trace_from, trace_count;  // its filters ("" = not given)
  std::string monitor;                                            // unix:PATH
};

// The process exit status: 0 after HALT, 1 after a panic or a load failure.
int run_lamp(const LampRunOptions& options);

// Parses --smp as the original: strict decimal in [1, 64]; false otherwise.
bool parse_smp(const std::string& text, unsigned& smp);

}  // namespace microvm::cli
