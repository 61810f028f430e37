// The lamp machine's monitor: Ctrl-A c, `--monitor unix:PATH` and GDB's `monitor` command.
// Commands: help, info cores, info regs, core N, x ADDR [N], disasm [ADDR] [N], stop, cont,
// step [N], savevm FILE, quit. It reads a running machine by pausing every core for a moment
// (DebugControl).
#pragma once

#include <functional>
#include <string>
#include <utility>

#include "core/debug_control.h"
#include "lamp/machine.h"

namespace microvm::lamp {

class Monitor {
 public:
  // savevm FILE: saves a snapshot of the running machine and returns what happened (the CLI's).
  using SaveFn = std::function<std::string(const std::string& path)>;
  Monitor(Machine& machine, DebugControl& debug, SaveFn savevm = nullptr)
      : machine_(machine), debug_(debug), savevm_(std::move(savevm)) {}

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
  SaveFn savevm_;
  unsigned core_ = 0;  // the selected core
};

}  // namespace microvm::lamp
