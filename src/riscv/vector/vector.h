// What the vector instruction files share: the handler shape, element access, the legality rules
// (register-group alignment and overlap, as the RVV 1.0 specification and QEMU 7.2 check them).
//
// Every vector handler is one `Result op(Hart&, uint32_t raw)` wrapped by run<op>: an op reads
// the fields it needs from the raw bits, returns kIllegal for an encoding the current vtype
// makes reserved, kTrapped after a memory fault (vstart left at the faulting element), kDone
// otherwise. Elements past vl and, for masked instructions, inactive ones are left undisturbed:
// QEMU 7.2 treats "agnostic" that way by default, and so does microvm.
#pragma once

#include <cstdint>
#include <cstring>

#include "riscv/exec_common.h"
#include "riscv/hart.h"
#include "riscv/vector/state.h"

namespace microvm::riscv::vec {

enum class Result { kDone, kIllegal, kTrapped };
using Op = Result (*)(Hart&, uint32_t raw);

template <Op F>
void run(Hart& h, const Insn& i) {
  const Result r = F(h, static_cast<uint32_t>(i.imm));
  if (r == Result::kIllegal) [[unlikely]] {
    h.raise_illegal(i);
    return;
  }
  if (r == Result::kTrapped) [[unlikely]]
    return;
  return next_insn_checked(h, i);
}

// Fields of the vector encodings (unprivileged spec, "Vector Instruction Formats").
inline unsigned vd_of(uint32_t raw) { return (raw >> 7) & 31; }
inline unsigned rs1_of(uint32_t raw) { return (raw >> 15) & 31; }
inline unsigned vs2_of(uint32_t raw) { return (raw >> 20) & 31; }
inline bool vm_of(uint32_t raw) { return (raw >> 25) & 1; }
inline unsigned funct6_of(uint32_t raw) { return raw >> 26; }
inline unsigned funct3_of(uint32_t raw) { return (raw >> 12) & 7; }
inline int64_t simm5_of(uint32_t raw) { return static_cast<int32_t>(raw << 12) >> 27; }

inline bool vs_off(const Hart& h) { return (h.csr.mstatus & mstatus_bits::kVS) == 0; }
inline void mark_dirty(Hart& h) { h.csr.mstatus |= mstatus_bits::kVS; }

inline uint64_t width_mask(unsigned bits) { return bits >= 64 ? ~0ull : (1ull << bits) - 1; }
inline int64_t sext(uint64_t v, unsigned bits) {
  return bits >= 64 ? static_cast<int64_t>(v) : static_cast<int64_t>(v << (64 - bits)) >> (64 - bits);
}

// Element `idx` of width `bytes` in the group starting at register `reg`.
inline uint64_t get(const VectorState& v, unsigned reg, uint64_t idx, unsigned bytes) {
  const uint8_t* p = v.at(reg) + idx * bytes;
  switch (bytes) {
    case 1: return *p;
    case 2: {
      uint16_t x;
      std::memcpy(&x, p, 2);
      return x;
    }
    case 4: {
      uint32_t x;
      std::memcpy(&x, p, 4);
      return x;
    }
    default: {
      uint64_t x;
      std::memcpy(&x, p, 8);
      return x;
    }
  }
}
inline void put(VectorState& v, unsigned reg, uint64_t idx, unsigned bytes, uint64_t value) {
  std::memcpy(v.at(reg) + idx * bytes, &value, bytes);
}
inline bool mask_bit(const VectorState& v, unsigned reg, uint64_t idx) {
  return (v.at(reg)[idx / 8] >> (idx % 8)) & 1;
}
inline void put_mask_bit(VectorState& v, unsigned reg, uint64_t idx, bool on) {
  uint8_t& b = v.at(reg)[idx / 8];
  b = static_cast<uint8_t>(on ? b | (1u << (idx % 8)) : b & ~(1u << (idx % 8)));
}
inline bool active(const VectorState& v, bool vm, uint64_t idx) { return vm || mask_bit(v, 0, idx); }

// Register groups: a group of 2^emul_log2 registers starts at a multiple of its size.
inline unsigned group_regs(int emul_log2) { return emul_log2 <= 0 ? 1 : 1u << emul_log2; }
inline bool aligned(unsigned reg, int emul_log2) { return reg % group_regs(emul_log2) == 0; }
inline bool overlapped(unsigned a, unsigned a_size, unsigned b, unsigned b_size) {
  return a < b + b_size && b < a + a_size;
}
// A destination may overlap a source of another EEW only where the specification allows
// (section 5.2): in the lowest part of a wider source, or the highest part of a narrower one.
bool no_overlap(unsigned dst, int dst_lmul, unsigned src, int src_lmul);
// A masked instruction may not write v0 (except as a mask result).
inline bool mask_ok(bool vm, unsigned vd) { return vm || vd != 0; }

// The common prologue of an instruction that uses vtype: VS on, vtype legal.
inline bool vector_usable(const Hart& h) { return !vs_off(h) && !h.vec.vill(); }
inline int lmul(const Hart& h) { return lmul_log2(h.vec.vlmul()); }

// After an instruction that ran its elements: vstart back to 0, the state dirty.
inline Result done(Hart& h) {
  h.vec.vstart = 0;
  mark_dirty(h);
  return Result::kDone;
}

// ---------------------------------------------------------------------------------------------
// The arithmetic instructions (OP-V): one table row per funct6 of each category, in the group
// files. A row either names an element operation, which `elementwise` runs over the body, or an
// Op of its own (compares, carries, reductions, permutations...).

// funct3 of OP-V.
enum Category : unsigned {
  kOpivv = 0,
  kOpfvv = 1,
  kOpmvv = 2,
  kOpivi = 3,
  kOpivx = 4,
  kOpfvf = 5,
  kOpmvx = 6
};
// Which forms a row accepts, as bits.
enum Forms : uint8_t { kV = 1, kX = 2, kI = 4 };
// Element widths of an elementwise operation, relative to SEW: vd and vs2 (vs1 and the scalar
// are always SEW wide).
enum class Shape : uint8_t { kSame, kWiden, kWideSource, kNarrow };

// vd[i] = op(vs2[i], vs1[i] or the scalar, old vd[i]), at the source width `sew` in bits; the
// result is truncated to vd's width. The hart is there for vxrm and vxsat.
using ElemOp = uint64_t (*)(Hart& h, uint64_t a, uint64_t b, uint64_t d, unsigned sew);

struct Entry {
  Op custom = nullptr;
  ElemOp elem = nullptr;
  uint8_t forms = 0;
  Shape shape = Shape::kSame;
  bool uimm = false;      // the .vi immediate is unsigned (shifts, slides, gathers)
  bool reads_vd = false;  // multiply-add: the old vd is an operand
};

// The row for funct6 in the integer (OPI) or the OPM table of a group; null if it has none.
const Entry* integer_entry(bool opm, unsigned funct6);
const Entry* fixed_point_entry(bool opm, unsigned funct6);
const Entry* mask_permute_entry(bool opm, unsigned funct6);

Result elementwise(Hart& h, uint32_t raw, const Entry& e);
// The scalar operand of a .vx or .vi form, truncated to `sew` bits.
uint64_t scalar_operand(const Hart& h, uint32_t raw, bool uimm, unsigned sew);

// A copy of a source register group, so results may be written over it while it is read.
struct Group {
  alignas(16) uint8_t bytes[8 * VectorState::kMaxVlenb];
  Group(const VectorState& v, unsigned reg, int emul_log2) {
    std::memcpy(bytes, v.at(reg), size_t{group_regs(emul_log2)} * v.vlenb);
  }
  uint64_t get(uint64_t idx, unsigned width) const {
    uint64_t x = 0;
    std::memcpy(&x, bytes + idx * width, width);
    return x;
  }
  bool mask(uint64_t idx) const { return (bytes[idx / 8] >> (idx % 8)) & 1; }
};

// The instruction groups (one file each).
Result exec_vset(Hart& h, uint32_t raw);
bool is_vector_memory(uint32_t raw);
Result exec_load(Hart& h, uint32_t raw);
Result exec_store(Hart& h, uint32_t raw);
Result exec_arith(Hart& h, uint32_t raw);
const Entry* find_arith(uint32_t raw);

}  // namespace microvm::riscv::vec
