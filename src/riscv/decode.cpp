#include "riscv/decode.h"

#include "riscv/hart.h"

namespace microvm::riscv {
namespace {

// Each family decoder, and which extension an instruction it accepts belongs to.
struct Family {
  bool (*decode)(uint32_t raw, Insn& insn);
  Ext (*extension)(uint32_t raw);
  Ext (*also)(uint32_t raw) = nullptr;  // a second extension the instruction needs
};

template <Ext E>
Ext always(uint32_t) {
  return E;
}

Ext fd_extension(uint32_t raw) {
  const uint32_t opcode = raw & 0x7F, f3 = (raw >> 12) & 7, fmt = (raw >> 25) & 3;
  if (opcode == 0x07 || opcode == 0x27) return f3 == 3 ? Ext::kD : Ext::kF;                // loads, stores
  if (opcode == 0x53 && (raw >> 25) == 0x20 && ((raw >> 20) & 0x1F) == 1) return Ext::kD;  // fcvt.s.d
  return fmt == 1 ? Ext::kD : Ext::kF;
}

Ext privileged_extension(uint32_t raw) {
  if ((raw & 0x7F) == 0x0F) return Ext::kZifencei;  // fence.i
  if (raw == 0x18000073 || raw == 0x18100073 || (raw & 0xFE007FFF) == 0x16000073) return Ext::kSvinval;
  if (raw == 0x00D00073 || raw == 0x01D00073) return Ext::kZawrs;  // wrs.nto, wrs.sto
  return Ext::kI;
}

constexpr Family kFamilies[] = {
    {decode_rv64i, always<Ext::kI>},
    {decode_m, always<Ext::kM>},
    {decode_a, always<Ext::kA>},
    {decode_vector, always<Ext::kV>},
    {decode_fd, fd_extension},
    {decode_zicsr, always<Ext::kZicsr>},
    {decode_privileged, privileged_extension},
    {decode_zb, zb_extension},
    {decode_zicbo, zicbo_extension},
    {decode_zfh, zfh_extension, zfh_also},
    {decode_zfa, always<Ext::kZfa>, zfa_also},
};

}  // namespace

void execute_illegal(Hart& hart, const Insn& insn) { hart.raise_illegal(insn); }

void decode(uint32_t raw, Insn& insn, Isa isa) {
  insn = Insn{&execute_illegal, 0, {}, {}, {}, static_cast<InsnByte>(4)};
  if ((raw & 3) != 3) {
    insn.len = static_cast<InsnByte>(2);
    if (!isa.has(Ext::kC)) return;
    if (is_zcb(static_cast<uint16_t>(raw)) && !isa.has(Ext::kZcb)) return;
    raw = expand_compressed(static_cast<uint16_t>(raw));
    if (raw == 0) return;
  }
  for (const Family& family : kFamilies) {
    if (family.decode(raw, insn)) {
      if (!isa.has(family.extension(raw)) || (family.also && !isa.has(family.also(raw)))) {
        insn = Insn{&execute_illegal, 0, {}, {}, {}, insn.len};
      } else if (!isa.has(Ext::kC)) {
        use_ialign32(raw, insn);
      }
      return;
    }
  }
  insn.fn = &execute_illegal;
}

}  // namespace microvm::riscv
