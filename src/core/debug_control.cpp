#include "core/debug_control.h"

#include <algorithm>
#include <exception>

namespace microvm {

using gdb::BreakKind;
using gdb::ResumeAction;

DebugControl::DebugControl(unsigned harts, RunControl& run_control, bool start_stopped)
    : harts_(harts), run_control_(run_control), actions_(harts, ResumeAction::kStay), running_(harts, true) {
  if (start_stopped) {
    attention_ = true;
    event_ = gdb::StopEvent{};
  }
  run_control_.add_waker([this] {
    std::lock_guard lock(mutex_);
    harts_cv_.notify_all();
    debugger_cv_.notify_all();
  });
}

ResumeAction DebugControl::park(unsigned hart, const std::function<void()>& serve) {
  if (in_turn_) return park_in_turn(hart, serve);
  std::unique_lock lock(mutex_);
  ++parked_;
  running_[hart] = false;
  if (all_parked()) debugger_cv_.notify_all();
  const auto leave = [&] {
    return run_control_.stop_requested() || (!attention_.load() && actions_[hart] != ResumeAction::kStay);
  };
  while (!harts_cv_.wait_for(lock, std::chrono::milliseconds(2), leave)) {
    lock.unlock();
    serve();
    lock.lock();
  }
  --parked_;
  running_[hart] = true;
  const ResumeAction action = run_control_.stop_requested() ? ResumeAction::kContinue : actions_[hart];
  actions_[hart] = ResumeAction::kStay;
  return action;
}

// The one thread of a deterministic run waits here for every hart; the actions stay for
// turn_action() to hand out as each hart's turn comes.
ResumeAction DebugControl::park_in_turn(unsigned hart, const std::function<void()>& serve) {
  std::unique_lock lock(mutex_);
  parked_ = harts_;
  turn_hart_ = hart;
  std::fill(running_.begin(), running_.end(), false);
  debugger_cv_.notify_all();
  const auto leave = [&] { return run_control_.stop_requested() || !attention_.load(); };
  while (!harts_cv_.wait_for(lock, std::chrono::milliseconds(2), leave)) {
    lock.unlock();
    serve();
    lock.lock();
  }
  parked_ = 0;
  std::fill(running_.begin(), running_.end(), true);
  if (run_control_.stop_requested()) return ResumeAction::kContinue;
  const ResumeAction action = actions_[hart];
  // A step is one instruction: the hart that takes it here must not take another in its turn.
  if (action == ResumeAction::kStep) actions_[hart] = ResumeAction::kContinue;
  return action;
}

void DebugControl::set_in_turn(bool on) {
  std::lock_guard lock(mutex_);
  in_turn_ = on;
  // Until a debugger says otherwise every hart takes its turns (one that starts stopped parks
  // before the first).
  if (on) std::fill(actions_.begin(), actions_.end(), ResumeAction::kContinue);
}

ResumeAction DebugControl::take_turn_action(unsigned hart) {
  std::lock_guard lock(mutex_);
  const ResumeAction action = actions_[hart];
  if (action == ResumeAction::kStep) actions_[hart] = ResumeAction::kContinue;
  return action;
}

void DebugControl::set_stop_at(unsigned hart, uint64_t insns, bool next_turn) {
  stop_next_turn_.store(next_turn, std::memory_order_release);
  stop_hart_.store(hart, std::memory_order_release);
  stop_at_.store(insns, std::memory_order_release);
}

void DebugControl::report(const gdb::StopEvent& event) {
  {
    std::lock_guard lock(mutex_);
    if (!event_) event_ = event;
    attention_.store(true, std::memory_order_release);
  }
  wake_all();
}

void DebugControl::request_stop(const gdb::StopEvent& event) { report(event); }

void DebugControl::wake_all() {
  if (!waker_) return;
  for (unsigned h = 0; h < harts_; ++h) waker_(h);
}

std::optional<gdb::StopEvent> DebugControl::wait_stopped(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const bool done = debugger_cv_.wait_for(lock, timeout, [&] {
    return run_control_.stop_requested() || (attention_.load() && all_parked() && event_);
  });
  if (!done || run_control_.stop_requested()) return std::nullopt;
  return event_;
}

bool DebugControl::stopped() const {
  std::lock_guard lock(mutex_);
  return attention_.load() && all_parked();
}

void DebugControl::resume(const std::vector<ResumeAction>& actions) {
  {
    std::lock_guard lock(mutex_);
    for (unsigned h = 0; h < harts_ && h < actions.size(); ++h) actions_[h] = actions[h];
    event_.reset();
    attention_.store(false, std::memory_order_release);
  }
  harts_cv_.notify_all();
}

void DebugControl::with_stopped(const std::function<void()>& fn) {
  std::unique_lock lock(mutex_);
  if (attention_.load() && all_parked()) {
    fn();
    return;
  }
  std::exception_ptr failure;
  // Running (or stopping): pause quietly, without an event, and go on afterwards.
  const bool was_stopping = attention_.load();
  const std::vector<bool> was_running = running_;
  attention_.store(true, std::memory_order_release);
  lock.unlock();
  wake_all();
  lock.lock();
  debugger_cv_.wait(lock, [&] { return run_control_.stop_requested() || all_parked(); });
  if (run_control_.stop_requested()) return;
  try {
    fn();
  } catch (...) {
    failure = std::current_exception();
  }
  // A hart that reported meanwhile (or a stop already under way) keeps the machine stopped.
  if (!was_stopping && !event_) {
    for (unsigned h = 0; h < harts_ && !in_turn_; ++h) {
      if (was_running[h]) actions_[h] = ResumeAction::kContinue;
    }
    attention_.store(false, std::memory_order_release);
    lock.unlock();
    harts_cv_.notify_all();
  }
  if (failure) std::rethrow_exception(failure);
}

const DebugControl::Breakpoint* DebugControl::breakpoint_at(uint64_t pc) const {
  for (const Breakpoint& b : breakpoints_) {
    if (b.address == pc) return &b;
  }
  return nullptr;
}

bool DebugControl::breakpoint_on_page(uint64_t vpn) const {
  for (const Breakpoint& b : breakpoints_) {
    if (b.address >> 12 == vpn || (b.address + 2) >> 12 == vpn) return true;
  }
  return false;
}

const DebugControl::Breakpoint* DebugControl::watchpoint_hit(uint64_t va, unsigned size, bool write) const {
  for (const Breakpoint& w : watchpoints_) {
    const bool kind_matches = w.kind == BreakKind::kAccess || (w.kind == BreakKind::kWrite) == write;
    if (kind_matches && va < w.address + std::max<uint64_t>(w.length, 1) && w.address < va + size) return &w;
  }
  return nullptr;
}

bool DebugControl::page_watched(uint64_t va) const {
  const uint64_t page = va >> 12;
  for (const Breakpoint& w : watchpoints_) {
    const uint64_t last = w.address + std::max<uint64_t>(w.length, 1) - 1;
    if (page >= (w.address >> 12) && page <= (last >> 12)) return true;
  }
  return false;
}

bool DebugControl::add(const Breakpoint& b) {
  auto& list = b.kind == BreakKind::kSoftware || b.kind == BreakKind::kHardware ? breakpoints_ : watchpoints_;
  if (b.kind != BreakKind::kSoftware && b.kind != BreakKind::kHardware && (b.length == 0 || b.length > 4096))
    return false;
  list.push_back(b);
  return true;
}

bool DebugControl::remove(const Breakpoint& b) {
  auto& list = b.kind == BreakKind::kSoftware || b.kind == BreakKind::kHardware ? breakpoints_ : watchpoints_;
  const auto it = std::find_if(list.begin(), list.end(), [&](const Breakpoint& x) {
    return x.kind == b.kind && x.address == b.address &&
           (x.length == b.length || b.kind == BreakKind::kSoftware || b.kind == BreakKind::kHardware);
  });
  if (it == list.end()) return false;
  list.erase(it);
  return true;
}

void DebugControl::clear() {
  breakpoints_.clear();
  watchpoints_.clear();
}

}  // namespace microvm
