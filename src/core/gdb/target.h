// What the GDB stub needs from a machine: threads (harts or cores), registers by GDB number,
// memory as the selected thread sees it, breakpoints and watchpoints, and all-stop run control.
// The RISC-V machine implements it in riscv/gdb_target.*; a lamp machine can do the same.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace microvm::gdb {

// The Z packet types, by number.
enum class BreakKind { kSoftware = 0, kHardware = 1, kWrite = 2, kRead = 3, kAccess = 4 };

struct StopEvent {
  enum Kind { kSignal, kSoftwareBreak, kHardwareBreak, kWatch, kExited, kHistoryStart } kind = kSignal;
  unsigned thread = 0;  // 0-based; GDB's thread id is thread + 1
  int signal = 5;       // SIGTRAP; SIGINT (2) for a break-in
  BreakKind watch = BreakKind::kWrite;
  uint64_t address = 0;  // the watched address that was hit
  int exit_code = 0;     // kExited
};

enum class ResumeAction { kStay, kContinue, kStep };

class Target {
 public:
  virtual ~Target() = default;

  virtual unsigned threads() = 0;
  // For qThreadExtraInfo and `info threads`: e.g. "hart 1, S-mode".
  virtual std::string thread_description(unsigned thread) = 0;
  virtual std::string target_xml() = 0;

  // The registers a `g` packet carries: GDB numbers 0 .. general_registers()-1. The rest are
  // read one by one with `p`.
  virtual unsigned general_registers() = 0;
  // Little-endian bytes of register `regnum`; false when there is no such register.
  virtual bool read_register(unsigned thread, unsigned regnum, std::vector<uint8_t>& bytes) = 0;
  virtual bool write_register(unsigned thread, unsigned regnum, const std::vector<uint8_t>& bytes) = 0;

  // Through the thread's current address translation; false when nothing is there.
  virtual bool read_memory(unsigned thread, uint64_t address, size_t len, std::vector<uint8_t>& out) = 0;
  virtual bool write_memory(unsigned thread, uint64_t address, const std::vector<uint8_t>& bytes) = 0;

  virtual bool add_breakpoint(BreakKind kind, uint64_t address, uint64_t length) = 0;
  virtual bool remove_breakpoint(BreakKind kind, uint64_t address, uint64_t length) = 0;
  virtual void clear_breakpoints() = 0;

  // All-stop run control. stop() asks every thread to stop (a break-in); the stop is reported
  // by wait_stop. resume() gives each thread an action (kStay: it stays stopped).
  virtual void stop() = 0;
  virtual void resume(const std::vector<ResumeAction>& actions) = 0;
  // Returns the event once every thread has stopped, or nothing after `timeout`.
  virtual std::optional<StopEvent> wait_stop(std::chrono::milliseconds timeout) = 0;
  // Stops everything now (when GDB attaches) and returns why it is stopped.
  virtual StopEvent halt() = 0;

  // Reverse execution (bs/bc): whether this machine can, and one step back or back to the last
  // breakpoint or watchpoint hit (kHistoryStart when the recorded history begins first). Called
  // with the target stopped; returns with it stopped.
  // A step goes back one instruction of `thread`; a continue goes back from where all are.
  virtual bool can_reverse() { return false; }
  virtual StopEvent reverse(bool step, unsigned thread) {
    (void)step;
    (void)thread;
    return {};
  }

  // `monitor CMD`: the monitor's output.
  virtual std::string monitor(const std::string& command) = 0;
  // GDB's kill: end the run.
  virtual void kill() = 0;
};

}  // namespace microvm::gdb
