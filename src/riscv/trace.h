// The instruction trace (--trace): one line per instruction a hart runs, with its privilege,
// pc, symbol, raw bits, disassembly and what it wrote (registers, memory); traps and interrupts
// as lines of their own. Harts with a tracer run checked (on the interpreter, an instruction at a
// time); harts without one are not slowed at all.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/symbols.h"
#include "riscv/disasm.h"
#include "riscv/isa.h"

namespace microvm::riscv {

struct TraceFilter {
  std::vector<bool> harts;      // empty: every hart
  uint64_t lo = 0, hi = ~0ull;  // pcs in [lo, hi]
  unsigned privs = 0b1011;      // bit per Priv value (U=0, S=1, M=3)
  uint64_t from = 0;            // start at the hart's N-th instruction (its instret)
  uint64_t count = 0;           // stop after N lines (0: no limit)
  bool writes = true;           // registers and memory written
};

// Parses the --trace-* option values; a bad one is a UserError naming the option.
TraceFilter parse_trace_filter(const std::string& harts, const std::string& range, const std::string& privs,
                               const std::string& from, const std::string& count, unsigned hart_count,
                               const Symbols& symbols);

class Tracer {
 public:
  // `out` stays open for the tracer's life (stderr, or a file the caller owns).
  Tracer(std::FILE* out, TraceFilter filter, const Symbols& symbols, unsigned harts);

  const TraceFilter& filter() const { return filter_; }
  bool wants_hart(unsigned hart) const {
    return filter_.harts.empty() || (hart < filter_.harts.size() && filter_.harts[hart]);
  }
  bool wants(uint64_t pc, Priv priv, uint64_t instret) const {
    return !done_ && instret >= filter_.from && pc >= filter_.lo && pc <= filter_.hi &&
           ((filter_.privs >> static_cast<unsigned>(priv)) & 1);
  }
  // The count is used up: harts may stop tracing.
  bool done() const { return done_; }
  uint64_t lines() const { return lines_; }

  // `bits`: the instruction (16-bit ones in the low half), or nothing when it could not be read.
  void instruction(unsigned hart, Priv priv, uint64_t pc, std::optional<uint32_t> bits,
                   const std::string& writes);
  void trap(unsigned hart, uint64_t cause, bool interrupt, uint64_t epc, uint64_t tval, Priv to,
            uint64_t target);

  // Flushes the output; false (after saying so once on stderr) if the trace could not be written.
  bool flush();

 private:
  // Writes a line; a full disk or a closed pipe ends the trace with one message on stderr, and
  // the run goes on without it.
  void put(const std::string& line);

  std::FILE* out_;
  TraceFilter filter_;
  const Symbols& symbols_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Disassembler>> disasm_;  // per hart: lui/auipc notes stay per hart
  uint64_t lines_ = 0;
  bool done_ = false;
  bool failed_ = false;
};

// The name of an exception or interrupt cause ("illegal instruction", "supervisor timer").
const char* cause_name(uint64_t cause, bool interrupt);

}  // namespace microvm::riscv
