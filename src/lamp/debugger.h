// Core 0's interactive debugger (spec §7), always built in. It is switched on by the environment:
// VM_DEBUG_STEP / VM_STEP (1/true/yes: single-step), VM_DEBUG_PAUSE (pause before the first
// instruction) and VM_BREAKPOINTS (addresses separated by comma, semicolon or space, base as
// strtoul with base 0, at most 256).
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <set>
#include <string>

namespace microvm::lamp {

class Core;

struct DebugSettings {
  bool step = false;
  bool pause = false;
  std::set<uint32_t> breakpoints;
  bool active() const { return step || pause || !breakpoints.empty(); }
};

// Reads the environment variables; settings.active() is false when none asks for the debugger.
DebugSettings debug_settings_from_environment();

class Debugger {
 public:
  // ram: the machine's RAM, read (physically) for the prompt and the m command.
  Debugger(DebugSettings settings, const uint8_t* ram, FILE* in, FILE* out)
      : s_(std::move(settings)), host_(ram), in_(in), out_(out) {}

  // Called before each instruction of core 0; false means the user quit (the VM halts).
  bool before_instruction(Core& core);

 private:
  void dump_registers(const Core& core);
  void dump_memory(uint32_t address, uint32_t length);

  DebugSettings s_;
  const uint8_t* host_;
  FILE* in_;
  FILE* out_;
};

}  // namespace microvm::lamp
