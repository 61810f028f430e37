// Inline loads and stores: the TLB hit path in line (Hart::load_fast / store_fast, the same
// compare of tag against the page and alignment), the miss out of line through the hart's slow
// path. A store ends as the interpreter's does: the block stops when the budget is spent or the
// store ended it (code or a device written).
#include <cstddef>

#include "riscv/encoding.h"
#include "riscv/jit/emitter.h"
#include "riscv/jit/runtime.h"

namespace microvm::riscv::jit {

using namespace asmjit;

void audit_store(Hart* hart, uint64_t va, uint32_t size);  // runtime.cpp

void Emitter::tlb_lookup(int32_t entries_offset, unsigned size, Label miss) {
  a.mov(x86::rax, x86::qword_ptr(x86::rbx, off_.tlb_data));
  a.mov(x86::rcx, x86::rsi);
  a.shr(x86::rcx, 12);
  a.and_(x86::ecx, Tlb::kSize - 1);
  a.mov(x86::rdx, x86::rcx);
  a.shl(x86::rdx, 4);
  a.mov(x86::r8, x86::rsi);
  a.and_(x86::r8, static_cast<int32_t>(0xFFFFF000u | (size - 1)));
  a.cmp(x86::r8, x86::qword_ptr(x86::rax, x86::rdx, 0, entries_offset));
  a.jne(miss);
  a.mov(x86::rdx, x86::qword_ptr(x86::rax, x86::rdx, 0, entries_offset + 8));
}

Emitter::Result Emitter::emit_load(uint32_t raw, int32_t pc_off) {
  const uint32_t f3 = enc::funct3(raw);
  if (f3 == 7) return Result::kNotInline;
  static constexpr unsigned kSizes[] = {1, 2, 4, 8, 1, 2, 4};
  const unsigned rd = dest(enc::rd(raw));
  flush();
  a.mov(x86::rsi, reg(enc::rs1(raw)));
  a.add(x86::rsi, enc::imm_i(raw));
  OutOfLine o{OutOfLine::kLoadMiss, a.newLabel(), a.newLabel(), pc_off, rd, f3, 0};
  tlb_lookup(static_cast<int32_t>(offsetof(Tlb::Set, read)), kSizes[f3], o.entry);
  switch (f3) {
    case 0: a.movsx(x86::r8, x86::byte_ptr(x86::rdx, x86::rsi)); break;
    case 1: a.movsx(x86::r8, x86::word_ptr(x86::rdx, x86::rsi)); break;
    case 2: a.movsxd(x86::r8, x86::dword_ptr(x86::rdx, x86::rsi)); break;
    case 3: a.mov(x86::r8, x86::qword_ptr(x86::rdx, x86::rsi)); break;
    case 4: a.movzx(x86::r8d, x86::byte_ptr(x86::rdx, x86::rsi)); break;
    case 5: a.movzx(x86::r8d, x86::word_ptr(x86::rdx, x86::rsi)); break;
    default: a.mov(x86::r8d, x86::dword_ptr(x86::rdx, x86::rsi)); break;
  }
  a.mov(reg(rd), x86::r8);
  a.bind(o.back);
  cold_.push_back(o);
  return Result::kGoesOn;
}

Emitter::Result Emitter::emit_store(uint32_t raw, int32_t pc_off, unsigned len) {
  const uint32_t f3 = enc::funct3(raw);
  if (f3 > 3) return Result::kNotInline;
  const unsigned size = 1u << f3, rs2 = enc::rs2(raw);
  flush();
  if (audit_) {
    a.mov(x86::rdi, x86::rbx);
    a.mov(x86::rsi, reg(enc::rs1(raw)));
    a.add(x86::rsi, enc::imm_s(raw));
    a.mov(x86::edx, size);
    call(reinterpret_cast<const void*>(&audit_store));
  }
  a.mov(x86::rsi, reg(enc::rs1(raw)));
  a.add(x86::rsi, enc::imm_s(raw));
  OutOfLine miss{OutOfLine::kStoreMiss, a.newLabel(), a.newLabel(), pc_off, size, f3, rs2};
  OutOfLine special{OutOfLine::kSpecialStore, a.newLabel(), miss.back, pc_off, size, f3, rs2};
  tlb_lookup(static_cast<int32_t>(offsetof(Tlb::Set, write)), size, miss.entry);
  a.mov(x86::r9,
        x86::qword_ptr(x86::rax, x86::rcx, 3, static_cast<int32_t>(offsetof(Tlb::Set, write_flags))));
  a.mov(x86::r8, reg(rs2));
  switch (f3) {
    case 0: a.mov(x86::byte_ptr(x86::rdx, x86::rsi), x86::r8b); break;
    case 1: a.mov(x86::word_ptr(x86::rdx, x86::rsi), x86::r8w); break;
    case 2: a.mov(x86::dword_ptr(x86::rdx, x86::rsi), x86::r8d); break;
    default: a.mov(x86::qword_ptr(x86::rdx, x86::rsi), x86::r8); break;
  }
  // Store first, then look at the page's flags (as Hart::store_fast).
  a.cmp(x86::dword_ptr(x86::r9), 0);
  a.jne(special.entry);
  a.bind(miss.back);
  // next_insn_checked: the block goes on only while budget is left.
  Label goes_on = a.newLabel();
  a.cmp(budget_mem(), 0);
  a.jg(goes_on);
  exit_at(static_cast<int64_t>(pc_off) + len, false);
  a.bind(goes_on);
  cold_.push_back(miss);
  cold_.push_back(special);
  return Result::kGoesOn;
}

}  // namespace microvm::riscv::jit
