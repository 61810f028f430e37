// How a run ends. Any thread (a hart, a device, the console) may ask the machine to stop; the
// first request wins and decides the exit status the CLI returns.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace microvm {

enum class StopReason {
  kNone,
  kPowerOff,    // the guest powered off (syscon, HTIF, SBI SRST); exit code from the guest
  kReset,       // the guest asked for a reset; the CLI boots it again
  kInsnLimit,   // --max-insns reached
  kTimeout,     // --timeout-secs expired
  kUserQuit,    // Ctrl-A x, or a signal
  kGuestPanic,  // the guest hit a fatal machine-level condition (LampVM panic)
  kSnapshot,    // a pause to take a snapshot (Ctrl-A s); the run resumes after it
};

// Exit statuses of microvm itself, documented in the README.
namespace exit_status {
constexpr int kError = 1;        // bad input, printed as one line
constexpr int kUsage = 2;        // bad command line
constexpr int kInternal = 70;    // a bug in microvm (EX_SOFTWARE)
constexpr int kTimeout = 124;    // --timeout-secs, as coreutils' timeout
constexpr int kInsnLimit = 125;  // --max-insns
constexpr int kSignal = 130;     // SIGINT/SIGTERM/SIGHUP
}  // namespace exit_status

class RunControl {
 public:
  void request_stop(StopReason reason, int exit_code, std::string message = {});

  bool stop_requested() const { return stopping_.load(std::memory_order_relaxed); }
  StopReason reason() const;
  int exit_code() const;
  std::string message() const;

  // Blocks until a stop is requested or `timeout` passes; true when stopping.
  bool wait_for_stop(std::chrono::milliseconds timeout);

  // Forgets a stop (a snapshot pause) so the machine can run on.
  void resume();

  // Sleepers (a hart in WFI) register a function that wakes them when a stop is requested.
  void add_waker(std::function<void()> wake);

 private:
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::condition_variable stopped_;
  StopReason reason_ = StopReason::kNone;
  int exit_code_ = 0;
  std::string message_;
  std::vector<std::function<void()>> wakers_;
};

}  // namespace microvm
