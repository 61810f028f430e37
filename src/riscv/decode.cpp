#include "riscv/decode.h"

#include "riscv/hart.h"

namespace microvm::riscv {

void execute_illegal(Hart& hart, const Insn& insn) { hart.raise_illegal(insn); }

void decode(uint32_t raw, Insn& insn) {
  insn = Insn{&execute_illegal, 0, {}, {}, {}, static_cast<InsnByte>(4)};
  if ((raw & 3) != 3) {
    insn.len = static_cast<InsnByte>(2);
    raw = expand_compressed(static_cast<uint16_t>(raw));
    if (raw == 0) return;
  }
  for (auto family : {decode_rv64i, decode_m, decode_a, decode_fd, decode_zicsr, decode_privileged, decode_zb,
                      decode_zicbo}) {
    if (family(raw, insn)) return;
  }
  insn.fn = &execute_illegal;
}

}  // namespace microvm::riscv
