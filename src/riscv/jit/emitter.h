// Host code for one guest block, x86-64 through asmjit. Register use in generated code:
//   rbx  the Hart          r12  the guest pc the block was entered at (pcs are r12 + offset)
//   rax, rcx, rdx, rsi, rdi, r8..r11  scratch
// Guest registers live in Hart::x; the block budget (Hart::BlockCount) is kept in memory, with
// the takes of instructions that cannot trap or call out added up and subtracted in one go.
#pragma once

#include <asmjit/x86.h>

#include <cstdint>
#include <vector>

#include "riscv/insn.h"
#include "riscv/jit/hooks.h"

namespace microvm::riscv::jit {

struct RunState;
struct ChainTable;

// What a block needs to chain to others of its page: the table, and where on which page it is.
struct ChainSite {
  const ChainTable* table;
  uint64_t incarnation;  // the page's (DecodedPage::incarnation)
  int32_t entry_offset;  // the block's first pc, as an offset into its page
};

class Emitter {
 public:
  Emitter(asmjit::x86::Assembler& a, const JitHooks::Offsets& offsets, RunState& state, bool audit,
          const ChainSite& site)
      : a(a), off_(offsets), state_(state), audit_(audit), site_(site) {}

  enum class Result { kNotInline, kGoesOn, kEndsBlock };
  // Inline code for the instruction `raw` (32-bit form) at offset `pc_off` from the entry pc.
  Result emit(uint32_t raw, int32_t pc_off, unsigned len);
  // An instruction without inline code: its interpreter handler, run by JitHooks::run_one.
  void emit_helper(const Insn& insn, int32_t pc_off, unsigned len);

  void prologue();
  // Leaves the block with pc = entry + pc_off; `chain`: the interpreter would have gone on
  // without looking at the budget (Jit::run continues).
  void exit_at(int64_t pc_off, bool chain);
  // A taken branch or jump to entry + pc_off: straight into the target's translation when it is
  // on this page and already translated and budget is left (what jump_to does in the
  // interpreter), else leaves the block as exit_at(pc_off, false).
  void jump_exit(int64_t pc_off);
  // jalr: the same, for the target in rcx (pending already flushed).
  void indirect_exit();
  // Where a block's body starts (ChainTable::kBodyOffset past the entry), for the check.
  asmjit::Label body() const { return body_; }
  void finish();  // the epilogue, out-of-line paths and data

  // Counts the next instruction's dispatch (not the block's first: run_block counted that).
  void take() { ++pending_; }
  void untake() { --pending_; }

 private:
  asmjit::x86::Mem reg(unsigned r) const {
    return asmjit::x86::qword_ptr(asmjit::x86::rbx, off_.x + 8 * int32_t(r));
  }
  asmjit::x86::Mem reg32(unsigned r) const {
    return asmjit::x86::dword_ptr(asmjit::x86::rbx, off_.x + 8 * int32_t(r));
  }
  asmjit::x86::Mem pc_mem() const { return asmjit::x86::qword_ptr(asmjit::x86::rbx, off_.pc); }
  asmjit::x86::Mem budget_mem() const { return asmjit::x86::qword_ptr(asmjit::x86::rbx, off_.budget); }
  // Makes the budget in memory exact (before anything that can trap, call out or leave).
  void flush();
  void store_pc(int64_t pc_off);
  void call(const void* fn);
  unsigned dest(unsigned rd) const { return rd == 0 ? 32 : rd; }

  Result emit_op(uint32_t raw, bool word);
  Result emit_op_imm(uint32_t raw, bool word);
  Result emit_m(uint32_t raw, bool word);
  Result emit_branch(uint32_t raw, int32_t pc_off, unsigned len);
  Result emit_jump(uint32_t raw, int32_t pc_off, unsigned len);
  Result emit_load(uint32_t raw, int32_t pc_off);
  Result emit_store(uint32_t raw, int32_t pc_off, unsigned len);
  // Sets the TLB entry address for `va` (in rsi) of the set at `entries_offset` into rax+rcx.
  void tlb_lookup(int32_t entries_offset, unsigned size, asmjit::Label miss);

  asmjit::x86::Assembler& a;
  JitHooks::Offsets off_;
  RunState& state_;
  bool audit_;
  ChainSite site_;
  int pending_ = 0;
  asmjit::Label epilogue_, body_;
  // Out-of-line paths (TLB misses, stores to special pages), emitted after the block body.
  struct OutOfLine {
    enum Kind { kLoadMiss, kStoreMiss, kSpecialStore } kind;
    asmjit::Label entry, back;
    int32_t pc_off;
    uint32_t rd_or_size, funct3, rs2;
  };
  std::vector<OutOfLine> cold_;
  struct Data {
    asmjit::Label label;
    Insn insns[3];
  };
  std::vector<Data> data_;
};

}  // namespace microvm::riscv::jit
