// Cache-block operations (Zicbom, Zicboz; unprivileged spec chapter 19, privileged 3.1.18).
// There is no cache to manage, so cbo.clean/flush/inval only check that the access would be
// allowed; cbo.zero writes zeros to the 64-byte block. Zicbop's prefetches are ORI hints with
// rd = x0, which the base ISA already executes as no-ops.
#include "riscv/decode.h"
#include "riscv/encoding.h"
#include "riscv/exec_common.h"
#include "riscv/hart.h"

namespace microvm::riscv {
namespace {

constexpr uint64_t kBlockSize = 64;

// Whether the current privilege may execute a CBO governed by `field` of menvcfg/senvcfg
// (CBIE: nonzero means allowed; CBCFE/CBZE: the bit).
bool enabled(const Hart& h, uint64_t field) {
  if (h.priv == Priv::M) return true;
  if (!(h.csr.menvcfg & field)) return false;
  return h.priv == Priv::S || (h.csr.senvcfg & field);
}

// clean/flush/inval touch no data, but fault where neither a load nor a store could go: a store
// page fault when translation allows no access, a store access fault otherwise (Zicbom 2.5.2).
void cbo_manage(Hart& h, const Insn& i) {
  const uint64_t field = i.imm == 0 ? menvcfg_bits::kCBIE : menvcfg_bits::kCBCFE;
  if (!enabled(h, field)) return h.raise_illegal(i);
  const uint64_t address = h.x[i.rs1];
  const Hart::Probe result = h.probe_data_access(address & ~(kBlockSize - 1));
  if (result == Hart::Probe::kPageFault) return h.raise(Exception::kStorePageFault, address);
  if (result == Hart::Probe::kAccessFault) return h.raise(Exception::kStoreAccessFault, address);
  return next_insn_checked(h, i);
}

void cbo_zero(Hart& h, const Insn& i) {
  if (!enabled(h, menvcfg_bits::kCBZE)) return h.raise_illegal(i);
  const uint64_t block = h.x[i.rs1] & ~(kBlockSize - 1);
  for (uint64_t offset = 0; offset < kBlockSize; offset += 8) {
    if (!h.store<uint64_t>(block + offset, 0)) return;
  }
  return next_insn_checked(h, i);
}

}  // namespace

bool decode_zicbo(uint32_t raw, Insn& insn) {
  if (enc::opcode(raw) != enc::op::kMiscMem || enc::funct3(raw) != 2 || enc::rd(raw) != 0) return false;
  const uint32_t op = raw >> 20;
  if (op > 2 && op != 4) return false;
  insn.fn = op == 4 ? cbo_zero : cbo_manage;
  insn.rs1 = static_cast<InsnByte>(enc::rs1(raw));
  insn.imm = static_cast<int32_t>(op);
  return true;
}

Ext zicbo_extension(uint32_t raw) { return (raw >> 20) == 4 ? Ext::kZicboz : Ext::kZicbom; }

}  // namespace microvm::riscv
