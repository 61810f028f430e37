// The block translator: walks a decoded page from a slot, emitting inline code for the
// instructions it knows (emit_int.cpp, emit_mem.cpp) and a call to the interpreter's handler
// for every other one, until a jump, the page's end or kMaxInsns.
#include <asmjit/x86.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>

#include "riscv/decode.h"
#include "riscv/encoding.h"
#include "riscv/jit/block_shape.h"
#include "riscv/jit/emitter.h"
#include "riscv/jit/fusion.h"
#include "riscv/jit/perf_map.h"
#include "riscv/jit/runtime.h"

namespace microvm::riscv::jit {

using namespace asmjit;

namespace {

// Slot `index` holds its decoded instruction (a helper may run it), and that instruction is legal
// here: one that traps must not sit between the two halves of a fused pair (fusion.h), whose
// second half would have run before it.
bool decoded_legal(Hart& hart, DecodedPage& page, size_t index) {
  const bool decoded =
      page.insns[index].fn != JitHooks::decode_slot_handler() || JitHooks::decode_in_place(hart, page, index);
  return decoded && page.insns[index].fn != &execute_illegal;
}

// Every instruction of both arms is legal here (the translation runs the fall-through arm's for
// either).
bool arms_legal(Hart& hart, DecodedPage& page, const Diamond& d) {
  for (unsigned k = 0; k < d.count; ++k) {
    if (!decoded_legal(hart, page, d.taken[k].slot) || !decoded_legal(hart, page, d.fall[k].slot))
      return false;
  }
  return true;
}

}  // namespace

void RegMap::save(x86::Assembler& a, const JitHooks::Offsets& off) const {
  for (unsigned r : guests_) a.mov(x86::qword_ptr(x86::rbx, off.x + 8 * int32_t(r)), host(r));
  a.mov(x86::qword_ptr(x86::rbx, off.budget), budget());
}

void RegMap::load(x86::Assembler& a, const JitHooks::Offsets& off) const {
  for (unsigned r : guests_) a.mov(host(r), x86::qword_ptr(x86::rbx, off.x + 8 * int32_t(r)));
  a.mov(budget(), x86::qword_ptr(x86::rbx, off.budget));
}

// rsi = the key: rdx = its ChainTable slot.
void emit_slot(x86::Assembler& a) {
  a.mov(x86::rdx, imm(ChainTable::kMultiplier));
  a.imul(x86::rdx, x86::rsi);
  a.shr(x86::rdx, 64 - ChainTable::kBits);
}

// rdx = a slot: rdx = its entry, and the flags say whether it holds the key in rsi.
void emit_probe(x86::Assembler& a, const ChainTable& table) {
  a.shl(x86::edx, 4);
  a.mov(x86::rax, imm(reinterpret_cast<uint64_t>(table.entries)));
  a.add(x86::rdx, x86::rax);
  a.cmp(x86::qword_ptr(x86::rdx), x86::rsi);
}

// rsi = the key, rcx = the target: into its translation, or to `out`.
void emit_lookup_key(x86::Assembler& a, const ChainTable& table, Label out) {
  emit_slot(a);
  emit_probe(a, table);
  a.jne(out);
  a.mov(x86::r12, x86::rcx);
  a.jmp(x86::qword_ptr(x86::rdx, 8));
}

namespace {

// The target (rcx) is on another page, dispatch's take done: what run_block would do next
// (enter_page: the fetch TLB, the decoded page unchanged; JitImpl::lookup), or `out`.
void emit_cross_page(x86::Assembler& a, const JitHooks::Offsets& off, const ChainTable& table, Label out) {
  // r12 (the entry pc of the block that jumped) is free here: it becomes rcx on the way in, and
  // the way out goes by rcx.
  a.mov(x86::rax, x86::qword_ptr(x86::rbx, off.tlb_fetch));
  a.mov(x86::edx, x86::ecx);
  a.shr(x86::edx, 12);
  a.and_(x86::edx, Tlb::kSize - 1);
  a.mov(x86::r12d, x86::edx);
  a.shl(x86::r12d, 4);  // the index times sizeof(TlbEntry)
  a.mov(x86::rsi, x86::rcx);
  a.and_(x86::rsi, -4096);
  a.cmp(x86::rsi, x86::qword_ptr(x86::rax, x86::r12, 0, static_cast<int32_t>(offsetof(Tlb::Set, fetch))));
  a.jne(out);
  a.mov(x86::rax,
        x86::qword_ptr(x86::rax, x86::rdx, 3, static_cast<int32_t>(offsetof(Tlb::Set, fetch_page))));
  // DecodedPageCache::refresh's test: nothing asks for a comparison, the generation is the RAM's.
  a.cmp(x86::byte_ptr(x86::rax, static_cast<int32_t>(offsetof(DecodedPage, verify))), 0);
  a.jne(out);
  a.mov(x86::rdx, x86::qword_ptr(x86::rax, static_cast<int32_t>(offsetof(DecodedPage, ram_generation))));
  a.mov(x86::edx, x86::dword_ptr(x86::rdx));
  a.cmp(x86::edx, x86::dword_ptr(x86::rax, static_cast<int32_t>(offsetof(DecodedPage, generation))));
  a.jne(out);
  // The running page from here (stores to code compare with it, Hart::after_special_store).
  a.mov(x86::qword_ptr(x86::rbx, off.current_page), x86::rax);
  a.mov(x86::rsi, x86::qword_ptr(x86::rax, static_cast<int32_t>(offsetof(DecodedPage, incarnation))));
  a.shl(x86::rsi, 11);
  a.mov(x86::edx, x86::ecx);
  a.and_(x86::edx, 0xFFF);
  a.shr(x86::edx, 1);
  a.or_(x86::rsi, x86::rdx);
  // The near table first (ChainTable::near), then the table, whose entry the near one takes.
  const Label far = a.newLabel();
  emit_slot(a);
  a.mov(x86::r12d, x86::edx);
  a.shr(x86::r12d, ChainTable::kBits - ChainTable::kNearBits);
  a.shl(x86::r12d, 4);
  a.mov(x86::rax, imm(reinterpret_cast<uint64_t>(table.near)));
  a.add(x86::r12, x86::rax);
  a.cmp(x86::qword_ptr(x86::r12), x86::rsi);
  a.jne(far);
  a.mov(x86::rax, x86::qword_ptr(x86::r12, 8));
  a.mov(x86::r12, x86::rcx);
  a.jmp(x86::rax);
  a.bind(far);
  emit_probe(a, table);
  a.jne(out);
  a.mov(x86::rax, x86::qword_ptr(x86::rdx, 8));
  a.mov(x86::qword_ptr(x86::r12), x86::rsi);
  a.mov(x86::qword_ptr(x86::r12, 8), x86::rax);
  a.mov(x86::r12, x86::rcx);
  a.jmp(x86::rax);
}

}  // namespace

Trampolines make_trampolines(Hart& hart, CodeCache& cache, const RegMap& map, const ChainTable& chain) {
  CodeHolder code;
  code.init(Environment::host());
  x86::Assembler a(&code);
  const JitHooks::Offsets off = JitHooks::offsets(hart);
  Label exit = a.newLabel(), save = a.newLabel(), load = a.newLabel();
  // enter(hart, block)
  a.push(x86::rbx);
  a.push(x86::rbp);
  a.push(x86::r12);
  a.push(x86::r13);
  a.push(x86::r14);
  a.push(x86::r15);
  a.sub(x86::rsp, 8);  // 16-aligned for calls from blocks
  a.mov(x86::rbx, x86::rdi);
  a.mov(x86::r12, x86::qword_ptr(x86::rbx, off.pc));
  map.load(a, off);  // after rdi is read: it may be mapped
  a.jmp(x86::rsi);
  a.align(AlignMode::kCode, 16);
  a.bind(exit);
  map.save(a, off);
  a.add(x86::rsp, 8);
  a.pop(x86::r15);
  a.pop(x86::r14);
  a.pop(x86::r13);
  a.pop(x86::r12);
  a.pop(x86::rbp);
  a.pop(x86::rbx);
  a.ret();
  a.align(AlignMode::kCode, 16);
  a.bind(save);
  map.save(a, off);
  a.ret();
  a.align(AlignMode::kCode, 16);
  a.bind(load);
  map.load(a, off);
  a.ret();
  // The slow paths (Trampolines::load_miss...): called with the stack 8 off the blocks' alignment.
  // `pc`: the register holding the instruction's pc (none: it is not needed); `address`: rax holds
  // the helper's second argument (else rsi already does).
  const auto slow_path = [&](const void* helper, x86::Gp pc, bool address, bool may_trap) {
    Label start = a.newLabel(), trapped = a.newLabel();
    a.align(AlignMode::kCode, 16);
    a.bind(start);
    if (pc.isValid()) a.mov(x86::qword_ptr(x86::rbx, off.pc), pc);
    a.sub(x86::rsp, 8);
    a.call(save);  // rdi is a mapped register: free only once saved
    if (address) a.mov(x86::rsi, x86::rax);
    a.mov(x86::rdi, x86::rbx);
    a.mov(x86::rax, imm(reinterpret_cast<uint64_t>(helper)));
    a.call(x86::rax);
    a.call(load);
    a.add(x86::rsp, 8);
    if (may_trap) {
      a.test(x86::al, x86::al);
      a.jz(trapped);
    }
    a.ret();
    if (may_trap) {
      a.bind(trapped);
      a.add(x86::rsp, 8);  // the block's call
      a.jmp(exit);
    }
    return start;
  };
  const auto fn = [](auto* f) { return reinterpret_cast<const void*>(f); };
  const Label load_miss = slow_path(fn(&JitHooks::load_miss), x86::rsi, true, true);
  const Label fp_load_miss = slow_path(fn(&JitHooks::fp_load_miss), x86::rsi, true, true);
  const Label store_miss = slow_path(fn(&JitHooks::store_miss), x86::rsi, true, true);
  const Label special_store = slow_path(fn(&JitHooks::special_store), x86::rsi, true, true);
  const Label run_one = slow_path(fn(&JitHooks::run_one), x86::rcx, false, true);
  // Two addresses for one way out (Trampolines::cold, refused).
  Label cold = a.newLabel(), refused = a.newLabel();
  a.align(AlignMode::kCode, 16);
  a.bind(cold);
  a.nop();
  a.bind(refused);
  a.add(RegMap::budget(), 1);
  a.mov(x86::qword_ptr(x86::rbx, off.pc), x86::r12);
  a.jmp(exit);
  // Blocks jump here for a target on another page (one copy instead of one in every block that
  // has such a jump): into its translation, or out giving dispatch's take back, pc = rcx.
  Label cross_page = a.newLabel(), cross_out = a.newLabel();
  a.align(AlignMode::kCode, 16);
  a.bind(cross_page);
  emit_cross_page(a, off, chain, cross_out);
  a.bind(cross_out);
  a.add(RegMap::budget(), 1);
  a.mov(x86::qword_ptr(x86::rbx, off.pc), x86::rcx);
  a.jmp(exit);
  Trampolines t;
  if (code.flatten() != kErrorOk || code.resolveUnresolvedLinks() != kErrorOk) return t;
  const size_t size = code.codeSize();
  CodeCache::Space space = cache.allocate(size);
  if (space.write == nullptr) return t;
  if (code.relocateToBase(reinterpret_cast<uint64_t>(space.exec)) != kErrorOk) return t;
  if (code.copyFlattenedData(space.write, size, CopySectionFlags::kPadSectionBuffer) != kErrorOk) return t;
  t.enter = reinterpret_cast<Trampolines::Enter>(const_cast<uint8_t*>(space.exec));
  const size_t cross_at = code.labelOffset(cross_page);
  perf_map_add_named(space.exec, cross_at, "microvm_jit_enter_exit");
  perf_map_add_named(space.exec + cross_at, size - cross_at, "microvm_jit_cross_page");
  t.cross_page = space.exec + cross_at;
  t.exit = space.exec + code.labelOffset(exit);
  t.save = space.exec + code.labelOffset(save);
  t.load = space.exec + code.labelOffset(load);
  t.cold = space.exec + code.labelOffset(cold);
  t.load_miss = space.exec + code.labelOffset(load_miss);
  t.fp_load_miss = space.exec + code.labelOffset(fp_load_miss);
  t.store_miss = space.exec + code.labelOffset(store_miss);
  t.special_store = space.exec + code.labelOffset(special_store);
  t.run_one = space.exec + code.labelOffset(run_one);
  t.refused = space.exec + code.labelOffset(refused);
  return t;
}

void Emitter::prologue() {
  epilogue_ = a.newLabel();
  start_ = a.newLabel();
  a.bind(start_);
}

void Emitter::localize(const std::vector<std::pair<unsigned, unsigned>>& swaps) {
  swaps_ = swaps;
  std::array<unsigned, RegMap::kCount> guests = global_.guests();
  for (const auto& [global, local] : swaps_) *std::find(guests.begin(), guests.end(), global) = local;
  local_map_ = RegMap(guests);
  local_start_ = a.newLabel();
  local_epilogue_ = a.newLabel();
  promote();
  a.bind(local_start_);
  set_local(true);
}

void Emitter::add_inner(int32_t pc_off) { inner_.push_back({pc_off, a.newLabel(), false}); }

Label Emitter::inner_label(int64_t pc_off) const {
  for (const Inner& i : inner_) {
    if (i.pc_off == pc_off) return i.label;
  }
  return Label();
}

// Both ways into an inner target arrive with no takes pending; the target's own take follows.
void Emitter::bind_inner(int32_t pc_off) {
  for (Inner& i : inner_) {
    if (i.pc_off != pc_off) continue;
    flush();
    a.bind(i.label);
    i.bound = true;
    known_ = 0;  // reached from elsewhere too
  }
}

// A target the block did not reach after all (it ended sooner, or the target is inside a fused
// pair): the branch leaves for it.
void Emitter::leave_unbound_inner() {
  for (Inner& i : inner_) {
    if (i.bound) continue;
    a.bind(i.label);
    i.bound = true;
    pending_ = 0;
    jump_exit(i.pc_off);
  }
}

void Emitter::promote() {
  for (const auto& [global, local] : swaps_) {
    a.mov(mem(global), global_.host(global));
    a.mov(global_.host(global), mem(local));
  }
}

void Emitter::demote() {
  for (const auto& [global, local] : swaps_) {
    a.mov(mem(local), global_.host(global));
    a.mov(global_.host(global), mem(global));
  }
}

bool Emitter::leave_local() {
  if (!local_) return false;
  demote();
  set_local(false);
  return true;
}

void Emitter::enter_local() {
  promote();
  set_local(true);
}

void Emitter::exact_entry(Label header) {
  refused_ = a.newLabel();
  a.cmp(budget(), x86::qword_ptr(header));
  a.jl(refused_);
}

void Emitter::segment_check(unsigned index, int32_t next_pc_off) {
  SegmentCheck check{a.newLabel(), a.newLabel(), index, pending_, next_pc_off};
  a.cmp(budget(), x86::qword_ptr(check.data));
  a.jl(check.out);
  segments_.push_back(check);
}

void Emitter::flush() {
  if (pending_ != 0) a.sub(budget(), pending_);
  pending_ = 0;
}

void Emitter::store_pc(int64_t pc_off) {
  a.lea(x86::rax, x86::ptr(x86::r12, static_cast<int32_t>(pc_off)));
  a.mov(pc_mem(), x86::rax);
}

void Emitter::call(const void* fn) {
  a.mov(x86::rax, imm(reinterpret_cast<uint64_t>(fn)));
  a.call(x86::rax);
}

void Emitter::exit_at(int64_t pc_off, bool chain) {
  if (pending_ != 0) a.sub(budget(), pending_);  // the caller may go on with pending_ (a branch)
  store_pc(pc_off);
  if (chain) {
    a.mov(x86::rax, imm(reinterpret_cast<uint64_t>(&state_.chain)));
    a.mov(x86::byte_ptr(x86::rax), 1);
  }
  a.jmp(exit_label());
}

// Local registers stay local only on the loop's back edge; every other way out demotes them first.
// The code after a jump out is reached by a branch around it, with the registers still local.
void Emitter::jump_exit(int64_t pc_off, bool checked) {
  if (pc_off == 0 || !local_) return jump_out(pc_off, checked);
  leave_local();
  jump_out(pc_off, checked);
  set_local(true);
}

void Emitter::indirect_exit() {
  const bool local = leave_local();
  indirect_out();
  set_local(local);
}

void Emitter::jump_out(int64_t pc_off, bool checked) {
  const int64_t target = site_.entry_offset + pc_off;
  if (!site_.table->enabled || (!checked && (target < 0 || target >= int64_t{4096}))) {
    exit_at(pc_off, !checked);
    return;
  }
  // The pending takes and dispatch's one at once: below zero means none was left to dispatch.
  a.sub(budget(), pending_ + 1);
  // The way out, out of line: dispatch's take given back. Unchecked, it is exit_at(pc_off, true)'s
  // (Jit::run goes on from there). Checked, it is taken before r12 moves to the target;
  // unchecked, only after (a miss in the table below).
  OutOfLine out{OutOfLine::kExit,
                a.newLabel(),
                Label(),
                checked ? static_cast<int32_t>(pc_off) : 0,
                OutOfLine::kUntake | (checked ? 0u : OutOfLine::kChain),
                0,
                0};
  const Label untake = out.entry;
  if (checked) a.jl(untake);
  const auto leave = [&] { add_cold(out); };
  if (target >= 0 && target < int64_t{4096}) {
    const size_t index = static_cast<size_t>(target) >> 1;
    // A target translated already (or this block itself) is in this cache for as long as this
    // block is: same page, same incarnation, flushed together. Jump to it directly.
    const uint64_t key = ChainTable::key(site_.incarnation, index);
    const ChainTable::Entry& known = site_.table->entries[ChainTable::slot_of(key)];
    if (target == site_.entry_offset || (known.key == key && shared_.translated(known.code))) {
      if (pc_off != 0) a.lea(x86::r12, x86::ptr(x86::r12, static_cast<int32_t>(pc_off)));
      if (target == site_.entry_offset) {
        a.jmp(local_ ? local_start_ : start_);
      } else {
        a.jmp(imm(reinterpret_cast<uint64_t>(known.code)));
      }
      if (checked) leave();
      return;
    }
    // Through the table until the target is translated; then JitImpl::translate writes a jump
    // straight to it over the table's address (kPatchBytes), as if it had been known here.
    if (pc_off != 0) a.lea(x86::r12, x86::ptr(x86::r12, static_cast<int32_t>(pc_off)));
    const Label at = a.newLabel(), after = a.newLabel();
    a.bind(at);
    a.mov(x86::rax, imm(reinterpret_cast<uint64_t>(&known)));
    a.bind(after);
    patch_sites_.push_back({key, at, after});
    a.mov(x86::rcx, imm(key));
    a.cmp(x86::qword_ptr(x86::rax), x86::rcx);
    if (checked) {
      a.jne(imm(reinterpret_cast<uint64_t>(shared_.refused)));  // pc = r12, the target
      a.jmp(x86::qword_ptr(x86::rax, 8));
    } else {
      // Unchecked, a target the table knows as cold or refused leaves as a miss does, telling
      // Jit::run to go on: those trampolines leave plain, and run_block would end the turn here
      // where the interpreter goes on.
      a.jne(untake);
      a.mov(x86::rax, x86::qword_ptr(x86::rax, 8));
      for (const void* way_out : {shared_.cold, shared_.refused}) {
        a.mov(x86::rcx, imm(reinterpret_cast<uint64_t>(way_out)));
        a.cmp(x86::rax, x86::rcx);
        a.je(untake);
      }
      a.jmp(x86::rax);
    }
  } else {
    a.lea(x86::rcx, x86::ptr(x86::r12, static_cast<int32_t>(pc_off)));
    cross_page();
  }
  leave();
}

void Emitter::indirect_out() {
  if (!site_.table->enabled) {
    a.mov(pc_mem(), x86::rcx);
    a.jmp(epilogue_);
    return;
  }
  a.sub(budget(), 1);
  a.jl(untake_at_rcx());
  Label other_page = a.newLabel();
  a.mov(x86::rax, x86::rcx);
  a.xor_(x86::rax, x86::r12);
  a.shr(x86::rax, 12);
  a.jnz(other_page);
  // On this page: the key from the page's incarnation (known) and the slot.
  a.mov(x86::esi, x86::ecx);
  a.and_(x86::esi, 0xFFF);
  a.shr(x86::esi, 1);
  a.mov(x86::rax, imm(ChainTable::key(site_.incarnation, 0)));
  a.or_(x86::rsi, x86::rax);
  lookup_key();
  a.bind(other_page);
  cross_page();
}

Label Emitter::untake_at_rcx() {
  if (!untake_at_rcx_.isValid()) untake_at_rcx_ = a.newLabel();
  return untake_at_rcx_;
}

void Emitter::lookup_key() { emit_lookup_key(a, *site_.table, untake_at_rcx()); }

// The target (rcx) is on another page, dispatch's take done: the shared stub does what
// run_block would do next (Trampolines::cross_page).
void Emitter::cross_page() { a.jmp(imm(reinterpret_cast<uint64_t>(shared_.cross_page))); }

void Emitter::emit_helper(const Insn& insn, int32_t pc_off, unsigned len) {
  (void)len;
  flush();
  run_one(insn, pc_off);
}

void Emitter::run_one(const Insn& insn, int32_t pc_off) {
  const bool local = leave_local();  // the handler sees (and may leave) the global map's registers
  Data data;
  data.label = a.newLabel();
  data.insns[0] = insn;
  data.insns[1] = data.insns[2] = Insn{&JitHooks::continue_sentinel, 0, {}, {}, {}, {}};
  a.lea(x86::rcx, x86::ptr(x86::r12, pc_off));
  a.lea(x86::rsi, x86::ptr(data.label));
  a.call(imm(reinterpret_cast<uint64_t>(shared_.run_one)));
  data_.push_back(data);
  if (local) enter_local();
}

Emitter::Result Emitter::emit(const Insn& insn, uint32_t raw, int32_t pc_off, unsigned len) {
  switch (enc::opcode(raw)) {
    case enc::op::kLui:
      op(x86::Inst::kIdMov, reg(dest(enc::rd(raw))), imm(enc::imm_u(raw)));
      return Result::kGoesOn;
    case enc::op::kAuipc: {
      const int64_t value = int64_t{pc_off} + enc::imm_u(raw);
      const unsigned rd = dest(enc::rd(raw));
      if (value >= INT32_MIN && value <= INT32_MAX && map_->mapped(rd)) {
        a.lea(map_->host(rd), x86::ptr(x86::r12, static_cast<int32_t>(value)));
        return Result::kGoesOn;
      }
      a.lea(x86::rax, x86::ptr(x86::r12, pc_off));
      a.add(x86::rax, imm(enc::imm_u(raw)));
      op(x86::Inst::kIdMov, reg(rd), x86::rax);
      return Result::kGoesOn;
    }
    case enc::op::kOp: return enc::funct7(raw) == 1 ? emit_m(raw, false) : emit_op(raw, false);
    case enc::op::kOp32: return enc::funct7(raw) == 1 ? emit_m(raw, true) : emit_op(raw, true);
    case enc::op::kOpImm: return emit_op_imm(raw, false);
    case enc::op::kOpImm32: return emit_op_imm(raw, true);
    case enc::op::kBranch: return emit_branch(raw, pc_off, len);
    case enc::op::kJal:
    case enc::op::kJalr: return emit_jump(raw, pc_off, len);
    case enc::op::kLoad: return emit_load(raw, pc_off);
    case enc::op::kStore: return emit_store(raw, pc_off, len);
    case enc::op::kLoadFp: return emit_fp_load(insn, raw, pc_off);
    case enc::op::kStoreFp: {
      const uint32_t f3 = enc::funct3(raw);
      if (f3 != 2 && f3 != 3) return Result::kNotInline;  // fsh, vector stores
      return emit_fp_store(insn, raw, pc_off, len);
    }
    default: return Result::kNotInline;
  }
}

int64_t Emitter::finish(unsigned insns) {
  // Out-of-line code starts global; a path made while the registers were local demotes them on
  // the way to a call and promotes them again before going back into the block.
  set_local(false);
  for (const OutOfLine& o : cold_) {
    a.bind(o.entry);
    if (o.offset_in_rdx && o.kind != OutOfLine::kSpecialStore) va_from_offset();
    const bool swap = o.local && o.kind != OutOfLine::kDivide && o.kind != OutOfLine::kExit;
    if (swap) demote();
    if (o.pending != 0) a.sub(budget(), o.pending);
    const auto back = [&] {
      if (o.pending != 0) a.add(budget(), o.pending);
      if (swap) promote();
      a.jmp(o.back);
    };
    switch (o.kind) {
      case OutOfLine::kLoadMiss:  // rax: the address
        a.lea(x86::rsi, x86::ptr(x86::r12, o.pc_off));
        a.mov(x86::edx, o.rd_or_size);
        a.mov(x86::ecx, o.funct3);
        a.call(imm(reinterpret_cast<uint64_t>(shared_.load_miss)));  // the loaded register too
        back();
        break;
      case OutOfLine::kStoreMiss:  // rax: the address
        if (o.fp) {
          a.mov(x86::rdx, fmem(o.rs2));
        } else {
          a.emit(x86::Inst::kIdMov, x86::rdx, reg(o.rs2));
        }
        // A store that reached a device or this page's code ended the block: the helper leaves
        // with pc after the store (the registers global, the takes subtracted).
        a.lea(x86::rsi, x86::ptr(x86::r12, o.pc_off));
        a.mov(x86::ecx, o.rd_or_size | static_cast<uint32_t>(o.next_pc_off - o.pc_off) << 8);
        a.call(imm(reinterpret_cast<uint64_t>(shared_.store_miss)));
        back();
        break;
      case OutOfLine::kFpLoadMiss:  // rax: the address
        a.lea(x86::rsi, x86::ptr(x86::r12, o.pc_off));
        a.mov(x86::edx, o.rd_or_size);
        a.mov(x86::ecx, o.funct3 == 3 ? 1 : 0);
        a.call(imm(reinterpret_cast<uint64_t>(shared_.fp_load_miss)));
        back();
        break;
      case OutOfLine::kHelper:
        run_one(o.insn, o.pc_off);
        back();
        break;
      case OutOfLine::kSpecialStore:  // rax: the host address
        if (o.offset_in_rdx) {
          if (ram_.low) {
            a.lea(x86::rax, x86::ptr(x86::rdx, static_cast<int32_t>(ram_.host)));
          } else {
            a.mov(x86::rax, imm(ram_.host));
            a.add(x86::rax, x86::rdx);
          }
        }
        a.mov(x86::edx, o.rd_or_size);
        a.lea(x86::rsi, x86::ptr(x86::r12, o.next_pc_off));  // where it leaves to if it ended
        a.call(imm(reinterpret_cast<uint64_t>(shared_.special_store)));
        back();
        break;
      case OutOfLine::kDivide:  // table 7.1: by zero, all ones or the dividend; by -1, the negation or 0
        if (o.funct3 == 0) {
          if (!o.rd_or_size) a.mov(x86::rax, -1);
        } else if (o.rd_or_size) {
          a.xor_(x86::eax, x86::eax);
        } else {
          o.rs2 ? a.neg(x86::eax) : a.neg(x86::rax);
        }
        a.jmp(o.back);
        break;
      case OutOfLine::kExit:
        if (o.rd_or_size & OutOfLine::kUntake) a.add(budget(), 1);
        store_pc(o.pc_off);
        if (o.rd_or_size & OutOfLine::kChain) {
          a.mov(x86::rax, imm(reinterpret_cast<uint64_t>(&state_.chain)));
          a.mov(x86::byte_ptr(x86::rax), 1);
        }
        a.jmp(o.local ? local_epilogue_ : epilogue_);
        break;
    }
  }
  for (const SegmentCheck& s : segments_) {
    a.bind(s.out);
    if (s.pending != 0) a.sub(budget(), s.pending);
    store_pc(s.next_pc_off);
    a.mov(x86::rax, imm(reinterpret_cast<uint64_t>(&state_.inside)));
    a.mov(x86::byte_ptr(x86::rax), 1);
    a.jmp(epilogue_);
  }
  if (refused_.isValid()) {
    a.bind(refused_);
    a.add(budget(), 1);
    a.mov(pc_mem(), x86::r12);
    a.jmp(epilogue_);
  }
  if (untake_at_rcx_.isValid()) {
    a.bind(untake_at_rcx_);
    a.add(budget(), 1);
    a.mov(pc_mem(), x86::rcx);
  }
  a.bind(epilogue_);
  a.jmp(imm(reinterpret_cast<uint64_t>(shared_.exit)));
  if (local_epilogue_.isValid()) {
    a.bind(local_epilogue_);
    demote();
    a.jmp(epilogue_);
  }
  for (const Data& d : data_) {
    a.align(AlignMode::kData, 16);
    a.bind(d.label);
    a.embed(d.insns, sizeof(d.insns));
  }
  // Each segment's budget: its instructions (to the next branch, or the last of the block) and
  // the takes still pending where it is checked.
  const int64_t last = int64_t{insns} - 1;
  for (size_t i = 0; i < segments_.size(); ++i) {
    const int64_t end = i + 1 < segments_.size() ? segments_[i + 1].index : last;
    a.align(AlignMode::kData, 8);
    a.bind(segments_[i].data);
    a.embedUInt64(static_cast<uint64_t>(end - segments_[i].index + segments_[i].pending));
  }
  return segments_.empty() ? last : segments_.front().index;
}

BlockCode translate_block(Hart& hart, DecodedPage& page, size_t index, CodeCache& cache, RunState& state,
                          bool audit, bool exact, const ChainTable& chain, const Trampolines& trampolines,
                          CodeHolder& code, const RegMap& map, BlockProfile* profile,
                          std::vector<PatchPoint>& patches) {
  code.reset();  // keeps its memory: no allocations per block once warm
  code.init(Environment::host());
  x86::Assembler a(&code);
  const ChainSite site{&chain, page.incarnation, static_cast<int32_t>(index * 2)};
  Emitter e(a, JitHooks::offsets(hart), JitHooks::direct_ram(hart), state, audit, site, trampolines, map);
  const Label header = a.newLabel(), entry = a.newLabel();
  if (exact) {
    a.embedUInt64(0);  // keeps the code 16-aligned
    a.bind(header);
    a.embedUInt64(0);  // the block's reach, written below once its instructions are counted
  }
  a.bind(entry);
  e.prologue();
  if (exact) e.exact_entry(header);
  // Not under exact turns: they check the budget at the block's start on every turn of its loop,
  // and per straight segment. The audit compares these blocks too (it steps the interpreter until
  // it has retired what the block did, wherever its jumps inside went).
  const BlockShape shape = exact ? BlockShape{} : block_shape(hart, page, index);
  if (!exact) {
    if (const auto swaps = local_swaps(shape, map.guests()); !swaps.empty()) e.localize(swaps);
    for (int32_t target : inner_targets(shape)) e.add_inner(target);
  }
  const Label count = a.newLabel(), counted = a.newLabel();
  if (profile) {  // counts the block's runs, chained ones too
    a.bind(count);
    a.mov(x86::rax, imm(reinterpret_cast<uint64_t>(&profile->runs)));
    a.inc(x86::qword_ptr(x86::rax));
    a.bind(counted);
  }
  int32_t pc_off = 0;
  unsigned insns = 0;  // emitted: what one entry can retire at most
  for (unsigned count = 0;; ++count) {
    e.bind_inner(pc_off);
    if (index >= DecodedPage::kSlots) {
      // The sentinel past the page's end: the block ends, checked, and run_block would go on on
      // the next page as after a jump there.
      e.jump_exit(pc_off);
      break;
    }
    if (count == kMaxInsns) {
      // Jit::run would go on unchecked: straight into the next block (exact turns: run_block looks
      // at the budget before every block).
      if (exact) {
        e.exit_at(pc_off, true);
      } else {
        e.jump_exit(pc_off, false);
      }
      break;
    }
    Insn& slot = page.insns[index];
    if (slot.fn == JitHooks::decode_slot_handler() && !JitHooks::decode_in_place(hart, page, index)) {
      if (count == 0) return nullptr;  // straddles into the next page: the interpreter fetches it
      e.exit_at(pc_off, true);
      break;
    }
    if (count > 0) e.take();
    ++insns;
    const unsigned len = slot.len;
    if (profile) count_uses(raw_bits(page, index, len), profile->uses);
    if (Extension ext; count + 2 < kMaxInsns && find_extension(page, index, len, ext) &&
                       (!ext.gap || (!audit && decoded_legal(hart, page, index + len / 2)))) {
      // Both shifts as one, and the instruction between them, if any, after it.
      e.emit_extension(ext.rd, ext.rs, ext.bits, ext.sign);
      e.forget(ext.rd);
      index += len / 2;
      pc_off += static_cast<int32_t>(len);
      for (unsigned i = ext.gap ? 1 : 2; i <= 2; ++i) {
        const unsigned n = ext.lengths[i];
        if (profile) count_uses(raw_bits(page, index, n), profile->uses);
        e.take();
        ++insns;
        ++count;
        if (i == 1) {
          const uint32_t gap = raw_bits(page, index, n);
          if (e.emit(page.insns[index], gap, pc_off, n) != Emitter::Result::kGoesOn) {
            e.emit_helper(page.insns[index], pc_off, n);
          }
          e.track(gap);
        }
        index += n / 2;
        pc_off += static_cast<int32_t>(n);
      }
      continue;
    }
    if (Diamond d; !exact && count + Diamond::kMaxArm + 2 < kMaxInsns && find_diamond(page, index, len, d) &&
                   arms_legal(hart, page, d) &&
                   e.emit_diamond(d, page.insns.data(), raw_bits(page, index, len), pc_off,
                                  pc_off - 2 * static_cast<int32_t>(index))) {
      for (unsigned k = 0; k < d.count; ++k) {
        if (profile) count_uses(d.fall[k].raw, profile->uses);
        e.forget(enc::rd(d.fall[k].raw));
      }
      insns += d.count;
      count += d.count;
      const ArmInsn& last = d.fall[d.count - 1];
      pc_off += 2 * static_cast<int32_t>(last.slot - index) + static_cast<int32_t>(last.len);
      index = last.slot + last.len / 2;
      continue;
    }
    if (Skip skip; !exact && count + 1 < kMaxInsns && find_skip(page, index, len, skip) &&
                   decoded_legal(hart, page, index + len / 2) &&
                   e.emit_skip(page.insns[index + len / 2], raw_bits(page, index, len), skip.raw, pc_off, len,
                               skip.len)) {
      if (profile) count_uses(skip.raw, profile->uses);
      e.forget(enc::rd(skip.raw));
      ++insns;
      ++count;
      index += (len + skip.len) / 2;
      pc_off += static_cast<int32_t>(len + skip.len);
      continue;
    }
    Emitter::Result result = Emitter::Result::kNotInline;
    const uint32_t raw = raw_bits(page, index, len);
    if (slot.fn != &execute_illegal) result = e.emit(slot, raw, pc_off, len);
    if (result == Emitter::Result::kNotInline) {
      if (audit) {  // audited blocks hold inline code only; Jit::run runs the rest one by one
        if (count == 0) return nullptr;
        e.untake();
        --insns;
        e.exit_at(pc_off, true);
        break;
      }
      e.emit_helper(slot, pc_off, len);
    } else if (result == Emitter::Result::kEndsBlock) {
      // Code after a jump that the block's branches reach (BlockShape::resumes_at) goes on in it.
      if (!shape.resumes_at(pc_off + static_cast<int32_t>(len))) break;
      e.after_jump();
    } else if (exact && enc::opcode(raw) == enc::op::kBranch) {
      e.segment_check(insns - 1, pc_off + static_cast<int32_t>(len));
    }
    e.track(raw);
    index += len / 2;
    pc_off += static_cast<int32_t>(len);
  }
  e.leave_unbound_inner();
  const int64_t reach = e.finish(insns);
  if (code.flatten() != kErrorOk || code.resolveUnresolvedLinks() != kErrorOk) return nullptr;
  const size_t size = code.codeSize();
  CodeCache::Space space = cache.allocate(size);
  if (space.write == nullptr) return nullptr;
  if (code.relocateToBase(reinterpret_cast<uint64_t>(space.exec)) != kErrorOk) return nullptr;
  if (code.copyFlattenedData(space.write, size, CopySectionFlags::kPadSectionBuffer) != kErrorOk)
    return nullptr;
  if (exact) {
    std::memcpy(space.write + code.labelOffset(header), &reach, sizeof(reach));
  }
  for (const Emitter::PatchSite& p : e.patch_sites()) {
    if (code.labelOffset(p.after) - code.labelOffset(p.at) >= Emitter::kPatchBytes) {
      patches.push_back({p.key, space.exec + code.labelOffset(p.at)});
    }
  }
  if (profile) {
    profile->count_code = space.exec + code.labelOffset(count);
    profile->count_bytes = static_cast<uint8_t>(code.labelOffset(counted) - code.labelOffset(count));
  }
  return space.exec + code.labelOffset(entry);
}

}  // namespace microvm::riscv::jit
