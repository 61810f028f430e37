// Decoding the vector instructions: OP-V (arithmetic and vset*) and the vector forms of
// LOAD-FP/STORE-FP. Encodings no table row accepts decode as illegal; whether the current vtype
// allows an instruction is for its handler to say.
#include "riscv/decode.h"

#include "riscv/vector/float.h"
#include "riscv/vector/vector.h"

namespace microvm::riscv {
namespace vec {

const Entry* find_arith(uint32_t raw) {
  const unsigned f3 = funct3_of(raw), funct6 = funct6_of(raw);
  uint8_t form;
  switch (f3) {
    case kOpivv:
    case kOpmvv: form = kV; break;
    case kOpivx:
    case kOpmvx: form = kX; break;
    case kOpivi: form = kI; break;
    case kOpfvv:
    case kOpfvf: {
      const Entry* e = fp::float_entry(funct6);
      return e && (e->forms & (f3 == kOpfvv ? kV : kX)) ? e : nullptr;
    }
    default: return nullptr;
  }
  const bool opm = f3 == kOpmvv || f3 == kOpmvx;
  for (auto table : {integer_entry, fixed_point_entry, mask_permute_entry}) {
    const Entry* e = table(opm, funct6);
    if (e && (e->forms & form)) return e;
  }
  return nullptr;
}

Result exec_arith(Hart& h, uint32_t raw) {
  const Entry* e = find_arith(raw);
  if (e == nullptr) return Result::kIllegal;
  return e->custom ? e->custom(h, raw) : elementwise(h, raw, *e);
}

}  // namespace vec

bool decode_vector(uint32_t raw, Insn& insn) {
  const uint32_t opcode = raw & 0x7F;
  Handler fn = nullptr;
  if (opcode == 0x57) {
    if (vec::funct3_of(raw) == 7) {
      const bool vsetvl = (raw >> 25) == 0x40, vsetivli = (raw >> 30) == 3, vsetvli = (raw >> 31) == 0;
      if (vsetvl || vsetivli || vsetvli) fn = vec::run<vec::exec_vset>;
    } else if (vec::find_arith(raw)) {
      fn = vec::run<vec::exec_arith>;
    }
  } else if ((opcode == 0x07 || opcode == 0x27) && vec::is_vector_memory(raw)) {
    fn = opcode == 0x07 ? vec::run<vec::exec_load> : vec::run<vec::exec_store>;
  } else {
    return false;
  }
  if (fn != nullptr) {
    insn.fn = fn;
    insn.imm = static_cast<int32_t>(raw);
  }
  return true;  // a vector encoding, illegal unless a handler was found
}

}  // namespace microvm::riscv
