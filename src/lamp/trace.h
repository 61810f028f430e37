// `microvm lamp --trace FILE`: one line per instruction, written before it runs, by every core:
// `core N ip=0x........ RAW  DISASSEMBLY`, and a line for each hardware interrupt a core takes.
// Filters choose the cores, an ip range, the instruction to start at and how many lines to write.
// Cores trace into one file under a lock; a traced core looks at every instruction (service()),
// a core the filters leave out, and an untraced run, pay nothing.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

namespace microvm::lamp {

class Machine;

struct TraceFilter {
  std::vector<bool> cores;    // empty: every core
  uint32_t lo = 0, hi = ~0u;  // ips in [lo, hi]
  uint64_t from = 0;          // start at each core's N-th instruction (0: its first)
  uint64_t count = 0;         // stop after N instruction lines (0: no limit)
};

// Parses the --trace-* option values ("" = not given); a bad one is a UserError naming the option.
TraceFilter parse_trace_filter(const std::string& cores, const std::string& range, const std::string& from,
                               const std::string& count, unsigned core_count);

class Tracer {
 public:
  // `path` "-" is stderr; a file that cannot be created is a UserError.
  explicit Tracer(const std::string& path, TraceFilter filter = {});
  ~Tracer();
  Tracer(const Tracer&) = delete;
  Tracer& operator=(const Tracer&) = delete;

  bool wants_core(unsigned core) const {
    return filter_.cores.empty() || (core < filter_.cores.size() && filter_.cores[core]);
  }
  // `n`: how many instructions the core has run before this one.
  bool wants(uint32_t ip, uint64_t n) const {
    return n >= filter_.from && ip >= filter_.lo && ip <= filter_.hi;
  }
  // Hardware interrupts are traced for the cores traced, from --trace-from on.
  bool wants_interrupt(unsigned core, uint64_t n) const { return wants_core(core) && n >= filter_.from; }
  // --trace-count is used up: the cores stop looking.
  bool done() const { return done_.load(std::memory_order_relaxed); }

  void instruction(Machine& machine, unsigned core, uint32_t ip);
  void interrupt(unsigned core, unsigned vector, uint32_t handler);

 private:
  std::mutex mutex_;
  FILE* out_;
  bool owned_;
  TraceFilter filter_;
  uint64_t lines_ = 0;  // instruction lines written (under mutex_)
  std::atomic<bool> done_{false};
};

}  // namespace microvm::lamp
