// Inline loads and stores: the TLB hit path in line (Hart::load_fast / store_fast, the same
// compare of tag against the page and alignment), the miss out of line through the hart's slow
// path. A store ends as the interpreter's does (next_insn_unless_ended): the block goes on unless
// the store ended it (code or a device written), which only the slow paths see.
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
  if (map_->mapped(rs1) && offset != 0) {
    a.lea(x86::rax, x86::ptr(map_->host(rs1), offset));
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
// loads fewer before the data. The offset is computed straight from the guest register; the
// out-of-line paths rebuild the address from it (va_from_offset).
x86::Mem Emitter::direct_address(unsigned rs1, int32_t offset, unsigned align_mask, Label miss) {
  const int64_t disp = int64_t{offset} - static_cast<int64_t>(ram_.base);
  const bool fits = disp >= INT32_MIN && disp <= INT32_MAX;
  if (map_->mapped(rs1)) {
    a.lea(x86::rdx, x86::ptr(map_->host(rs1), fits ? static_cast<int32_t>(disp) : offset));
  } else {
    a.mov(x86::rdx, mem(rs1));
    if (fits) {
      if (disp != 0) a.add(x86::rdx, static_cast<int32_t>(disp));
    } else if (offset != 0) {
      a.add(x86::rdx, offset);
    }
  }
  if (!fits) {
    a.mov(x86::rcx, imm(-static_cast<int64_t>(ram_.base)));
    a.add(x86::rdx, x86::rcx);
  }
  // RAM starts on a page boundary: the offset's low bits are the address's.
  if (align_mask != 0) {
    a.test(x86::dl, align_mask);
    a.jnz(miss);
  }
  a.cmp(x86::rdx, x86::qword_ptr(x86::rbx, off_.direct_limit));
  a.jae(miss);
  if (ram_.low) return x86::ptr(x86::rdx, static_cast<int32_t>(ram_.host));  // ram.cpp
  a.mov(x86::rax, imm(ram_.host));
  return x86::ptr(x86::rax, x86::rdx);
}

void Emitter::va_from_offset() {
  a.mov(x86::rax, imm(ram_.base));
  a.add(x86::rax, x86::rdx);
}

Emitter::Result Emitter::emit_load(uint32_t raw, int32_t pc_off) {
  const uint32_t f3 = enc::funct3(raw);
  if (f3 == 7) return Result::kNotInline;
  static constexpr unsigned kSizes[] = {1, 2, 4, 8, 1, 2, 4};
  const unsigned rd = dest(enc::rd(raw));
  OutOfLine o{OutOfLine::kLoadMiss, a.newLabel(), a.newLabel(), pc_off, rd, f3, 0};
  o.pending = pending_;
  x86::Mem at = x86::ptr(x86::rax);
  if (ram_.now) {
    at = direct_address(enc::rs1(raw), enc::imm_i(raw), 0, o.entry);
    o.offset_in_rdx = true;
  } else {
    address(enc::rs1(raw), enc::imm_i(raw));
    tlb_lookup(static_cast<int32_t>(offsetof(Tlb::Set, read)), kSizes[f3], o.entry);
  }
  const x86::Gp v = map_->mapped(rd) ? map_->host(rd) : x86::Gp(x86::rdx);
  switch (f3) {
    case 0: a.movsx(v, at.cloneResized(1)); break;
    case 1: a.movsx(v, at.cloneResized(2)); break;
    case 2: a.movsxd(v, at.cloneResized(4)); break;
    case 3: a.mov(v, at.cloneResized(8)); break;
    case 4: a.movzx(v.r32(), at.cloneResized(1)); break;
    case 5: a.movzx(v.r32(), at.cloneResized(2)); break;
    default: a.mov(v.r32(), at.cloneResized(4)); break;
  }
  if (!map_->mapped(rd)) a.mov(mem(rd), x86::rdx);
  a.bind(o.back);
  add_cold(o);
  return Result::kGoesOn;
}

void Emitter::fp_usable(const Insn& insn, int32_t pc_off, Label back) {
  flush();
  OutOfLine o{OutOfLine::kHelper, a.newLabel(), back, pc_off, 0, 0, 0};
  o.insn = insn;
  a.test(x86::dword_ptr(x86::rbx, off_.mstatus), static_cast<int32_t>(mstatus_bits::kFS));
  a.jz(o.entry);
  add_cold(o);
}

// flw and fld (exec_fd.cpp): the value NaN-boxed for flw, and the FP state dirty.
Emitter::Result Emitter::emit_fp_load(const Insn& insn, uint32_t raw, int32_t pc_off) {
  const uint32_t f3 = enc::funct3(raw);
  if (f3 != 2 && f3 != 3) return Result::kNotInline;  // flh, vector loads
  const unsigned rd = enc::rd(raw);
  OutOfLine o{OutOfLine::kFpLoadMiss, a.newLabel(), a.newLabel(), pc_off, rd, f3, 0};
  fp_usable(insn, pc_off, o.back);
  x86::Mem at = x86::ptr(x86::rax);
  if (ram_.now) {
    at = direct_address(enc::rs1(raw), enc::imm_i(raw), 0, o.entry);
    o.offset_in_rdx = true;
  } else {
    address(enc::rs1(raw), enc::imm_i(raw));
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
  add_cold(o);
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
  if (audit_) {
    flush();
    const bool local = leave_local();
    save_regs();
    a.mov(x86::rdi, x86::rbx);
    a.mov(x86::rsi, mem(enc::rs1(raw)));
    a.add(x86::rsi, enc::imm_s(raw));
    a.mov(x86::edx, size);
    call(reinterpret_cast<const void*>(&audit_store));
    load_regs();
    if (local) enter_local();
  }
  OutOfLine special{OutOfLine::kSpecialStore, a.newLabel(), miss.back, pc_off, size, f3, rs2};
  miss.pending = special.pending = pending_;
  x86::Mem at = x86::ptr(x86::rax);
  if (ram_.now) {
    // Misaligned stores take the slow path: one that crosses into a page with code must be seen
    // there, and only the first page's flags are looked at.
    at = direct_address(enc::rs1(raw), enc::imm_s(raw), size - 1, miss.entry);
    miss.offset_in_rdx = special.offset_in_rdx = true;
  } else {
    address(enc::rs1(raw), enc::imm_s(raw));
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
  // The value: in rsi or rdx, whichever the address left free.
  const x86::Gp spare = ram_.now ? x86::rsi : x86::rdx;
  x86::Gp v = spare;
  if (fp) {
    a.mov(v, fmem(rs2));
  } else {
    v = in_reg(rs2, spare);
  }
  switch (f3) {
    case 0: a.mov(at.cloneResized(1), v.r8()); break;
    case 1: a.mov(at.cloneResized(2), v.r16()); break;
    case 2: a.mov(at.cloneResized(4), v.r32()); break;
    default: a.mov(at.cloneResized(8), v); break;
  }
  // Store first, then look at the page's flags (as Hart::store_fast).
  if (ram_.now) {
    // rcx = the page's index * Ram::kFlagsStride.
    static_assert(Ram::kFlagsStride == 64);
    a.mov(x86::rcx, x86::rdx);
    a.shr(x86::rcx, 6);
    a.and_(x86::rcx, -64);
    if (ram_.low) {
      a.cmp(x86::dword_ptr(reinterpret_cast<uint64_t>(ram_.flags), x86::rcx), 0);
    } else {
      a.mov(x86::rsi, imm(reinterpret_cast<uintptr_t>(ram_.flags)));
      a.cmp(x86::dword_ptr(x86::rsi, x86::rcx), 0);
    }
  } else {
    a.cmp(x86::dword_ptr(x86::rsi), 0);
  }
  a.jne(special.entry);
  a.bind(miss.back);
  // No budget check: a store goes on as computing code does (the takes stay pending), unless it
  // ended the block, which only the slow paths can see (finish).
  miss.next_pc_off = special.next_pc_off = pc_off + static_cast<int32_t>(len);
  add_cold(miss);
  add_cold(special);
  return Result::kGoesOn;
}

}  // namespace microvm::riscv::jit
