// Zihpm and Sscofpmf: the programmable counters mhpmcounter3..31 with their mhpmevent3..31, the
// inhibit bits in mcountinhibit, and the overflow interrupt (LCOFI, Sscofpmf spec). A counter
// counts when its event is one microvm implements (hpm::kEventCycles, kEventInstructions) and its
// mcountinhibit bit is clear; it counts retired instructions either way, as mcycle does here. The
// mode-inhibit bits (MINH, SINH, UINH) are kept but do not filter (docs/compatibility.md).
//
// Counting follows the hart's own count, as mcycle does: a counting counter is an offset from it,
// a stopped one a frozen value. Overflow is looked for between blocks with the timers, so LCOFI
// is raised up to a timer-poll interval after the wrap, as an interrupt from a slow counter is.
#include "riscv/hart.h"

namespace microvm::riscv {
namespace {

bool counts(const Csrs& csr, unsigned i) {
  const uint64_t event = csr.hpm[i].event & hpm::kEventSelector;
  return (event == hpm::kEventCycles || event == hpm::kEventInstructions) &&
         !((csr.mcountinhibit >> (i + 3)) & 1);
}

}  // namespace

uint64_t Hart::hpm_value(unsigned i) const {
  return counts(csr, i) ? instret_now() + csr.hpm[i].offset : csr.hpm[i].frozen;
}

// The written value is what the next instruction reads (the write replaces the increment of the
// writing instruction), as for mcycle.
void Hart::set_hpm_value(unsigned i, uint64_t value) {
  Csrs::HpmCounter& c = csr.hpm[i];
  c.frozen = value;
  c.offset = value - instret_now() - 1;
  c.last = value;
}

void Hart::set_hpm_event(unsigned i, uint64_t event) {
  const uint64_t value = hpm_value(i);
  csr.hpm[i].event = event;
  set_hpm_value(i, value);
}

void Hart::set_mcountinhibit(uint64_t value) {
  std::array<uint64_t, hpm::kCounters> values;
  for (unsigned i = 0; i < hpm::kCounters; ++i) values[i] = hpm_value(i);
  csr.mcountinhibit = value & 0xFFFFFFF8u;
  for (unsigned i = 0; i < hpm::kCounters; ++i) set_hpm_value(i, values[i]);
}

uint64_t Hart::scountovf() const {
  uint64_t bits = 0;
  for (unsigned i = 0; i < hpm::kCounters; ++i) {
    if (csr.hpm[i].event & hpm::kOF) bits |= 1ull << (i + 3);
  }
  return bits;
}

void Hart::poll_hpm_overflow() {
  for (unsigned i = 0; i < hpm::kCounters; ++i) {
    if (!counts(csr, i)) continue;
    Csrs::HpmCounter& c = csr.hpm[i];
    const uint64_t value = instret_ + c.offset;
    if (value < c.last && !(c.event & hpm::kOF)) {
      c.event |= hpm::kOF;
      set_interrupt_pending(irq::kLCOFI, true);
    }
    c.last = value;
  }
}

}  // namespace microvm::riscv
