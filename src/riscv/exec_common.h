// The execution contract, and what the instruction-family files share: how a handler ends, the
// register-register and register-immediate handler shapes, sign extension, filling an Insn.
//
// A block is a chain of handlers, each ending in a tail call to the next. BlockCount
// (block_count.h) is the only thing that counts; instret grows by what a block retired when the
// block ends (run_block).
//
//   a handler ends with       | used by                              | count       | then
//   --------------------------|--------------------------------------|-------------|----------------------
//   next_insn                 | straight-line code that cannot stop  | take 1      | runs on, unchecked (*)
//   next_insn_unless_ended    | stores                               | take 1      | as next_insn, unless
//                             |                                      |             | it ended the block
//   next_insn_checked         | CSR writes, AMOs, fences             | take 1      | stops at budget 0
//   jump_to                   | taken branches and jumps             | take 1      | stops at budget 0 or
//                             |                                      |             | off the page
//   raise(); return           | a trap: the instruction retires none | give back 1 | block ends
//   end_block(); return       | privilege, translation, code or a    | unchanged   | block ends
//                             | device changed                       |             |
//   leave_page (sentinel)     | the two slots past a page's end      | give back 1 | block ends
//
// (*) straight-line code always reaches a jump or a page end, which check the budget; so a block
// may retire a few instructions more than its budget (a turn is not exact; --max-insns is).
// Interrupts, timers, requests from other harts and --max-insns are looked at between blocks
// (Hart::run_for), never inside one. In exact mode (--max-insns near, or MICROVM_EXACT_BLOCKS=1)
// run_block runs each instruction alone; tests/e2e/test_exact_blocks.py checks that both ways reach
// the same state and count. GCC has no musttail: tests/check_tail_calls.py checks at build time
// that the chain compiled to jumps.
#pragma once

#include <cstdint>

#include "riscv/decode.h"
#include "riscv/encoding.h"
#include "riscv/hart.h"

namespace microvm::riscv {

// ---------------------------------------------------------------------------------------------
// Dispatch: every handler ends in one of these. The next handler is called in tail position, so
// the compiler turns the call into a jump and a block is one threaded run through its slots;
// where it cannot, the block budget bounds the depth.

[[gnu::always_inline]] inline void dispatch(Hart& h, const Insn& next) {
  if (h.block_.budget <= 0) return;
  h.block_.take();
  return next.fn(h, next);
}

// The instruction after `i`: the slot len/2 halfwords on (DecodedPage has sentinels past its
// end that leave the page). Two flavours: handlers that only compute may skip the budget check,
// because straight-line code always reaches a jump or a page end, which check it; handlers that
// can end the block (a CSR write) must use the checked one, or (stores, which end it only through
// Hart::end_block) next_insn_unless_ended.
[[gnu::always_inline]] inline const Insn& following(const Insn& i, unsigned len) {
  return *reinterpret_cast<const Insn*>(reinterpret_cast<const char*>(&i) + len * (sizeof(Insn) / 2));
}

// Len: the instruction's length when the handler is made for one (see Sized), else 0: read it.
template <unsigned Len>
[[gnu::always_inline]] inline void next_insn(Hart& h, const Insn& i) {
  const unsigned len = Len ? Len : static_cast<unsigned>(i.len);
  h.pc += len;
  h.block_.take();
  const Insn& next = following(i, len);
  return next.fn(h, next);
}

[[gnu::always_inline]] inline void next_insn_checked(Hart& h, const Insn& i) {
  const unsigned len = i.len;
  h.pc += len;
  return dispatch(h, following(i, len));
}

// A store to plain RAM goes on as computing code does; one that reached a device or this page's
// code ended the block (Hart::end_block), and stops it here. Not a budget check: a turn does not
// end at a store, so the translator's inline stores need none either.
template <unsigned Len>
[[gnu::always_inline]] inline void next_insn_unless_ended(Hart& h, const Insn& i) {
  if (h.exit_block_) [[unlikely]]
    return next_insn_checked(h, i);
  return next_insn<Len>(h, i);
}

// The handlers of the most common instructions come in two forms, one per instruction length, so
// that stepping to the next slot adds a constant. Read from the slot, the length chained every
// instruction to the load of the previous one's slot (~5 cycles each, whatever the instruction
// did): that chain, not the work, was the interpreter's limit. Decoders pick the form with pick()
// (the family decoders run with insn.len set); the others read the length (Len = 0).
struct Sized {
  Handler two, four;
  Handler pick(const Insn& insn) const { return insn.len == 2 ? two : four; }
};

// A taken jump or branch: stays in the block when the target is on the same page.
[[gnu::always_inline]] inline void jump_to(Hart& h, uint64_t target) {
  h.pc = target;
  if (((target ^ h.block_page_va_) >> 12) != 0) return;
  return dispatch(h, h.block_insns_[(target & 0xFFF) >> 1]);
}

constexpr uint64_t sext32(uint64_t v) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v)));
}
constexpr uint64_t imm64(const Insn& i) { return static_cast<uint64_t>(static_cast<int64_t>(i.imm)); }

// rd = Op(rs1, rs2), and rd = Op(rs1, imm) (the immediate as decoded: a sign-extended value, a
// shift amount, or 0 for unary operations). The operation folds into the handler.
template <uint64_t (*Op)(uint64_t, uint64_t), unsigned Len>
void alu_rr(Hart& h, const Insn& i) {
  h.x[i.rd] = Op(h.x[i.rs1], h.x[i.rs2]);
  return next_insn<Len>(h, i);
}
template <uint64_t (*Op)(uint64_t, uint64_t), unsigned Len>
void alu_ri(Hart& h, const Insn& i) {
  h.x[i.rd] = Op(h.x[i.rs1], imm64(i));
  return next_insn<Len>(h, i);
}
template <uint64_t (*Op)(uint64_t, uint64_t)>
constexpr Sized kAluRR{alu_rr<Op, 2>, alu_rr<Op, 4>};
template <uint64_t (*Op)(uint64_t, uint64_t)>
constexpr Sized kAluRI{alu_ri<Op, 2>, alu_ri<Op, 4>};

// An R-type instruction's registers: rd (x0 becomes the sink), rs1, rs2.
inline void set_registers(Insn& insn, uint32_t raw) {
  insn.rd = dest(enc::rd(raw));
  insn.rs1 = static_cast<InsnByte>(enc::rs1(raw));
  insn.rs2 = static_cast<InsnByte>(enc::rs2(raw));
}

}  // namespace microvm::riscv
