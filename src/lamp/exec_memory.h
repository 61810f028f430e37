// Loads, stores, MEMSET/MEMCPY and the data stack (spec §1.3). Byte and halfword accesses are byte
// accesses (they see only the framebuffer among MMIO); word accesses may reach any device.
#pragma once

#include <cstdint>

#include "lamp/core.h"
#include "lamp/exec_alu.h"
#include "lamp/flags.h"
#include "lamp/isa.h"

namespace microvm::lamp::exec {

// A load whose access faults returns before rd or the flags change (Core::fault).

// LOAD and LOADX update only ZF/SF (CF/OF kept), unlike every other load.
LAMP_INLINE void load8(Core& c, IpAndFlags& live, Fields i) {
  uint8_t v;
  if (!c.load8(c.r[i.rs1()] + i.imm(), v)) return;
  c.r[i.rd()] = v;
  live.set_zs(v);
}
LAMP_INLINE void loadx(Core& c, IpAndFlags& live, Fields i) {
  uint8_t v;
  if (!c.load8(c.r[i.rs1()] + c.r[i.rs2()] + i.imm(), v)) return;
  c.r[i.rd()] = v;
  live.set_zs(v);
}
LAMP_INLINE void loads8(Core& c, IpAndFlags& live, Fields i) {
  uint8_t v;
  if (!c.load8(c.r[i.rs1()] + i.imm(), v)) return;
  write_logic(c, live, i.rd(), static_cast<uint32_t>(static_cast<int8_t>(v)));
}
LAMP_INLINE void load16(Core& c, IpAndFlags& live, Fields i) {
  uint16_t v;
  if (!c.load16(c.r[i.rs1()] + i.imm(), "LOAD16", v)) return;
  write_logic(c, live, i.rd(), v);
}
LAMP_INLINE void loads16(Core& c, IpAndFlags& live, Fields i) {
  uint16_t v;
  if (!c.load16(c.r[i.rs1()] + i.imm(), "LOADS16", v)) return;
  write_logic(c, live, i.rd(), static_cast<uint32_t>(static_cast<int16_t>(v)));
}
LAMP_INLINE void loadx16(Core& c, IpAndFlags& live, Fields i) {
  uint16_t v;
  if (!c.load16(c.r[i.rs1()] + c.r[i.rs2()] + i.imm(), "LOADX16", v)) return;
  write_logic(c, live, i.rd(), v);
}
LAMP_INLINE void load32(Core& c, IpAndFlags& live, Fields i) {
  uint32_t v;
  if (!c.load32(c.r[i.rs1()] + i.imm(), v)) return;
  write_logic(c, live, i.rd(), v);
}
LAMP_INLINE void loadx32(Core& c, IpAndFlags& live, Fields i) {
  uint32_t v;
  if (!c.load32(c.r[i.rs1()] + c.r[i.rs2()] + i.imm(), v)) return;
  write_logic(c, live, i.rd(), v);
}

// A store is the last thing its instruction does, so a faulting one needs no check here.
LAMP_INLINE void store8(Core& c, IpAndFlags&, Fields i) {
  c.store8(c.r[i.rs1()] + i.imm(), static_cast<uint8_t>(c.r[i.rd()]));
}
LAMP_INLINE void storex(Core& c, IpAndFlags&, Fields i) {
  c.store8(c.r[i.rs1()] + c.r[i.rs2()] + i.imm(), static_cast<uint8_t>(c.r[i.rd()]));
}
LAMP_INLINE void store16(Core& c, IpAndFlags&, Fields i) {
  c.store16(c.r[i.rs1()] + i.imm(), static_cast<uint16_t>(c.r[i.rd()]), "STORE16");
}
LAMP_INLINE void storex16(Core& c, IpAndFlags&, Fields i) {
  c.store16(c.r[i.rs1()] + c.r[i.rs2()] + i.imm(), static_cast<uint16_t>(c.r[i.rd()]), "STOREX16");
}
LAMP_INLINE void store32(Core& c, IpAndFlags&, Fields i) { c.store32(c.r[i.rs1()] + i.imm(), c.r[i.rd()]); }
LAMP_INLINE void storex32(Core& c, IpAndFlags&, Fields i) {
  c.store32(c.r[i.rs1()] + c.r[i.rs2()] + i.imm(), c.r[i.rd()]);
}

// Byte loops, as the original: addresses wrap mod 2^32, each byte goes through the byte path, and
// a fault stops the loop with the bytes before it done.
LAMP_INLINE void memset_(Core& c, IpAndFlags&, Fields i) {
  const uint32_t dst = c.r[i.rd()];
  const uint8_t value = static_cast<uint8_t>(c.r[i.rs1()]);
  for (uint32_t k = 0; k < i.imm(); ++k) {
    if (!c.store8(dst + k, value)) return;
  }
}
LAMP_INLINE void memcpy_(Core& c, IpAndFlags&, Fields i) {
  const uint32_t dst = c.r[i.rd()], src = c.r[i.rs1()];
  for (uint32_t k = 0; k < i.imm(); ++k) {
    uint8_t byte;
    if (!c.load8(src + k, byte) || !c.store8(dst + k, byte)) return;
  }
}

LAMP_INLINE void push(Core& c, IpAndFlags&, Fields i) { c.push_data(c.r[i.rd()]); }
LAMP_INLINE void pop(Core& c, IpAndFlags& live, Fields i) {
  uint32_t v;
  if (!c.pop_data(v)) return;
  write_logic(c, live, i.rd(), v);
}

}  // namespace microvm::lamp::exec
