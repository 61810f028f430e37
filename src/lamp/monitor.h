// The lamp machine's monitor: Ctrl-A c, `--monitor unix:PATH` and GDB's `monitor` command.
// Commands: help, info cores, info regs, core N, x ADDR [N], disasm [ADDR] [N], stop, cont,
// step [N], quit. It reads a running machine by pausing every core for a moment (DebugControl).
#pragma once

#include <string>

#include "core/debug_control.h"
#include "lamp/machine.h"

namespace microvm::lamp {

class Monitor {
 public:
  Monitor(Machine& machine, DebugControl& debug) : machine_(machine), debug_(debug) {}

  // One command line; returns its output (every line ends in a newline).
  std::string execute(const std::string& line);

 private:
  std::string info_cores();
  std::string info_regs();
  std::string examine(uint32_t address, unsigned words);
  std::string disasm(uint32_t address, unsigned count);
  std::string stop();
  std::string cont();
  std::string step(unsigned count);

  Machine& machine_;
  DebugControl& debug_;
  unsigned core_ = 0;  // the selected core
};

}  // namespace microvm::lamp
