// The lamp machine as a GDB target (core/gdb): every core a thread, the Polaris registers in a
// target description of their own (GDB has no Polaris architecture, so the description names none),
// memory through the selected core's MMU, breakpoints, watchpoints, single steps and all-stop run
// control through DebugControl.
#pragma once

#include <functional>
#include <string>

#include "core/debug_control.h"
#include "core/gdb/target.h"
#include "lamp/machine.h"

namespace microvm::lamp {

// Memory as core `core` sees it (through its MMU when on), without side effects: RAM and the
// framebuffer, never a device register. False when some byte is unmapped or outside RAM.
bool debug_read(Machine& machine, unsigned core, uint64_t address, size_t len, std::vector<uint8_t>& out);
bool debug_write(Machine& machine, unsigned core, uint64_t address, const std::vector<uint8_t>& bytes);

class GdbTarget : public gdb::Target {
 public:
  // GDB register numbers: r0-r31, then these.
  enum Register : unsigned {
    kIp = 32,
    kFlags,
    kCsp,
    kDsp,
    kIsp,
    kCallBase,
    kDataBase,
    kIsrBase,
    kInInterrupt,
    kIrqMasked,
    kRegisterCount
  };

  using MonitorFn = std::function<std::string(const std::string&)>;
  GdbTarget(Machine& machine, DebugControl& debug, MonitorFn monitor)
      : machine_(machine), debug_(debug), monitor_(std::move(monitor)) {}

  unsigned threads() override { return machine_.smp(); }
  std::string thread_description(unsigned thread) override;
  std::string target_xml() override;
  unsigned general_registers() override { return kFlags + 1; }  // the `g` packet: r0-r31, ip, flags
  bool read_register(unsigned thread, unsigned regnum, std::vector<uint8_t>& bytes) override;
  bool write_register(unsigned thread, unsigned regnum, const std::vector<uint8_t>& bytes) override;
  bool read_memory(unsigned thread, uint64_t address, size_t len, std::vector<uint8_t>& out) override;
  bool write_memory(unsigned thread, uint64_t address, const std::vector<uint8_t>& bytes) override;
  bool add_breakpoint(gdb::BreakKind kind, uint64_t address, uint64_t length) override;
  bool remove_breakpoint(gdb::BreakKind kind, uint64_t address, uint64_t length) override;
  void clear_breakpoints() override;
  void stop() override;
  void resume(const std::vector<gdb::ResumeAction>& actions) override { debug_.resume(actions); }
  std::optional<gdb::StopEvent> wait_stop(std::chrono::milliseconds timeout) override;
  gdb::StopEvent halt() override;
  std::string monitor(const std::string& command) override { return monitor_(command); }
  void kill() override;

  // The register names, by GDB number (also the monitor's).
  static const char* register_name(unsigned regnum);

 private:
  std::optional<gdb::StopEvent> exited();

  Machine& machine_;
  DebugControl& debug_;
  MonitorFn monitor_;
};

}  // namespace microvm::lamp
