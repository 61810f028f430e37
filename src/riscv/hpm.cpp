// Zihpm and Sscofpmf: the programmable counters mhpmcounter3..31 with their mhpmevent3..31, the
// inhibit bits in mcountinhibit, the privilege-mode inhibit bits (MINH, SINH, UINH) and the
// overflow interrupt (LCOFI, Sscofpmf spec). A counter counts when its event is one microvm
// implements (hpm::kEventCycles, kEventInstructions), its mcountinhibit bit is clear and its event
// does not inhibit the current privilege mode; it counts retired instructions either way, as
// mcycle does here.
//
// Counting follows the hart's own count, as mcycle does: a counting counter is an offset from it,
// a stopped one a frozen value. A change of privilege (update_contexts) stops and starts the
// counters whose mode bits differ, at the count of instructions retired so far: an xRET counts in
// the mode it leaves, a trapping instruction does not retire. Overflow is looked for between
// blocks with the timers, so LCOFI is raised up to a timer-poll interval after the wrap, as an
// interrupt from a slow counter is.
#include "riscv/hart.h"

namespace microvm::riscv {
namespace {

bool inhibits(uint64_t event, Priv mode) {
  switch (mode) {
    case Priv::M: return event & hpm::kMINH;
    case Priv::S: return event & hpm::kSINH;
    case Priv::U: return event & hpm::kUINH;
  }
  return false;
}

bool counts(const Csrs& csr, unsigned i, Priv mode) {
  const uint64_t event = csr.hpm[i].event & hpm::kEventSelector;
  return (event == hpm::kEventCycles || event == hpm::kEventInstructions) &&
         !((csr.mcountinhibit >> (i + 3)) & 1) && !inhibits(csr.hpm[i].event, mode);
}

}  // namespace

uint64_t Hart::hpm_value(unsigned i) const {
  return counts(csr, i, hpm_mode_) ? instret_now() + csr.hpm[i].offset : csr.hpm[i].frozen;
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

// Sets OF and raises LCOFI when counter i went from `last` past the top to `value`.
void Hart::note_hpm_value(unsigned i, uint64_t value) {
  Csrs::HpmCounter& c = csr.hpm[i];
  if (value < c.last && !(c.event & hpm::kOF)) {
    c.event |= hpm::kOF;
    set_interrupt_pending(irq::kLCOFI, true);
  }
  c.last = value;
}

void Hart::poll_hpm_overflow() {
  for (unsigned i = 0; i < hpm::kCounters; ++i) {
    if (counts(csr, i, hpm_mode_)) note_hpm_value(i, instret_ + csr.hpm[i].offset);
  }
}

void Hart::hpm_follow_mode() {
  if (priv == hpm_mode_) return;
  // What the next instruction would read a counting counter as is `retired + offset`.
  const uint64_t retired = instret_ + block_.retired();
  for (unsigned i = 0; i < hpm::kCounters; ++i) {
    const bool before = counts(csr, i, hpm_mode_), after = counts(csr, i, priv);
    if (before == after) continue;
    Csrs::HpmCounter& c = csr.hpm[i];
    if (before) {
      c.frozen = retired + c.offset;
      note_hpm_value(i, c.frozen);  // a wrap since the last poll is not lost
    } else {
      c.offset = c.frozen - retired;
    }
  }
  hpm_mode_ = priv;
}

}  // namespace microvm::riscv
