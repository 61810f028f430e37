// Jumps, calls, returns, software interrupts and HALT (spec §1.3, §4). Absolute targets use the raw
// 32-bit imm; relative ones are relative to this instruction, not the next.
#pragma once

#include <cstdint>

#include "lamp/core.h"
#include "lamp/flags.h"
#include "lamp/isa.h"
#include "lamp/machine.h"

namespace microvm::lamp::exec {

LAMP_INLINE void jump_if(IpAndFlags& live, bool taken, uint32_t target) {
  if (taken) live.ip = target;
}
// live.ip is already past this instruction; relative targets count from the instruction itself.
LAMP_INLINE uint32_t relative(const IpAndFlags& live, Fields i) { return live.ip - 8 + i.imm(); }

LAMP_INLINE void jmp(Core&, IpAndFlags& live, Fields i) { live.ip = i.imm(); }
LAMP_INLINE void jz(Core&, IpAndFlags& live, Fields i) { jump_if(live, live.zf(), i.imm()); }
LAMP_INLINE void jnz(Core&, IpAndFlags& live, Fields i) { jump_if(live, !live.zf(), i.imm()); }
LAMP_INLINE void jg(Core&, IpAndFlags& live, Fields i) {
  jump_if(live, flags::cond_g(live.flags()), i.imm());
}
LAMP_INLINE void jge(Core&, IpAndFlags& live, Fields i) {
  jump_if(live, flags::cond_ge(live.flags()), i.imm());
}
LAMP_INLINE void jl(Core&, IpAndFlags& live, Fields i) {
  jump_if(live, flags::cond_l(live.flags()), i.imm());
}
LAMP_INLINE void jle(Core&, IpAndFlags& live, Fields i) {
  jump_if(live, flags::cond_le(live.flags()), i.imm());
}
LAMP_INLINE void jc(Core&, IpAndFlags& live, Fields i) {
  jump_if(live, flags::cond_c(live.flags()), i.imm());
}
LAMP_INLINE void jnc(Core&, IpAndFlags& live, Fields i) {
  jump_if(live, !flags::cond_c(live.flags()), i.imm());
}

LAMP_INLINE void rjmp(Core&, IpAndFlags& live, Fields i) { live.ip = relative(live, i); }
LAMP_INLINE void rjz(Core&, IpAndFlags& live, Fields i) { jump_if(live, live.zf(), relative(live, i)); }
LAMP_INLINE void rjnz(Core&, IpAndFlags& live, Fields i) { jump_if(live, !live.zf(), relative(live, i)); }
LAMP_INLINE void rjg(Core&, IpAndFlags& live, Fields i) {
  jump_if(live, flags::cond_g(live.flags()), relative(live, i));
}
LAMP_INLINE void rjge(Core&, IpAndFlags& live, Fields i) {
  jump_if(live, flags::cond_ge(live.flags()), relative(live, i));
}
LAMP_INLINE void rjl(Core&, IpAndFlags& live, Fields i) {
  jump_if(live, flags::cond_l(live.flags()), relative(live, i));
}
LAMP_INLINE void rjle(Core&, IpAndFlags& live, Fields i) {
  jump_if(live, flags::cond_le(live.flags()), relative(live, i));
}
LAMP_INLINE void rjc(Core&, IpAndFlags& live, Fields i) {
  jump_if(live, flags::cond_c(live.flags()), relative(live, i));
}
LAMP_INLINE void rjnc(Core&, IpAndFlags& live, Fields i) {
  jump_if(live, !flags::cond_c(live.flags()), relative(live, i));
}

// A call whose push faults does not jump (the fault ends the run before the next instruction).
LAMP_INLINE void call(Core& c, IpAndFlags& live, Fields i) {
  if (c.push_call(live.ip)) live.ip = i.imm();
}
LAMP_INLINE void callr(Core& c, IpAndFlags& live, Fields i) {
  const uint32_t target = c.r[i.rd()];
  if (c.push_call(live.ip)) live.ip = target;
}
LAMP_INLINE void rcall(Core& c, IpAndFlags& live, Fields i) {
  if (c.push_call(live.ip)) live.ip = relative(live, i);
}
LAMP_INLINE void ret(Core& c, IpAndFlags& live, Fields) {
  uint32_t target;
  if (c.pop_call(target)) live.ip = target;
}
// Interrupt entry pushes ip and flags, so the loop's copies go to the core first.
LAMP_INLINE void int_(Core& c, IpAndFlags& live, Fields i) {
  c.save(live);
  c.enter_interrupt(c.r[i.rd()]);
  c.restore(live);
}
LAMP_INLINE void inti(Core& c, IpAndFlags& live, Fields i) {
  c.save(live);
  c.enter_interrupt(i.imm());
  c.restore(live);
}
LAMP_INLINE void iret(Core& c, IpAndFlags& live, Fields) {
  c.save(live);
  c.iret();
  c.restore(live);
}

// HALT on any core stops the machine (exit status 0). The stop pokes every core, this one
// included, so the run loop ends before the next instruction.
LAMP_INLINE void halt(Core& c, IpAndFlags&, Fields) {
  c.machine().halt();
  c.poke_self();
}

}  // namespace microvm::lamp::exec
