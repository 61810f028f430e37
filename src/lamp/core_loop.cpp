// The run loop of one core: the per-instruction attention check, the fetch fast path, and the
// dispatch to the instruction families through the opcode list (opcodes.h).
//
// Each opcode has its own handler function (its family's inline function wrapped in step()), and
// every handler ends by fetching the next instruction and calling that one's handler in tail
// position, which GCC at -O2 compiles into a jump (tests/lamp/check_tail_calls.py checks that
// none stays a call). So the run is one threaded path through the handlers, and each handler's
// registers are allocated on its own: in the earlier single function with computed gotos,
// adding code anywhere moved the register allocation of every handler (docs/performance-notes.md).
// The chain's state goes from handler to handler in the six argument registers of the x86-64
// calling convention: the core, the instruction's bytes, ip, the instruction count, and the
// result and operand of the lazy flags (IpAndFlags); the rest of the flags word waits in the core.
//
// Instructions are read from guest RAM each time they run (no decoded copy), so a store into code
// takes effect at the next instruction with nothing to invalidate. A guest fault (Core::fault)
// pokes attention, so the check before the next instruction ends the chain with the report.
#include <array>

#include "lamp/core.h"
#include "lamp/debugger.h"
#include "lamp/exec_alu.h"
#include "lamp/exec_atomic.h"
#include "lamp/exec_control.h"
#include "lamp/exec_float.h"
#include "lamp/exec_memory.h"
#include "lamp/exec_system.h"
#include "lamp/machine.h"
#include "lamp/trace.h"

namespace microvm::lamp {

// A handler: (core, the instruction's 8 bytes, ip past it, instructions counted with it, and the
// lazy flags' result and operand).
using Step = void (*)(Core&, const uint8_t*, uint32_t, uint64_t, uint32_t, uint32_t);
using StepTable = std::array<Step, 256>;
using Exec = void (*)(Core&, IpAndFlags&, Fields);

// Two tables, as in the opcode list's `flow`. After an `any` instruction the chain looks at the
// attention word (interrupts, faults, stops, the debugger...) before the next one; after a `reg`
// one (registers and flags only) it goes straight on, since such an instruction cannot have changed
// anything attention announces, and whatever another thread announces meanwhile is seen at the
// next `any` instruction: every jump is one, so no loop runs unlooked-at. `fast` holds the
// unlooking handlers of the `reg` instructions and is the table of a core running normally.
// `checked` holds only looking ones: a core that must stop before every instruction (a single
// step, a breakpoint, the trace, --save-snapshot-at) leaves service() with attention still set
// and runs the next instruction through it, so it comes back after each one.
struct CoreLoop {
  template <bool kStats>
  static const StepTable fast;
  template <bool kStats>
  static const StepTable checked;

  // Ends the chain: the state goes back to the core, for service() and the debugger.
  [[gnu::noinline]] static void leave(Core& c, uint32_t ip, uint64_t count, uint32_t result, uint32_t operand) {
    c.cycles_.store(count, std::memory_order_relaxed);
    c.save(IpAndFlags(ip, c.live_word_, c.live_pending_, operand, result));
  }

  // Runs the instruction whose bytes are at `insn` (fetched from `ip`).
  template <bool kStats>
  [[gnu::always_inline]] static void run(Core& c, const uint8_t* insn, uint32_t ip, uint64_t count, uint32_t result,
                                         uint32_t operand, const StepTable& table) {
    const size_t op = insn[7];
    if constexpr (kStats) ++(*c.stats_)[op];
    return table[op](c, insn, ip + 8, count + 1, result, operand);
  }

  // The slow fetch (it translates, checks and moves the window) into the core's copy of the
  // instruction; false after a fault. Apart, so that no local's address escapes in the handlers
  // (GCC makes no tail call from a function whose locals may be referenced).
  [[gnu::noinline]] static bool fetch_copy(Core& c, uint32_t ip) {
    uint64_t fetched;
    if (!c.fetch_slow(ip, fetched)) {  // a failed fetch has not advanced ip
      c.fetch_failed_ = true;
      return false;
    }
    std::memcpy(c.slow_insn_, &fetched, 8);
    c.fetch_end_ = ip - c.fetch_lo_ < c.fetch_span_ ? c.fetch_lo_ + c.fetch_span_ : 0;
    return true;
  }

  // Outside the window.
  template <bool kStats>
  [[gnu::noinline]] static void fetch_outside(Core& c, uint32_t ip, uint64_t count, uint32_t result,
                                              uint32_t operand) {
    if (!fetch_copy(c, ip)) return leave(c, ip, count, result, operand);
    return run<kStats>(c, c.slow_insn_, ip, count, result, operand, fast<kStats>);
  }

  // After a `reg` instruction: ip moved on by 8 from inside the window, so only its end matters.
  template <bool kStats>
  [[gnu::always_inline]] static void next(Core& c, uint32_t ip, uint64_t count, uint32_t result, uint32_t operand) {
    if (ip < c.fetch_end_) [[likely]]
      return run<kStats>(c, c.host_ + ip, ip, count, result, operand, fast<kStats>);
    return fetch_outside<kStats>(c, ip, count, result, operand);
  }

  // After an `any` instruction: attention first; ip may be anywhere.
  template <bool kStats>
  [[gnu::always_inline]] static void next_looked(Core& c, uint32_t ip, uint64_t count, uint32_t result,
                                                 uint32_t operand) {
    if (c.attention_->load(std::memory_order_relaxed)) return leave(c, ip, count, result, operand);
    if (ip - c.fetch_lo_ < c.fetch_span_) [[likely]]
      return run<kStats>(c, c.host_ + ip, ip, count, result, operand, fast<kStats>);
    return fetch_outside<kStats>(c, ip, count, result, operand);
  }

  // One instruction: its family's function between the flags' parts, then the next one.
  template <Exec kExec, bool kGoesOn, bool kStats>
  static void step(Core& c, const uint8_t* insn, uint32_t ip, uint64_t count, uint32_t result, uint32_t operand) {
    IpAndFlags live(ip, c.live_word_, c.live_pending_, operand, result);
    kExec(c, live, Fields(insn));
    c.live_word_ = live.word;
    c.live_pending_ = live.pending;
    if constexpr (kGoesOn) {
      return next<kStats>(c, live.ip, count, live.result, live.operand);
    } else {
      return next_looked<kStats>(c, live.ip, count, live.result, live.operand);
    }
  }

  template <bool kStats>
  static void unknown(Core& c, const uint8_t* insn, uint32_t ip, uint64_t count, uint32_t result, uint32_t operand) {
    c.fault("Unknown opcode {}", insn[7]);
    return leave(c, ip, count, result, operand);
  }

  template <bool kStats>
  static constexpr StepTable make_table(bool fast_table) {
    StepTable table{};
    for (Step& entry : table) entry = &unknown<kStats>;
#define LAMP_GOES_ON_reg true
#define LAMP_GOES_ON_any false
#define LAMP_TABLE_ENTRY(value, name, form, handler, flow)                                   \
  table[value] = fast_table ? &step<exec::handler, LAMP_GOES_ON_##flow, kStats>           \
                            : &step<exec::handler, false, kStats>;
    LAMP_OPCODES(LAMP_TABLE_ENTRY)
#undef LAMP_TABLE_ENTRY
#undef LAMP_GOES_ON_reg
#undef LAMP_GOES_ON_any
    return table;
  }

  // Enters the chain at the core's ip, through `table` with the instruction fetched slowly (after
  // service(), when attention is still set) or through the attention check like after an `any`
  // instruction; returns when the chain ends.
  template <bool kStats>
  static void enter(Core& c, bool one_checked) {
    IpAndFlags live(c.ip, c.flags);
    c.live_word_ = live.word;
    c.live_pending_ = live.pending;
    c.fetch_end_ = c.fetch_lo_ + c.fetch_span_;
    const uint64_t count = c.cycles();
    if (!one_checked) return next_looked<kStats>(c, c.ip, count, live.result, live.operand);
    if (!fetch_copy(c, c.ip)) return;
    return run<kStats>(c, c.slow_insn_, c.ip, count, live.result, live.operand, checked<kStats>);
  }
};

template <bool kStats>
const StepTable CoreLoop::fast = CoreLoop::make_table<kStats>(true);
template <bool kStats>
const StepTable CoreLoop::checked = CoreLoop::make_table<kStats>(false);

void Core::run() {
  if (!released()) wait_for_start();  // an AP is parked until STARTAP
  if (machine_.run_control().stop_requested()) return;
  if (stats_) {
    execute_loop<true>();
  } else {
    execute_loop<false>();
  }
}

bool Core::service() {
  // Whoever sets attention first publishes what changed (release); taking it here (acquire)
  // makes that visible, and a later raise sets it again, so nothing is lost.
  attention_->exchange(0, std::memory_order_acq_rel);
  if (faulted() || machine_.run_control().stop_requested()) return false;
  if (start_pending_.exchange(false, std::memory_order_acq_rel)) {
    ip = last_ip = start_request_.load(std::memory_order_relaxed);
  }
  if (id_ == 0) {
    if (cycles() >= machine_.stop_at()) {  // --save-snapshot-at: stop here, with every core
      machine_.run_control().request_stop(StopReason::kInsnLimit, 0);
      return false;
    }
    if (machine_.stop_at() != ~0ull) poke_self();  // look again after the next instruction
    if (Debugger* debugger = machine_.debugger()) {
      poke_self();  // the debugger looks at every instruction of core 0
      if (!debugger->before_instruction(*this)) {
        machine_.halt();
        return false;
      }
    }
  }
  if (!in_interrupt && !irq_masked) {
    const int vector = intc_.select(id_);
    if (vector >= 0) {
      if (enter_interrupt(static_cast<unsigned>(vector))) {
        Tracer* tracer = machine_.tracer();
        if (tracer && !tracer->done() && tracer->wants_interrupt(id_, cycles()))
          tracer->interrupt(id_, static_cast<unsigned>(vector), ip);
      } else {
        if (faulted()) return false;  // the frame did not fit: a panic like any other
        poke_self();  // pending but no handler: it stays pending, look again before the next instruction
      }
    }
  }
  // Last, so that a breakpoint on an interrupt handler's first instruction stops before it.
  if (DebugControl* debug = machine_.debug_control()) {
    if (!debug_service(*debug)) return false;
  }
  trace_service();
  return true;
}

void Core::trace_service() {
  Tracer* tracer = machine_.tracer();
  // A core the filters leave out, or every core once --trace-count is used up, runs untraced.
  if (!tracer || tracer->done() || !tracer->wants_core(id_)) return;
  if (tracer->wants(ip, cycles())) tracer->instruction(machine_, id_, ip);
  poke_self();  // and the next one
}

template <bool kStats>
void Core::execute_loop() {
  fetch_failed_ = false;
  for (;;) {
    last_ip = ip - 8;
    if (!service()) break;
    // Still set (the debugger, the trace, or a pending interrupt without a handler): run one
    // instruction, through a handler that looks at attention after it, before looking again, so
    // the core makes progress.
    CoreLoop::enter<kStats>(*this, attention_->load(std::memory_order_relaxed) != 0);
    if (fetch_failed_) {
      last_ip = ip;
      break;
    }
  }
  if (faulted()) report_fault();
}

template void Core::execute_loop<true>();
template void Core::execute_loop<false>();

}  // namespace microvm::lamp
