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
  Hot h{ip, last_ip, flags};
  uint64_t raw = 0;

  // Direct threading (GCC labels as values): every handler ends in its own copy of the dispatch,
  // so the host predicts each guest instruction's successor separately.
  void* table[256];
  for (void*& entry : table) entry = &&L_UNKNOWN;
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
  table[op::HALT] = &&L_HALT;

#define LAMP_DISPATCH()                                                \
  do {                                                                 \
    if (attention->load(std::memory_order_relaxed)) goto L_SERVICE;    \
    h.last_ip = h.ip;                                                  \
    if (h.ip - fetch_lo < fetch_span) [[likely]] {                     \
      std::memcpy(&raw, host + h.ip, 8);                               \
    } else {                                                           \
      raw = fetch_slow(h.ip);                                          \
      fetch_lo = fetch_lo_;                                            \
      fetch_span = fetch_span_;                                        \
    }                                                                  \
    h.ip += 8;                                                         \
    ++count;                                                           \
    if constexpr (kStats) ++(*stats_)[raw >> 56];                      \
    goto* table[raw >> 56];                                            \
  } while (0)

  try {
  L_SERVICE:
    cycles_.store(count, std::memory_order_relaxed);
    save(h);
    if (!service()) {
      restore(h);
      goto L_EXIT;
    }
    restore(h);
    fetch_lo = fetch_lo_;
    fetch_span = fetch_span_;
    if (attention->load(std::memory_order_relaxed)) goto L_SERVICE_AGAIN;
    LAMP_DISPATCH();
  L_SERVICE_AGAIN:
    // Still set (the debugger, or a pending interrupt without a handler): run one instruction
    // before looking again, so the core makes progress.
    h.last_ip = h.ip;
    raw = fetch_slow(h.ip);
    fetch_lo = fetch_lo_;
    fetch_span = fetch_span_;
    h.ip += 8;
    ++count;
    if constexpr (kStats) ++(*stats_)[raw >> 56];
    goto* table[raw >> 56];

  L_ADD : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::add(*this, h, i);
  }
  LAMP_DISPATCH();
  L_SUB : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::sub(*this, h, i);
  }
  LAMP_DISPATCH();
  L_MUL : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::mul(*this, h, i);
  }
  LAMP_DISPATCH();
  L_DIV : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::div(*this, h, i);
  }
  LAMP_DISPATCH();
  L_JMP : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    h.ip = i.imm();
  }
  LAMP_DISPATCH();
  L_JZ : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::jump_if(h, flags::cond_z(f), i.imm());
  }
  LAMP_DISPATCH();
  L_PUSH : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::push(*this, h, i);
  }
  LAMP_DISPATCH();
  L_POP : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::pop(*this, h, i);
  }
  LAMP_DISPATCH();
  L_CALL : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::call(*this, h, i);
  }
  LAMP_DISPATCH();
  L_RET : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::ret(*this, h, i);
  }
  LAMP_DISPATCH();
  L_LOAD : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::load8(*this, h, i);
  }
  LAMP_DISPATCH();
  L_LOAD32 : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::load32(*this, h, i);
  }
  LAMP_DISPATCH();
  L_LOADX32 : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::loadx32(*this, h, i);
  }
  LAMP_DISPATCH();
  L_STORE : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::store8(*this, h, i);
  }
  LAMP_DISPATCH();
  L_STORE32 : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::store32(*this, h, i);
  }
  LAMP_DISPATCH();
  L_STOREX32 : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::storex32(*this, h, i);
  }
  LAMP_DISPATCH();
  L_CMP : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::cmp(*this, h, i);
  }
  LAMP_DISPATCH();
  L_CMPI : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::cmpi(*this, h, i);
  }
  LAMP_DISPATCH();
  L_MOV : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::mov(*this, h, i);
  }
  LAMP_DISPATCH();
  L_MOVI : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::movi(*this, h, i);
  }
  LAMP_DISPATCH();
  L_MEMSET : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::memset_(*this, h, i);
  }
  LAMP_DISPATCH();
  L_MEMCPY : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::memcpy_(*this, h, i);
  }
  LAMP_DISPATCH();
  L_IN : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::in(*this, h, i);
  }
  LAMP_DISPATCH();
  L_OUT : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::out(*this, h, i);
  }
  LAMP_DISPATCH();
  L_INT : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::int_(*this, h, i);
  }
  LAMP_DISPATCH();
  L_IRET : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::iret(*this, h, i);
  }
  LAMP_DISPATCH();
  L_MOD : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::mod(*this, h, i);
  }
  LAMP_DISPATCH();
  L_AND : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::and_(*this, h, i);
  }
  LAMP_DISPATCH();
  L_OR : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::or_(*this, h, i);
  }
  LAMP_DISPATCH();
  L_XOR : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::xor_(*this, h, i);
  }
  LAMP_DISPATCH();
  L_NOT : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::not_(*this, h, i);
  }
  LAMP_DISPATCH();
  L_SHL : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::shl(*this, h, i);
  }
  LAMP_DISPATCH();
  L_SHR : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::shr(*this, h, i);
  }
  LAMP_DISPATCH();
  L_SAR : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::sar(*this, h, i);
  }
  LAMP_DISPATCH();
  L_JNZ : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::jump_if(h, !flags::cond_z(f), i.imm());
  }
  LAMP_DISPATCH();
  L_JG : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::jump_if(h, flags::cond_g(f), i.imm());
  }
  LAMP_DISPATCH();
  L_JGE : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::jump_if(h, flags::cond_ge(f), i.imm());
  }
  LAMP_DISPATCH();
  L_JL : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::jump_if(h, flags::cond_l(f), i.imm());
  }
  LAMP_DISPATCH();
  L_JLE : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::jump_if(h, flags::cond_le(f), i.imm());
  }
  LAMP_DISPATCH();
  L_JC : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::jump_if(h, flags::cond_c(f), i.imm());
  }
  LAMP_DISPATCH();
  L_JNC : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::jump_if(h, !flags::cond_c(f), i.imm());
  }
  LAMP_DISPATCH();
  L_FADD : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::fadd(*this, h, i);
  }
  LAMP_DISPATCH();
  L_FSUB : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::fsub(*this, h, i);
  }
  LAMP_DISPATCH();
  L_FMUL : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::fmul(*this, h, i);
  }
  LAMP_DISPATCH();
  L_FDIV : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::fdiv(*this, h, i);
  }
  LAMP_DISPATCH();
  L_FNEG : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::fneg(*this, h, i);
  }
  LAMP_DISPATCH();
  L_FABS : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::fabs_(*this, h, i);
  }
  LAMP_DISPATCH();
  L_FSQRT : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::fsqrt(*this, h, i);
  }
  LAMP_DISPATCH();
  L_FCMP : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::fcmp(*this, h, i);
  }
  LAMP_DISPATCH();
  L_ITOF : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::itof(*this, h, i);
  }
  LAMP_DISPATCH();
  L_FTOI : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::ftoi(*this, h, i);
  }
  LAMP_DISPATCH();
  L_FLOAD32 : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::fload32(*this, h, i);
  }
  LAMP_DISPATCH();
  L_FSTORE32 : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::fstore32(*this, h, i);
  }
  LAMP_DISPATCH();
  L_INC : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::inc(*this, h, i);
  }
  LAMP_DISPATCH();
  L_ADDI : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::addi(*this, h, i);
  }
  LAMP_DISPATCH();
  L_SUBI : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::subi(*this, h, i);
  }
  LAMP_DISPATCH();
  L_ANDI : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::andi(*this, h, i);
  }
  LAMP_DISPATCH();
  L_ORI : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::ori(*this, h, i);
  }
  LAMP_DISPATCH();
  L_XORI : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::xori(*this, h, i);
  }
  LAMP_DISPATCH();
  L_SHLI : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::shli(*this, h, i);
  }
  LAMP_DISPATCH();
  L_SHRI : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::shri(*this, h, i);
  }
  LAMP_DISPATCH();
  L_CAS : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::cas(*this, h, i);
  }
  LAMP_DISPATCH();
  L_XADD : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::xadd(*this, h, i);
  }
  LAMP_DISPATCH();
  L_XCHG : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::xchg(*this, h, i);
  }
  LAMP_DISPATCH();
  L_LDAR : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::ldar(*this, h, i);
  }
  LAMP_DISPATCH();
  L_STLR : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::stlr(*this, h, i);
  }
  LAMP_DISPATCH();
  L_FENCE : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::fence(*this, h, i);
  }
  LAMP_DISPATCH();
  L_PAUSE : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::pause(*this, h, i);
  }
  LAMP_DISPATCH();
  L_STARTAP : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::startap(*this, h, i);
  }
  LAMP_DISPATCH();
  L_IPI : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::ipi(*this, h, i);
  }
  LAMP_DISPATCH();
  L_CPUID : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::cpuid(*this, h, i);
  }
  LAMP_DISPATCH();
  L_CALLR : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::callr(*this, h, i);
  }
  LAMP_DISPATCH();
  L_RJMP : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    h.ip = h.last_ip + i.imm();
  }
  LAMP_DISPATCH();
  L_RCALL : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::rcall(*this, h, i);
  }
  LAMP_DISPATCH();
  L_RJZ : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::jump_if(h, flags::cond_z(f), h.last_ip + i.imm());
  }
  LAMP_DISPATCH();
  L_RJNZ : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::jump_if(h, !flags::cond_z(f), h.last_ip + i.imm());
  }
  LAMP_DISPATCH();
  L_ROL : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::rol(*this, h, i);
  }
  LAMP_DISPATCH();
  L_ROR : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::ror(*this, h, i);
  }
  LAMP_DISPATCH();
  L_ROLI : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::roli(*this, h, i);
  }
  LAMP_DISPATCH();
  L_RORI : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::rori(*this, h, i);
  }
  LAMP_DISPATCH();
  L_LOAD16 : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::load16(*this, h, i);
  }
  LAMP_DISPATCH();
  L_STORE16 : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::store16(*this, h, i);
  }
  LAMP_DISPATCH();
  L_LOADS8 : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::loads8(*this, h, i);
  }
  LAMP_DISPATCH();
  L_LOADS16 : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::loads16(*this, h, i);
  }
  LAMP_DISPATCH();
  L_RJG : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::jump_if(h, flags::cond_g(f), h.last_ip + i.imm());
  }
  LAMP_DISPATCH();
  L_RJGE : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::jump_if(h, flags::cond_ge(f), h.last_ip + i.imm());
  }
  LAMP_DISPATCH();
  L_RJL : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::jump_if(h, flags::cond_l(f), h.last_ip + i.imm());
  }
  LAMP_DISPATCH();
  L_RJLE : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::jump_if(h, flags::cond_le(f), h.last_ip + i.imm());
  }
  LAMP_DISPATCH();
  L_RJC : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::jump_if(h, flags::cond_c(f), h.last_ip + i.imm());
  }
  LAMP_DISPATCH();
  L_RJNC : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::jump_if(h, !flags::cond_c(f), h.last_ip + i.imm());
  }
  LAMP_DISPATCH();
  L_INTI : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::inti(*this, h, i);
  }
  LAMP_DISPATCH();
  L_LOADX : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::loadx(*this, h, i);
  }
  LAMP_DISPATCH();
  L_LOADX16 : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::loadx16(*this, h, i);
  }
  LAMP_DISPATCH();
  L_STOREX : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::storex(*this, h, i);
  }
  LAMP_DISPATCH();
  L_STOREX16 : {
    [[maybe_unused]] const Fields i{raw};
    [[maybe_unused]] const uint32_t f = h.flags;
    exec::storex16(*this, h, i);
  }
  LAMP_DISPATCH();

  L_HALT:
    cycles_.store(count, std::memory_order_relaxed);
    save(h);
    machine_.halt();
    return;
  L_UNKNOWN:
    panic("Unknown opcode {}", raw >> 56);
  } catch (const GuestPanic& p) {
    cycles_.store(count, std::memory_order_relaxed);
    save(h);
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
  save(h);
#undef LAMP_DISPATCH
}

template void Core::execute_loop<true>();
template void Core::execute_loop<false>();

}  // namespace microvm::lamp
