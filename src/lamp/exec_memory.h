// Loads, stores, MEMSET/MEMCPY and the data stack (spec §1.3). Byte and halfword accesses are byte
// accesses (they see only the framebuffer among MMIO); word accesses may reach any device.
#pragma once

#include <cstdint>

#include "lamp/core.h"
#include "lamp/flags.h"
#include "lamp/isa.h"

namespace microvm::lamp::exec {

// LOAD and LOADX update only ZF/SF (CF/OF kept), unlike every other load.
LAMP_INLINE void load8(Core& c, Hot& h, Fields i) {
  const uint32_t v = c.load8(c.r[i.rs1()] + i.imm());
  c.r[i.rd()] = v;
  h.zs(v);
}
LAMP_INLINE void loadx(Core& c, Hot& h, Fields i) {
  const uint32_t v = c.load8(c.r[i.rs1()] + c.r[i.rs2()] + i.imm());
  c.r[i.rd()] = v;
  h.zs(v);
}
LAMP_INLINE void loads8(Core& c, Hot& h, Fields i) {
  const uint32_t v = static_cast<uint32_t>(static_cast<int8_t>(c.load8(c.r[i.rs1()] + i.imm())));
  c.r[i.rd()] = v;
  h.logic(v);
}
LAMP_INLINE void load16(Core& c, Hot& h, Fields i) {
  const uint32_t v = c.load16(c.r[i.rs1()] + i.imm(), "LOAD16");
  c.r[i.rd()] = v;
  h.logic(v);
}
LAMP_INLINE void loads16(Core& c, Hot& h, Fields i) {
  const uint32_t v = static_cast<uint32_t>(static_cast<int16_t>(c.load16(c.r[i.rs1()] + i.imm(), "LOADS16")));
  c.r[i.rd()] = v;
  h.logic(v);
}
LAMP_INLINE void loadx16(Core& c, Hot& h, Fields i) {
  const uint32_t v = c.load16(c.r[i.rs1()] + c.r[i.rs2()] + i.imm(), "LOADX16");
  c.r[i.rd()] = v;
  h.logic(v);
}
LAMP_INLINE void load32(Core& c, Hot& h, Fields i) {
  const uint32_t v = c.load32(c.r[i.rs1()] + i.imm());
  c.r[i.rd()] = v;
  h.logic(v);
}
LAMP_INLINE void loadx32(Core& c, Hot& h, Fields i) {
  const uint32_t v = c.load32(c.r[i.rs1()] + c.r[i.rs2()] + i.imm());
  c.r[i.rd()] = v;
  h.logic(v);
}

LAMP_INLINE void store8(Core& c, Hot&, Fields i) {
  c.store8(c.r[i.rs1()] + i.imm(), static_cast<uint8_t>(c.r[i.rd()]));
}
LAMP_INLINE void storex(Core& c, Hot&, Fields i) {
  c.store8(c.r[i.rs1()] + c.r[i.rs2()] + i.imm(), static_cast<uint8_t>(c.r[i.rd()]));
}
LAMP_INLINE void store16(Core& c, Hot&, Fields i) {
  c.store16(c.r[i.rs1()] + i.imm(), static_cast<uint16_t>(c.r[i.rd()]), "STORE16");
}
LAMP_INLINE void storex16(Core& c, Hot&, Fields i) {
  c.store16(c.r[i.rs1()] + c.r[i.rs2()] + i.imm(), static_cast<uint16_t>(c.r[i.rd()]), "STOREX16");
}
LAMP_INLINE void store32(Core& c, Hot&, Fields i) { c.store32(c.r[i.rs1()] + i.imm(), c.r[i.rd()]); }
LAMP_INLINE void storex32(Core& c, Hot&, Fields i) {
  c.store32(c.r[i.rs1()] + c.r[i.rs2()] + i.imm(), c.r[i.rd()]);
}

// Byte loops, as the original: addresses wrap mod 2^32 and each byte goes through the byte path.
LAMP_INLINE void memset_(Core& c, Hot&, Fields i) {
  const uint32_t dst = c.r[i.rd()];
  const uint8_t value = static_cast<uint8_t>(c.r[i.rs1()]);
  for (uint32_t k = 0; k < i.imm(); ++k) c.store8(dst + k, value);
}
LAMP_INLINE void memcpy_(Core& c, Hot&, Fields i) {
  const uint32_t dst = c.r[i.rd()], src = c.r[i.rs1()];
  for (uint32_t k = 0; k < i.imm(); ++k) c.store8(dst + k, c.load8(src + k));
}

LAMP_INLINE void push(Core& c, Hot&, Fields i) { c.push_data(c.r[i.rd()]); }
LAMP_INLINE void pop(Core& c, Hot& h, Fields i) {
  const uint32_t v = c.pop_data();
  c.r[i.rd()] = v;
  h.logic(v);
}

}  // namespace microvm::lamp::exec
