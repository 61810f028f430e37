#include "core/run_control.h"

namespace microvm {

void RunControl::request_stop(StopReason reason, int exit_code, std::string message) {
  std::vector<std::function<void()>> wakers;
  {
    std::lock_guard lock(mutex_);
    if (reason_ != StopReason::kNone) return;
    reason_ = reason;
    exit_code_ = exit_code;
    message_ = std::move(message);
    stopping_.store(true, std::memory_order_release);
    wakers = wakers_;
  }
  stopped_.notify_all();
  for (auto& wake : wakers) wake();
}

void RunControl::resume() {
  std::lock_guard lock(mutex_);
  reason_ = StopReason::kNone;
  exit_code_ = 0;
  message_.clear();
  stopping_.store(false, std::memory_order_release);
}

StopReason RunControl::reason() const {
  std::lock_guard lock(mutex_);
  return reason_;
}

int RunControl::exit_code() const {
  std::lock_guard lock(mutex_);
  return exit_code_;
}

std::string RunControl::message() const {
  std::lock_guard lock(mutex_);
  return message_;
}

bool RunControl::wait_for_stop(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return stopped_.wait_for(lock, timeout, [this] { return reason_ != StopReason::kNone; });
}

void RunControl::add_waker(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  wakers_.push_back(std::move(wake));
}

}  // namespace microvm
