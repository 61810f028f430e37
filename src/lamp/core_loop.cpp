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
  attention_->store(0, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_seq_cst);  // then look at everything that set it
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
  table[op::ADD] = &&L_ADD;
  table[op::SUB] = &&L_SUB;
  table[op::MUL] = &&L_MUL;
  table[op::DIV] = &&L_DIV;
  table[op::JMP] = &&L_JMP;
  table[op::JZ] = &&L_JZ;
  table[op::PUSH] = &&L_PUSH;
  table[op::POP] = &&L_POP;
  table[op::CALL] = &&L_CALL;
  table[op::RET] = &&L_RET;
  table[op::LOAD] = &&L_LOAD;
  table[op::LOAD32] = &&L_LOAD32;
  table[op::LOADX32] = &&L_LOADX32;
  table[op::STORE] = &&L_STORE;
  table[op::STORE32] = &&L_STORE32;
  table[op::STOREX32] = &&L_STOREX32;
  table[op::CMP] = &&L_CMP;
  table[op::CMPI] = &&L_CMPI;
  table[op::MOV] = &&L_MOV;
  table[op::MOVI] = &&L_MOVI;
  table[op::MEMSET] = &&L_MEMSET;
  table[op::MEMCPY] = &&L_MEMCPY;
  table[op::IN] = &&L_IN;
  table[op::OUT] = &&L_OUT;
  table[op::INT] = &&L_INT;
  table[op::IRET] = &&L_IRET;
  table[op::MOD] = &&L_MOD;
  table[op::AND] = &&L_AND;
  table[op::OR] = &&L_OR;
  table[op::XOR] = &&L_XOR;
  table[op::NOT] = &&L_NOT;
  table[op::SHL] = &&L_SHL;
  table[op::SHR] = &&L_SHR;
  table[op::SAR] = &&L_SAR;
  table[op::JNZ] = &&L_JNZ;
  table[op::JG] = &&L_JG;
  table[op::JGE] = &&L_JGE;
  table[op::JL] = &&L_JL;
  table[op::JLE] = &&L_JLE;
  table[op::JC] = &&L_JC;
  table[op::JNC] = &&L_JNC;
  table[op::FADD] = &&L_FADD;
  table[op::FSUB] = &&L_FSUB;
  table[op::FMUL] = &&L_FMUL;
  table[op::FDIV] = &&L_FDIV;
  table[op::FNEG] = &&L_FNEG;
  table[op::FABS] = &&L_FABS;
  table[op::FSQRT] = &&L_FSQRT;
  table[op::FCMP] = &&L_FCMP;
  table[op::ITOF] = &&L_ITOF;
  table[op::FTOI] = &&L_FTOI;
  table[op::FLOAD32] = &&L_FLOAD32;
  table[op::FSTORE32] = &&L_FSTORE32;
  table[op::INC] = &&L_INC;
  table[op::ADDI] = &&L_ADDI;
  table[op::SUBI] = &&L_SUBI;
  table[op::ANDI] = &&L_ANDI;
  table[op::ORI] = &&L_ORI;
  table[op::XORI] = &&L_XORI;
  table[op::SHLI] = &&L_SHLI;
  table[op::SHRI] = &&L_SHRI;
  table[op::CAS] = &&L_CAS;
  table[op::XADD] = &&L_XADD;
  table[op::XCHG] = &&L_XCHG;
  table[op::LDAR] = &&L_LDAR;
  table[op::STLR] = &&L_STLR;
  table[op::FENCE] = &&L_FENCE;
  table[op::PAUSE] = &&L_PAUSE;
  table[op::STARTAP] = &&L_STARTAP;
  table[op::IPI] = &&L_IPI;
  table[op::CPUID] = &&L_CPUID;
  table[op::CALLR] = &&L_CALLR;
  table[op::RJMP] = &&L_RJMP;
  table[op::RCALL] = &&L_RCALL;
  table[op::RJZ] = &&L_RJZ;
  table[op::RJNZ] = &&L_RJNZ;
  table[op::ROL] = &&L_ROL;
  table[op::ROR] = &&L_ROR;
  table[op::ROLI] = &&L_ROLI;
  table[op::RORI] = &&L_RORI;
  table[op::LOAD16] = &&L_LOAD16;
  table[op::STORE16] = &&L_STORE16;
  table[op::LOADS8] = &&L_LOADS8;
  table[op::LOADS16] = &&L_LOADS16;
  table[op::RJG] = &&L_RJG;
  table[op::RJGE] = &&L_RJGE;
  table[op::RJL] = &&L_RJL;
  table[op::RJLE] = &&L_RJLE;
  table[op::RJC] = &&L_RJC;
  table[op::RJNC] = &&L_RJNC;
  table[op::INTI] = &&L_INTI;
  table[op::LOADX] = &&L_LOADX;
  table[op::LOADX16] = &&L_LOADX16;
  table[op::STOREX] = &&L_STOREX;
  table[op::STOREX16] = &&L_STOREX16;

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
#define LAMP_OP(name, statement)                \
  L_##name : {                                  \
    [[maybe_unused]] const Fields i{raw};       \
    statement;                                  \
  }                                             \
  LAMP_DISPATCH()

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

    LAMP_OP(ADD, exec::add(*this, h, i));
    LAMP_OP(SUB, exec::sub(*this, h, i));
    LAMP_OP(MUL, exec::mul(*this, h, i));
    LAMP_OP(DIV, exec::div(*this, h, i));
    LAMP_OP(JMP, h.ip = i.imm());
    LAMP_OP(JZ, exec::jump_if(h, h.zf(), i.imm()));
    LAMP_OP(PUSH, exec::push(*this, h, i));
    LAMP_OP(POP, exec::pop(*this, h, i));
    LAMP_OP(CALL, exec::call(*this, h, i));
    LAMP_OP(RET, exec::ret(*this, h, i));
    LAMP_OP(LOAD, exec::load8(*this, h, i));
    LAMP_OP(LOAD32, exec::load32(*this, h, i));
    LAMP_OP(LOADX32, exec::loadx32(*this, h, i));
    LAMP_OP(STORE, exec::store8(*this, h, i));
    LAMP_OP(STORE32, exec::store32(*this, h, i));
    LAMP_OP(STOREX32, exec::storex32(*this, h, i));
    LAMP_OP(CMP, exec::cmp(*this, h, i));
    LAMP_OP(CMPI, exec::cmpi(*this, h, i));
    LAMP_OP(MOV, exec::mov(*this, h, i));
    LAMP_OP(MOVI, exec::movi(*this, h, i));
    LAMP_OP(MEMSET, exec::memset_(*this, h, i));
    LAMP_OP(MEMCPY, exec::memcpy_(*this, h, i));
    LAMP_OP(IN, exec::in(*this, h, i));
    LAMP_OP(OUT, exec::out(*this, h, i));
    LAMP_OP(INT, exec::int_(*this, h, i));
    LAMP_OP(IRET, exec::iret(*this, h, i));
    LAMP_OP(MOD, exec::mod(*this, h, i));
    LAMP_OP(AND, exec::and_(*this, h, i));
    LAMP_OP(OR, exec::or_(*this, h, i));
    LAMP_OP(XOR, exec::xor_(*this, h, i));
    LAMP_OP(NOT, exec::not_(*this, h, i));
    LAMP_OP(SHL, exec::shl(*this, h, i));
    LAMP_OP(SHR, exec::shr(*this, h, i));
    LAMP_OP(SAR, exec::sar(*this, h, i));
    LAMP_OP(JNZ, exec::jump_if(h, !h.zf(), i.imm()));
    LAMP_OP(JG, exec::jump_if(h, flags::cond_g(h.value()), i.imm()));
    LAMP_OP(JGE, exec::jump_if(h, flags::cond_ge(h.value()), i.imm()));
    LAMP_OP(JL, exec::jump_if(h, flags::cond_l(h.value()), i.imm()));
    LAMP_OP(JLE, exec::jump_if(h, flags::cond_le(h.value()), i.imm()));
    LAMP_OP(JC, exec::jump_if(h, flags::cond_c(h.value()), i.imm()));
    LAMP_OP(JNC, exec::jump_if(h, !flags::cond_c(h.value()), i.imm()));
    LAMP_OP(FADD, exec::fadd(*this, h, i));
    LAMP_OP(FSUB, exec::fsub(*this, h, i));
    LAMP_OP(FMUL, exec::fmul(*this, h, i));
    LAMP_OP(FDIV, exec::fdiv(*this, h, i));
    LAMP_OP(FNEG, exec::fneg(*this, h, i));
    LAMP_OP(FABS, exec::fabs_(*this, h, i));
    LAMP_OP(FSQRT, exec::fsqrt(*this, h, i));
    LAMP_OP(FCMP, exec::fcmp(*this, h, i));
    LAMP_OP(ITOF, exec::itof(*this, h, i));
    LAMP_OP(FTOI, exec::ftoi(*this, h, i));
    LAMP_OP(FLOAD32, exec::fload32(*this, h, i));
    LAMP_OP(FSTORE32, exec::fstore32(*this, h, i));
    LAMP_OP(INC, exec::inc(*this, h, i));
    LAMP_OP(ADDI, exec::addi(*this, h, i));
    LAMP_OP(SUBI, exec::subi(*this, h, i));
    LAMP_OP(ANDI, exec::andi(*this, h, i));
    LAMP_OP(ORI, exec::ori(*this, h, i));
    LAMP_OP(XORI, exec::xori(*this, h, i));
    LAMP_OP(SHLI, exec::shli(*this, h, i));
    LAMP_OP(SHRI, exec::shri(*this, h, i));
    LAMP_OP(CAS, exec::cas(*this, h, i));
    LAMP_OP(XADD, exec::xadd(*this, h, i));
    LAMP_OP(XCHG, exec::xchg(*this, h, i));
    LAMP_OP(LDAR, exec::ldar(*this, h, i));
    LAMP_OP(STLR, exec::stlr(*this, h, i));
    LAMP_OP(FENCE, exec::fence(*this, h, i));
    LAMP_OP(PAUSE, exec::pause(*this, h, i));
    LAMP_OP(STARTAP, exec::startap(*this, h, i));
    LAMP_OP(IPI, exec::ipi(*this, h, i));
    LAMP_OP(CPUID, exec::cpuid(*this, h, i));
    LAMP_OP(CALLR, exec::callr(*this, h, i));
    LAMP_OP(RJMP, h.ip = h.ip - 8 + i.imm());
    LAMP_OP(RCALL, exec::rcall(*this, h, i));
    LAMP_OP(RJZ, exec::jump_if(h, h.zf(), h.ip - 8 + i.imm()));
    LAMP_OP(RJNZ, exec::jump_if(h, !h.zf(), h.ip - 8 + i.imm()));
    LAMP_OP(ROL, exec::rol(*this, h, i));
    LAMP_OP(ROR, exec::ror(*this, h, i));
    LAMP_OP(ROLI, exec::roli(*this, h, i));
    LAMP_OP(RORI, exec::rori(*this, h, i));
    LAMP_OP(LOAD16, exec::load16(*this, h, i));
    LAMP_OP(STORE16, exec::store16(*this, h, i));
    LAMP_OP(LOADS8, exec::loads8(*this, h, i));
    LAMP_OP(LOADS16, exec::loads16(*this, h, i));
    LAMP_OP(RJG, exec::jump_if(h, flags::cond_g(h.value()), h.ip - 8 + i.imm()));
    LAMP_OP(RJGE, exec::jump_if(h, flags::cond_ge(h.value()), h.ip - 8 + i.imm()));
    LAMP_OP(RJL, exec::jump_if(h, flags::cond_l(h.value()), h.ip - 8 + i.imm()));
    LAMP_OP(RJLE, exec::jump_if(h, flags::cond_le(h.value()), h.ip - 8 + i.imm()));
    LAMP_OP(RJC, exec::jump_if(h, flags::cond_c(h.value()), h.ip - 8 + i.imm()));
    LAMP_OP(RJNC, exec::jump_if(h, !flags::cond_c(h.value()), h.ip - 8 + i.imm()));
    LAMP_OP(INTI, exec::inti(*this, h, i));
    LAMP_OP(LOADX, exec::loadx(*this, h, i));
    LAMP_OP(LOADX16, exec::loadx16(*this, h, i));
    LAMP_OP(STOREX, exec::storex(*this, h, i));
    LAMP_OP(STOREX16, exec::storex16(*this, h, i));

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
}

template void Core::execute_loop<true>();
template void Core::execute_loop<false>();

}  // namespace microvm::lamp
