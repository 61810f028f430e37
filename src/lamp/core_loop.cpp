// The run loop of one core: the per-instruction attention check, the fetch fast path, and the
// dispatch to the instruction families. The families' functions are inline, so the whole loop
// compiles into one function with a jump table and no per-instruction lock or call.
#include <fmt/format.h>

#include <cstdio>
#include <mutex>

#include "lamp/core.h"
#include "lamp/debugger.h"
#include "lamp/exec_alu.h"
#include "lamp/exec_atomic.h"
#include "lamp/exec_control.h"
#include "lamp/exec_float.h"
#include "lamp/exec_memory.h"
#include "lamp/exec_system.h"
#include "lamp/machine.h"
#include "lamp/panic.h"

namespace microvm::lamp {

void Core::run() {
  if (id_ != 0) {
    released_.wait(false, std::memory_order_acquire);  // an AP is parked until STARTAP
  }
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
  if (machine_.run_control().stop_requested()) return false;
  if (start_pending_.exchange(false, std::memory_order_acq_rel)) {
    ip = last_ip = start_request_.load(std::memory_order_relaxed);
  }
  if (id_ == 0) {
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
    // Pending but no handler: it stays pending, look again before the next instruction.
    if (vector >= 0 && !enter_interrupt(static_cast<unsigned>(vector))) poke_self();
  }
  return true;
}

// Every opcode but HALT with its semantics, in opcode order: the jump table and the handlers are
// both generated from this one list.
#define LAMP_OPCODES(X)                                                    \
  X(ADD, exec::add(*this, h, i))                                           \
  X(SUB, exec::sub(*this, h, i))                                           \
  X(MUL, exec::mul(*this, h, i))                                           \
  X(DIV, exec::div(*this, h, i))                                           \
  X(JMP, h.ip = i.imm())                                                   \
  X(JZ, exec::jump_if(h, h.zf(), i.imm()))                                 \
  X(PUSH, exec::push(*this, h, i))                                         \
  X(POP, exec::pop(*this, h, i))                                           \
  X(CALL, exec::call(*this, h, i))                                         \
  X(RET, exec::ret(*this, h, i))                                           \
  X(LOAD, exec::load8(*this, h, i))                                        \
  X(LOAD32, exec::load32(*this, h, i))                                     \
  X(LOADX32, exec::loadx32(*this, h, i))                                   \
  X(STORE, exec::store8(*this, h, i))                                      \
  X(STORE32, exec::store32(*this, h, i))                                   \
  X(STOREX32, exec::storex32(*this, h, i))                                 \
  X(CMP, exec::cmp(*this, h, i))                                           \
  X(CMPI, exec::cmpi(*this, h, i))                                         \
  X(MOV, exec::mov(*this, h, i))                                           \
  X(MOVI, exec::movi(*this, h, i))                                         \
  X(MEMSET, exec::memset_(*this, h, i))                                    \
  X(MEMCPY, exec::memcpy_(*this, h, i))                                    \
  X(IN, exec::in(*this, h, i))                                             \
  X(OUT, exec::out(*this, h, i))                                           \
  X(INT, exec::int_(*this, h, i))                                          \
  X(IRET, exec::iret(*this, h, i))                                         \
  X(MOD, exec::mod(*this, h, i))                                           \
  X(AND, exec::and_(*this, h, i))                                          \
  X(OR, exec::or_(*this, h, i))                                            \
  X(XOR, exec::xor_(*this, h, i))                                          \
  X(NOT, exec::not_(*this, h, i))                                          \
  X(SHL, exec::shl(*this, h, i))                                           \
  X(SHR, exec::shr(*this, h, i))                                           \
  X(SAR, exec::sar(*this, h, i))                                           \
  X(JNZ, exec::jump_if(h, !h.zf(), i.imm()))                               \
  X(JG, exec::jump_if(h, flags::cond_g(h.value()), i.imm()))               \
  X(JGE, exec::jump_if(h, flags::cond_ge(h.value()), i.imm()))             \
  X(JL, exec::jump_if(h, flags::cond_l(h.value()), i.imm()))               \
  X(JLE, exec::jump_if(h, flags::cond_le(h.value()), i.imm()))             \
  X(JC, exec::jump_if(h, flags::cond_c(h.value()), i.imm()))               \
  X(JNC, exec::jump_if(h, !flags::cond_c(h.value()), i.imm()))             \
  X(FADD, exec::fadd(*this, h, i))                                         \
  X(FSUB, exec::fsub(*this, h, i))                                         \
  X(FMUL, exec::fmul(*this, h, i))                                         \
  X(FDIV, exec::fdiv(*this, h, i))                                         \
  X(FNEG, exec::fneg(*this, h, i))                                         \
  X(FABS, exec::fabs_(*this, h, i))                                        \
  X(FSQRT, exec::fsqrt(*this, h, i))                                       \
  X(FCMP, exec::fcmp(*this, h, i))                                         \
  X(ITOF, exec::itof(*this, h, i))                                         \
  X(FTOI, exec::ftoi(*this, h, i))                                         \
  X(FLOAD32, exec::fload32(*this, h, i))                                   \
  X(FSTORE32, exec::fstore32(*this, h, i))                                 \
  X(INC, exec::inc(*this, h, i))                                           \
  X(ADDI, exec::addi(*this, h, i))                                         \
  X(SUBI, exec::subi(*this, h, i))                                         \
  X(ANDI, exec::andi(*this, h, i))                                         \
  X(ORI, exec::ori(*this, h, i))                                           \
  X(XORI, exec::xori(*this, h, i))                                         \
  X(SHLI, exec::shli(*this, h, i))                                         \
  X(SHRI, exec::shri(*this, h, i))                                         \
  X(CAS, exec::cas(*this, h, i))                                           \
  X(XADD, exec::xadd(*this, h, i))                                         \
  X(XCHG, exec::xchg(*this, h, i))                                         \
  X(LDAR, exec::ldar(*this, h, i))                                         \
  X(STLR, exec::stlr(*this, h, i))                                         \
  X(FENCE, exec::fence(*this, h, i))                                       \
  X(PAUSE, exec::pause(*this, h, i))                                       \
  X(STARTAP, exec::startap(*this, h, i))                                   \
  X(IPI, exec::ipi(*this, h, i))                                           \
  X(CPUID, exec::cpuid(*this, h, i))                                       \
  X(CALLR, exec::callr(*this, h, i))                                       \
  X(RJMP, h.ip = h.ip - 8 + i.imm())                                       \
  X(RCALL, exec::rcall(*this, h, i))                                       \
  X(RJZ, exec::jump_if(h, h.zf(), h.ip - 8 + i.imm()))                     \
  X(RJNZ, exec::jump_if(h, !h.zf(), h.ip - 8 + i.imm()))                   \
  X(ROL, exec::rol(*this, h, i))                                           \
  X(ROR, exec::ror(*this, h, i))                                           \
  X(ROLI, exec::roli(*this, h, i))                                         \
  X(RORI, exec::rori(*this, h, i))                                         \
  X(LOAD16, exec::load16(*this, h, i))                                     \
  X(STORE16, exec::store16(*this, h, i))                                   \
  X(LOADS8, exec::loads8(*this, h, i))                                     \
  X(LOADS16, exec::loads16(*this, h, i))                                   \
  X(RJG, exec::jump_if(h, flags::cond_g(h.value()), h.ip - 8 + i.imm()))   \
  X(RJGE, exec::jump_if(h, flags::cond_ge(h.value()), h.ip - 8 + i.imm())) \
  X(RJL, exec::jump_if(h, flags::cond_l(h.value()), h.ip - 8 + i.imm()))   \
  X(RJLE, exec::jump_if(h, flags::cond_le(h.value()), h.ip - 8 + i.imm())) \
  X(RJC, exec::jump_if(h, flags::cond_c(h.value()), h.ip - 8 + i.imm()))   \
  X(RJNC, exec::jump_if(h, !flags::cond_c(h.value()), h.ip - 8 + i.imm())) \
  X(INTI, exec::inti(*this, h, i))                                         \
  X(LOADX, exec::loadx(*this, h, i))                                       \
  X(LOADX16, exec::loadx16(*this, h, i))                                   \
  X(STOREX, exec::storex(*this, h, i))                                     \
  X(STOREX16, exec::storex16(*this, h, i))

template <bool kStats>
void Core::execute_loop() {
  uint64_t count = cycles_.load(std::memory_order_relaxed);
  // Locals, not members: stores into guest RAM (bytes) could alias members, locals they cannot.
  // The fetch window is cached too; whatever moves it (a fetch miss, the MMU) pokes attention.
  std::atomic<uint32_t>* const attention = attention_;
  uint8_t* const host = host_;
  uint32_t fetch_lo = fetch_lo_, fetch_span = fetch_span_;
  Hot h{ip, flags};
  uint64_t raw = 0;

  // Direct threading (GCC labels as values): every handler ends in its own copy of the dispatch,
  // so the host predicts each guest instruction's successor separately.
  void* table[256];
  for (void*& entry : table) entry = &&L_UNKNOWN;
  table[op::HALT] = &&L_HALT;
#define LAMP_TABLE_ENTRY(name, statement) table[op::name] = &&L_##name;
  LAMP_OPCODES(LAMP_TABLE_ENTRY)
#undef LAMP_TABLE_ENTRY

// Before each instruction: the attention check, then the fetch straight from host RAM inside the
// window (else the slow fetch, which translates, checks and moves the window).
#define LAMP_DISPATCH()                                             \
  do {                                                              \
    if (attention->load(std::memory_order_relaxed)) goto L_SERVICE; \
    if (h.ip - fetch_lo < fetch_span) [[likely]] {                  \
      std::memcpy(&raw, host + h.ip, 8);                            \
    } else {                                                        \
      raw = fetch_slow(h.ip);                                       \
      fetch_lo = fetch_lo_;                                         \
      fetch_span = fetch_span_;                                     \
    }                                                               \
    h.ip += 8;                                                      \
    ++count;                                                        \
    if constexpr (kStats) ++(*stats_)[raw >> 56];                   \
    goto* table[raw >> 56];                                         \
  } while (0)
#define LAMP_OP(name, statement)          \
  L_##name : {                            \
    [[maybe_unused]] const Fields i{raw}; \
    statement;                            \
  }                                       \
  LAMP_DISPATCH();

  try {
  L_SERVICE:
    cycles_.store(count, std::memory_order_relaxed);
    save(h);
    last_ip = ip - 8;
    if (!service()) goto L_EXIT;
    restore(h);
    fetch_lo = fetch_lo_;
    fetch_span = fetch_span_;
    if (!attention->load(std::memory_order_relaxed)) LAMP_DISPATCH();
    // Still set (the debugger, or a pending interrupt without a handler): run one instruction
    // before looking again, so the core makes progress.
    raw = fetch_slow(h.ip);
    h.ip += 8;
    ++count;
    if constexpr (kStats) ++(*stats_)[raw >> 56];
    goto* table[raw >> 56];

    LAMP_OPCODES(LAMP_OP)

  L_HALT:
    cycles_.store(count, std::memory_order_relaxed);
    save(h);
    last_ip = ip - 8;
    machine_.halt();
    return;
  L_UNKNOWN:
    panic("Unknown opcode {}", raw >> 56);
  } catch (const GuestPanic& p) {
    cycles_.store(count, std::memory_order_relaxed);
    save(h);
    last_ip = in_fetch_ ? ip : ip - 8;  // a failed fetch has not advanced ip
    static std::mutex report_mutex;
    std::lock_guard lock(report_mutex);
    if (!machine_.run_control().stop_requested()) {
      print_panic_report(p.message);
      machine_.panicked();
    }
    return;
  }
L_EXIT:
  cycles_.store(count, std::memory_order_relaxed);
#undef LAMP_OP
#undef LAMP_DISPATCH
#undef LAMP_OPCODES
}

template void Core::execute_loop<true>();
template void Core::execute_loop<false>();

}  // namespace microvm::lamp
