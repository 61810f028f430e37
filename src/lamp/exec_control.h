// Jumps, calls, returns and software interrupts (spec §1.3, §4). Absolute targets use the raw
// 32-bit imm; relative ones are relative to this instruction (last_ip), not the next.
#pragma once

#include <cstdint>

#include "lamp/core.h"
#include "lamp/flags.h"
#include "lamp/isa.h"

namespace microvm::lamp::exec {

inline void jump_if(Core& c, bool taken, uint32_t target) {
  if (taken) c.ip = target;
}
inline void call(Core& c, const Insn& i) {
  c.push_call(c.ip);
  c.ip = i.imm;
}
inline void callr(Core& c, const Insn& i) {
  const uint32_t target = c.r[i.rd];
  c.push_call(c.ip);
  c.ip = target;
}
inline void rcall(Core& c, const Insn& i) {
  c.push_call(c.ip);
  c.ip = c.last_ip + i.imm;
}
inline void ret(Core& c, const Insn&) { c.ip = c.pop_call(); }
inline void int_(Core& c, const Insn& i) { c.enter_interrupt(c.r[i.rd]); }
inline void inti(Core& c, const Insn& i) { c.enter_interrupt(i.imm); }
inline void iret(Core& c, const Insn&) { c.iret(); }

}  // namespace microvm::lamp::exec
