#include "riscv/time_travel.h"

#include <fmt/format.h>

#include "core/error.h"
#include "riscv/virt_board.h"

namespace microvm::riscv {

std::string TimeTravel::unavailable(const VirtBoard& board) {
  if (!board.config().deterministic)
    return "reverse debugging needs --deterministic: only a deterministic run can be run again exactly";
  for (const DiskImage* disk : board.config().devices.disks) {
    if (!disk->read_only())
      return fmt::format("reverse debugging is off: it does not rewind disks, and {} is writable (add ,ro)",
                         disk->path());
  }
  return {};
}

TimeTravel::TimeTravel(VirtBoard& board, DebugControl& debug, TimeTravelOptions options)
    : board_(board), debug_(debug), options_(options), log_(InputLog::recording("")), ram_(board.ram()) {
  if (const std::string why = unavailable(board); !why.empty()) throw user_error("{}", why);
  board_.set_input_log(&log_);
  for (unsigned h = 0; h < board_.harts(); ++h) board_.hart(h).set_exact_turns(true);
  take_checkpoint();
  board_.set_round_hook([this] { round_top(); });
}

TimeTravel::~TimeTravel() {
  for (unsigned h = 0; h < board_.harts(); ++h) board_.hart(h).set_exact_turns(false);
  board_.set_round_hook(nullptr);
  board_.set_input_log(nullptr);
}

uint64_t TimeTravel::hart_insns(unsigned hart) const { return board_.hart(hart).instret(); }

uint64_t TimeTravel::total_insns() const {
  uint64_t total = 0;
  for (unsigned h = 0; h < board_.harts(); ++h) total += hart_insns(h);
  return total;
}

size_t TimeTravel::checkpoints() const {
  std::lock_guard lock(mutex_);
  return checkpoints_.size();
}

size_t TimeTravel::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

uint64_t TimeTravel::first_insns(unsigned hart) const {
  std::lock_guard lock(mutex_);
  return checkpoints_.front().insns.at(hart);
}

uint64_t TimeTravel::output_position() const { return board_.console().output_count() - output_offset_; }

void TimeTravel::take_checkpoint() {
  // A run restored here starts with empty TLBs; so does the run that goes on from here. What a
  // TLB holds decides whether an access walks the page tables, and a walk sets A and D bits
  // that a kept entry would not: going back must replay the same memory.
  for (unsigned h = 0; h < board_.harts(); ++h) board_.hart(h).debug_state_changed();
  Snapshot state = board_.save_snapshot(VirtBoard::SnapshotUse::kCheckpoint);
  size_t bytes = 0;
  for (const Snapshot::Section& s : state.sections()) bytes += s.payload.size() + s.tag.size();
  std::vector<uint64_t> insns;
  for (unsigned h = 0; h < board_.harts(); ++h) insns.push_back(hart_insns(h));
  checkpoints_.push_back({std::move(insns), total_insns(), output_position(), std::move(state), bytes});
  bytes_ += bytes + ram_.save();
  // Over the cap: the oldest history gets coarser first (the first checkpoint always stays).
  while (bytes_ > options_.memory_cap && checkpoints_.size() > 2) {
    bytes_ -= checkpoints_[1].bytes + ram_.drop(1);
    checkpoints_.erase(checkpoints_.begin() + 1);
  }
}

void TimeTravel::round_top() {
  std::lock_guard lock(mutex_);
  if (restore_) {
    const Checkpoint& c = checkpoints_.at(*restore_);
    present_output_ = std::max(present_output_, output_position());
    ram_.restore(*restore_);
    board_.load_snapshot(c.state, false);
    log_.rewind(board_.run_point());
    output_offset_ = board_.console().output_count() - c.output;
    board_.console().skip_output(present_output_ - c.output);
    debug_.set_stop_at(target_.hart, target_.insns);
    debug_.set_abandon(false);
    restore_.reset();
    return;
  }
  if (total_insns() >= checkpoints_.back().total + options_.interval) take_checkpoint();
}

// The last checkpoint from which running forward meets `point`: one where its hart had not yet
// got there, or had (waiting) but the machine had not.
size_t TimeTravel::checkpoint_before(Point point) const {
  size_t best = 0;
  for (size_t i = 0; i < checkpoints_.size(); ++i) {
    const Checkpoint& c = checkpoints_[i];
    const uint64_t insns = c.insns.at(point.hart);
    if (insns < point.insns || (insns == point.insns && c.total <= point.total)) best = i;
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

void TimeTravel::resume_all() {
  debug_.resume(std::vector<gdb::ResumeAction>(board_.harts(), gdb::ResumeAction::kContinue));
}

gdb::StopEvent TimeTravel::travel(size_t from, Point to, bool with_breakpoints, std::vector<Hit>* hits,
                                  uint64_t hits_until) {
  // Without breakpoints, nothing on the way stops the run: they come back afterwards.
  const std::vector<DebugControl::Breakpoint> breakpoints = debug_.breakpoints();
  const std::vector<DebugControl::Breakpoint> watchpoints = debug_.watchpoints();
  const auto watch_changed = [this] {
    for (unsigned h = 0; h < board_.harts(); ++h) board_.hart(h).debug_state_changed();
  };
  if (!with_breakpoints) {
    debug_.clear();
    watch_changed();
  }
  {
    std::lock_guard lock(mutex_);
    restore_ = from;
    target_ = to;
  }
  debug_.set_abandon(true);
  resume_all();
  gdb::StopEvent event;
  for (;;) {
    event = wait();
    if (event.kind == gdb::StopEvent::kExited) break;
    const bool at_count = event.kind == gdb::StopEvent::kSignal && event.signal == 5 &&
                          !debug_.stopping_at() && event.thread == to.hart && hart_insns(to.hart) == to.insns;
    if (at_count && total_insns() >= to.total) break;
    if (at_count) {
      // The hart waits with that count; its later turns are later points: on to the next.
      debug_.set_stop_at(to.hart, to.insns, true);
      resume_all();
      continue;
    }
    if (!hits || event.kind == gdb::StopEvent::kSignal) break;  // a break-in (Ctrl-C) ends the search
    const unsigned hart = event.thread;
    hits->push_back({here(hart), board_.hart(hart).pc, event});
    if (hits->back().point.total >= hits_until) break;
    resume_all();
  }
  debug_.clear_stop_at();
  if (!with_breakpoints) {
    for (const auto& b : breakpoints) debug_.add(b);
    for (const auto& w : watchpoints) debug_.add(w);
    watch_changed();
  }
  return event;
}

gdb::StopEvent TimeTravel::history_start() {
  const Checkpoint& first = checkpoints_.front();
  gdb::StopEvent event = travel(0, {0, first.insns[0], first.total}, false);
  if (event.kind != gdb::StopEvent::kExited) event.kind = gdb::StopEvent::kHistoryStart;
  return event;
}

gdb::StopEvent TimeTravel::go_to(unsigned hart, uint64_t insns) {
  std::lock_guard trip(trip_);
  if (insns < first_insns(hart)) return history_start();
  return travel({hart, insns, 0});
}

gdb::StopEvent TimeTravel::go_to_start() {
  std::lock_guard trip(trip_);
  return history_start();
}

gdb::StopEvent TimeTravel::reverse_step(unsigned hart) {
  std::lock_guard trip(trip_);
  const uint64_t now = hart_insns(hart);
  if (now <= checkpoints_.front().insns.at(hart)) return history_start();
  return travel({hart, now - 1, 0});
}

gdb::StopEvent TimeTravel::reverse_continue() {
  std::lock_guard trip(trip_);
  // Where the machine is: the hart whose turn it stopped in.
  const Point present = here(debug_.turn_hart());
  const size_t latest = checkpoint_before(present);
  for (size_t i = latest + 1; i-- > 0;) {
    // From checkpoint i to the next one (the last window: to the present), noting every hit;
    // the last one wins.
    const uint64_t until = i == latest ? ~0ull : checkpoints_.at(i + 1).total;
    std::vector<Hit> hits;
    gdb::StopEvent event = travel(i, present, true, &hits, until);
    if (event.kind == gdb::StopEvent::kExited) return event;
    std::erase_if(hits, [&](const Hit& h) { return h.point.total >= until; });
    if (hits.empty()) continue;
    // The machine as it was when the hit was reported: a watchpoint just after the access, as
    // going forwards. GDB's RISC-V watchpoints are "non-steppable", so it steps (here: back) over
    // the access itself and shows the value before it.
    const Hit& hit = hits.back();
    const Point at = hit.point;
    event = travel(at);
    if (event.kind == gdb::StopEvent::kExited) return event;
    if (board_.hart(at.hart).pc == hit.pc) return hit.event;
    // An interrupt was taken there before the breakpoint's instruction: run into it.
    resume_all();
    return wait();
  }
  return history_start();
}

}  // namespace microvm::riscv
