#include "riscv/time_travel.h"

#include <fmt/format.h>

#include "core/error.h"
#include "riscv/virt_board.h"

namespace microvm::riscv {

std::string TimeTravel::unavailable(const VirtBoard& board) {
  if (!board.config().deterministic)
    return "reverse debugging needs --deterministic: only a deterministic run can be run again exactly";
  if (board.harts() != 1) return "reverse debugging works on one hart (--cpus 1)";
  for (const DiskImage* disk : board.config().devices.disks) {
    if (!disk->read_only())
      return fmt::format("reverse debugging is off: it does not rewind disks, and {} is writable (add ,ro)",
                         disk->path());
  }
  return {};
}

TimeTravel::TimeTravel(VirtBoard& board, DebugControl& debug, TimeTravelOptions options)
    : board_(board), debug_(debug), options_(options), log_(InputLog::recording("")) {
  if (const std::string why = unavailable(board); !why.empty()) throw user_error("{}", why);
  board_.set_input_log(&log_);
  board_.hart(0).set_exact_turns(true);
  take_checkpoint(hart_insns());
  board_.set_round_hook([this] { round_top(); });
}

TimeTravel::~TimeTravel() {
  board_.hart(0).set_exact_turns(false);
  board_.set_round_hook(nullptr);
  board_.set_input_log(nullptr);
}

uint64_t TimeTravel::hart_insns() const { return board_.hart(0).instret(); }

size_t TimeTravel::checkpoints() const {
  std::lock_guard lock(mutex_);
  return checkpoints_.size();
}

uint64_t TimeTravel::output_position() const { return board_.console().output_count() - output_offset_; }

void TimeTravel::take_checkpoint(uint64_t insns) {
  Snapshot state = board_.save_snapshot(false);
  size_t bytes = 0;
  for (const Snapshot::Section& s : state.sections()) bytes += s.payload.size() + s.tag.size();
  checkpoints_.push_back({insns, output_position(), std::move(state), bytes});
  bytes_ += bytes;
  // Over the cap: the oldest history gets coarser first (the first checkpoint always stays).
  while (bytes_ > options_.memory_cap && checkpoints_.size() > 2) {
    bytes_ -= checkpoints_[1].bytes;
    checkpoints_.erase(checkpoints_.begin() + 1);
  }
}

void TimeTravel::round_top() {
  std::lock_guard lock(mutex_);
  if (restore_) {
    const Checkpoint& c = checkpoints_.at(*restore_);
    present_output_ = std::max(present_output_, output_position());
    board_.load_snapshot(c.state);
    log_.rewind(board_.run_point());
    output_offset_ = board_.console().output_count() - c.output;
    board_.console().skip_output(present_output_ - c.output);
    debug_.set_stop_at(target_);
    debug_.set_abandon(false);
    restore_.reset();
    return;
  }
  const uint64_t insns = hart_insns();
  if (insns >= checkpoints_.back().insns + options_.interval) take_checkpoint(insns);
}

size_t TimeTravel::checkpoint_before(uint64_t insns) const {
  size_t best = 0;
  for (size_t i = 0; i < checkpoints_.size(); ++i) {
    if (checkpoints_[i].insns <= insns) best = i;
  }
  return best;
}

gdb::StopEvent TimeTravel::wait() {
  for (;;) {
    const RunControl& rc = board_.run_control();
    if (rc.stop_requested()) {
      gdb::StopEvent event;
      event.kind = gdb::StopEvent::kExited;
      event.exit_code = rc.exit_code();
      return event;
    }
    if (auto event = debug_.wait_stopped(std::chrono::milliseconds(100))) return *event;
  }
}

gdb::StopEvent TimeTravel::travel(uint64_t insns, bool with_breakpoints, std::vector<Hit>* hits) {
  // Without breakpoints, nothing on the way stops the run: they come back afterwards.
  const std::vector<DebugControl::Breakpoint> breakpoints = debug_.breakpoints();
  const std::vector<DebugControl::Breakpoint> watchpoints = debug_.watchpoints();
  const auto watch_changed = [this] { board_.hart(0).debug_state_changed(); };
  if (!with_breakpoints) {
    debug_.clear();
    watch_changed();
  }
  {
    std::lock_guard lock(mutex_);
    restore_ = checkpoint_before(insns);
    target_ = insns;
  }
  debug_.set_abandon(true);
  debug_.resume({gdb::ResumeAction::kContinue});
  gdb::StopEvent event;
  for (;;) {
    event = wait();
    if (event.kind == gdb::StopEvent::kExited) break;
    const bool arrived = event.kind == gdb::StopEvent::kSignal && event.signal == 5 &&
                         hart_insns() == insns && debug_.stop_at() == ~0ull;
    if (arrived || !hits) break;
    if (event.kind == gdb::StopEvent::kSignal) break;  // a break-in (Ctrl-C) ends the search
    hits->push_back({hart_insns(), board_.hart(0).pc, event});
    debug_.resume({gdb::ResumeAction::kContinue});
  }
  if (!with_breakpoints) {
    for (const auto& b : breakpoints) debug_.add(b);
    for (const auto& w : watchpoints) debug_.add(w);
    watch_changed();
  }
  return event;
}

gdb::StopEvent TimeTravel::history_start() {
  gdb::StopEvent event = travel(checkpoints_.front().insns, false, nullptr);
  if (event.kind != gdb::StopEvent::kExited) event.kind = gdb::StopEvent::kHistoryStart;
  return event;
}

gdb::StopEvent TimeTravel::reverse_step() {
  const uint64_t now = hart_insns();
  if (now <= checkpoints_.front().insns) return history_start();
  return travel(now - 1, false, nullptr);
}

gdb::StopEvent TimeTravel::reverse_continue() {
  uint64_t end = hart_insns();
  while (end > checkpoints_.front().insns) {
    const uint64_t start = checkpoints_.at(checkpoint_before(end - 1)).insns;
    std::vector<Hit> hits;
    // From the checkpoint to where we are, noting every hit; the last one before `end` wins.
    gdb::StopEvent event = travel(end, true, &hits);
    if (event.kind == gdb::StopEvent::kExited) return event;
    std::erase_if(hits, [&](const Hit& h) { return h.insns >= end; });
    if (!hits.empty()) {
      const Hit& hit = hits.back();
      // A watchpoint is reported after the access; going backwards, GDB wants the machine
      // before it (the old value still there), one instruction earlier.
      if (hit.event.kind == gdb::StopEvent::kWatch && hit.insns > 0) {
        event = travel(hit.insns - 1, false, nullptr);
        return event.kind == gdb::StopEvent::kExited ? event : hit.event;
      }
      event = travel(hit.insns, false, nullptr);
      if (event.kind == gdb::StopEvent::kExited) return event;
      if (board_.hart(0).pc == hit.pc) return hit.event;
      // An interrupt was taken there before the breakpoint's instruction: run into it.
      debug_.resume({gdb::ResumeAction::kContinue});
      return wait();
    }
    end = start;
  }
  return history_start();
}

}  // namespace microvm::riscv
