// The SBI PMU extension (SBI spec v2.0, chapter 11) over the hart's counters: cycle (0), instret
// (2) and mhpmcounter3..31 (hpm.cpp). What Linux's perf driver (drivers/perf/riscv_pmu_sbi.c)
// calls: num_counters, counter_get_info, counter_config_matching, counter_start, counter_stop;
// there are no firmware counters, so counter_fw_read has nothing to read. Supported events: the
// hardware events CPU_CYCLES and INSTRUCTIONS, and raw events 1 and 2 (mhpmevent's selector).
// The mode filters of counter_config_matching (SET_UINH, SET_SINH, SET_MINH) become mhpmevent's
// inhibit bits, so they need a programmable counter (cycle and instret count in every mode).
#include <bit>

#include "riscv/sbi.h"

namespace microvm::riscv {
namespace {

constexpr int64_t kSuccess = 0, kErrNotSupported = -2, kErrInvalidParam = -3, kErrAlreadyStarted = -7,
                  kErrAlreadyStopped = -8;
constexpr unsigned kCounters = 32;  // logical counter i is CSR 0xC00 + i; 1 (time) is not one
constexpr unsigned kCycle = 0, kInstret = 2, kFirstHpm = 3;

// counter_config_matching flags (SBI spec table 11.8) and counter_start/stop flags.
constexpr uint64_t kSkipMatch = 1, kClearValue = 2, kAutoStart = 4, kSetUinh = 1 << 5, kSetSinh = 1 << 6,
                   kSetMinh = 1 << 7;
constexpr uint64_t kSetInitValue = 1, kResetStop = 1;

// event_idx: type in bits 19:16, code in 15:0 (SBI spec 11.1).
constexpr uint64_t kTypeHardware = 0, kTypeRaw = 2;
constexpr uint64_t kHwCpuCycles = 1, kHwInstructions = 2;

// The mhpmevent selector for an SBI event, or 0 when microvm cannot count it.
uint64_t selector(uint64_t event_idx, uint64_t event_data) {
  const uint64_t type = (event_idx >> 16) & 0xF, code = event_idx & 0xFFFF;
  if (type == kTypeHardware && code == kHwCpuCycles) return hpm::kEventCycles;
  if (type == kTypeHardware && code == kHwInstructions) return hpm::kEventInstructions;
  if (type == kTypeRaw && (event_data == hpm::kEventCycles || event_data == hpm::kEventInstructions))
    return event_data;
  return 0;
}

bool exists(unsigned counter) { return counter < kCounters && counter != 1; }

}  // namespace

Sbi::Result Sbi::pmu(Hart& hart, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                     uint64_t a4) {
  PmuState& state = pmu_[hart.hartid()];
  // The counters a (base, mask) pair names; false when one of them does not exist.
  const auto named = [](uint64_t base, uint64_t mask, uint32_t& out) {
    out = 0;
    for (; mask; mask &= mask - 1) {
      const uint64_t counter = base + static_cast<uint64_t>(std::countr_zero(mask));
      if (counter >= kCounters || !exists(static_cast<unsigned>(counter))) return false;
      out |= 1u << counter;
    }
    return true;
  };
  switch (fid) {
    case 0: return {kSuccess, kCounters};  // num_counters
    case 1:                                // counter_get_info: hardware, its CSR, 64 bits wide
      if (a0 >= kCounters || !exists(static_cast<unsigned>(a0))) return {kErrInvalidParam, 0};
      return {kSuccess, (63ull << 12) | (csr::kCycle + a0)};
    case 2: {  // counter_config_matching(base, mask, flags, event_idx, event_data)
      const uint64_t event = selector(a3, a4);
      if (event == 0) return {kErrNotSupported, 0};
      uint32_t candidates;
      if (!named(a0, a1, candidates) || candidates == 0) return {kErrInvalidParam, 0};
      const uint64_t inhibit = ((a2 & kSetUinh) ? hpm::kUINH : 0) | ((a2 & kSetSinh) ? hpm::kSINH : 0) |
                               ((a2 & kSetMinh) ? hpm::kMINH : 0);
      if (inhibit) candidates &= ~((1u << kFirstHpm) - 1);
      if (candidates == 0) return {kErrNotSupported, 0};
      unsigned chosen = kCounters;
      if (a2 & kSkipMatch) {
        chosen = static_cast<unsigned>(std::countr_zero(candidates));
      } else {
        // A programmable counter first (it can be stopped); the fixed one of the event if not.
        const uint32_t free_hpm = candidates & ~state.used & ~((1u << kFirstHpm) - 1);
        const unsigned fixed = event == hpm::kEventCycles ? kCycle : kInstret;
        if (free_hpm) {
          chosen = static_cast<unsigned>(std::countr_zero(free_hpm));
        } else if ((candidates & ~state.used) & (1u << fixed)) {
          chosen = fixed;
        }
      }
      if (chosen == kCounters) return {kErrNotSupported, 0};
      if (chosen < kFirstHpm && chosen != (event == hpm::kEventCycles ? kCycle : kInstret)) {
        return {kErrNotSupported, 0};
      }
      state.used |= 1u << chosen;
      if (chosen >= kFirstHpm) {
        const unsigned i = chosen - kFirstHpm;
        hart.set_mcountinhibit(hart.csr.mcountinhibit | (1ull << chosen));
        hart.set_hpm_event(i, event | inhibit);
        if (a2 & kClearValue) hart.set_hpm_value(i, 0);
      } else if (a2 & kClearValue) {
        (chosen == kCycle ? hart.csr.cycle_offset : hart.csr.instret_offset) = 0 - hart.instret_now() - 1;
      }
      if (a2 & kAutoStart) {
        state.started |= 1u << chosen;
        if (chosen >= kFirstHpm) hart.set_mcountinhibit(hart.csr.mcountinhibit & ~(1ull << chosen));
      }
      return {kSuccess, chosen};
    }
    case 3: {  // counter_start(base, mask, flags, initial_value)
      uint32_t counters;
      if (!named(a0, a1, counters) || (counters & ~state.used)) return {kErrInvalidParam, 0};
      // As OpenSBI: the counters not running start; one that already was makes the answer
      // ALREADY_STARTED (Linux's overflow handler restarts all its counters with one call).
      const bool already = counters & state.started;
      for (uint32_t m = counters & ~state.started; m; m &= m - 1) {
        const unsigned c = static_cast<unsigned>(std::countr_zero(m));
        if (c >= kFirstHpm) {
          const unsigned i = c - kFirstHpm;
          hart.csr.hpm[i].event &= ~hpm::kOF;  // a restarted counter has not overflowed
          if (a2 & kSetInitValue) hart.set_hpm_value(i, a3);
          hart.set_mcountinhibit(hart.csr.mcountinhibit & ~(1ull << c));
        } else if (a2 & kSetInitValue) {
          (c == kCycle ? hart.csr.cycle_offset : hart.csr.instret_offset) = a3 - hart.instret_now() - 1;
        }
      }
      state.started |= counters;
      return {already ? kErrAlreadyStarted : kSuccess, 0};
    }
    case 4: {  // counter_stop(base, mask, flags)
      uint32_t counters;
      if (!named(a0, a1, counters) || (counters & ~state.used)) return {kErrInvalidParam, 0};
      const bool already = counters & ~state.started;  // as for counter_start
      for (uint32_t m = counters & state.started; m; m &= m - 1) {
        const unsigned c = static_cast<unsigned>(std::countr_zero(m));
        if (c >= kFirstHpm) hart.set_mcountinhibit(hart.csr.mcountinhibit | (1ull << c));
      }
      state.started &= ~counters;
      if (a2 & kResetStop) {
        for (uint32_t m = counters; m; m &= m - 1) {
          const unsigned c = static_cast<unsigned>(std::countr_zero(m));
          if (c >= kFirstHpm) hart.set_hpm_event(c - kFirstHpm, 0);
        }
        state.used &= ~counters;
      }
      return {already ? kErrAlreadyStopped : kSuccess, 0};
    }
    case 5:  // counter_fw_read: no counter here is a firmware one
    case 6:  // counter_fw_read_hi (RV32 only)
      return {kErrInvalidParam, 0};
    default: return {kErrNotSupported, 0};  // snapshot_set_shmem and later
  }
}

}  // namespace microvm::riscv
