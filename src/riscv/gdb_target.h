// The RISC-V virt machine as a GDB target: every hart a thread, GDB's RISC-V register numbers
// (x0-x31, pc, f0-f31, the CSRs at 65 + number, `priv`), memory through the hart's translation.
#pragma once

#include "core/debug_control.h"
#include "core/gdb/target.h"
#include "riscv/monitor.h"
#include "riscv/time_travel.h"
#include "riscv/virt_board.h"

namespace microvm::riscv {

class GdbTarget : public gdb::Target {
 public:
  // GDB's numbering (gdb/riscv-tdep.h): the CSRs follow the FPU registers.
  static constexpr unsigned kPc = 32, kFirstFpr = 33, kFirstCsr = 65, kPriv = kFirstCsr + 4096;

  GdbTarget(VirtBoard& board, DebugControl& debug, Monitor& monitor, TimeTravel* time_travel = nullptr)
      : board_(board), debug_(debug), monitor_(monitor), time_travel_(time_travel) {}

  unsigned threads() override { return board_.harts(); }
  std::string thread_description(unsigned thread) override;
  std::string target_xml() override;
  unsigned general_registers() override { return 33; }
  bool read_register(unsigned thread, unsigned regnum, std::vector<uint8_t>& bytes) override;
  bool write_register(unsigned thread, unsigned regnum, const std::vector<uint8_t>& bytes) override;
  bool read_memory(unsigned thread, uint64_t address, size_t len, std::vector<uint8_t>& out) override;
  bool write_memory(unsigned thread, uint64_t address, const std::vector<uint8_t>& bytes) override;
  bool add_breakpoint(gdb::BreakKind kind, uint64_t address, uint64_t length) override;
  bool remove_breakpoint(gdb::BreakKind kind, uint64_t address, uint64_t length) override;
  void clear_breakpoints() override;
  void stop() override;
  void resume(const std::vector<gdb::ResumeAction>& actions) override;
  std::optional<gdb::StopEvent> wait_stop(std::chrono::milliseconds timeout) override;
  gdb::StopEvent halt() override;
  std::string monitor(const std::string& command) override { return monitor_.execute(command); }
  void kill() override;
  bool can_reverse() override { return time_travel_ != nullptr; }
  gdb::StopEvent reverse(bool step, unsigned thread) override;

 private:
  void watchpoints_changed();
  std::optional<gdb::StopEvent> exited();

  VirtBoard& board_;
  DebugControl& debug_;
  Monitor& monitor_;
  TimeTravel* time_travel_;
};

}  // namespace microvm::riscv
