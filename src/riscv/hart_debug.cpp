// The hart's side of a debugger: parking when DebugControl asks, single steps, breakpoints
// checked before each instruction, watchpoints checked in the memory slow path (watched pages
// are kept out of the data TLBs, see fill_tlb), and the instruction trace.
#include <fmt/format.h>

#include <cstring>

#include "riscv/hart.h"
#include "riscv/profile.h"
#include "riscv/trace.h"

namespace microvm::riscv {

// The translator keeps exact turns too (Jit::set_exact), but for MICROVM_EXACT_BLOCKS=1, which
// stays the interpreter's one instruction at a time.
void Hart::set_exact_turns(bool on) {
  debug_.exact_turns = on;
  if (jit_) jit_->set_exact(on && !exact_blocks_);
}

void Hart::debug_park() {
  for (;;) {
    const gdb::ResumeAction action = debug_.control->park(config_.hartid, [this] { serve_requests(); });
    if (run_control_.stop_requested()) return;
    update_debug_checks();
    if (action == gdb::ResumeAction::kContinue) {
      debug_.skip_pc = pc;  // resuming at a breakpoint runs its instruction first
      return;
    }
    debug_step();  // reports, so the next park() waits again
  }
}

// Deterministic runs: the one thread parks in this hart's turn for every hart. False when the
// turn ends here (the hart was told to stay, or the run is over).
bool Hart::debug_park_in_turn(uint64_t& budget) {
  const gdb::ResumeAction action = debug_.control->park(config_.hartid, [this] { serve_requests(); });
  if (run_control_.stop_requested()) return false;
  update_debug_checks();
  if (action == gdb::ResumeAction::kContinue) debug_.skip_pc = pc;  // resuming at a breakpoint runs it
  return debug_turn_action(action, budget);
}

// The start of a turn in a deterministic run under a debugger: what the last resume said this
// hart should do. False when it sits the turn out.
bool Hart::debug_turn_starts(uint64_t& budget) {
  debug_.control->turn_began(config_.hartid);
  if (debug_.control->abandon()) return false;
  update_debug_checks();  // breakpoints may have come or gone while another hart's turn was parked
  if (debug_.control->attention()) return true;  // it parks at once
  return debug_turn_action(debug_.control->take_turn_action(config_.hartid), budget);
}

bool Hart::debug_turn_action(gdb::ResumeAction action, uint64_t& budget) {
  switch (action) {
    case gdb::ResumeAction::kStay: return false;
    case gdb::ResumeAction::kContinue: return true;
    case gdb::ResumeAction::kStep: {
      const uint64_t before = instret_;
      debug_step();  // reports: the turn goes on only to park
      budget -= std::min(budget, instret_ - before);
      return true;
    }
  }
  return true;
}

// One instruction, a trap it takes included (a step into a trap stops at the handler's first
// instruction). Interrupts stay pending during a step, as QEMU's default; only a hart waiting in
// WFI with one pending takes it, since that is all it can do.
void Hart::debug_step() {
  if (requests_.load(std::memory_order_relaxed)) service_requests();
  gdb::StopEvent event;
  event.thread = config_.hartid;
  debug_.hit.reset();
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
  if (debug_.hit) event = *debug_.hit;
  debug_.skip_pc = ~0ull;
  debug_.control->report(event);
}

void Hart::update_debug_checks() {
  if (trace_.tracer && trace_.tracer->done()) trace_.tracer = nullptr;
  const bool tracing = trace_.tracer && trace_.tracer->wants_hart(config_.hartid);
  const bool slow_data = triggers_.data_armed() || (tracing && trace_.tracer->filter().writes);
  if (slow_data != debug_.slow_data) tlb_.flush_all();  // data pages leave (or may return to) the TLBs
  debug_.slow_data = slow_data;
  debug_.checks = (debug_.control && debug_.control->checks_active()) || triggers_.armed() || tracing;
}

// An instruction at a time (or a page at a time, for breakpoints alone): debugger breakpoints,
// execute triggers and the trace are looked at before each instruction.
uint64_t Hart::run_checked(uint64_t budget) {
  uint64_t used = 0;
  while (used < budget) {
    if (debug_.control && pc != debug_.skip_pc) {
      if (const DebugControl::Breakpoint* b = debug_.control->breakpoint_at(pc)) {
        gdb::StopEvent event;
        event.kind = b->kind == gdb::BreakKind::kHardware ? gdb::StopEvent::kHardwareBreak
                                                          : gdb::StopEvent::kSoftwareBreak;
        event.thread = config_.hartid;
        debug_.control->report(event);
        return used;
      }
    }
    debug_.skip_pc = ~0ull;
    if (triggers_.execute_armed() && triggers_.match(Triggers::Kind::kExecute, pc, 0, priv)) {
      // Fires before the instruction runs: mepc and mtval are its address (debug spec 5.1).
      take_trap(static_cast<uint64_t>(Exception::kBreakpoint), pc, false);
      ++used;
      if (!debug_.checks) break;
      continue;
    }
    const bool tracing = trace_.tracer && trace_.tracer->wants_hart(config_.hartid);
    // Breakpoints alone: a page without one runs at full speed until the block leaves it.
    // Watchpoints, triggers and the trace need every instruction on its own.
    if (!tracing && !triggers_.armed() && debug_.control && debug_.control->watchpoints().empty() &&
        !debug_.control->tracing() && !debug_.control->breakpoint_on_page(pc >> 12)) {
      debug_.page = pc >> 12;
      used += run_block(budget - used, debug_.exact_turns);
      debug_.page = ~0ull;
      if (wfi_ || halted() || debug_.control->attention() || run_control_.stop_requested()) break;
      continue;
    }
    if (debug_.control && debug_.control->tracing()) {
      uint64_t pa, bits = 0;
      if (debug_translate(pc, Access::kFetch, pa)) bus_.read(pa, 4, bits);
      fmt::print(stderr, "trace: hart {} {}-mode {:#x}: {:08x}\n", config_.hartid,
                 "US?M"[static_cast<int>(priv)], pc,
                 (bits & 3) == 3 ? static_cast<uint32_t>(bits) : static_cast<uint32_t>(bits & 0xFFFF));
    }
    debug_.hit.reset();
    if (tracing && trace_.tracer->wants(pc, priv, instret_)) {
      used += trace_one();
    } else {
      used += run_block(1, true);
    }
    if (trace_.tracer && trace_.tracer->done()) {
      update_debug_checks();
      if (!debug_.checks) break;
    }
    if (debug_.hit) {
      debug_.control->report(*debug_.hit);
      return used;
    }
    if (wfi_ || halted() || (debug_.control && debug_.control->attention()) || run_control_.stop_requested())
      break;
  }
  return used;
}

// One traced instruction: the line shows what it wrote, so the registers are compared around it.
uint64_t Hart::trace_one() {
  const uint64_t at = pc;
  const Priv mode = priv;
  std::optional<uint32_t> bits;
  uint64_t pa, low;
  if (debug_translate(at, Access::kFetch, pa) && bus_.read(pa, 2, low)) {
    uint64_t high = 0;
    if ((low & 3) != 3 || (debug_translate(at + 2, Access::kFetch, pa) && bus_.read(pa, 2, high)))
      bits = static_cast<uint32_t>(low | high << 16);
  }
  uint64_t before[32], fbefore[32];
  std::memcpy(before, x, sizeof(before));
  std::memcpy(fbefore, f, sizeof(fbefore));
  trace_.writes.clear();
  trace_.trap.reset();
  trace_.in_insn = true;
  const uint64_t used = run_block(1, true);
  trace_.in_insn = false;
  static constexpr const char* kAbi[] = {"zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
                                         "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
                                         "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
  static constexpr const char* kFabi[] = {"ft0", "ft1", "ft2",  "ft3",  "ft4", "ft5", "ft6",  "ft7",
                                          "fs0", "fs1", "fa0",  "fa1",  "fa2", "fa3", "fa4",  "fa5",
                                          "fa6", "fa7", "fs2",  "fs3",  "fs4", "fs5", "fs6",  "fs7",
                                          "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};
  std::string writes;
  for (unsigned r = 1; r < 32; ++r) {
    if (x[r] != before[r]) writes += fmt::format("{}{}={:#x}", writes.empty() ? "" : " ", kAbi[r], x[r]);
  }
  for (unsigned r = 0; r < 32; ++r) {
    if (f[r] != fbefore[r]) writes += fmt::format("{}{}={:#x}", writes.empty() ? "" : " ", kFabi[r], f[r]);
  }
  if (!trace_.writes.empty()) writes += (writes.empty() ? "" : " ") + trace_.writes;
  trace_.tracer->instruction(config_.hartid, mode, at, bits, writes);
  if (trace_.trap) {
    const HartTrace::Trap& t = *trace_.trap;
    trace_.tracer->trap(config_.hartid, t.cause, t.interrupt, t.epc, t.tval, priv, pc);
  }
  return used;
}

void Hart::trace_store(uint64_t va, uint64_t value, unsigned size) {
  if (!trace_.in_insn) return;
  const uint64_t mask = size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
  trace_.writes += fmt::format("{}mem[{:#x}]={:#x}", trace_.writes.empty() ? "" : " ", va, value & mask);
}

void Hart::trace_trap(uint64_t cause, uint64_t tval, bool interrupt, uint64_t epc) {
  if (trace_.in_insn) {
    trace_.trap = HartTrace::Trap{cause, tval, epc, interrupt};
  } else if (trace_.tracer->wants_hart(config_.hartid)) {
    trace_.tracer->trap(config_.hartid, cause, interrupt, epc, tval, priv, pc);
  }
}

bool Hart::debug_access(uint64_t va, unsigned size, bool write) {
  if (triggers_.data_armed() &&
      triggers_.match(write ? Triggers::Kind::kStore : Triggers::Kind::kLoad, va, size, data_priv())) {
    // Before the access: a load leaves its destination alone, a store writes nothing.
    raise(Exception::kBreakpoint, va);
    return false;
  }
  if (!debug_.control || debug_.hit) return true;
  if (const DebugControl::Breakpoint* w = debug_.control->watchpoint_hit(va, size, write)) {
    gdb::StopEvent event;
    event.kind = gdb::StopEvent::kWatch;
    event.thread = config_.hartid;
    event.watch = w->kind;
    event.address = std::max(va, w->address);
    debug_.hit = event;
    end_block();
  }
  return true;
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

// One call-stack sample for --profile-folded (profile.h): the pc, then the frame-pointer chain
// read from RAM through the current translation (nothing else is touched: a chain into MMIO or
// unmapped memory just ends), or the pc and ra when s0 holds no frame. A leaf function's frame
// saves only s0, at fp-8 where others keep ra; a value there that points into the stack above sp
// is such a caller's fp, and the return address is still in ra (Linux's unwinder does the same).
void Hart::sample_stack() {
  profile_->next_stack = instret_ + HartProfile::kStackInterval;
  constexpr unsigned kMaxFrames = 64;
  constexpr unsigned kRa = 1, kSp = 2, kS0 = 8;
  std::vector<uint64_t> stack{pc};
  const auto frame_at = [this](uint64_t fp, uint64_t record[2]) {
    uint64_t pa;
    if (fp < 16 || (fp & 7) || !debug_translate(fp - 16, Access::kRead, pa)) return false;
    return ((pa & 0xFFF) <= 4096 - 16) && ram_.read(pa, record, 16);  // {caller's fp, ra}
  };
  const auto on_stack = [this](uint64_t fp) { return fp > x[kSp] && fp - x[kSp] < (1u << 20) && !(fp & 7); };
  uint64_t fp = x[kS0];
  uint64_t record[2];
  if (frame_at(fp, record) && on_stack(record[1]) && x[kRa] != 0) {
    stack.push_back(x[kRa]);  // a leaf
    fp = record[1];
  }
  while (stack.size() < kMaxFrames && frame_at(fp, record) && record[1] != 0) {
    stack.push_back(record[1]);
    if (record[0] <= fp) break;  // the stack grows down: callers' frames are above
    fp = record[0];
  }
  if (stack.size() == 1 && x[kRa] != 0) stack.push_back(x[kRa]);
  ++profile_->stacks[stack];
}

}  // namespace microvm::riscv
