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
        if (Tracer* tracer = machine_.tracer()) tracer->interrupt(id_, static_cast<unsigned>(vector), ip);
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
  if (Tracer* tracer = machine_.tracer()) {
    tracer->instruction(machine_, id_, ip);
    poke_self();  // and the next one
  }
  return true;
}

template <bool kStats>
void Core::execute_loop() {
  uint64_t count = cycles_.load(std::memory_order_relaxed);
  // Locals, not members: stores into guest RAM (bytes) could alias members, locals they cannot.
  // The fetch window is cached too; whatever moves it (a fetch miss, the MMU) pokes attention.
  std::atomic<uint32_t>* const attention = attention_;
  uint8_t* const host = host_;
  uint32_t fetch_lo = fetch_lo_, fetch_span = fetch_span_;
  IpAndFlags live{ip, flags};
  uint64_t raw = 0;

  // Direct threading (GCC labels as values): every handler ends in its own copy of the dispatch,
  // so the host predicts each guest instruction's successor separately. The labels and the table
  // come from the opcode list (opcodes.h), which is why they are macros.
  void* table[256];
  for (void*& entry : table) entry = &&L_UNKNOWN;
#define LAMP_TABLE_ENTRY(value, name, form, handler) table[value] = &&L_##name;
  LAMP_OPCODES(LAMP_TABLE_ENTRY)
#undef LAMP_TABLE_ENTRY

// Before each instruction: the attention check (interrupts, faults, stops, ...), then the fetch
// straight from host RAM inside the window (else the slow fetch, which translates, checks and
// moves the window).
#define LAMP_DISPATCH()                                             \
  do {                                                              \
    if (attention->load(std::memory_order_relaxed)) goto L_SERVICE; \
    if (live.ip - fetch_lo < fetch_span) [[likely]] {               \
      std::memcpy(&raw, host + live.ip, 8);                         \
    } else {                                                        \
      uint64_t fetched; /* raw's address never escapes */           \
      if (!fetch_slow(live.ip, fetched)) goto L_FETCH_FAULT;        \
      raw = fetched;                                                \
      fetch_lo = fetch_lo_;                                         \
      fetch_span = fetch_span_;                                     \
    }                                                               \
    live.ip += 8;                                                   \
    ++count;                                                        \
    if constexpr (kStats) ++(*stats_)[raw >> 56];                   \
    goto* table[raw >> 56];                                         \
  } while (0)
#define LAMP_HANDLER(value, name, form, handler)      \
  L_##name : exec::handler(*this, live, Fields{raw}); \
  LAMP_DISPATCH();

L_SERVICE:
  cycles_.store(count, std::memory_order_relaxed);
  save(live);
  last_ip = ip - 8;
  if (!service()) goto L_EXIT;
  restore(live);
  fetch_lo = fetch_lo_;
  fetch_span = fetch_span_;
  if (!attention->load(std::memory_order_relaxed)) LAMP_DISPATCH();
  // Still set (the debugger, or a pending interrupt without a handler): run one instruction
  // before looking again, so the core makes progress.
  uint64_t fetched;
  if (!fetch_slow(live.ip, fetched)) goto L_FETCH_FAULT;
  raw = fetched;
  live.ip += 8;
  ++count;
  if constexpr (kStats) ++(*stats_)[raw >> 56];
  goto* table[raw >> 56];

  LAMP_OPCODES(LAMP_HANDLER)

L_UNKNOWN:
  fault("Unknown opcode {}", raw >> 56);
  goto L_SERVICE;
L_FETCH_FAULT:  // a failed fetch has not advanced ip
  save(live);
  last_ip = ip;
L_EXIT:
  cycles_.store(count, std::memory_order_relaxed);
  if (faulted()) report_fault();
#undef LAMP_HANDLER
#undef LAMP_DISPATCH
}

template void Core::execute_loop<true>();
template void Core::execute_loop<false>();

}  // namespace microvm::lamp
