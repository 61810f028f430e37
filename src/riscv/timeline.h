// The harts' timeline (--timeline FILE): when each hart switched address space (satp writes: a
// kernel's context switches), slept in WFI, took an interrupt, sent an IPI or waited for a remote
// fence, timed with the host's clock in nanoseconds. Written at exit as a Chrome trace (JSON),
// which Perfetto (ui.perfetto.dev) and chrome://tracing draw as one track per hart and one per
// hart's address spaces: which process ran where, where harts idled, how long a wake-up took.
//
// Each hart records into its own list from its own thread (no locks); a list stops at kMaxEvents
// and the file says how many were left out.
#pragma once

#include <cstdint>
#include <cstdio>
#include <vector>

namespace microvm::riscv {

class HartTimeline {
 public:
  enum class Kind : uint8_t { kSatp, kSleep, kWake, kInterrupt, kIpi, kFenceStart, kFenceEnd };
  struct Event {
    uint64_t ns;  // since the timeline started
    uint64_t value;
    Kind kind;
  };
  static constexpr size_t kMaxEvents = size_t{1} << 21;

  explicit HartTimeline(uint64_t origin_ns) : origin_ns_(origin_ns) {}
  void satp(uint64_t value) { add(Kind::kSatp, value); }
  void sleep(bool stopped) { add(Kind::kSleep, stopped); }  // stopped: not started, or HSM stop
  // spun: the wake-up came while the hart was still spinning, before it blocked (HaltPoll).
  void wake(bool spun) { add(Kind::kWake, spun); }
  void interrupt(uint64_t cause) { add(Kind::kInterrupt, cause); }
  void ipi(unsigned target) { add(Kind::kIpi, target); }
  void fence_start(unsigned targets) { add(Kind::kFenceStart, targets); }
  void fence_end() { add(Kind::kFenceEnd, 0); }

  const std::vector<Event>& events() const { return events_; }
  uint64_t dropped() const { return dropped_; }

 private:
  void add(Kind kind, uint64_t value);
  uint64_t origin_ns_;
  std::vector<Event> events_;
  uint64_t dropped_ = 0;
};

class Timeline {
 public:
  explicit Timeline(unsigned harts);
  HartTimeline& hart(unsigned h) { return harts_.at(h); }
  // The Chrome trace; spans still open (a hart asleep, its address space) end now.
  void write_json(std::FILE* out) const;
  uint64_t dropped() const;

 private:
  uint64_t origin_ns_;
  std::vector<HartTimeline> harts_;
};

uint64_t timeline_clock_ns();

}  // namespace microvm::riscv
