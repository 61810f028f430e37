// A running virt machine with its debuggers attached, for the GDB-packet and monitor fuzzers: the
// harts run on their own threads exactly as in `microvm run --gdb`, starting stopped, and the
// fuzzer talks to them from its thread as a debugger would. The guest loops over a load, a store
// and a counter, so stepping, continuing and watchpoints have real work to stop.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include "core/console.h"
#include "core/debug_control.h"
#include "riscv/gdb_target.h"
#include "riscv/monitor.h"
#include "riscv/virt_board.h"

namespace microvm::fuzz {

class DebugMachine {
 public:
  explicit DebugMachine(unsigned harts)
      : console_(-1, devnull()),
        board_(config(harts), console_),
        control_(harts, board_.run_control(), true),
        monitor_(board_, control_),
        target_(board_, control_, monitor_) {
    riscv::BootSpec spec;
    spec.kernel = kLoop;
    spec.kernel_name = "loop";
    board_.boot(spec);
    board_.attach_debugger(control_);
    runner_ = std::thread([this] { board_.run(std::nullopt); });
  }
  ~DebugMachine() {
    board_.run_control().request_stop(StopReason::kUserQuit, 0);
    control_.resume(std::vector<gdb::ResumeAction>(board_.harts(), gdb::ResumeAction::kContinue));
    runner_.join();
  }

  riscv::GdbTarget& target() { return target_; }
  riscv::Monitor& monitor() { return monitor_; }

 private:
  static int devnull() {
    static const int fd = ::open("/dev/null", O_WRONLY);
    return fd;
  }
  static riscv::VirtConfig config(unsigned harts) {
    riscv::VirtConfig c;
    c.memory_mib = 16;
    c.harts = harts;
    return c;
  }
  // At 0x80000000 (riscv64-unknown-elf-as): auipc a1, 0; loop: c.addi a0, 1; sd a0, 256(a1);
  // ld a2, 256(a1); c.j loop
  static constexpr uint8_t kLoop[] = {0x97, 0x05, 0x00, 0x00, 0x05, 0x05, 0x23, 0xb0,
                                      0xa5, 0x10, 0x03, 0xb6, 0x05, 0x10, 0xdd, 0xbf};

  Console console_;
  riscv::VirtBoard board_;
  DebugControl control_;
  riscv::Monitor monitor_;
  riscv::GdbTarget target_;
  std::thread runner_;
};

}  // namespace microvm::fuzz
