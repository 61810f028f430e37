// The run loop of one core: the per-instruction attention check, the fetch fast path, and the
// dispatch to the instruction families through the opcode list (opcodes.h). The families' functions
// are inline, so the whole loop compiles into one function with a jump table and no per-instruction
// lock or call. A guest fault (Core::fault) pokes attention, so the check before the next
// instruction ends the run with the report.
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
#include "lamp/translator.h"

namespace microvm::lamp {

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
  uint64_t count = cycles_.load(std::memory_order_relaxed);
  // Locals, not members: stores into guest RAM (bytes) could alias members, locals they cannot.
  // The end of the fetch window is cached too (a `reg` instruction checks only it); whatever
  // moves the window (a fetch miss, the MMU) pokes attention.
  std::atomic<uint32_t>* const attention = attention_;
  uint8_t* const host = host_;
  // After an instruction fetched from inside the window, the next one is in it if it is below
  // fetch_end (ip only moved on by 8); 0 when the instruction was not in the window.
  uint32_t fetch_end = fetch_lo_ + fetch_span_;
  IpAndFlags live(ip, flags);
  Translator* const translator = translator_.get();  // --stats counts every instruction: none
  const uint8_t* insn = host;  // the current instruction's bytes: in host RAM, or slow_insn_
  size_t op = 0;               // its opcode (a size_t: it only indexes the tables)

  // Direct threading (GCC labels as values): every handler ends in its own copy of the dispatch,
  // so the host predicts each guest instruction's successor separately. The labels and the tables
  // come from the opcode list (opcodes.h), which is why they are macros.
  //
  // Two tables. After an instruction whose flow is `any` the loop looks at the attention word
  // (interrupts, faults, stops, the debugger...) before the next one; after a `reg` one
  // (registers and flags only) it goes straight on, since such an instruction cannot have changed
  // anything attention announces, and whatever another thread announces meanwhile is seen at
  // the next `any` instruction: every jump is one, so no loop runs unlooked-at. `fast` holds the
  // unlooking copies of the `reg` instructions and is the table of a core running normally.
  // `checked` holds only looking copies: a core that must stop before every instruction (a
  // single step, a breakpoint, the trace, --save-snapshot-at) leaves service() with attention
  // still set and enters the next instruction through it, so it comes back after each one.
  void* fast[256];
  void* checked[256];
  for (void*& entry : fast) entry = &&L_UNKNOWN;
  for (void*& entry : checked) entry = &&L_UNKNOWN;
#define LAMP_FAST_ENTRY_reg(name) &&F_##name
#define LAMP_FAST_ENTRY_any(name) &&L_##name
#define LAMP_FAST_ENTRY_jump(name) &&L_##name
#define LAMP_TABLE_ENTRY(value, name, form, handler, flow) \
  checked[value] = &&L_##name;                             \
  fast[value] = LAMP_FAST_ENTRY_##flow(name);
  LAMP_OPCODES(LAMP_TABLE_ENTRY)
#undef LAMP_TABLE_ENTRY

// Another core may be writing the instruction (cross-modifying code): under ThreadSanitizer its
// bytes are copied with relaxed atomic loads, as every guest access is made, so that TSan reports
// races in microvm and not the guest's; on x86 a plain read is the same access.
#if defined(__SANITIZE_THREAD__)
#define LAMP_WINDOW_INSN(at) copy_insn(at)
#else
#define LAMP_WINDOW_INSN(at) (at)
#endif
// Fetches the instruction at live.ip: straight from host RAM inside the window (insn points
// there), else through the slow fetch (which translates, checks and moves the window) into a copy.
#define LAMP_FETCH(in_window)                                                      \
  do {                                                                             \
    if (in_window) [[likely]] {                                                    \
      insn = LAMP_WINDOW_INSN(host + live.ip);                                     \
    } else {                                                                       \
      uint64_t fetched; /* its address never escapes */                            \
      if (!fetch_slow(live.ip, fetched)) goto L_FETCH_FAULT;                       \
      std::memcpy(slow_insn_, &fetched, 8);                                        \
      insn = slow_insn_;                                                           \
      fetch_end = live.ip - fetch_lo_ < fetch_span_ ? fetch_lo_ + fetch_span_ : 0; \
    }                                                                              \
    op = insn[7];                                                                  \
    live.ip += 8;                                                                  \
    ++count;                                                                       \
    if constexpr (kStats) ++(*stats_)[op];                                         \
  } while (0)
// After an `any` instruction: attention first; ip may be anywhere.
#define LAMP_DISPATCH()                                             \
  do {                                                              \
    if (attention->load(std::memory_order_relaxed)) goto L_SERVICE; \
    LAMP_FETCH(live.ip - fetch_lo_ < fetch_span_);                  \
    goto* fast[op];                                                 \
  } while (0)
// After a `jump` instruction: attention, then a translated block at the target, then on as `any`.
#define LAMP_DISPATCH_JUMP()                                                     \
  do {                                                                           \
    if (attention->load(std::memory_order_relaxed)) goto L_SERVICE;              \
    if (!kStats && translator && translator->ready(live.ip, *this)) [[unlikely]] \
      goto L_BLOCKS;                                                             \
    LAMP_FETCH(live.ip - fetch_lo_ < fetch_span_);                               \
    goto* fast[op];                                                              \
  } while (0)
// After a `reg` instruction: ip moved on by 8 from inside the window, so only its end matters.
#define LAMP_DISPATCH_NEXT()         \
  do {                               \
    LAMP_FETCH(live.ip < fetch_end); \
    goto* fast[op];                  \
  } while (0)
#define LAMP_AFTER_reg() LAMP_DISPATCH()
#define LAMP_AFTER_any() LAMP_DISPATCH()
#define LAMP_AFTER_jump() LAMP_DISPATCH_JUMP()
#define LAMP_HANDLER(value, name, form, handler, flow) \
  L_##name : exec::handler(*this, live, Fields(insn)); \
  LAMP_AFTER_##flow();
#define LAMP_FAST_HANDLER_reg(name, handler)           \
  F_##name : exec::handler(*this, live, Fields(insn)); \
  LAMP_DISPATCH_NEXT();
#define LAMP_FAST_HANDLER_any(name, handler)
#define LAMP_FAST_HANDLER_jump(name, handler)
#define LAMP_FAST_HANDLER(value, name, form, handler, flow) LAMP_FAST_HANDLER_##flow(name, handler)

L_SERVICE:
  cycles_.store(count, std::memory_order_relaxed);
  save(live);
  last_ip = ip - 8;
  if (!service()) goto L_EXIT;
  restore(live);
  fetch_end = fetch_lo_ + fetch_span_;
  if (!attention->load(std::memory_order_relaxed)) LAMP_DISPATCH();
  // Still set (the debugger, the trace, or a pending interrupt without a handler): run one
  // instruction, through a copy that looks at attention after it, before looking again, so the
  // core makes progress.
  {
    uint64_t fetched;
    if (!fetch_slow(live.ip, fetched)) goto L_FETCH_FAULT;
    std::memcpy(slow_insn_, &fetched, 8);
  }
  // The fetch may have moved the window: `reg` instructions after this one go by its end.
  fetch_end = fetch_lo_ + fetch_span_;
  insn = slow_insn_;
  op = insn[7];
  live.ip += 8;
  ++count;
  if constexpr (kStats) ++(*stats_)[op];
  goto* checked[op];

  LAMP_OPCODES(LAMP_HANDLER)
  LAMP_OPCODES(LAMP_FAST_HANDLER)

  // Translated blocks from live.ip on, for as long as they follow one another and nothing asks
  // for attention (Translator::run), then on where they left off.
L_BLOCKS:
  if constexpr (!kStats) {
    cycles_.store(count, std::memory_order_relaxed);
    save(live);
    translator->run(*this);
    restore(live);
    count = cycles_.load(std::memory_order_relaxed);
  }
  LAMP_DISPATCH();

L_UNKNOWN:
  fault("Unknown opcode {}", op);
  goto L_SERVICE;
L_FETCH_FAULT:  // a failed fetch has not advanced ip
  save(live);
  last_ip = ip;
L_EXIT:
  cycles_.store(count, std::memory_order_relaxed);
  if (faulted()) report_fault();
#undef LAMP_HANDLER
#undef LAMP_FAST_HANDLER
#undef LAMP_FAST_HANDLER_reg
#undef LAMP_FAST_HANDLER_any
#undef LAMP_FAST_HANDLER_jump
#undef LAMP_AFTER_reg
#undef LAMP_AFTER_any
#undef LAMP_AFTER_jump
#undef LAMP_FAST_ENTRY_reg
#undef LAMP_FAST_ENTRY_any
#undef LAMP_FAST_ENTRY_jump
#undef LAMP_DISPATCH
#undef LAMP_DISPATCH_NEXT
#undef LAMP_DISPATCH_JUMP
#undef LAMP_FETCH
#undef LAMP_WINDOW_INSN
}

template void Core::execute_loop<true>();
template void Core::execute_loop<false>();

}  // namespace microvm::lamp
