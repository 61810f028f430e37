// A hart's side of debugging (hart_debug.cpp): the debugger's run control when one is attached,
// whether blocks must run checked, and the state of a stop or a resume in progress. None of it is
// architectural; the Sdtrig triggers, which are, stay in Hart.
#pragma once

#include <cstdint>
#include <optional>

#include "core/debug_control.h"

namespace microvm::riscv {

struct HartDebug {
  DebugControl* control = nullptr;  // the GDB stub's or monitor's; nullptr costs one test per block
  bool checks = false;              // breakpoints, watchpoints, triggers or a trace: run checked
  bool slow_data = false;           // every data access through the slow path (triggers, trace)
  // Every turn ends exactly at its budget (time travel): a block may otherwise run on past it to
  // the next jump, so where a turn ends would depend on where a debugger stopped it.
  bool exact_turns = false;
  uint8_t exact_straight_steps = 0;   // instructions stepped in straight-line code (run_block)
  uint64_t skip_pc = ~0ull;           // resuming from a breakpoint here: run it once
  uint64_t page = ~0ull;              // run_block stops on leaving this virtual page (~0: never)
  std::optional<gdb::StopEvent> hit;  // a watchpoint hit by the running instruction
};

}  // namespace microvm::riscv
