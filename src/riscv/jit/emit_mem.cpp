// Inline loads and stores: the TLB hit path in line (Hart::load_fast / store_fast, the same
// compare of tag against the page and alignment), the miss out of line through the hart's slow
// path. A store ends as the interpreter's does: the block stops when the budget is spent or the
// store ended it (code or a device written).
#include <cstddef>
#include <cstdint>

#include "riscv/encoding.h"
#include "riscv/isa.h"
#include "riscv/jit/emitter.h"
#include "riscv/jit/runtime.h"

namespace microvm::riscv::jit {

using namespace asmjit;

void audit_store(Hart* hart, uint64_t va, uint32_t size);  // runtime.cpp

void Emitter::address(unsigned rs1, int32_t offset) {
  if (map_.mapped(rs1) && offset != 0) {
    a.lea(x86::rax, x86::ptr(map_.host(rs1), offset));
    return;
  }
  a.emit(x86::Inst::kIdMov, x86::rax, reg(rs1));
  if (offset != 0) a.add(x86::rax, offset);
}

void Emitter::tlb_lookup(int32_t entries_offset, unsigned size, Label miss) {
  static_assert(sizeof(TlbEntry) == 16);
  a.mov(x86::rcx, x86::qword_ptr(x86::rbx, off_.tlb_data));
  a.mov(x86::edx, x86::eax);
  a.shr(x86::edx, 12 - 4);
  a.and_(x86::edx, (Tlb::kSize - 1) << 4);  // the index times sizeof(TlbEntry)
  a.add(x86::rcx, x86::rdx);
  tlb_compare(entries_offset, size, miss);
}

void Emitter::tlb_compare(int32_t entries_offset, unsigned size, Label miss) {
  a.mov(x86::rdx, x86::rax);
  a.and_(x86::rdx, static_cast<int32_t>(0xFFFFF000u | (size - 1)));
  a.cmp(x86::rdx, x86::qword_ptr(x86::rcx, entries_offset));
  a.jne(miss);
  a.add(x86::rax, x86::qword_ptr(x86::rcx, entries_offset + 8));
}

// M-mode code (bare-metal kernels, firmware) addresses physical memory: an offset and a compare
// against the hart's current limit instead of the TLB's index, tag and addend, three dependent
// loads fewer before the data.
x86::Mem Emitter::direct_lookup(Label miss) {
  const int64_t minus_base = -static_cast<int64_t>(ram_.base);
  if (minus_base >= INT32_MIN && minus_base <= INT32_MAX) {
    a.lea(x86::rdx, x86::ptr(x86::rax, static_cast<int32_t>(minus_base)));
  } else {
    a.mov(x86::rdx, imm(minus_base));
    a.add(x86::rdx, x86::rax);
  }
  a.cmp(x86::rdx, x86::qword_ptr(x86::rbx, off_.direct_limit));
  a.jae(miss);
  if (ram_.host <= INT32_MAX) return x86::ptr(x86::rdx, static_cast<int32_t>(ram_.host));  // ram.cpp
  a.mov(x86::rax, imm(ram_.host));
  return x86::ptr(x86::rax, x86::rdx);
}

Emitter::Result Emitter::emit_load(uint32_t raw, int32_t pc_off) {
  const uint32_t f3 = enc::funct3(raw);
  if (f3 == 7) return Result::kNotInline;
  static constexpr unsigned kSizes[] = {1, 2, 4, 8, 1, 2, 4};
  const unsigned rd = dest(enc::rd(raw));
  flush();
  address(enc::rs1(raw), enc::imm_i(raw));
  OutOfLine o{OutOfLine::kLoadMiss, a.newLabel(), a.newLabel(), pc_off, rd, f3, 0};
  x86::Mem at = x86::ptr(x86::rax);
  if (ram_.now) {
    at = direct_lookup(o.entry);
  } else {
    tlb_lookup(static_cast<int32_t>(offsetof(Tlb::Set, read)), kSizes[f3], o.entry);
  }
  const x86::Gp v = map_.mapped(rd) ? map_.host(rd) : x86::Gp(x86::rdx);
  switch (f3) {
    case 0: a.movsx(v, at.cloneResized(1)); break;
    case 1: a.movsx(v, at.cloneResized(2)); break;
    case 2: a.movsxd(v, at.cloneResized(4)); break;
    case 3: a.mov(v, at.cloneResized(8)); break;
    case 4: a.movzx(v.r32(), at.cloneResized(1)); break;
    case 5: a.movzx(v.r32(), at.cloneResized(2)); break;
    default: a.mov(v.r32(), at.cloneResized(4)); break;
  }
  if (!map_.mapped(rd)) a.mov(mem(rd), x86::rdx);
  a.bind(o.back);
  cold_.push_back(o);
  return Result::kGoesOn;
}

void Emitter::fp_usable(const Insn& insn, int32_t pc_off, Label back) {
  flush();
  OutOfLine o{OutOfLine::kHelper, a.newLabel(), back, pc_off, 0, 0, 0};
  o.insn = insn;
  a.test(x86::dword_ptr(x86::rbx, off_.mstatus), static_cast<int32_t>(mstatus_bits::kFS));
  a.jz(o.entry);
  cold_.push_back(o);
}

// flw and fld (exec_fd.cpp): the value NaN-boxed for flw, and the FP state dirty.
Emitter::Result Emitter::emit_fp_load(const Insn& insn, uint32_t raw, int32_t pc_off) {
  const uint32_t f3 = enc::funct3(raw);
  if (f3 != 2 && f3 != 3) return Result::kNotInline;  // flh, vector loads
  const unsigned rd = enc::rd(raw);
  OutOfLine o{OutOfLine::kFpLoadMiss, a.newLabel(), a.newLabel(), pc_off, rd, f3, 0};
  fp_usable(insn, pc_off, o.back);
  address(enc::rs1(raw), enc::imm_i(raw));
  x86::Mem at = x86::ptr(x86::rax);
  if (ram_.now) {
    at = direct_lookup(o.entry);
  } else {
    tlb_lookup(static_cast<int32_t>(offsetof(Tlb::Set, read)), f3 == 3 ? 8 : 4, o.entry);
  }
  if (f3 == 3) {
    a.mov(x86::rdx, at.cloneResized(8));
  } else {
    a.mov(x86::edx, at.cloneResized(4));
    a.mov(x86::rcx, imm(0xFFFFFFFF00000000ull));
    a.or_(x86::rdx, x86::rcx);
  }
  a.mov(fmem(rd), x86::rdx);
  a.or_(x86::dword_ptr(x86::rbx, off_.mstatus), static_cast<int32_t>(mstatus_bits::kFS));
  a.bind(o.back);
  cold_.push_back(o);
  return Result::kGoesOn;
}

Emitter::Result Emitter::emit_fp_store(const Insn& insn, uint32_t raw, int32_t pc_off, unsigned len) {
  return emit_store(raw, pc_off, len, true, &insn);
}

Emitter::Result Emitter::emit_store(uint32_t raw, int32_t pc_off, unsigned len, bool fp, const Insn* fs_off) {
  const uint32_t f3 = enc::funct3(raw);
  if (f3 > 3) return Result::kNotInline;
  const unsigned size = 1u << f3, rs2 = enc::rs2(raw);
  OutOfLine miss{OutOfLine::kStoreMiss, a.newLabel(), a.newLabel(), pc_off, size, f3, rs2};
  miss.fp = fp;
  if (fs_off) fp_usable(*fs_off, pc_off, miss.back);
  flush();
  if (audit_) {
    save_regs();
    a.mov(x86::rdi, x86::rbx);
    a.mov(x86::rsi, mem(enc::rs1(raw)));
    a.add(x86::rsi, enc::imm_s(raw));
    a.mov(x86::edx, size);
    call(reinterpret_cast<const void*>(&audit_store));
    load_regs();
  }
  address(enc::rs1(raw), enc::imm_s(raw));
  OutOfLine special{OutOfLine::kSpecialStore, a.newLabel(), miss.back, pc_off, size, f3, rs2};
  if (ram_.now) {
    // Misaligned stores take the slow path: one that crosses into a page with code must be seen
    // there, and rsi is the flags of the first page only.
    if (size > 1) {
      a.test(x86::al, size - 1);
      a.jnz(miss.entry);
    }
    // rax = the host address, rsi = the page's flags word.
    a.lea(x86::rax, direct_lookup(miss.entry));
    a.shr(x86::rdx, 12);
    a.mov(x86::rsi, imm(reinterpret_cast<uintptr_t>(ram_.flags)));
    a.lea(x86::rsi, x86::ptr(x86::rsi, x86::rdx, 2));
  } else {
    // One index for both: rsi = write_flags[index] (read before the store, as store_fast does),
    // then rcx = the set + index * sizeof(TlbEntry).
    a.mov(x86::rcx, x86::qword_ptr(x86::rbx, off_.tlb_data));
    a.mov(x86::edx, x86::eax);
    a.shr(x86::edx, 12);
    a.and_(x86::edx, Tlb::kSize - 1);
    a.mov(x86::rsi, x86::ptr(x86::rcx, x86::rdx, 3, static_cast<int32_t>(offsetof(Tlb::Set, write_flags))));
    a.shl(x86::edx, 4);
    a.add(x86::rcx, x86::rdx);
    tlb_compare(static_cast<int32_t>(offsetof(Tlb::Set, write)), size, miss.entry);
  }
  x86::Gp v = x86::rdx;
  if (fp) {
    a.mov(v, fmem(rs2));
  } else {
    v = in_reg(rs2, x86::rdx);
  }
  switch (f3) {
    case 0: a.mov(x86::byte_ptr(x86::rax), v.r8()); break;
    case 1: a.mov(x86::word_ptr(x86::rax), v.r16()); break;
    case 2: a.mov(x86::dword_ptr(x86::rax), v.r32()); break;
    default: a.mov(x86::qword_ptr(x86::rax), v); break;
  }
  // Store first, then look at the page's flags (as Hart::store_fast).
  a.cmp(x86::dword_ptr(x86::rsi), 0);
  a.jne(special.entry);
  a.bind(miss.back);
  // next_insn_checked: the block goes on only while budget is left.
  Label goes_on = a.newLabel();
  a.test(budget(), budget());
  a.jg(goes_on);
  exit_at(static_cast<int64_t>(pc_off) + len, false);
  a.bind(goes_on);
  cold_.push_back(miss);
  cold_.push_back(special);
  return Result::kGoesOn;
}

}  // namespace microvm::riscv::jit
