// Ports and multiprocessing (spec §1.3, §3, §5): IN/OUT, STARTAP, IPI, CPUID, PAUSE.
#pragma once

#include <sched.h>

#include <cstdint>

#include "lamp/core.h"
#include "lamp/flags.h"
#include "lamp/intc.h"
#include "lamp/isa.h"
#include "lamp/machine.h"

namespace microvm::lamp::exec {

LAMP_INLINE void in(Core& c, IpAndFlags&, Fields i) {
  uint32_t v;
  if (c.port_in(c.r[i.rs1()], v)) c.r[i.rd()] = v;
}
LAMP_INLINE void out(Core& c, IpAndFlags&, Fields i) { c.port_out(c.r[i.rs1()], c.r[i.rd()]); }

// Only the BSP may start cores; anything else (or a bad target) is a no-op.
LAMP_INLINE void startap(Core& c, IpAndFlags&, Fields i) {
  if (c.id() != 0) return;
  const int32_t target = static_cast<int32_t>(c.r[i.rd()]);
  Machine& m = c.machine();
  if (target < 1 || target >= static_cast<int32_t>(m.smp())) return;
  m.core(static_cast<unsigned>(target)).start_at(c.r[i.rs1()] + i.imm());
}
LAMP_INLINE void ipi(Core& c, IpAndFlags&, Fields i) {
  Machine& m = c.machine();
  const uint32_t target = c.r[i.rd()], vector = c.r[i.rs1()];
  if (target >= m.smp() || vector >= 256) return;
  m.intc().raise(target, vector);
}
LAMP_INLINE void cpuid(Core& c, IpAndFlags& live, Fields i) {
  c.r[i.rd()] = c.id();
  live.set_logic(c.id());
}
LAMP_INLINE void pause(Core&, IpAndFlags&, Fields) { sched_yield(); }

}  // namespace microvm::lamp::exec
