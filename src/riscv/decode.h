// Turning instruction bits into an Insn. Each instruction family decodes its own encodings next
// to its semantics (exec_*.cpp); decode() asks them in turn and falls back to illegal.
#pragma once

#include <cstdint>

#include "riscv/extensions.h"
#include "riscv/insn.h"

namespace microvm::riscv {

// Decodes a 32-bit instruction, or a 16-bit one in the low half when its low bits are not 11.
// An instruction of an extension `isa` leaves out decodes as illegal.
void decode(uint32_t raw, Insn& insn, Isa isa = Isa::all());

// The 32-bit instruction a 16-bit compressed one stands for (unprivileged spec chapter 16);
// 0 when the encoding is reserved or illegal.
uint32_t expand_compressed(uint16_t raw);
// Whether a 16-bit encoding is one of Zcb's (which then also needs the extension it expands to).
bool is_zcb(uint16_t raw);

// rd as a destination: x0 becomes the sink register.
inline InsnByte dest(uint32_t reg) { return reg == 0 ? kZeroSink : static_cast<InsnByte>(reg); }

// Family decoders: fill `insn` and return true when the encoding is theirs. Each gets the
// 32-bit form; insn.len is already set.
bool decode_rv64i(uint32_t raw, Insn& insn);
bool decode_m(uint32_t raw, Insn& insn);
bool decode_a(uint32_t raw, Insn& insn);
bool decode_fd(uint32_t raw, Insn& insn);
bool decode_zicsr(uint32_t raw, Insn& insn);
bool decode_privileged(uint32_t raw, Insn& insn);
bool decode_zb(uint32_t raw, Insn& insn);
bool decode_zicbo(uint32_t raw, Insn& insn);
bool decode_zfh(uint32_t raw, Insn& insn);
bool decode_zfa(uint32_t raw, Insn& insn);
bool decode_vector(uint32_t raw, Insn& insn);  // riscv/vector/decode.cpp
// The extension of an instruction the family decoders of several extensions accepted; the
// *_also ones name a second extension the instruction needs as well.
Ext zb_extension(uint32_t raw);
Ext zicbo_extension(uint32_t raw);
Ext zfh_extension(uint32_t raw);
Ext zfh_also(uint32_t raw);
Ext zfa_also(uint32_t raw);

void execute_illegal(Hart& hart, const Insn& insn);
// Without C: jumps and branches that check their target's 4-byte alignment (exec_rv64i.cpp).
void use_ialign32(uint32_t raw, Insn& insn);

}  // namespace microvm::riscv
