// Jumps, calls, returns and software interrupts (spec §1.3, §4). Absolute targets use the raw
// 32-bit imm; relative ones are relative to this instruction (last_ip), not the next.
#pragma once

#include <cstdint>

#include "lamp/core.h"
#include "lamp/flags.h"
#include "lamp/isa.h"

namespace microvm::lamp::exec {

LAMP_INLINE void jump_if(Hot& h, bool taken, uint32_t target) {
  if (taken) h.ip = target;
}
LAMP_INLINE void call(Core& c, Hot& h, Fields i) {
  c.push_call(h.ip);
  h.ip = i.imm();
}
LAMP_INLINE void callr(Core& c, Hot& h, Fields i) {
  const uint32_t target = c.r[i.rd()];
  c.push_call(h.ip);
  h.ip = target;
}
LAMP_INLINE void rcall(Core& c, Hot& h, Fields i) {
  c.push_call(h.ip);
  h.ip = (h.ip - 8) + i.imm();
}
LAMP_INLINE void ret(Core& c, Hot& h, Fields) { h.ip = c.pop_call(); }
// Interrupt entry pushes ip and flags, so the loop's copies go to the core first.
LAMP_INLINE void int_(Core& c, Hot& h, Fields i) {
  c.save(h);
  c.enter_interrupt(c.r[i.rd()]);
  c.restore(h);
}
LAMP_INLINE void inti(Core& c, Hot& h, Fields i) {
  c.save(h);
  c.enter_interrupt(i.imm());
  c.restore(h);
}
LAMP_INLINE void iret(Core& c, Hot& h, Fields) {
  c.save(h);
  c.iret();
  c.restore(h);
}

}  // namespace microvm::lamp::exec
