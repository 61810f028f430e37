// A core's side of the GDB stub (core/debug_control.h): parking when a debugger stops the machine,
// single steps, breakpoints and watchpoint hits, all looked at before an instruction in service(). A core
// that waits for STARTAP parks there too, so an all-stop stops every core.
#include <algorithm>

#include "lamp/core.h"
#include "lamp/machine.h"

namespace microvm::lamp {

void Core::wait_for_start() {
  for (;;) {
    const uint32_t seen = wake_count_.load(std::memory_order_acquire);
    if (released() || machine_.run_control().stop_requested()) return;
    DebugControl* debug = machine_.debug_control();
    if (debug && debug->attention()) {
      if (debug->park(id_, [] {}) == gdb::ResumeAction::kStep) {
        gdb::StopEvent event;  // a core that has not started has nothing to step: it stops at once
        event.thread = id_;
        debug->report(event);
      }
      continue;
    }
    wake_count_.wait(seen, std::memory_order_acquire);
  }
}

bool Core::debug_service(DebugControl& debug) {
  if (stepping_ || watch_hit_) {  // the instruction of a step has run, or an access hit a watchpoint
    gdb::StopEvent event;
    if (watch_hit_) event = *watch_hit_;
    event.thread = id_;
    stepping_ = false;
    watch_hit_.reset();
    debug.report(event);
  }
  uint32_t skip = ~0u;
  for (;;) {
    if (debug.attention()) {
      const gdb::ResumeAction action = debug.park(id_, [] {});
      if (machine_.run_control().stop_requested()) return false;
      skip = ip;  // resuming at a breakpoint runs its instruction first
      stepping_ = action == gdb::ResumeAction::kStep;
    }
    if (ip != skip) {
      if (const DebugControl::Breakpoint* b = debug.breakpoint_at(ip)) {
        gdb::StopEvent event;
        event.kind = b->kind == gdb::BreakKind::kHardware ? gdb::StopEvent::kHardwareBreak
                                                          : gdb::StopEvent::kSoftwareBreak;
        event.thread = id_;
        debug.report(event);  // every core stops; this one parks at the top of the loop
        continue;
      }
    }
    break;
  }
  // Watchpoints change only while every core is parked, so this is the moment to look at them.
  set_watching(!debug.watchpoints().empty());
  // Steps and breakpoints need a look before every instruction; watchpoints are seen by the
  // accesses themselves (watch_access), which poke the core when one is hit.
  if (stepping_ || !debug.breakpoints().empty()) poke_self();
  return true;
}

void Core::set_watching(bool on) {
  watching_ = on;
  direct_ = !mmu_on_ && !watching_;
}

void Core::watch_access(uint32_t va, unsigned size, bool write) {
  if (watch_hit_) return;  // the first hit of an instruction is the one reported
  DebugControl* debug = machine_.debug_control();
  if (!debug) return;
  if (const DebugControl::Breakpoint* w = debug->watchpoint_hit(va, size, write)) {
    gdb::StopEvent event;
    event.kind = gdb::StopEvent::kWatch;
    event.thread = id_;
    event.watch = w->kind;
    event.address = std::max<uint64_t>(va, w->address);
    watch_hit_ = event;
    poke_self();  // reported before the next instruction
  }
}

}  // namespace microvm::lamp
