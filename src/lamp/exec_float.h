// binary32 arithmetic on register bit patterns (spec §1.3, 0x2B-0x36). No traps: IEEE division by
// zero gives infinities, NaNs propagate.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

#include "lamp/core.h"
#include "lamp/flags.h"
#include "lamp/isa.h"

namespace microvm::lamp::exec {

LAMP_INLINE float as_float(uint32_t bits) { return std::bit_cast<float>(bits); }
LAMP_INLINE uint32_t as_bits(float f) { return std::bit_cast<uint32_t>(f); }

// FLOGIC: LOGIC applied to -1, 0 or +1 by the sign of x (NaN counts as +1).
LAMP_INLINE uint32_t flogic_value(float x) {
  const uint32_t v = x == 0.0f ? 0u : (x < 0.0f ? 0xFFFFFFFFu : 1u);
  return v;
}
LAMP_INLINE void write_float(Core& c, IpAndFlags& live, uint8_t rd, float x) {
  c.r[rd] = as_bits(x);
  live.set_logic(flogic_value(x));
}

LAMP_INLINE void fadd(Core& c, IpAndFlags& live, Fields i) {
  write_float(c, live, i.rd(), as_float(c.r[i.rs1()]) + as_float(c.r[i.rs2()]));
}
LAMP_INLINE void fsub(Core& c, IpAndFlags& live, Fields i) {
  write_float(c, live, i.rd(), as_float(c.r[i.rs1()]) - as_float(c.r[i.rs2()]));
}
LAMP_INLINE void fmul(Core& c, IpAndFlags& live, Fields i) {
  write_float(c, live, i.rd(), as_float(c.r[i.rs1()]) * as_float(c.r[i.rs2()]));
}
LAMP_INLINE void fdiv(Core& c, IpAndFlags& live, Fields i) {
  write_float(c, live, i.rd(), as_float(c.r[i.rs1()]) / as_float(c.r[i.rs2()]));
}
LAMP_INLINE void fneg(Core& c, IpAndFlags& live, Fields i) {
  write_float(c, live, i.rd(), -as_float(c.r[i.rs1()]));
}
LAMP_INLINE void fabs_(Core& c, IpAndFlags& live, Fields i) {
  write_float(c, live, i.rd(), std::fabs(as_float(c.r[i.rs1()])));
}
LAMP_INLINE void fsqrt(Core& c, IpAndFlags& live, Fields i) {
  write_float(c, live, i.rd(), std::sqrt(as_float(c.r[i.rs1()])));
}
LAMP_INLINE void itof(Core& c, IpAndFlags& live, Fields i) {
  write_float(c, live, i.rd(), static_cast<float>(static_cast<int32_t>(c.r[i.rs1()])));
}

LAMP_INLINE void fcmp(Core& c, IpAndFlags& live, Fields i) {
  const float a = as_float(c.r[i.rd()]), b = as_float(c.r[i.rs1()]);
  uint32_t f = live.computed() & ~(kZF | kSF | kCF | kOF);
  if (std::isnan(a) || std::isnan(b)) {
    f |= kOF;
  } else if (a == b) {
    f |= kZF;
  } else if (a < b) {
    f |= kSF;
  } else {
    f |= kCF;
  }
  live.set_computed(f);
}

// Out of range (or NaN) gives 0 with OF. The original's check let exactly 2^31 through to a
// host-UB conversion; here 2^31 is out of range too.
LAMP_INLINE void ftoi(Core& c, IpAndFlags& live, Fields i) {
  const float x = as_float(c.r[i.rs1()]);
  if (std::isnan(x) || x >= 2147483648.0f || x < -2147483648.0f) {
    c.r[i.rd()] = 0;
    live.set_computed((live.computed() & ~(kZF | kSF | kCF)) | kOF);
    return;
  }
  const uint32_t v = static_cast<uint32_t>(static_cast<int32_t>(x));
  c.r[i.rd()] = v;
  live.set_logic(v);
}

LAMP_INLINE void fload32(Core& c, IpAndFlags& live, Fields i) {
  uint32_t v;
  if (!c.load32(c.r[i.rs1()] + i.imm(), v)) return;
  c.r[i.rd()] = v;
  live.set_logic(flogic_value(as_float(v)));
}
LAMP_INLINE void fstore32(Core& c, IpAndFlags&, Fields i) { c.store32(c.r[i.rs1()] + i.imm(), c.r[i.rd()]); }

}  // namespace microvm::lamp::exec
