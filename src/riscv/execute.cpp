// The run loop: blocks of pre-decoded instructions, and what happens between blocks (requests
// from other harts, timers, WFI, interrupts, the instruction limit).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "riscv/decode.h"
#include "riscv/exec_common.h"
#include "riscv/hart.h"
#include "riscv/profile.h"
#include "riscv/timeline.h"

namespace microvm::riscv {
namespace {

// Instructions between looks at interrupts and stop requests (a device's line, an IPI, the host
// clock against the timer compares): long enough that the look costs nothing, short enough that an
// interrupt waits ten-odd microseconds at most. With the translator each look is a way out of
// translated code and back in (about 0.1 µs; at 1024 a Linux boot spent some 6% of its time on
// them), and it runs 3-6 times as many instructions per microsecond as the interpreter.
constexpr uint64_t kBlockBudget = 8192, kTranslatedBlockBudget = 32768;
// --profile's turns: each counts for the function it starts in.
constexpr uint64_t kProfileTurn = 1024;
// Instructions between reads of the host clock for timer compares.
constexpr uint64_t kTimerPollInterval = 4096;
// Exact turns: straight-line instructions stepped before the translator is asked again.
constexpr uint8_t kStraightSteps = 64;
// Exact turns: instructions the interpreter runs at most in one go (run_exactly). Each costs a look
// at its slot first, and most runs end at a taken jump after a few.
constexpr int64_t kExactRun = 8;
}  // namespace

void Hart::run_for(uint64_t budget) {
  if (debug_.control && debug_.control->in_turn() && !debug_turn_starts(budget)) [[unlikely]]
    return;
  while (budget > 0 && !run_control_.stop_requested()) {
    if (debug_.control && debug_.control->attention()) [[unlikely]] {
      if (!debug_.control->in_turn()) return;  // a hart on its own thread parks in run_thread
      if (!debug_park_in_turn(budget) || debug_.control->abandon()) return;
      continue;
    }
    if (requests_.load(std::memory_order_relaxed)) service_requests();
    if (halted()) return;
    if (debug_.control && instret_ >= debug_.control->stop_at(config_.hartid)) [[unlikely]] {
      // Time travel: stop exactly at the count, before interrupts are looked at there.
      debug_.control->clear_stop_at();
      gdb::StopEvent event;
      event.thread = config_.hartid;
      debug_.control->report(event);
      continue;
    }
    if (instret_ >= next_timer_poll_) {
      poll_timers();
      if (dead_end_.sink) check_stuck();
    }
    const uint64_t pending = mip() & csr.mie;
    if (wfi_) {
      // A hart already past --max-insns (a restored machine) must not wait for its next interrupt.
      if (!pending && config_.insn_limit && instret_ >= config_.insn_limit) stop_at_insn_limit();
      if (!pending) return;  // the caller sleeps (or, deterministic, runs another hart)
      wfi_ = false;
      if (sleep_.on_wake) {
        auto wake = std::move(sleep_.on_wake);
        sleep_.on_wake = nullptr;
        wake(*this);
        if (requests_.load(std::memory_order_relaxed)) service_requests();
      }
    }
    if (pending) take_pending_interrupt();
    uint64_t chunk = std::min(budget, jit_ ? kTranslatedBlockBudget : kBlockBudget);
    if (debug_.control && debug_.control->stopping_at()) [[unlikely]]
      chunk = std::min(chunk, debug_.control->stop_at(config_.hartid) - instret_);
    if (config_.insn_limit) {
      if (instret_ >= config_.insn_limit) {
        stop_at_insn_limit();
        return;
      }
      // The limit falls in this block: run it an instruction at a time, to stop exactly there.
      if (config_.insn_limit - instret_ <= chunk) {
        budget -= std::min(budget, run_block(config_.insn_limit - instret_, true));
        continue;
      }
    }
    if (profile_) [[unlikely]] {
      // A turn counts for the function it starts in: profiled turns stay short. Stack samples land
      // every kStackInterval instructions, not at every turn's end.
      chunk = std::min(chunk, kProfileTurn);
      if (profile_->stacks_on && profile_->next_stack > instret_)
        chunk = std::min(chunk, profile_->next_stack - instret_);
      const uint64_t start_pc = pc, start_instret = instret_;
      const Priv start_priv = priv;
      budget -= std::min(
          budget, debug_.checks ? run_checked(chunk) : run_block(chunk, exact_blocks_ || debug_.exact_turns));
      profile_->add(start_pc, start_priv, instret_ - start_instret);
      if (profile_->stacks_on && instret_ >= profile_->next_stack) sample_stack();
      continue;
    }
    if (debug_.checks) [[unlikely]] {
      budget -= std::min(budget, run_checked(chunk));
      continue;
    }
    budget -= std::min(budget, run_block(chunk, exact_blocks_ || debug_.exact_turns));
  }
}

void Hart::stop_at_insn_limit() {
  run_control_.request_stop(
      StopReason::kInsnLimit, exit_status::kInsnLimit,
      fmt::format("hart {} reached the limit of {} instructions", config_.hartid, config_.insn_limit));
}

void Hart::run_thread() {
  while (!run_control_.stop_requested()) {
    run_for(~0ull);
    if (debug_.control && debug_.control->attention()) {
      debug_park();
      continue;
    }
    if (wfi_ || halted()) sleep_until_interrupt();
  }
}

// A block runs as one chain of handlers (see the contract in exec_common.h).
uint64_t Hart::run_block(uint64_t budget, bool exact) {
  exit_block_ = false;
  block_.start(budget);
  uint64_t fetch_faults = 0;
  while (block_.budget > 0 && !exit_block_) {
    if (debug_.page != ~0ull && (pc >> 12) != debug_.page) [[unlikely]]
      break;        // run_checked: a block may not leave the page it was checked for
    block_.take();  // the fetch below counts as the instruction's start
    DecodedPage* page = enter_page();
    if (exit_block_) {
      ++fetch_faults;  // the fetch trapped: nothing ran, but the turn must still shrink
      break;
    }
    if (page == nullptr) {
      execute_uncached();
      continue;
    }
    block_insns_ = page->insns.data();
    block_page_va_ = pc & ~kPageMask;
    const size_t index = (pc & kPageMask) >> 1;
    // Exact, the translator runs a block only when it translates for exact turns: then a block
    // that the budget does not cover whole is not entered, and the interpreter steps instead.
    // Stepping goes on through straight-line code to the next jump (the rest of a turn, or at the
    // next turn's start the rest of the block it ended in) without asking the translator: it
    // would start a translation at every pc a turn ends at (180k in a smoke boot instead of
    // 30k), and look each stepped pc up in vain. A very long straight run is offered to the
    // translator once (at its kStraightSteps-th instruction), not at every pc after.
    const bool straight =
        exact && debug_.exact_straight_steps > 0 && debug_.exact_straight_steps != kStraightSteps;
    if (jit_ && !debug_.checks && (!exact || jit_->exact()) && !straight && jit_->run(*this, *page, index)) {
      debug_.exact_straight_steps = jit_->stopped_inside() ? 1 : 0;
      continue;
    }
    if (exact) {
      uint8_t& steps = debug_.exact_straight_steps;
      // At most the rest of the budget, and no further than the kStraightSteps-th straight
      // instruction, where the translator is asked once.
      const int64_t most = std::min<int64_t>(
          {block_.budget + 1, kExactRun, steps < kStraightSteps ? kStraightSteps - steps : kExactRun});
      const unsigned straight_on = run_exactly(*page, index, static_cast<unsigned>(most));
      steps = straight_on == 0 ? 0 : static_cast<uint8_t>(std::min<unsigned>(UINT8_MAX, steps + straight_on));
      continue;
    }
    const Insn& first = block_insns_[index];
    if (jit_ && !debug_.checks) {
      // Code the translator left to the interpreter (cold, or not translatable): one basic block,
      // to its first taken jump, then the translator is asked again. A whole chain would run on
      // through the page's loops, translated or not, for the rest of the budget.
      const int64_t rest = block_.budget;
      block_.stop();
      first.fn(*this, first);
      block_.resume(rest);
      continue;
    }
    first.fn(*this, first);
  }
  const uint64_t retired = block_.retired();
  instret_ += retired;
  block_.start(0);
  // A guest caught in a loop of faulting fetches retires nothing, but its turn must still end.
  return std::max<uint64_t>(retired + fetch_faults, 1);
}

// One instruction alone: with the budget out of sight nothing chains past it (jumps stop at
// dispatch, straight-line code at the sentinels execute_alone puts after its copy).
void Hart::step(DecodedPage& page, size_t index) {
  if (page.insns[index].fn == &Hart::decode_slot && !decode_in_place(page, index)) {
    execute_uncached();
    return;
  }
  const int64_t rest = block_.budget;
  block_.stop();
  execute_alone(page.insns[index]);
  block_.resume(rest);
}

// Exact: from slot `index` (its instruction already counted), at most `most` instructions, ending
// early at a taken jump or at anything that ends a block. One chain of handlers instead of a step
// per instruction: a sentinel in the slot after the last one that may run stops straight-line code
// there, as the page's own sentinels do at its end, and the budget held at zero stops it at the
// first jump (the cold tier's trick, run_block). Returns how many instructions ran straight on to
// where it stopped (0: a jump was taken, a trap or a device stopped it).
unsigned Hart::run_exactly(DecodedPage& page, size_t index, unsigned most) {
  std::array<uint16_t, kExactRun> after;  // the slot after each instruction the run may reach
  unsigned walked = 0;
  for (size_t slot = index; walked < most && slot < DecodedPage::kSlots; ++walked) {
    if (page.insns[slot].fn == &Hart::decode_slot && !decode_in_place(page, slot)) break;
    slot += page.insns[slot].len / 2;
    after[walked] = static_cast<uint16_t>(slot);
  }
  if (walked <= 1) {  // one instruction, or one the page cannot hold (it straddles into the next)
    const uint64_t at = pc;
    step(page, index);
    return pc > at && pc - at <= 4 ? 1 : 0;
  }
  const size_t stop = after[walked - 1];
  const bool patch = stop < DecodedPage::kSlots;
  const Insn kept = page.insns[stop];
  if (patch) page.insns[stop] = decoded_.sentinel();
  const uint64_t page_va = pc & ~kPageMask;
  const int64_t rest = block_.budget;
  const auto before = static_cast<int64_t>(block_.retired());
  block_.stop();
  page.insns[index].fn(*this, page.insns[index]);
  block_.resume(rest);
  // Unless the slots started over meanwhile (code written), which took the sentinel away too.
  if (patch && page.insns[stop].fn == &Hart::leave_page) page.insns[stop] = kept;
  // retired() counts the first instruction before this ran; it is the one run_block counted.
  const int64_t ran = static_cast<int64_t>(block_.retired()) - before + 1;
  if (ran <= 0 || ran > int64_t{walked}) return 0;  // a trap gave the first one back
  return pc == page_va + after[ran - 1] * 2u ? static_cast<unsigned>(ran) : 0;
}

// The handler of the sentinel slots past a page's end: not an instruction, so it gives back
// the count dispatch() took, and ends the block (pc already points at the next page).
void Hart::leave_page(Hart& hart, const Insn&) { hart.block_.give_back(); }

DecodedPage* Hart::enter_page() {
  const unsigned index = Tlb::index(pc);
  Tlb::Set& set = tlb_.fetch();
  if (set.fetch[index].tag != (pc & ~kPageMask)) {
    uint64_t pa;
    bool cacheable;
    if (!translate(pc, Access::kFetch, priv, pa, cacheable)) return nullptr;
    if (!cacheable) {
      current_page_ = nullptr;
      return nullptr;
    }
    bool started_over;
    DecodedPage* page = decoded_.get(pa & ~kPageMask, started_over);
    if (started_over) {
      // Fetch entries point at decoded pages, so they go with them.
      tlb_.forget_fetch_pages();
      current_page_ = nullptr;
      forget_translations();
    }
    tlb_.fill_fetch(pc, ram_.ptr(pa & ~kPageMask), page);
  }
  DecodedPage* page = set.fetch_page[index];
  decoded_.refresh(*page);
  current_page_ = page;
  return page;
}

bool Hart::decode_in_place(DecodedPage& page, size_t index) {
  uint16_t low;
  std::memcpy(&low, &page.bytes[index * 2], 2);
  if ((low & 3) == 3 && index == DecodedPage::kSlots - 1) return false;  // needs the next page
  uint32_t raw = low;
  if ((low & 3) == 3) {
    uint16_t high;
    std::memcpy(&high, &page.bytes[index * 2 + 2], 2);
    raw |= uint32_t{high} << 16;
  }
  decode(raw, page.insns[index], config_.isa);
  return true;
}

// The handler every slot starts with: decode from the page copy, keep the result, run it.
void Hart::decode_slot(Hart& hart, const Insn& slot) {
  DecodedPage* page = hart.current_page_;
  const size_t index = &slot - page->insns.data();
  if (!hart.decode_in_place(*page, index)) {
    // A 32-bit instruction whose upper half is on the next page: fetch it every time.
    hart.execute_uncached();
    return;
  }
  return slot.fn(hart, slot);
}

bool Hart::fetch_slow(uint64_t va, uint16_t& half) {
  uint64_t pa;
  bool cacheable;
  if (!translate(va, Access::kFetch, priv, pa, cacheable)) return false;
  uint64_t value;
  if (!pmp_.allows(pa, 2, Pmp::kExec, priv) || !bus_.read(pa, 2, value)) {
    raise(Exception::kInsnAccessFault, va);
    return false;
  }
  half = static_cast<uint16_t>(value);
  return true;
}

void Hart::execute_uncached() {
  const uint64_t start_pc = pc;
  uint16_t low, high = 0;
  if (!fetch_slow(start_pc, low)) return;
  if ((low & 3) == 3 && !fetch_slow(start_pc + 2, high)) return;
  Insn insn;
  decode(uint32_t{low} | uint32_t{high} << 16, insn, config_.isa);
  current_page_ = nullptr;
  end_block();
  execute_alone(insn);
}

void Hart::execute_alone(const Insn& insn) {
  // Not in a page: sentinels after the copy end the chain its handler starts, as they do at the
  // end of a page.
  Insn slots[1 + DecodedPage::kSentinels];
  slots[0] = insn;
  for (unsigned i = 1; i < std::size(slots); ++i) slots[i] = decoded_.sentinel();
  slots[0].fn(*this, slots[0]);
}

uint32_t Hart::current_insn_bits(const Insn& insn) {
  // Read the bits again rather than keep them in every Insn: only illegal instructions need them.
  uint16_t low = 0, high = 0;
  uint64_t pa, value;
  if (debug_translate(pc, Access::kFetch, pa) && bus_.read(pa, 2, value)) low = static_cast<uint16_t>(value);
  if (insn.len == 4 && debug_translate(pc + 2, Access::kFetch, pa) && bus_.read(pa, 2, value)) {
    high = static_cast<uint16_t>(value);
  }
  return insn.len == 4 ? (uint32_t{low} | uint32_t{high} << 16) : low;
}

void Hart::service_requests() {
  const uint32_t requests = requests_.exchange(0, std::memory_order_acq_rel);
  if (requests & kRequestFlushTlb) tlb_.flush_translated();  // what a local sfence.vma does
  if (requests & kRequestVerifyCode) decoded_.verify_all();
  if (requests & kRequestStart) {
    HartSleep::StartRequest start;
    {
      std::lock_guard lock(sleep_.mutex);
      start = sleep_.start_request;
    }
    std::fill(std::begin(x), std::end(x), 0);
    x[10] = start.a0;
    x[11] = start.a1;
    pc = start.pc;
    priv = start.mode;
    csr.satp = 0;
    if (timeline_) [[unlikely]]
      timeline_->satp(0);
    csr.mstatus &= ~(mstatus_bits::kSIE | mstatus_bits::kMIE);
    wfi_ = false;
    tlb_.flush_all();
    update_contexts();
    halted_.store(false, std::memory_order_release);
  }
}

void Hart::post_request(uint32_t request) {
  requests_.fetch_or(request, std::memory_order_acq_rel);
  wake();
}

void Hart::poll_timers() { poll_timers_at(clock_.now()); }

void Hart::poll_timers_at(uint64_t now) {
  for (TimerCompare* timer : timers_) timer->poll(now);
  poll_hpm_overflow();
  next_timer_poll_ = instret_ + kTimerPollInterval;
}

bool Hart::wake_due() const {
  return run_control_.stop_requested() || sleep_.woken.load(std::memory_order_acquire) ||
         (!halted() && (mip() & csr.mie)) || requests_.load(std::memory_order_acquire);
}

namespace {

void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

}  // namespace

bool Hart::spin_for_wake(std::chrono::nanoseconds window) {
  const auto until = std::chrono::steady_clock::now() + window;
  do {
    poll_timers_at(clock_.now());
    if (wake_due()) return true;
    cpu_relax();
  } while (std::chrono::steady_clock::now() < until);
  return false;
}

// One reading of the clock serves both the poll and the deadline: a compare that passes between
// a poll and a later reading would otherwise be neither raised nor waited for, and the hart would
// sleep through its timer (an hour, under host load).
void Hart::sleep_until_interrupt() {
  if (timeline_) [[unlikely]]
    timeline_->sleep(halted());
  // A hart stopped by HSM waits for a start that may never come: it never spins.
  const bool polls = sleep_.may_poll && !halted();
  const auto start = std::chrono::steady_clock::now();
  const bool caught = polls && sleep_.poll.window_ns() > 0 &&
                      spin_for_wake(std::chrono::nanoseconds(sleep_.poll.window_ns()));
  while (!caught) {
    const uint64_t now = clock_.now();
    poll_timers_at(now);  // not under sleep_.mutex: a line it raises calls wake()
    std::unique_lock lock(sleep_.mutex);
    if (wake_due()) break;
    // Compares at or before `now` have raised their lines above; if one could wake us we would
    // have stopped (its interrupt is disabled), so wait for the earliest one still ahead.
    const uint64_t deadline = halted() ? ~0ull : next_deadline(now);
    sleep_.cv.wait_for(lock, clock_.host_time_until(deadline));
  }
  if (polls) {
    const auto idle =
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start);
    sleep_.poll.after_sleep(caught, static_cast<uint64_t>(idle.count()));
  }
  sleep_.woken.store(false, std::memory_order_release);
  if (timeline_) [[unlikely]]
    timeline_->wake(caught);
}

uint64_t Hart::next_deadline(uint64_t now) const {
  uint64_t deadline = ~0ull;
  for (const TimerCompare* timer : timers_) {
    if (timer->compare() > now) deadline = std::min(deadline, timer->compare());
  }
  return deadline;
}

void Hart::wake() {
  {
    std::lock_guard lock(sleep_.mutex);
    sleep_.woken.store(true, std::memory_order_release);
  }
  sleep_.cv.notify_one();
}

}  // namespace microvm::riscv
