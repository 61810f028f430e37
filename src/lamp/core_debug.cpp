// A core's side of the GDB stub (core/debug_control.h): parking when a debugger stops the machine,
// single steps and breakpoints, all checked before an instruction in service(). A core that
// waits for STARTAP parks there too, so an all-stop stops every core.
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
  if (stepping_) {  // the one instruction of a step has run
    stepping_ = false;
    gdb::StopEvent event;
    event.thread = id_;
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
    if (ip != skip && debug.breakpoint_at(ip)) {
      gdb::StopEvent event;
      event.kind = gdb::StopEvent::kSoftwareBreak;
      event.thread = id_;
      debug.report(event);  // every core stops; this one parks at the top of the loop
      continue;
    }
    break;
  }
  // Steps and breakpoints need a look before every instruction.
  if (stepping_ || debug.checks_active()) poke_self();
  return true;
}

}  // namespace microvm::lamp
