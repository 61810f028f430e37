#include "riscv/jit/fusion.h"

#include <cstring>

#include "riscv/decode.h"
#include "riscv/encoding.h"

namespace microvm::riscv::jit {

uint32_t raw_bits(const DecodedPage& page, size_t index, unsigned len) {
  uint32_t raw = 0;
  std::memcpy(&raw, &page.bytes[index * 2], len);
  return len == 2 ? expand_compressed(static_cast<uint16_t>(raw)) : raw;
}

namespace {

// The length of the instruction at slot `index` from its first bits, or 0 when it does not end
// inside the page.
unsigned length_at(const DecodedPage& page, size_t index) {
  if (index >= DecodedPage::kSlots) return 0;
  const unsigned len = (page.bytes[index * 2] & 3) == 3 ? 4 : 2;
  return index * 2 + len <= page.bytes.size() ? len : 0;
}

// A shift by an immediate (OP-IMM, funct3 1 or 5, RV64's six-bit amount): its amount, or -1.
int shift_amount(uint32_t raw, uint32_t funct3) {
  if (enc::opcode(raw) != enc::op::kOpImm || enc::funct3(raw) != funct3) return -1;
  const uint32_t top = raw >> 26;  // funct6
  if (top != 0 && !(funct3 == 5 && top == 0x10)) return -1;
  return static_cast<int>((raw >> 20) & 63);
}

// Computes only (no jump, no memory, no CSR; a trap only when illegal, which the translator rules
// out), and names rd neither as source nor result.
bool independent(uint32_t raw, unsigned rd) {
  const uint32_t op = enc::opcode(raw);
  const bool two_sources = op == enc::op::kOp || op == enc::op::kOp32;
  const bool one_source = two_sources || op == enc::op::kOpImm || op == enc::op::kOpImm32;
  if (!one_source && op != enc::op::kLui && op != enc::op::kAuipc) return false;
  if (enc::rd(raw) == rd) return false;
  if (one_source && enc::rs1(raw) == rd) return false;
  return !(two_sources && enc::rs2(raw) == rd);
}

// An instruction Emitter::emit_op / emit_op_imm / lui compute inline, with rax and rcx as their
// only scratch registers (not the M extension: divisions have out-of-line paths), writing rd != x0.
bool computes_inline(uint32_t raw) {
  const uint32_t op = enc::opcode(raw), f3 = enc::funct3(raw), f7 = enc::funct7(raw);
  if (enc::rd(raw) == 0) return false;
  switch (op) {
    case enc::op::kLui: return true;
    case enc::op::kOp: return f7 == 0 || (f7 == 0x20 && (f3 == 0 || f3 == 5));
    case enc::op::kOp32:
      return (f7 == 0 && (f3 == 0 || f3 == 1 || f3 == 5)) || (f7 == 0x20 && (f3 == 0 || f3 == 5));
    case enc::op::kOpImm: {
      const uint32_t top = raw >> 26;
      return (f3 != 1 || top == 0) && (f3 != 5 || top == 0 || top == 0x10);
    }
    case enc::op::kOpImm32:
      return (f3 == 0 || f3 == 1 || f3 == 5) && (f3 == 0 || f7 == 0 || (f3 == 5 && f7 == 0x20));
    default: return false;
  }
}

bool conditional_branch(uint32_t raw) {
  return enc::opcode(raw) == enc::op::kBranch && enc::funct3(raw) != 2 && enc::funct3(raw) != 3;
}

// The first instructions of a Diamond's arms: the same operation into the same rd, from sources
// that differ in one register at most, neither of them rd.
bool alike_but_a_source(uint32_t taken, uint32_t fall) {
  if (!computes_inline(taken) || !computes_inline(fall)) return false;
  const uint32_t op = enc::opcode(fall);
  if (op == enc::op::kLui) return taken == fall;
  const bool two_sources = op == enc::op::kOp || op == enc::op::kOp32;
  const uint32_t differ = taken ^ fall, rs1_bits = 31u << 15, rs2_bits = 31u << 20;
  if (differ != 0 && differ != (differ & rs1_bits) && !(two_sources && differ == (differ & rs2_bits)))
    return false;
  const unsigned rd = enc::rd(fall);
  for (uint32_t raw : {taken, fall}) {
    if (enc::rs1(raw) == rd || (two_sources && enc::rs2(raw) == rd)) return false;
  }
  return true;
}

}  // namespace

bool find_diamond(const DecodedPage& page, size_t index, unsigned len, Diamond& out) {
  const uint32_t branch = raw_bits(page, index, len);
  if (!conditional_branch(branch) || enc::imm_b(branch) == static_cast<int32_t>(len)) return false;
  const int64_t taken_at = static_cast<int64_t>(index) * 2 + enc::imm_b(branch);
  if (taken_at < 0 || taken_at >= 4096) return false;
  Diamond d;
  size_t t = static_cast<size_t>(taken_at) / 2, f = index + len / 2;
  for (d.count = 0; d.count <= Diamond::kMaxArm; ++d.count) {
    const unsigned t_len = length_at(page, t), f_len = length_at(page, f);
    if (t_len == 0 || f_len == 0) return false;
    const ArmInsn tn{raw_bits(page, t, t_len), t_len, t}, fn{raw_bits(page, f, f_len), f_len, f};
    d.taken[d.count] = tn;
    d.fall[d.count] = fn;
    if (conditional_branch(fn.raw)) {
      // The opposite branch on the same registers, each arm's target where the other falls.
      const int64_t t_end = static_cast<int64_t>(t) * 2 + t_len, f_end = static_cast<int64_t>(f) * 2 + f_len;
      const bool opposite = conditional_branch(tn.raw) && enc::funct3(tn.raw) == (enc::funct3(fn.raw) ^ 1) &&
                            enc::rs1(tn.raw) == enc::rs1(fn.raw) && enc::rs2(tn.raw) == enc::rs2(fn.raw) &&
                            static_cast<int64_t>(f) * 2 + enc::imm_b(fn.raw) == t_end &&
                            static_cast<int64_t>(t) * 2 + enc::imm_b(tn.raw) == f_end;
      if (d.count == 0 || !opposite) return false;
      ++d.count;
      out = d;
      return true;
    }
    const bool alike =
        d.count == 0 ? alike_but_a_source(tn.raw, fn.raw) : tn.raw == fn.raw && computes_inline(fn.raw);
    if (!alike) return false;
    t += t_len / 2;
    f += f_len / 2;
  }
  return false;
}

bool find_skip(const DecodedPage& page, size_t index, unsigned len, Skip& out) {
  const uint32_t branch = raw_bits(page, index, len);
  if (enc::opcode(branch) != enc::op::kBranch) return false;
  const uint32_t f3 = enc::funct3(branch);
  if (f3 == 2 || f3 == 3) return false;
  const size_t at = index + len / 2;
  const unsigned next_len = length_at(page, at);
  if (next_len == 0 || enc::imm_b(branch) != static_cast<int32_t>(len + next_len)) return false;
  const uint32_t next = raw_bits(page, at, next_len);
  if (!computes_inline(next)) return false;
  out = Skip{next, next_len};
  return true;
}

bool find_extension(const DecodedPage& page, size_t index, unsigned len, Extension& out) {
  const uint32_t first = raw_bits(page, index, len);
  const int amount = shift_amount(first, 1);
  if (amount != 32 && amount != 48 && amount != 56) return false;
  const unsigned rd = enc::rd(first);
  if (rd == 0) return false;
  Extension e;
  e.rd = rd;
  e.rs = enc::rs1(first);
  e.bits = 64 - static_cast<unsigned>(amount);
  e.lengths[0] = len;
  size_t at = index + len / 2;
  for (int tries = 0; tries < 2; ++tries) {
    const unsigned next_len = length_at(page, at);
    if (next_len == 0) return false;
    const uint32_t next = raw_bits(page, at, next_len);
    if (shift_amount(next, 5) == amount && enc::rd(next) == rd && enc::rs1(next) == rd) {
      e.sign = (next >> 30) & 1;
      e.lengths[2] = next_len;
      out = e;
      return true;
    }
    if (tries == 1 || !independent(next, rd)) return false;
    e.gap = true;
    e.lengths[1] = next_len;
    at += next_len / 2;
  }
  return false;
}

}  // namespace microvm::riscv::jit
