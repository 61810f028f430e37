// The hart's side of a debugger: parking when DebugControl asks, single steps, breakpoints
// checked before each instruction, watchpoints checked in the memory slow path (watched pages
// are kept out of the data TLBs, see fill_tlb), and the instruction trace.
#include <fmt/format.h>

#include "riscv/hart.h"

namespace microvm::riscv {

void Hart::debug_park() {
  for (;;) {
    const gdb::ResumeAction action = debug_->park(config_.hartid, [this] { serve_requests(); });
    if (run_control_.stop_requested()) return;
    debug_checks_ = debug_->checks_active();
    if (action == gdb::ResumeAction::kContinue) {
      debug_skip_pc_ = pc;  // resuming at a breakpoint runs its instruction first
      return;
    }
    debug_step();  // reports, so the next park() waits again
  }
}

uint64_t Hart::debug_park_in_turn() {
  const gdb::ResumeAction action = debug_->park(config_.hartid, [this] { serve_requests(); });
  if (run_control_.stop_requested()) return 0;
  debug_checks_ = debug_->checks_active();
  if (action != gdb::ResumeAction::kStep) {
    debug_skip_pc_ = pc;
    return 0;
  }
  const uint64_t before = instret_;
  debug_step();
  return instret_ - before;
}

// One instruction, a trap it takes included (a step into a trap stops at the handler's first
// instruction). Interrupts stay pending during a step, as QEMU's default; only a hart waiting in
// WFI with one pending takes it, since that is all it can do.
void Hart::debug_step() {
  if (requests_.load(std::memory_order_relaxed)) service_requests();
  gdb::StopEvent event;
  event.thread = config_.hartid;
  debug_hit_.reset();
  if (!halted()) {
    if (wfi_) {
      if (mip() & csr.mie) {
        wfi_ = false;
        take_pending_interrupt();
      }
    } else {
      run_block(1, true);
    }
  }
  if (debug_hit_) event = *debug_hit_;
  debug_skip_pc_ = ~0ull;
  debug_->report(event);
}

uint64_t Hart::run_checked(uint64_t budget) {
  uint64_t used = 0;
  while (used < budget) {
    if (pc != debug_skip_pc_) {
      if (const DebugControl::Breakpoint* b = debug_->breakpoint_at(pc)) {
        gdb::StopEvent event;
        event.kind = b->kind == gdb::BreakKind::kHardware ? gdb::StopEvent::kHardwareBreak
                                                          : gdb::StopEvent::kSoftwareBreak;
        event.thread = config_.hartid;
        debug_->report(event);
        return used;
      }
    }
    debug_skip_pc_ = ~0ull;
    // Breakpoints alone: a page without one runs at full speed until the block leaves it.
    // Watchpoints and the trace need every instruction on its own.
    if (debug_->watchpoints().empty() && !debug_->tracing() && !debug_->breakpoint_on_page(pc >> 12)) {
      debug_page_ = pc >> 12;
      used += run_block(budget - used, exact_turns_);
      debug_page_ = ~0ull;
      if (wfi_ || halted() || debug_->attention() || run_control_.stop_requested()) break;
      continue;
    }
    if (debug_->tracing()) {
      uint64_t pa, bits = 0;
      if (debug_translate(pc, Access::kFetch, pa)) bus_.read(pa, 4, bits);
      fmt::print(stderr, "trace: hart {} {}-mode {:#x}: {:08x}\n", config_.hartid,
                 "US?M"[static_cast<int>(priv)], pc,
                 (bits & 3) == 3 ? static_cast<uint32_t>(bits) : static_cast<uint32_t>(bits & 0xFFFF));
    }
    debug_hit_.reset();
    used += run_block(1, true);
    if (debug_hit_) {
      debug_->report(*debug_hit_);
      return used;
    }
    if (wfi_ || halted() || debug_->attention() || run_control_.stop_requested()) break;
  }
  return used;
}

void Hart::debug_access(uint64_t va, unsigned size, bool write) {
  if (debug_hit_) return;
  if (const DebugControl::Breakpoint* w = debug_->watchpoint_hit(va, size, write)) {
    gdb::StopEvent event;
    event.kind = gdb::StopEvent::kWatch;
    event.thread = config_.hartid;
    event.watch = w->kind;
    event.address = std::max(va, w->address);
    debug_hit_ = event;
    end_block();
  }
}

bool Hart::debug_csr_read(uint16_t number, uint64_t& value) {
  switch (number) {
    case csr::kFflags: value = csr.fflags; return true;
    case csr::kFrm: value = csr.frm; return true;
    case csr::kFcsr: value = csr.frm << 5 | csr.fflags; return true;
    case csr::kCycle:
    case csr::kMcycle: value = instret_ + csr.cycle_offset; return true;
    case csr::kInstret:
    case csr::kMinstret: value = instret_ + csr.instret_offset; return true;
    default: break;
  }
  const Priv saved = priv;
  priv = Priv::M;
  const bool ok = csr_read(number, value);
  priv = saved;
  return ok;
}

bool Hart::debug_csr_write(uint16_t number, uint64_t value) {
  switch (number) {
    case csr::kFflags: csr.fflags = value & 0x1F; return true;
    case csr::kFrm: csr.frm = value & 7; return true;
    case csr::kFcsr:
      csr.fflags = value & 0x1F;
      csr.frm = (value >> 5) & 7;
      return true;
    default: break;
  }
  const Priv saved = priv;
  priv = Priv::M;
  const bool ok = csr_write(number, value);
  priv = saved;
  debug_state_changed();
  return ok;
}

void Hart::debug_state_changed() {
  tlb_.flush_all();
  update_contexts();
  current_page_ = nullptr;
}

std::string Hart::describe_tlb() const {
  static constexpr const char* kContexts[] = {"U", "S", "S+SUM", "M"};
  std::string out;
  unsigned valid = 0;
  for (int ctx = Tlb::kCtxU; ctx <= Tlb::kCtxM; ++ctx) {
    const Tlb::Set& set = tlb_.set(static_cast<Tlb::Context>(ctx));
    const std::pair<const TlbEntry*, const char*> kinds[] = {
        {set.read, "read"}, {set.write, "write"}, {set.fetch, "fetch"}};
    for (const auto& [entries, kind] : kinds) {
      for (unsigned i = 0; i < Tlb::kSize; ++i) {
        const TlbEntry& e = entries[i];
        if (e.tag == TlbEntry::kInvalid) continue;
        ++valid;
        const uint64_t pa = ram_address(reinterpret_cast<const uint8_t*>(e.addend + e.tag));
        out += fmt::format("{:<5} {:<5} [{:4}] va={:#018x} pa={:#x}\n", kContexts[ctx], kind, i, e.tag, pa);
      }
    }
  }
  return fmt::format("hart {}: {} valid TLB entries (context, kind, index, page)\n", config_.hartid, valid) +
         out;
}

}  // namespace microvm::riscv
