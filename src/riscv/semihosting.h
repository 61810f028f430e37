// RISC-V semihosting (RISC-V Semihosting, v0.2/1.0): a guest asks the host for console I/O,
// files, time and exit by executing `slli x0,x0,0x1f; ebreak; srai x0,x0,7` (all three 32-bit,
// on one page) with the operation in a0 and the address of a parameter block in a1; the result
// comes back in a0. The operations and their blocks are Arm's ("Semihosting for AArch32 and
// AArch64" v2.0), with 64-bit fields on RV64.
//
// As on QEMU, it is off unless asked for (--semihosting) and never serves U-mode: the sequence
// is then an ordinary breakpoint. Host files are reachable only below the directory the user
// names (--semihosting-root); without one a guest gets the console, the clocks and exit only.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/console.h"
#include "core/run_control.h"

namespace microvm::riscv {

class Hart;

struct SemihostingConfig {
  bool enabled = false;
  std::string root;  // empty: no host files at all
};

class Semihosting {
 public:
  // Operation numbers (Arm semihosting v2.0, table 5-1).
  enum Op : uint64_t {
    kOpen = 0x01,
    kClose = 0x02,
    kWriteC = 0x03,
    kWrite0 = 0x04,
    kWrite = 0x05,
    kRead = 0x06,
    kReadC = 0x07,
    kIsError = 0x08,
    kIsTty = 0x09,
    kSeek = 0x0A,
    kFlen = 0x0C,
    kTmpNam = 0x0D,
    kRemove = 0x0E,
    kRename = 0x0F,
    kClock = 0x10,
    kTime = 0x11,
    kSystem = 0x12,
    kErrno = 0x13,
    kGetCmdline = 0x15,
    kHeapInfo = 0x16,
    kExit = 0x18,
    kExitExtended = 0x20,
    kElapsed = 0x30,
    kTickFreq = 0x31,
  };
  static constexpr uint64_t kApplicationExit = 0x20026;  // ADP_Stopped_ApplicationExit

  // Throws UserError when `config.root` is not a directory microvm can open.
  Semihosting(const SemihostingConfig& config, Console& console, RunControl& run_control, const Clock& clock,
              uint64_t epoch_ns);
  ~Semihosting();
  Semihosting(const Semihosting&) = delete;
  Semihosting& operator=(const Semihosting&) = delete;

  // What SYS_HEAPINFO reports and SYS_GET_CMDLINE answers (set at boot).
  // Deterministic runs: called while a read from stdin waits, to let held input in.
  void set_input_waiter(std::function<void()> waiter) { input_waiter_ = std::move(waiter); }
  void set_memory(uint64_t heap_base, uint64_t heap_limit, uint64_t stack_base, uint64_t stack_limit) {
    heap_info_[0] = heap_base;
    heap_info_[1] = heap_limit;
    heap_info_[2] = stack_base;
    heap_info_[3] = stack_limit;
  }
  void set_command_line(std::string cmdline) { cmdline_ = std::move(cmdline); }

  // The hart is executing a 32-bit ebreak at its pc. True when that was a semihosting call and
  // it was served (a0 holds the result; the caller steps past the ebreak); false when the
  // ebreak is to be a breakpoint exception.
  bool on_ebreak(Hart& hart);

 private:
  struct Handle {
    enum Kind { kFree, kStdin, kStdout, kStderr, kFile, kFeatures } kind = kFree;
    int fd = -1;
    uint64_t position = 0;  // for the features file
  };

  uint64_t call(Hart& hart, uint64_t op, uint64_t arg);
  uint64_t fail(int error);  // sets SYS_ERRNO, returns -1
  uint64_t open(Hart& hart, uint64_t name, uint64_t mode, uint64_t length);
  uint64_t close(uint64_t handle);
  uint64_t write(Hart& hart, uint64_t handle, uint64_t buffer, uint64_t length);
  uint64_t read(Hart& hart, uint64_t handle, uint64_t buffer, uint64_t length);
  uint64_t seek(uint64_t handle, uint64_t position);
  uint64_t flen(uint64_t handle);
  uint64_t tmpnam(Hart& hart, uint64_t buffer, uint64_t id, uint64_t length);
  uint64_t remove(Hart& hart, uint64_t name, uint64_t length);
  uint64_t rename(Hart& hart, uint64_t from, uint64_t from_length, uint64_t to, uint64_t to_length);
  uint64_t get_cmdline(Hart& hart, uint64_t block);
  uint64_t exit(uint64_t reason, uint64_t subcode);
  Handle* handle(uint64_t number);
  // Waits until stdin has a byte, or will never have one; false then.
  bool wait_for_input();
  std::function<void()> input_waiter_;
  // Opens `path` below the root (no absolute paths, no `..` or symlink leaving it).
  int open_in_root(const std::string& path, int flags);
  // The directory holding `path`'s last component (below the root), and that component.
  int open_parent(const std::string& path, std::string& leaf);
  bool read_name(Hart& hart, uint64_t address, uint64_t length, std::string& name);

  SemihostingConfig config_;
  Console& console_;
  RunControl& run_control_;
  const Clock& clock_;
  uint64_t epoch_ns_;
  int root_fd_ = -1;
  std::mutex mutex_;
  std::vector<Handle> handles_;  // index = handle; 0 is never handed out
  int errno_ = 0;
  uint64_t heap_info_[4] = {};
  std::string cmdline_;
  std::atomic<bool> hinted_{false};
};

}  // namespace microvm::riscv
