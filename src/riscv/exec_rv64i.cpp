// RV64I: integer computation, loads and stores, control transfer, FENCE (unprivileged spec
// chapters 2 and 5). Each handler is the instruction's whole semantics.
#include <atomic>
#include <type_traits>

#include "riscv/exec_common.h"

namespace microvm::riscv {
namespace {

using u64 = uint64_t;
using i64 = int64_t;

constexpr u64 add(u64 a, u64 b) { return a + b; }
constexpr u64 sub(u64 a, u64 b) { return a - b; }
constexpr u64 sll(u64 a, u64 b) { return a << (b & 63); }
constexpr u64 slt(u64 a, u64 b) { return static_cast<i64>(a) < static_cast<i64>(b); }
constexpr u64 sltu(u64 a, u64 b) { return a < b; }
constexpr u64 xor_(u64 a, u64 b) { return a ^ b; }
constexpr u64 srl(u64 a, u64 b) { return a >> (b & 63); }
constexpr u64 sra(u64 a, u64 b) { return static_cast<u64>(static_cast<i64>(a) >> (b & 63)); }
constexpr u64 or_(u64 a, u64 b) { return a | b; }
constexpr u64 and_(u64 a, u64 b) { return a & b; }
constexpr u64 addw(u64 a, u64 b) { return sext32(a + b); }
constexpr u64 subw(u64 a, u64 b) { return sext32(a - b); }
constexpr u64 sllw(u64 a, u64 b) { return sext32(static_cast<uint32_t>(a) << (b & 31)); }
constexpr u64 srlw(u64 a, u64 b) { return sext32(static_cast<uint32_t>(a) >> (b & 31)); }
constexpr u64 sraw(u64 a, u64 b) {
  return static_cast<u64>(static_cast<i64>(static_cast<int32_t>(a) >> (b & 31)));
}

template <unsigned Len>
void lui(Hart& h, const Insn& i) {
  h.x[i.rd] = static_cast<u64>(static_cast<i64>(i.imm));
  return next_insn<Len>(h, i);
}
template <unsigned Len>
void auipc(Hart& h, const Insn& i) {
  h.x[i.rd] = h.pc + static_cast<u64>(static_cast<i64>(i.imm));
  return next_insn<Len>(h, i);
}
constexpr Sized kUpper{lui<2>, lui<4>};
constexpr Sized kPcUpper{auipc<2>, auipc<4>};
void jal(Hart& h, const Insn& i) {
  h.x[i.rd] = h.pc + i.len;
  return jump_to(h, h.pc + static_cast<u64>(static_cast<i64>(i.imm)));
}
void jalr(Hart& h, const Insn& i) {
  const u64 target = (h.x[i.rs1] + static_cast<u64>(static_cast<i64>(i.imm))) & ~1ull;
  h.x[i.rd] = h.pc + i.len;
  return jump_to(h, target);
}

// Branch targets are always even, and with C every even address is a legal target, so no
// instruction-address-misaligned exception can arise.
template <bool (*Cond)(u64, u64), unsigned Len>
void branch(Hart& h, const Insn& i) {
  if (Cond(h.x[i.rs1], h.x[i.rs2])) return jump_to(h, h.pc + static_cast<u64>(static_cast<i64>(i.imm)));
  return next_insn<Len>(h, i);
}
// Without C (--cpu rv64,c=off: IALIGN = 32), a jump or taken branch to an address that is not
// 4-byte aligned raises instruction-address-misaligned on itself, tval the target (unprivileged
// spec 2.2 and 2.5); decode() picks these handlers then.
void jal_ialign32(Hart& h, const Insn& i) {
  const u64 target = h.pc + static_cast<u64>(static_cast<i64>(i.imm));
  if (target & 2) return h.raise(Exception::kInsnMisaligned, target);
  h.x[i.rd] = h.pc + i.len;
  return jump_to(h, target);
}
void jalr_ialign32(Hart& h, const Insn& i) {
  const u64 target = (h.x[i.rs1] + static_cast<u64>(static_cast<i64>(i.imm))) & ~1ull;
  if (target & 2) return h.raise(Exception::kInsnMisaligned, target);
  h.x[i.rd] = h.pc + i.len;
  return jump_to(h, target);
}
template <bool (*Cond)(u64, u64)>
void branch_ialign32(Hart& h, const Insn& i) {
  if (!Cond(h.x[i.rs1], h.x[i.rs2])) return next_insn(h, i);
  const u64 target = h.pc + static_cast<u64>(static_cast<i64>(i.imm));
  if (target & 2) return h.raise(Exception::kInsnMisaligned, target);
  return jump_to(h, target);
}
constexpr bool beq(u64 a, u64 b) { return a == b; }
constexpr bool bne(u64 a, u64 b) { return a != b; }
constexpr bool blt(u64 a, u64 b) { return static_cast<i64>(a) < static_cast<i64>(b); }
constexpr bool bge(u64 a, u64 b) { return static_cast<i64>(a) >= static_cast<i64>(b); }
constexpr bool bltu(u64 a, u64 b) { return a < b; }
constexpr bool bgeu(u64 a, u64 b) { return a >= b; }
template <bool (*Cond)(u64, u64)>
constexpr Sized kBranch{branch<Cond, 2>, branch<Cond, 4>};

// T's signedness gives the sign or zero extension.
template <typename T>
constexpr u64 extend(T value) {
  if constexpr (std::is_signed_v<T>) return static_cast<u64>(static_cast<i64>(value));
  return static_cast<u64>(value);
}

// Loads and stores keep their TLB-miss path out of line and reach it by a tail call, so the
// common path saves no registers and stays a jump into the next handler.
template <typename T>
[[gnu::noinline]] void load_miss(Hart& h, const Insn& i, u64 va) {
  T value;
  if (!h.load<T>(va, value)) return;
  h.x[i.rd] = extend(value);
  return next_insn(h, i);
}
template <typename T, unsigned Len>
void load(Hart& h, const Insn& i) {
  const u64 va = h.x[i.rs1] + static_cast<u64>(static_cast<i64>(i.imm));
  T value;
  if (!h.load_fast<T>(va, value)) [[unlikely]]
    return load_miss<T>(h, i, va);
  h.x[i.rd] = extend(value);
  return next_insn<Len>(h, i);
}

template <typename T>
[[gnu::noinline]] void store_miss(Hart& h, const Insn& i, u64 va, T value) {
  if (!h.store<T>(va, value)) return;
  return next_insn_unless_ended(h, i);
}
template <typename T, unsigned Len>
void store(Hart& h, const Insn& i) {
  const u64 va = h.x[i.rs1] + static_cast<u64>(static_cast<i64>(i.imm));
  const T value = static_cast<T>(h.x[i.rs2]);
  if (!h.store_fast<T>(va, value)) [[unlikely]]
    return store_miss<T>(h, i, va, value);
  return next_insn_unless_ended<Len>(h, i);
}
template <typename T>
constexpr Sized kLoad{load<T, 2>, load<T, 4>};
template <typename T>
constexpr Sized kStore{store<T, 2>, store<T, 4>};

// FENCE orders this hart's accesses for the others. Host x86 is TSO, so only a fence that
// orders earlier stores before later loads (pred has W, succ has R) needs a real barrier.
void fence(Hart& h, const Insn& i) {
  if (i.imm) {
#if defined(__SANITIZE_THREAD__)
    // ThreadSanitizer does not model fences; a sequentially consistent RMW orders the same way.
    static std::atomic<int> fence_word;
    fence_word.fetch_add(0, std::memory_order_seq_cst);
#else
    std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
  } else {
    std::atomic_signal_fence(std::memory_order_seq_cst);
  }
  return next_insn(h, i);
}

bool decode_op_imm(uint32_t raw, Insn& insn, bool word) {
  const uint32_t f3 = enc::funct3(raw);
  const uint32_t imm = static_cast<uint32_t>(enc::imm_i(raw));
  const uint32_t shamt_bits = word ? 5 : 6;
  const uint32_t shamt = imm & ((1u << shamt_bits) - 1);
  const uint32_t shift_kind = imm >> shamt_bits;  // 0 for sll/srl, 0x10 (or 0x20 for W) for sra
  insn.rd = dest(enc::rd(raw));
  insn.rs1 = static_cast<InsnByte>(enc::rs1(raw));
  insn.imm = enc::imm_i(raw);
  if (word) {
    switch (f3) {
      case 0: insn.fn = kAluRI<addw>.pick(insn); return true;
      case 1:
        if ((imm >> 5) != 0) return false;
        insn.imm = static_cast<int32_t>(shamt);
        insn.fn = kAluRI<sllw>.pick(insn);
        return true;
      case 5:
        if ((imm >> 5) != 0 && (imm >> 5) != 0x20) return false;
        insn.imm = static_cast<int32_t>(shamt);
        insn.fn = ((imm >> 5) ? kAluRI<sraw> : kAluRI<srlw>).pick(insn);
        return true;
      default: return false;
    }
  }
  switch (f3) {
    case 0: insn.fn = kAluRI<add>.pick(insn); return true;
    case 1:
      if (shift_kind != 0) return false;
      insn.imm = static_cast<int32_t>(shamt);
      insn.fn = kAluRI<sll>.pick(insn);
      return true;
    case 2: insn.fn = kAluRI<slt>.pick(insn); return true;
    case 3: insn.fn = kAluRI<sltu>.pick(insn); return true;
    case 4: insn.fn = kAluRI<xor_>.pick(insn); return true;
    case 5:
      if (shift_kind != 0 && shift_kind != 0x10) return false;
      insn.imm = static_cast<int32_t>(shamt);
      insn.fn = (shift_kind ? kAluRI<sra> : kAluRI<srl>).pick(insn);
      return true;
    case 6: insn.fn = kAluRI<or_>.pick(insn); return true;
    default: insn.fn = kAluRI<and_>.pick(insn); return true;
  }
}

bool decode_op(uint32_t raw, Insn& insn, bool word) {
  const uint32_t f3 = enc::funct3(raw), f7 = enc::funct7(raw);
  const Sized* fn = nullptr;
  if (word) {
    if (f7 == 0x00)
      fn = f3 == 0 ? &kAluRR<addw> : f3 == 1 ? &kAluRR<sllw> : f3 == 5 ? &kAluRR<srlw> : nullptr;
    if (f7 == 0x20) fn = f3 == 0 ? &kAluRR<subw> : f3 == 5 ? &kAluRR<sraw> : nullptr;
  } else if (f7 == 0x00) {
    static constexpr const Sized* kOps[] = {&kAluRR<add>,  &kAluRR<sll>, &kAluRR<slt>, &kAluRR<sltu>,
                                            &kAluRR<xor_>, &kAluRR<srl>, &kAluRR<or_>, &kAluRR<and_>};
    fn = kOps[f3];
  } else if (f7 == 0x20) {
    fn = f3 == 0 ? &kAluRR<sub> : f3 == 5 ? &kAluRR<sra> : nullptr;
  }
  if (!fn) return false;
  insn.fn = fn->pick(insn);
  set_registers(insn, raw);
  return true;
}

}  // namespace

bool decode_rv64i(uint32_t raw, Insn& insn) {
  const uint32_t f3 = enc::funct3(raw);
  switch (enc::opcode(raw)) {
    case enc::op::kLui:
    case enc::op::kAuipc:
      insn.fn = (enc::opcode(raw) == enc::op::kLui ? kUpper : kPcUpper).pick(insn);
      insn.rd = dest(enc::rd(raw));
      insn.imm = enc::imm_u(raw);
      return true;
    case enc::op::kJal:
      insn.fn = jal;
      insn.rd = dest(enc::rd(raw));
      insn.imm = enc::imm_j(raw);
      return true;
    case enc::op::kJalr:
      if (f3 != 0) return false;
      insn.fn = jalr;
      insn.rd = dest(enc::rd(raw));
      insn.rs1 = static_cast<InsnByte>(enc::rs1(raw));
      insn.imm = enc::imm_i(raw);
      return true;
    case enc::op::kBranch: {
      static constexpr const Sized* kBranches[] = {&kBranch<beq>,  &kBranch<bne>, nullptr,
                                                   nullptr,        &kBranch<blt>, &kBranch<bge>,
                                                   &kBranch<bltu>, &kBranch<bgeu>};
      if (!kBranches[f3]) return false;
      insn.fn = kBranches[f3]->pick(insn);
      insn.rs1 = static_cast<InsnByte>(enc::rs1(raw));
      insn.rs2 = static_cast<InsnByte>(enc::rs2(raw));
      insn.imm = enc::imm_b(raw);
      return true;
    }
    case enc::op::kLoad: {
      static constexpr const Sized* kLoads[] = {&kLoad<int8_t>,   &kLoad<int16_t>, &kLoad<int32_t>,
                                                &kLoad<uint64_t>, &kLoad<uint8_t>, &kLoad<uint16_t>,
                                                &kLoad<uint32_t>, nullptr};
      if (!kLoads[f3]) return false;
      insn.fn = kLoads[f3]->pick(insn);
      insn.rd = dest(enc::rd(raw));
      insn.rs1 = static_cast<InsnByte>(enc::rs1(raw));
      insn.imm = enc::imm_i(raw);
      return true;
    }
    case enc::op::kStore: {
      static constexpr const Sized* kStores[] = {&kStore<uint8_t>, &kStore<uint16_t>, &kStore<uint32_t>,
                                                 &kStore<uint64_t>};
      if (f3 > 3) return false;
      insn.fn = kStores[f3]->pick(insn);
      insn.rs1 = static_cast<InsnByte>(enc::rs1(raw));
      insn.rs2 = static_cast<InsnByte>(enc::rs2(raw));
      insn.imm = enc::imm_s(raw);
      return true;
    }
    case enc::op::kOpImm: return decode_op_imm(raw, insn, false);
    case enc::op::kOpImm32: return decode_op_imm(raw, insn, true);
    case enc::op::kOp: return decode_op(raw, insn, false);
    case enc::op::kOp32: return decode_op(raw, insn, true);
    case enc::op::kMiscMem:
      if (f3 != 0) return false;  // fence.i lives with the privileged instructions
      insn.fn = fence;
      // pred bit W is 24 and succ bit R is 21 (FENCE encoding, unprivileged spec 2.7).
      insn.imm = ((raw >> 24) & 1) && ((raw >> 21) & 1);
      return true;
    default: return false;
  }
}

void use_ialign32(uint32_t raw, Insn& insn) {
  static constexpr Handler kBranches[] = {branch_ialign32<beq>,
                                          branch_ialign32<bne>,
                                          nullptr,
                                          nullptr,
                                          branch_ialign32<blt>,
                                          branch_ialign32<bge>,
                                          branch_ialign32<bltu>,
                                          branch_ialign32<bgeu>};
  if (insn.fn == &execute_illegal) return;
  switch (enc::opcode(raw)) {
    case enc::op::kJal: insn.fn = jal_ialign32; break;
    case enc::op::kJalr: insn.fn = jalr_ialign32; break;
    case enc::op::kBranch: insn.fn = kBranches[enc::funct3(raw)]; break;
    default: break;
  }
}

}  // namespace microvm::riscv
