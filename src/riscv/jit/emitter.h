// Host code for one guest block, x86-64 through asmjit. Register use in generated code:
//   rbx  the Hart          r12  the guest pc the block was entered at (pcs are r12 + offset)
//   rax, rcx, rdx, rsi     scratch
//   rbp, r13, r14, rdi, r8..r11  eight guest registers (RegMap), the same in every block
//   r15  the block budget (BlockCount::budget, block_count.h)
// The mapped guest registers and the budget live in host registers from the shared entry
// (Trampolines::enter) to the shared exit, across chained blocks; the Hart holds them only
// around calls (written back before, read again after) and after the exit. The other guest
// registers live in Hart::x. The takes of instructions that cannot trap or call out are added up
// and subtracted in one go.
#pragma once

#include <asmjit/x86.h>

#include <array>
#include <cstdint>
#include <vector>

#include "riscv/insn.h"
#include "riscv/jit/fusion.h"
#include "riscv/jit/hooks.h"

namespace microvm::riscv::jit {

struct RunState;
struct ChainTable;

// Which eight guest registers live in host registers, for all the blocks of a code cache. It
// starts with sp, s0 and a0-a5 (what GCC's RISC-V code and the compressed encodings use most) and
// the translator re-picks the most used ones as it learns the guest (JitImpl::adapt). Caller-saved
// host registers are fine: every call from generated code writes the mapped registers back first
// and reads them again after.
class RegMap {
 public:
  static constexpr unsigned kCount = 8;
  RegMap() : RegMap(std::array<unsigned, kCount>{2, 8, 10, 11, 12, 13, 14, 15}) {}
  explicit RegMap(const std::array<unsigned, kCount>& guests) : guests_(guests) {
    using namespace asmjit::x86;
    const Gp hosts[kCount] = {r13, r14, rbp, rdi, r8, r9, r10, r11};
    for (unsigned i = 0; i < kCount; ++i) host_[guests[i]] = hosts[i];
  }
  asmjit::x86::Gp host(unsigned r) const { return r < 32 ? host_[r] : asmjit::x86::Gp(); }
  bool mapped(unsigned r) const { return host(r).isValid(); }
  const std::array<unsigned, kCount>& guests() const { return guests_; }
  static asmjit::x86::Gp budget() { return asmjit::x86::r15; }
  // The Hart <-> host registers (the mapped guest registers and the budget).
  void save(asmjit::x86::Assembler& a, const JitHooks::Offsets& off) const;
  void load(asmjit::x86::Assembler& a, const JitHooks::Offsets& off) const;

 private:
  std::array<unsigned, kCount> guests_;
  asmjit::x86::Gp host_[32];
};

// Code every block shares, at the start of the code cache: the entry from C++ (saves the host's
// callee-saved registers, sets rbx and r12, loads the mapped guest registers, jumps to the block),
// the exit (writes them back, returns), and the write-back and reload around calls (called).
struct Trampolines {
  using Enter = void (*)(Hart*, const void* block);
  Enter enter = nullptr;
  const void* exit = nullptr;
  const void* save = nullptr;
  const void* load = nullptr;
  // What the lookup table holds for a block not translated: cold (the interpreter runs it until
  // it is hot) or refused (it cannot be). Generated code that jumps there gives back the take and
  // leaves with pc = r12, as if the table had missed; JitImpl::lookup then answers without the map.
  const void* cold = nullptr;
  const void* refused = nullptr;
  // The slow paths of inline loads and stores, called from a block's out-of-line code with the
  // address in rax, pc in rsi, the helper's third and fourth arguments in rdx and ecx; they return
  // to the block, or leave it when the access trapped or a store ended the block (JitHooks::
  // load_miss, fp_load_miss, store_miss). special_store: the host address in rax, the size in edx,
  // in rsi the pc it leaves with if the store ended the block.
  const void* load_miss = nullptr;
  const void* fp_load_miss = nullptr;
  const void* store_miss = nullptr;
  const void* special_store = nullptr;
  // An instruction without inline code: its pc in rcx, its Insn and two sentinels at rsi
  // (JitHooks::run_one); returns to the block when the chain would go on, else leaves it.
  const void* run_one = nullptr;
  // A jump to another page: its target in rcx, dispatch's take done (Emitter::cross_page).
  const void* cross_page = nullptr;
  bool translated(const void* code) const { return code != cold && code != refused; }
};

// What a block needs to chain to others of its page: the table, and where on which page it is.
struct ChainSite {
  const ChainTable* table;
  uint64_t incarnation;  // the page's (DecodedPage::incarnation)
  int32_t entry_offset;  // the block's first pc, as an offset into its page
};

class Emitter {
 public:
  Emitter(asmjit::x86::Assembler& a, const JitHooks::Offsets& offsets, const JitHooks::DirectRam& ram,
          RunState& state, bool audit, const ChainSite& site, const Trampolines& shared, const RegMap& map)
      : a(a),
        off_(offsets),
        ram_(ram),
        state_(state),
        audit_(audit),
        site_(site),
        shared_(shared),
        global_(map),
        map_(&map) {}

  enum class Result { kNotInline, kGoesOn, kEndsBlock };
  // Inline code for the instruction `raw` (32-bit form, decoded as `insn`) at offset `pc_off`
  // from the entry pc.
  Result emit(const Insn& insn, uint32_t raw, int32_t pc_off, unsigned len);
  // slli rd, rs, 64 - bits; srli (srai: `sign`) rd, rd, 64 - bits, for bits 32, 16 or 8 (fusion.h).
  void emit_extension(unsigned rd, unsigned rs, unsigned bits, bool sign);
  // A branch at pc_off over one instruction that computes (fusion.h's find_skip), both counted as
  // the interpreter counts them, with no branch on the condition; false (nothing emitted) when the
  // skipped instruction is itself a branch target inside the block.
  bool emit_skip(const Insn& skipped, uint32_t branch_raw, uint32_t skipped_raw, int32_t pc_off, unsigned len,
                 unsigned skipped_len);
  // An if-else with arms alike at pc_off (fusion.h's find_diamond; `slots` the page's, `page_off`
  // the pc_off of its first slot), run as one arm without a branch on the condition, counted and
  // ending turns as the interpreter's run of either arm; false (nothing emitted) when an
  // instruction of the fall-through arm is a branch target inside the block.
  bool emit_diamond(const Diamond& d, const Insn* slots, uint32_t branch_raw, int32_t pc_off,
                    int32_t page_off);
  // An instruction without inline code: its interpreter handler, run by JitHooks::run_one.
  void emit_helper(const Insn& insn, int32_t pc_off, unsigned len);
  // The call to Trampolines::run_one for `insn` at pc_off (the pending takes already flushed).
  void run_one(const Insn& insn, int32_t pc_off);

  void prologue();
  // A block with a loop in it (local_swaps): from here on its guest registers are `local`, the
  // global map with some guests swapped for others (pairs of global guest, local guest sharing
  // a host register; the Emitter's user picks them). The swap is made here and undone on every
  // way out of the block (demote), and around every call; a back edge to the block's start jumps
  // to just after it.
  void localize(const std::vector<std::pair<unsigned, unsigned>>& swaps);
  // Branches inside the block: add_inner(pc_off) before the body makes a branch to entry + pc_off
  // (not 0) a jump inside the block, to a label bound when the body gets there (bind_inner, at
  // every instruction); leave_unbound_inner() after the body makes the rest leave the block.
  void add_inner(int32_t pc_off);
  void bind_inner(int32_t pc_off);
  void leave_unbound_inner();
  // Exact turns: leaves at once, giving dispatch's take back, unless the budget is at least the
  // block's reach (the header's value, kBlockHeader bytes before the code).
  void exact_entry(asmjit::Label header);
  // Exact turns, after the not-taken branch that is the block's instruction `index`: leaves with
  // pc = entry + next_pc_off (RunState::inside) unless the budget covers the instructions up to
  // the next branch or the block's end.
  void segment_check(unsigned index, int32_t next_pc_off);
  // Leaves the block with pc = entry + pc_off; `chain`: the interpreter would have gone on
  // without looking at the budget (Jit::run continues).
  void exit_at(int64_t pc_off, bool chain);
  // A taken branch or jump to entry + pc_off: straight into the target's translation when it is
  // on this page and already translated and budget is left (what jump_to does in the
  // interpreter), else leaves the block as exit_at(pc_off, false). Not `checked`: the block goes
  // on into the next without looking at the budget (straight-line code past kMaxInsns), the same
  // page only, else it leaves as exit_at(pc_off, true).
  void jump_exit(int64_t pc_off, bool checked = true);
  // jalr: the same, for the target in rcx (pending already flushed).
  void indirect_exit();
  // Into the translation of the target in rcx on another page, checked as enter_page would.
  void cross_page();
  // Jumps to a block of this page not translated yet: where to write a jump to it once it is
  // (between `at` and `after`, at least kPatchBytes), and its ChainTable key.
  struct PatchSite {
    uint64_t key;
    asmjit::Label at, after;
  };
  static constexpr size_t kPatchBytes = 5;  // jmp rel32
  const std::vector<PatchSite>& patch_sites() const { return patch_sites_; }
  void lookup_key();
  asmjit::Label untake_at_rcx();
  // The epilogue, out-of-line paths and data, for a block of `insns` instructions; returns its
  // reach (the header's value: the instructions after the first up to its first branch or end).
  int64_t finish(unsigned insns);

  // Counts the next instruction's dispatch (not the block's first: run_block counted that).
  void take() { ++pending_; }
  // After a jump: the code that follows is reached only by jumps to it, with nothing pending.
  void after_jump() {
    pending_ = 0;
    known_ = 0;
  }
  // Guest registers whose values the block knows at this point of its straight-line code (li, lui,
  // addi and addiw of a known one); emit_m divides by a known divisor without a division. The
  // translator calls track() after each instruction it emits, forget() for a register written
  // another way (a fused pair, a skipped instruction); bind_inner forgets all at a jump's target.
  void track(uint32_t raw);
  void forget(unsigned r) { known_ &= ~(1u << r); }
  void untake() { --pending_; }

 private:
  // Guest register r: its host register when mapped, else its Hart::x slot.
  asmjit::Operand reg(unsigned r) const {
    if (map_->mapped(r)) return map_->host(r);
    return mem(r);
  }
  asmjit::Operand reg32(unsigned r) const {
    if (map_->mapped(r)) return map_->host(r).r32();
    return asmjit::x86::dword_ptr(asmjit::x86::rbx, off_.x + 8 * int32_t(r));
  }
  asmjit::x86::Mem mem(unsigned r) const {
    return asmjit::x86::qword_ptr(asmjit::x86::rbx, off_.x + 8 * int32_t(r));
  }
  // Two-operand instructions on guest-register operands (a register or memory).
  void op(asmjit::x86::Inst::Id id, const asmjit::Operand& dst, const asmjit::Operand& src) {
    a.emit(id, dst, src);
  }
  // Into scratch `tmp` unless the guest register is mapped; returns the register holding it.
  asmjit::x86::Gp in_reg(unsigned r, const asmjit::x86::Gp& tmp) {
    if (map_->mapped(r)) return map_->host(r);
    a.mov(tmp, mem(r));
    return tmp;
  }
  void save_regs() { a.call(asmjit::imm(reinterpret_cast<uint64_t>(shared_.save))); }
  void load_regs() { a.call(asmjit::imm(reinterpret_cast<uint64_t>(shared_.load))); }
  // Local registers (localize): promote() swaps the global map's guests for the local ones,
  // demote() swaps them back; moves only, no flags or scratch registers touched. leave_local()
  // demotes when local and says whether it did; enter_local() promotes again; set_local() only
  // says which map the code after a jump out is emitted with (reached around it, still local).
  void promote();
  void demote();
  bool leave_local();
  void enter_local();
  void set_local(bool on) {
    local_ = on;
    map_ = on ? &local_map_ : &global_;
  }
  // jump_exit and indirect_exit with the registers global.
  void jump_out(int64_t pc_off, bool checked);
  void indirect_out();
  // Into the shared exit from where the code is now: local registers are demoted first.
  asmjit::Label exit_label() const { return local_ ? local_epilogue_ : epilogue_; }

  asmjit::x86::Mem pc_mem() const { return asmjit::x86::qword_ptr(asmjit::x86::rbx, off_.pc); }
  asmjit::x86::Gp budget() const { return RegMap::budget(); }
  // Makes the budget in memory exact (before anything that can trap, call out or leave).
  void flush();
  void store_pc(int64_t pc_off);
  void call(const void* fn);
  unsigned dest(unsigned rd) const { return rd == 0 ? 32 : rd; }

  // rd = rs (rd from dest(): 32 for x0).
  void copy(unsigned rd, unsigned rs);
  Result emit_op(uint32_t raw, bool word);
  Result emit_op_imm(uint32_t raw, bool word);
  void op_imm_in_place(const asmjit::Operand& dst, uint32_t f3, int32_t imm, uint32_t shamt, bool arithmetic);
  Result emit_m(uint32_t raw, bool word);
  Result emit_branch(uint32_t raw, int32_t pc_off, unsigned len);
  void compare(unsigned rs1, unsigned rs2);
  // To `to` unless the branch with funct3 `f3` on rs1, rs2 is taken.
  void jump_unless_taken(uint32_t f3, unsigned rs1, unsigned rs2, asmjit::Label to);
  // Branch-free if-conversion (emit_skip, emit_diamond): dl = 1 when the branch is taken;
  // undo_if_taken puts rsi (rd's value before) back into rd when it is, and leaves the flags of
  // `test dl, dl`; end_turn_if, after such a test, leaves at pc_off when the budget is spent and
  // the branch was (`taken`) or was not taken.
  void set_if_taken(uint32_t branch_raw);
  void undo_if_taken(unsigned rd);
  void end_turn_if(bool taken, int32_t pc_off);
  void inner_jump(asmjit::Label inner, int64_t target);
  Result emit_jump(uint32_t raw, int32_t pc_off, unsigned len);
  Result emit_load(uint32_t raw, int32_t pc_off);
  // `fp`: fsw or fsd (rs2 an f register); `fs_off` taken when the FP unit is off.
  Result emit_store(uint32_t raw, int32_t pc_off, unsigned len, bool fp = false,
                    const Insn* fs_off = nullptr);
  Result emit_fp_load(const Insn& insn, uint32_t raw, int32_t pc_off);
  Result emit_fp_store(const Insn& insn, uint32_t raw, int32_t pc_off, unsigned len);
  // flw, fld, fsw, fsd with the FP unit off (mstatus.FS): the handler, out of line, raises the
  // exception; `back` is where it would go on. Flushes the pending takes first.
  void fp_usable(const Insn& insn, int32_t pc_off, asmjit::Label back);
  asmjit::x86::Mem fmem(unsigned r) const {
    return asmjit::x86::qword_ptr(asmjit::x86::rbx, off_.f + 8 * int32_t(r));
  }
  // rax = x[rs1] + offset.
  void address(unsigned rs1, int32_t offset);
  // For `va` in rax: rcx = the TLB set + index * 16, jumping to `miss` unless the entry at
  // `entries_offset` hits; on a hit rax = the host address. Clobbers rdx.
  void tlb_lookup(int32_t entries_offset, unsigned size, asmjit::Label miss);
  // Its second half: rcx already the set + index * 16.
  void tlb_compare(int32_t entries_offset, unsigned size, asmjit::Label miss);
  // For the address x[rs1] + offset, when the hart addressed RAM directly as the block was
  // translated: rdx = its offset into RAM, jumping to `miss` unless it is aligned to
  // `align_mask` + 1 and Hart::direct_limit_ covers it now; the access is at the operand returned:
  // [rdx + RAM's host address] when that is a displacement (DirectRam::low), else [rax + rdx].
  asmjit::x86::Mem direct_address(unsigned rs1, int32_t offset, unsigned align_mask, asmjit::Label miss);
  // rax = the address again, from its offset into RAM in rdx (out of line).
  void va_from_offset();

  asmjit::x86::Assembler& a;
  JitHooks::Offsets off_;
  JitHooks::DirectRam ram_;
  RunState& state_;
  bool audit_;
  ChainSite site_;
  const Trampolines& shared_;
  const RegMap& global_;
  const RegMap* map_;  // global_, or local_map_ while local_
  RegMap local_map_;
  std::vector<std::pair<unsigned, unsigned>> swaps_;  // (global guest, local guest)
  bool local_ = false;
  asmjit::Label local_start_, local_epilogue_;
  struct Inner {
    int32_t pc_off;
    asmjit::Label label;
    bool bound;
  };
  std::vector<Inner> inner_;
  // The label of a branch's target inside the block, if it is one.
  asmjit::Label inner_label(int64_t pc_off) const;
  int pending_ = 0;
  uint32_t known_ = 0;  // bit r: known_value_[r] is x[r] here (track)
  std::array<int64_t, 32> known_value_{};
  bool known(unsigned r, int64_t& value) const {
    value = r == 0 ? 0 : known_value_[r];
    return r == 0 || (known_ >> r & 1) != 0;
  }
  // divw, divuw, remw, remuw (funct3 4-7) by a known divisor, with multiplications; false (nothing
  // emitted) when it is 0, 1 or -1.
  bool divide_by_constant(unsigned rs1, uint32_t f3, int64_t divisor);
  asmjit::Label epilogue_, start_;
  asmjit::Label untake_at_rcx_;  // gives dispatch's take back, pc = rcx, leaves
  asmjit::Label refused_;        // exact_entry's way out: the same, pc = r12
  struct SegmentCheck {
    asmjit::Label data, out;  // the budget needed (with the pending takes), the way out
    unsigned index;
    int pending;
    int32_t next_pc_off;
  };
  std::vector<SegmentCheck> segments_;
  std::vector<PatchSite> patch_sites_;
  // Out-of-line paths (TLB misses, stores to special pages), emitted after the block body.
  struct OutOfLine {
    // kExit: leaves with pc = entry + pc_off (the pending takes already flushed), first giving
    // dispatch's take back (rd_or_size has kUntake) and telling Jit::run to go on (kChain). kDivide: a
    // division's special case, by zero (funct3 0) or signed by -1 (funct3 1), rd_or_size saying
    // remainder and rs2 32-bit; the dividend in rax.
    enum Kind { kLoadMiss, kStoreMiss, kSpecialStore, kFpLoadMiss, kHelper, kExit, kDivide } kind;
    static constexpr uint32_t kUntake = 1, kChain = 2;
    asmjit::Label entry, back;
    int32_t pc_off;
    uint32_t rd_or_size, funct3, rs2;
    bool fp = false;  // kStoreMiss: rs2 is an f register
    // The access's offset into RAM is in rdx, not its address in rax (direct_address).
    bool offset_in_rdx = false;
    bool local = false;  // made while the registers were local: demoted on the way, promoted back
    // Takes the line had not yet subtracted from the budget where this path leaves it (loads and
    // stores do not flush): subtracted before the call, so that a trap or a stop counts right, and
    // added back after it, as the line goes on with them still pending.
    int32_t pending = 0;
    // kStoreMiss, kSpecialStore: where the block leaves to when the store ended it (a device or
    // code written); else it goes on, as the interpreter's stores do (next_insn_unless_ended).
    int32_t next_pc_off = 0;
    Insn insn{};  // kHelper: what run_one runs
  };
  std::vector<OutOfLine> cold_;
  void add_cold(OutOfLine o) {
    o.local = local_;
    cold_.push_back(o);
  }
  struct Data {
    asmjit::Label label;
    Insn insns[3];
  };
  std::vector<Data> data_;
};

}  // namespace microvm::riscv::jit
