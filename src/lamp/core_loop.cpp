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
  std::atomic<uint32_t>* const attention = attention_;
  uint8_t* const host = host_;
  Hot h{ip, last_ip, flags};
  try {
    for (;;) {
      if (attention->load(std::memory_order_relaxed)) [[unlikely]] {
        cycles_.store(count, std::memory_order_relaxed);
        save(h);
        const bool go_on = service();
        restore(h);
        if (!go_on) break;
      }
      h.last_ip = h.ip;
      uint64_t raw;
      if (h.ip - fetch_lo_ < fetch_span_) [[likely]] {
        std::memcpy(&raw, host + h.ip, 8);
      } else {
        raw = fetch_slow(h.ip);
      }
      h.ip += 8;
      ++count;
      const Fields i{raw};
      if constexpr (kStats) ++(*stats_)[i.op()];
      const uint32_t f = h.flags;
      switch (i.op()) {
        case op::ADD: exec::add(*this, h, i); break;
        case op::SUB: exec::sub(*this, h, i); break;
        case op::MUL: exec::mul(*this, h, i); break;
        case op::DIV: exec::div(*this, h, i); break;
        case op::HALT:
          cycles_.store(count, std::memory_order_relaxed);
          save(h);
          machine_.halt();
          return;
        case op::JMP: h.ip = i.imm(); break;
        case op::JZ: exec::jump_if(h, flags::cond_z(f), i.imm()); break;
        case op::PUSH: exec::push(*this, h, i); break;
        case op::POP: exec::pop(*this, h, i); break;
        case op::CALL: exec::call(*this, h, i); break;
        case op::RET: exec::ret(*this, h, i); break;
        case op::LOAD: exec::load8(*this, h, i); break;
        case op::LOAD32: exec::load32(*this, h, i); break;
        case op::LOADX32: exec::loadx32(*this, h, i); break;
        case op::STORE: exec::store8(*this, h, i); break;
        case op::STORE32: exec::store32(*this, h, i); break;
        case op::STOREX32: exec::storex32(*this, h, i); break;
        case op::CMP: exec::cmp(*this, h, i); break;
        case op::CMPI: exec::cmpi(*this, h, i); break;
        case op::MOV: exec::mov(*this, h, i); break;
        case op::MOVI: exec::movi(*this, h, i); break;
        case op::MEMSET: exec::memset_(*this, h, i); break;
        case op::MEMCPY: exec::memcpy_(*this, h, i); break;
        case op::IN: exec::in(*this, h, i); break;
        case op::OUT: exec::out(*this, h, i); break;
        case op::INT: exec::int_(*this, h, i); break;
        case op::IRET: exec::iret(*this, h, i); break;
        case op::MOD: exec::mod(*this, h, i); break;
        case op::AND: exec::and_(*this, h, i); break;
        case op::OR: exec::or_(*this, h, i); break;
        case op::XOR: exec::xor_(*this, h, i); break;
        case op::NOT: exec::not_(*this, h, i); break;
        case op::SHL: exec::shl(*this, h, i); break;
        case op::SHR: exec::shr(*this, h, i); break;
        case op::SAR: exec::sar(*this, h, i); break;
        case op::JNZ: exec::jump_if(h, !flags::cond_z(f), i.imm()); break;
        case op::JG: exec::jump_if(h, flags::cond_g(f), i.imm()); break;
        case op::JGE: exec::jump_if(h, flags::cond_ge(f), i.imm()); break;
        case op::JL: exec::jump_if(h, flags::cond_l(f), i.imm()); break;
        case op::JLE: exec::jump_if(h, flags::cond_le(f), i.imm()); break;
        case op::JC: exec::jump_if(h, flags::cond_c(f), i.imm()); break;
        case op::JNC: exec::jump_if(h, !flags::cond_c(f), i.imm()); break;
        case op::FADD: exec::fadd(*this, h, i); break;
        case op::FSUB: exec::fsub(*this, h, i); break;
        case op::FMUL: exec::fmul(*this, h, i); break;
        case op::FDIV: exec::fdiv(*this, h, i); break;
        case op::FNEG: exec::fneg(*this, h, i); break;
        case op::FABS: exec::fabs_(*this, h, i); break;
        case op::FSQRT: exec::fsqrt(*this, h, i); break;
        case op::FCMP: exec::fcmp(*this, h, i); break;
        case op::ITOF: exec::itof(*this, h, i); break;
        case op::FTOI: exec::ftoi(*this, h, i); break;
        case op::FLOAD32: exec::fload32(*this, h, i); break;
        case op::FSTORE32: exec::fstore32(*this, h, i); break;
        case op::INC: exec::inc(*this, h, i); break;
        case op::ADDI: exec::addi(*this, h, i); break;
        case op::SUBI: exec::subi(*this, h, i); break;
        case op::ANDI: exec::andi(*this, h, i); break;
        case op::ORI: exec::ori(*this, h, i); break;
        case op::XORI: exec::xori(*this, h, i); break;
        case op::SHLI: exec::shli(*this, h, i); break;
        case op::SHRI: exec::shri(*this, h, i); break;
        case op::CAS: exec::cas(*this, h, i); break;
        case op::XADD: exec::xadd(*this, h, i); break;
        case op::XCHG: exec::xchg(*this, h, i); break;
        case op::LDAR: exec::ldar(*this, h, i); break;
        case op::STLR: exec::stlr(*this, h, i); break;
        case op::FENCE: exec::fence(*this, h, i); break;
        case op::PAUSE: exec::pause(*this, h, i); break;
        case op::STARTAP: exec::startap(*this, h, i); break;
        case op::IPI: exec::ipi(*this, h, i); break;
        case op::CPUID: exec::cpuid(*this, h, i); break;
        case op::CALLR: exec::callr(*this, h, i); break;
        case op::RJMP: h.ip = h.last_ip + i.imm(); break;
        case op::RCALL: exec::rcall(*this, h, i); break;
        case op::RJZ: exec::jump_if(h, flags::cond_z(f), h.last_ip + i.imm()); break;
        case op::RJNZ: exec::jump_if(h, !flags::cond_z(f), h.last_ip + i.imm()); break;
        case op::ROL: exec::rol(*this, h, i); break;
        case op::ROR: exec::ror(*this, h, i); break;
        case op::ROLI: exec::roli(*this, h, i); break;
        case op::RORI: exec::rori(*this, h, i); break;
        case op::LOAD16: exec::load16(*this, h, i); break;
        case op::STORE16: exec::store16(*this, h, i); break;
        case op::LOADS8: exec::loads8(*this, h, i); break;
        case op::LOADS16: exec::loads16(*this, h, i); break;
        case op::RJG: exec::jump_if(h, flags::cond_g(f), h.last_ip + i.imm()); break;
        case op::RJGE: exec::jump_if(h, flags::cond_ge(f), h.last_ip + i.imm()); break;
        case op::RJL: exec::jump_if(h, flags::cond_l(f), h.last_ip + i.imm()); break;
        case op::RJLE: exec::jump_if(h, flags::cond_le(f), h.last_ip + i.imm()); break;
        case op::RJC: exec::jump_if(h, flags::cond_c(f), h.last_ip + i.imm()); break;
        case op::RJNC: exec::jump_if(h, !flags::cond_c(f), h.last_ip + i.imm()); break;
        case op::INTI: exec::inti(*this, h, i); break;
        case op::LOADX: exec::loadx(*this, h, i); break;
        case op::LOADX16: exec::loadx16(*this, h, i); break;
        case op::STOREX: exec::storex(*this, h, i); break;
        case op::STOREX16: exec::storex16(*this, h, i); break;
        default: panic("Unknown opcode {}", i.op());
      }
    }
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
  cycles_.store(count, std::memory_order_relaxed);
  save(h);
}

template void Core::execute_loop<true>();
template void Core::execute_loop<false>();

}  // namespace microvm::lamp
