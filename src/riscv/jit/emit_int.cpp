// Inline code for RV64I and M computation, lui/auipc, branches and jumps (unprivileged spec
// chapters 2, 5 and 7). Guest registers are operands through Emitter::reg: a host register when
// mapped (RegMap), else the Hart::x slot.
#include "riscv/encoding.h"
#include "riscv/jit/emitter.h"

namespace microvm::riscv::jit {

using namespace asmjit;

Emitter::Result Emitter::emit_op(uint32_t raw, bool word) {
  namespace I = x86::Inst;
  const uint32_t f3 = enc::funct3(raw), f7 = enc::funct7(raw);
  const unsigned rd = dest(enc::rd(raw)), rs1 = enc::rs1(raw), rs2 = enc::rs2(raw);
  if (f7 != 0 && f7 != 0x20) return Result::kNotInline;
  if (f7 == 0x20 && f3 != 0 && f3 != 5) return Result::kNotInline;
  if (word) {
    if (f3 != 0 && f3 != 1 && f3 != 5) return Result::kNotInline;
    if (f7 == 0x20 && f3 == 1) return Result::kNotInline;
    op(I::kIdMov, x86::eax, reg32(rs1));
    switch (f3) {
      case 0: op(f7 ? I::kIdSub : I::kIdAdd, x86::eax, reg32(rs2)); break;
      case 1:
        op(I::kIdMov, x86::ecx, reg32(rs2));
        a.shl(x86::eax, x86::cl);
        break;
      default:
        op(I::kIdMov, x86::ecx, reg32(rs2));
        f7 ? a.sar(x86::eax, x86::cl) : a.shr(x86::eax, x86::cl);
        break;
    }
    if (map_->mapped(rd)) {
      a.movsxd(map_->host(rd), x86::eax);
    } else {
      a.movsxd(x86::rax, x86::eax);
      a.mov(mem(rd), x86::rax);
    }
    return Result::kGoesOn;
  }
  if (f3 == 0 && f7 == 0 && (rs1 == 0 || rs2 == 0)) {  // mv (c.mv is add rd, x0, rs2)
    copy(rd, rs1 == 0 ? rs2 : rs1);
    return Result::kGoesOn;
  }
  // The plain two-operand forms straight into a mapped rd that is not rs2, or that is rs2 (not
  // rs1) when the operation commutes (xor a4, s11, a4).
  static constexpr I::Id kIds[] = {I::kIdAdd, I::kIdNone, I::kIdNone, I::kIdNone,
                                   I::kIdXor, I::kIdNone, I::kIdOr,   I::kIdAnd};
  const bool simple = f3 == 0 || f3 == 4 || f3 == 6 || f3 == 7;
  if (simple && map_->mapped(rd) && rd != rs2) {
    const I::Id id = f3 == 0 && f7 ? I::kIdSub : kIds[f3];
    if (rd != rs1) op(I::kIdMov, map_->host(rd), reg(rs1));
    op(id, map_->host(rd), reg(rs2));
    return Result::kGoesOn;
  }
  if (simple && !(f3 == 0 && f7) && map_->mapped(rd) && rd == rs2 && rd != rs1) {
    op(kIds[f3], map_->host(rd), reg(rs1));
    return Result::kGoesOn;
  }
  op(I::kIdMov, x86::rax, reg(rs1));
  switch (f3) {
    case 0: op(f7 ? I::kIdSub : I::kIdAdd, x86::rax, reg(rs2)); break;
    case 1:
      op(I::kIdMov, x86::rcx, reg(rs2));
      a.shl(x86::rax, x86::cl);
      break;
    case 2:
    case 3:
      a.xor_(x86::ecx, x86::ecx);
      op(I::kIdCmp, x86::rax, reg(rs2));
      f3 == 2 ? a.setl(x86::cl) : a.setb(x86::cl);
      a.mov(x86::rax, x86::rcx);
      break;
    case 4: op(I::kIdXor, x86::rax, reg(rs2)); break;
    case 5:
      op(I::kIdMov, x86::rcx, reg(rs2));
      f7 ? a.sar(x86::rax, x86::cl) : a.shr(x86::rax, x86::cl);
      break;
    case 6: op(I::kIdOr, x86::rax, reg(rs2)); break;
    default: op(I::kIdAnd, x86::rax, reg(rs2)); break;
  }
  op(I::kIdMov, reg(rd), x86::rax);
  return Result::kGoesOn;
}

void Emitter::emit_extension(unsigned rd, unsigned rs, unsigned bits, bool sign) {
  namespace I = x86::Inst;
  const x86::Gp d = map_->mapped(rd) ? map_->host(rd) : x86::Gp(x86::rax);
  Operand from;
  if (map_->mapped(rs)) {
    from = bits == 32   ? Operand(map_->host(rs).r32())
           : bits == 16 ? Operand(map_->host(rs).r16())
                        : Operand(map_->host(rs).r8());
  } else {
    from = mem(rs).cloneResized(bits / 8);
  }
  if (bits == 32) {
    sign ? a.emit(I::kIdMovsxd, d, from) : a.emit(I::kIdMov, d.r32(), from);
  } else {
    sign ? a.emit(I::kIdMovsx, d, from) : a.emit(I::kIdMovzx, d.r32(), from);
  }
  if (!map_->mapped(rd)) a.mov(mem(rd), x86::rax);
}

void Emitter::copy(unsigned rd, unsigned rs) {
  if (rd == rs) return;
  if (rs == 0) {
    map_->mapped(rd) ? a.xor_(map_->host(rd).r32(), map_->host(rd).r32()) : a.mov(mem(rd), 0);
  } else if (map_->mapped(rd) || map_->mapped(rs)) {
    op(x86::Inst::kIdMov, reg(rd), reg(rs));
  } else {
    a.mov(x86::rax, mem(rs));
    a.mov(mem(rd), x86::rax);
  }
}

// addi, slli, xori, srli/srai, ori, andi (funct3 `f3`, not slti/sltiu) on `dst`: a host register or
// a register's slot in memory.
void Emitter::op_imm_in_place(const Operand& dst, uint32_t f3, int32_t imm, uint32_t shamt, bool arithmetic) {
  namespace I = x86::Inst;
  static constexpr I::Id kIds[] = {I::kIdAdd, I::kIdShl, I::kIdNone, I::kIdNone,
                                   I::kIdXor, I::kIdShr, I::kIdOr,   I::kIdAnd};
  const bool shift = f3 == 1 || f3 == 5;
  a.emit(f3 == 5 && arithmetic ? I::kIdSar : kIds[f3], dst, shift ? Imm(shamt) : Imm(imm));
}

Emitter::Result Emitter::emit_op_imm(uint32_t raw, bool word) {
  namespace I = x86::Inst;
  const uint32_t f3 = enc::funct3(raw);
  const unsigned rd = dest(enc::rd(raw)), rs1 = enc::rs1(raw);
  const int32_t imm = enc::imm_i(raw);
  const uint32_t top = static_cast<uint32_t>(imm) >> (word ? 5 : 6) & (word ? 0x7F : 0x3F);
  const uint32_t shamt = static_cast<uint32_t>(imm) & (word ? 31 : 63);
  if (word) {
    if (f3 == 1 && top != 0) return Result::kNotInline;
    if (f3 == 5 && top != 0 && top != 0x20) return Result::kNotInline;
    if (f3 != 0 && f3 != 1 && f3 != 5) return Result::kNotInline;
    if (f3 == 0 && imm == 0 && map_->mapped(rd)) {  // sext.w
      a.emit(I::kIdMovsxd, map_->host(rd), reg32(rs1));
      return Result::kGoesOn;
    }
    if (f3 == 0 && imm != 0 && map_->mapped(rs1)) {
      a.lea(x86::eax, x86::ptr(map_->host(rs1), imm));
    } else {
      op(I::kIdMov, x86::eax, reg32(rs1));
      if (f3 == 0 && imm != 0) a.add(x86::eax, imm);
    }
    if (f3 == 1) a.shl(x86::eax, shamt);
    if (f3 == 5) top ? a.sar(x86::eax, shamt) : a.shr(x86::eax, shamt);
    if (map_->mapped(rd)) {
      a.movsxd(map_->host(rd), x86::eax);
    } else {
      a.movsxd(x86::rax, x86::eax);
      a.mov(mem(rd), x86::rax);
    }
    return Result::kGoesOn;
  }
  if (f3 == 1 && top != 0) return Result::kNotInline;
  if (f3 == 5 && top != 0 && top != 0x10) return Result::kNotInline;
  if (map_->mapped(rd) && f3 != 2 && f3 != 3) {
    // Straight into the host register: li (rs1 = x0), mv and addi as one instruction each.
    const x86::Gp d = map_->host(rd);
    if (rs1 == 0) {
      if ((f3 == 0 || f3 == 4 || f3 == 6) && imm != 0) {
        a.mov(d, imm);
      } else {
        a.xor_(d.r32(), d.r32());  // and, shifts of zero
      }
      return Result::kGoesOn;
    }
    if (f3 == 0 && rd != rs1 && map_->mapped(rs1)) {
      a.lea(d, x86::ptr(map_->host(rs1), imm));
      return Result::kGoesOn;
    }
    if (rd != rs1) op(I::kIdMov, d, reg(rs1));
    if (f3 != 0 || imm != 0) op_imm_in_place(d, f3, imm, shamt, top != 0);
    return Result::kGoesOn;
  }
  // rd in memory from here on.
  if (f3 != 2 && f3 != 3 && rs1 == 0) {  // li: the value (xori and ori too; and, shifts of zero: 0)
    a.mov(mem(rd), f3 == 0 || f3 == 4 || f3 == 6 ? imm : 0);
    return Result::kGoesOn;
  }
  if (f3 == 0 && imm == 0) {  // mv
    copy(rd, rs1);
    return Result::kGoesOn;
  }
  if (rd == rs1 && f3 != 2 && f3 != 3) {
    // A register in memory changed in place (addi sp, sp, -16 and the like).
    op_imm_in_place(mem(rd), f3, imm, shamt, top != 0);
    return Result::kGoesOn;
  }
  op(I::kIdMov, x86::rax, reg(rs1));
  switch (f3) {
    case 0: a.add(x86::rax, imm); break;
    case 1: a.shl(x86::rax, shamt); break;
    case 2:
    case 3:
      a.xor_(x86::ecx, x86::ecx);
      a.cmp(x86::rax, imm);
      f3 == 2 ? a.setl(x86::cl) : a.setb(x86::cl);
      a.mov(x86::rax, x86::rcx);
      break;
    case 4: a.xor_(x86::rax, imm); break;
    case 5: top ? a.sar(x86::rax, shamt) : a.shr(x86::rax, shamt); break;
    case 6: a.or_(x86::rax, imm); break;
    default: a.and_(x86::rax, imm); break;
  }
  op(I::kIdMov, reg(rd), x86::rax);
  return Result::kGoesOn;
}

void Emitter::track(uint32_t raw) {
  const uint32_t op = enc::opcode(raw);
  const unsigned rd = enc::rd(raw);
  if (op == enc::op::kStore || op == enc::op::kBranch || op == enc::op::kStoreFp || rd == 0) return;
  // Anything else with an rd field may write x[rd] (an FP or vector instruction writing another
  // file only makes this forget more than it must).
  int64_t base = 0;
  const bool adds = enc::funct3(raw) == 0 && (op == enc::op::kOpImm || op == enc::op::kOpImm32);
  const bool from_known = op == enc::op::kLui || (adds && known(enc::rs1(raw), base));
  forget(rd);
  if (!from_known) return;
  int64_t value = op == enc::op::kLui ? enc::imm_u(raw) : base + enc::imm_i(raw);
  if (op == enc::op::kOpImm32) value = static_cast<int32_t>(value);
  known_value_[rd] = value;
  known_ |= 1u << rd;
}

// Lemire, Kaser and Kurz, "Faster remainder by direct computation" (2019): for 32-bit n and
// 2 <= d < 2^32 and M = ceil(2^64 / d), n / d is the high half of M * n, and n % d the high half
// of (M * n mod 2^64) * d. Signed: the same on the magnitudes, then the signs (RISC-V's division
// truncates, as C's); the one overflow, by -1, is left to the division.
bool Emitter::divide_by_constant(unsigned rs1, uint32_t f3, int64_t divisor) {
  const bool is_signed = f3 == 4 || f3 == 6, is_rem = f3 >= 6;
  const auto d32 = static_cast<int32_t>(divisor);
  const uint32_t d = is_signed ? (d32 < 0 ? 0u - static_cast<uint32_t>(d32) : static_cast<uint32_t>(d32))
                               : static_cast<uint32_t>(divisor);
  if (d < 2) return false;
  const uint64_t m = UINT64_MAX / d + 1;
  op(x86::Inst::kIdMov, x86::eax, reg32(rs1));  // zero-extended into rax
  if (is_signed) {  // esi: all ones when the dividend is negative; eax its magnitude
    a.mov(x86::esi, x86::eax);
    a.sar(x86::esi, 31);
    a.xor_(x86::eax, x86::esi);
    a.sub(x86::eax, x86::esi);
  }
  a.mov(x86::rcx, imm(m));
  if (is_rem) {
    a.imul(x86::rax, x86::rcx);
    a.mov(x86::ecx, d);
  }
  a.emit(x86::Inst::kIdMul, x86::rcx);  // edx: the quotient or remainder of the magnitudes
  if (is_signed) {                      // the quotient's sign is both signs', the remainder's the dividend's
    if (!is_rem && d32 < 0) a.not_(x86::esi);
    a.xor_(x86::edx, x86::esi);
    a.sub(x86::edx, x86::esi);
  }
  a.movsxd(x86::rax, x86::edx);
  return true;
}

Emitter::Result Emitter::emit_m(uint32_t raw, bool word) {
  namespace I = x86::Inst;
  const uint32_t f3 = enc::funct3(raw);
  const unsigned rd = dest(enc::rd(raw)), rs1 = enc::rs1(raw), rs2 = enc::rs2(raw);
  if (int64_t divisor; f3 >= 4 && word && known(rs2, divisor) && divide_by_constant(rs1, f3, divisor)) {
    op(I::kIdMov, reg(rd), x86::rax);
    return Result::kGoesOn;
  }
  if (f3 >= 4) {
    // Division inline, with table 7.1's cases: by zero (quotient all ones, remainder the
    // dividend) and the signed overflow (by -1: the negation, which wraps, and remainder 0).
    const bool is_signed = f3 == 4 || f3 == 6, is_rem = f3 >= 6;
    const x86::Gp x = word ? x86::Gp(x86::eax) : x86::Gp(x86::rax);
    const x86::Gp y = word ? x86::Gp(x86::ecx) : x86::Gp(x86::rcx);
    op(I::kIdMov, x, word ? reg32(rs1) : reg(rs1));
    op(I::kIdMov, y, word ? reg32(rs2) : reg(rs2));
    // The two cases out of line (OutOfLine::kDivide), so that a division takes no branch.
    const Label done = a.newLabel();
    const auto special = [&](uint32_t which) {
      add_cold({OutOfLine::kDivide, a.newLabel(), done, 0, is_rem, which, word});
      return cold_.back().entry;
    };
    a.test(y, y);
    a.jz(special(0));
    if (is_signed) {
      a.cmp(y, -1);
      a.je(special(1));
      word ? a.cdq(x86::edx, x86::eax) : a.cqo(x86::rdx, x86::rax);
      word ? a.idiv(x86::edx, x86::eax, y) : a.idiv(x86::rdx, x86::rax, y);
    } else {
      a.xor_(x86::edx, x86::edx);
      word ? a.div(x86::edx, x86::eax, y) : a.div(x86::rdx, x86::rax, y);
    }
    if (is_rem) a.mov(x86::rax, x86::rdx);
    a.bind(done);
    if (word) a.movsxd(x86::rax, x86::eax);
    op(I::kIdMov, reg(rd), x86::rax);
    return Result::kGoesOn;
  }
  if (word) {
    if (f3 != 0) return Result::kNotInline;
    op(I::kIdMov, x86::eax, reg32(rs1));
    op(I::kIdImul, x86::eax, reg32(rs2));
    if (map_->mapped(rd)) {
      a.movsxd(map_->host(rd), x86::eax);
    } else {
      a.movsxd(x86::rax, x86::eax);
      a.mov(mem(rd), x86::rax);
    }
    return Result::kGoesOn;
  }
  op(I::kIdMov, x86::rax, reg(rs1));
  switch (f3) {
    case 0: op(I::kIdImul, x86::rax, reg(rs2)); break;
    case 1:
      a.emit(I::kIdImul, reg(rs2));
      a.mov(x86::rax, x86::rdx);
      break;  // mulh: signed high half
    case 2:   // mulhsu: the unsigned high half, less rs2 when rs1 is negative
      a.mov(x86::rcx, x86::rax);
      a.emit(I::kIdMul, reg(rs2));
      a.sar(x86::rcx, 63);
      op(I::kIdAnd, x86::rcx, reg(rs2));
      a.sub(x86::rdx, x86::rcx);
      a.mov(x86::rax, x86::rdx);
      break;
    default:
      a.emit(I::kIdMul, reg(rs2));
      a.mov(x86::rax, x86::rdx);
      break;
  }
  op(I::kIdMov, reg(rd), x86::rax);
  return Result::kGoesOn;
}

// The flags of rs1 - rs2, as a branch on them needs.
void Emitter::compare(unsigned rs1, unsigned rs2) {
  if (rs2 == 0) {
    const x86::Gp r = in_reg(rs1, x86::rax);
    a.test(r, r);
  } else {
    op(x86::Inst::kIdCmp, in_reg(rs1, x86::rax), reg(rs2));
  }
}

Emitter::Result Emitter::emit_branch(uint32_t raw, int32_t pc_off, unsigned /*len*/) {
  const uint32_t f3 = enc::funct3(raw);
  if (f3 == 2 || f3 == 3) return Result::kNotInline;
  const unsigned rs1 = enc::rs1(raw), rs2 = enc::rs2(raw);
  const Label inner = inner_label(static_cast<int64_t>(pc_off) + enc::imm_b(raw));
  if (inner.isValid()) flush();  // the target is reached with no takes pending (bind_inner)
  Label not_taken = a.newLabel();
  jump_unless_taken(f3, rs1, rs2, not_taken);
  if (inner.isValid()) {
    inner_jump(inner, pc_off + enc::imm_b(raw));
  } else {
    jump_exit(static_cast<int64_t>(pc_off) + enc::imm_b(raw));
  }
  a.bind(not_taken);
  return Result::kGoesOn;
}

// A taken jump inside this block, nothing pending. The interpreter's goes on only with budget left
// for the target (jump_exit's check): else the turn ends there, as here.
void Emitter::inner_jump(Label inner, int64_t target) {
  OutOfLine out{OutOfLine::kExit, a.newLabel(), Label(), static_cast<int32_t>(target), 0, 0, 0};
  a.test(budget(), budget());
  a.jle(out.entry);
  a.jmp(inner);
  add_cold(out);
}

bool Emitter::emit_skip(const Insn& skipped, uint32_t branch_raw, uint32_t skipped_raw, int32_t pc_off,
                        unsigned len, unsigned skipped_len) {
  const int32_t at = pc_off + static_cast<int32_t>(len), after = at + static_cast<int32_t>(skipped_len);
  if (inner_label(at).isValid()) return false;
  flush();  // the branch's take counted; the skipped instruction's depends on the condition
  const unsigned rd = enc::rd(skipped_raw);
  set_if_taken(branch_raw);
  op(x86::Inst::kIdMov, x86::rsi, reg(rd));  // rd before; the instruction uses rax and rcx only
  emit(skipped, skipped_raw, at, skipped_len);
  undo_if_taken(rd);
  // Not taken: the instruction ran and takes one. Taken: the interpreter's jump looks at the
  // budget and ends the turn at the target when it is spent.
  a.lea(x86::rax, x86::ptr(budget(), -1));
  a.cmovz(budget(), x86::rax);
  end_turn_if(true, after);
  return true;
}

void Emitter::jump_unless_taken(uint32_t f3, unsigned rs1, unsigned rs2, Label to) {
  compare(rs1, rs2);
  switch (f3) {
    case 0: a.jne(to); break;
    case 1: a.je(to); break;
    case 4: a.jge(to); break;
    case 5: a.jl(to); break;
    case 6: a.jae(to); break;
    default: a.jb(to); break;
  }
}

void Emitter::set_if_taken(uint32_t branch_raw) {
  compare(enc::rs1(branch_raw), enc::rs2(branch_raw));
  switch (enc::funct3(branch_raw)) {
    case 0: a.sete(x86::dl); break;
    case 1: a.setne(x86::dl); break;
    case 4: a.setl(x86::dl); break;
    case 5: a.setge(x86::dl); break;
    case 6: a.setb(x86::dl); break;
    default: a.setae(x86::dl); break;
  }
}

void Emitter::undo_if_taken(unsigned rd) {
  a.test(x86::dl, x86::dl);
  if (map_->mapped(rd)) {
    a.cmovnz(map_->host(rd), x86::rsi);
  } else {
    a.mov(x86::rax, mem(rd));
    a.cmovnz(x86::rax, x86::rsi);
    a.mov(mem(rd), x86::rax);
  }
}

void Emitter::end_turn_if(bool taken, int32_t pc_off) {
  a.mov(x86::eax, 0x10000);  // larger than any budget: goes on
  if (taken) {
    a.cmovnz(x86::rax, budget());
  } else {
    a.cmovz(x86::rax, budget());
  }
  OutOfLine out{OutOfLine::kExit, a.newLabel(), Label(), pc_off, 0, 0, 0};
  a.test(x86::rax, x86::rax);
  a.jle(out.entry);
  add_cold(out);
}

bool Emitter::emit_diamond(const Diamond& d, const Insn* slots, uint32_t branch_raw, int32_t pc_off,
                           int32_t page_off) {
  const auto at = [page_off](const ArmInsn& i) { return page_off + 2 * static_cast<int32_t>(i.slot); };
  for (unsigned k = 0; k < d.count; ++k) {
    if (inner_label(at(d.fall[k])).isValid()) return false;  // reached by another way
  }
  flush();  // the branch's take counted
  set_if_taken(branch_raw);
  // Taken, the interpreter's jump looks at the budget: the turn may end at the other arm.
  a.test(x86::dl, x86::dl);
  end_turn_if(true, pc_off + enc::imm_b(branch_raw));
  // The first instruction: both arms' forms, the taken one's result kept when taken.
  const ArmInsn &taken_first = d.taken[0], &first = d.fall[0];
  const unsigned rd = enc::rd(first.raw);
  take();
  emit(slots[taken_first.slot], taken_first.raw, at(taken_first), taken_first.len);
  op(x86::Inst::kIdMov, x86::rsi, reg(rd));
  emit(slots[first.slot], first.raw, at(first), first.len);
  undo_if_taken(rd);
  for (unsigned k = 1; k + 1 < d.count; ++k) {  // the same in both arms; dl survives them
    take();
    emit(slots[d.fall[k].slot], d.fall[k].raw, at(d.fall[k]), d.fall[k].len);
  }
  // The branch: the fall-through arm's. It goes to A when taken and to B when not; the other
  // arm's opposite branch goes the same ways, but falls into A and jumps to B. The interpreter
  // looks at the budget on jumps only, so whether it does depends on the arm as well.
  const ArmInsn& last = d.fall[d.count - 1];
  const int32_t to_a = at(last) + enc::imm_b(last.raw), to_b = at(last) + static_cast<int32_t>(last.len);
  take();
  flush();
  const Label b = a.newLabel();
  jump_unless_taken(enc::funct3(last.raw), enc::rs1(last.raw), enc::rs2(last.raw), b);
  a.test(x86::dl, x86::dl);
  end_turn_if(false, to_a);
  if (const Label inner = inner_label(to_a); inner.isValid()) {
    a.jmp(inner);
  } else {
    jump_exit(to_a, false);
  }
  a.bind(b);
  a.test(x86::dl, x86::dl);
  end_turn_if(true, to_b);
  return true;
}

Emitter::Result Emitter::emit_jump(uint32_t raw, int32_t pc_off, unsigned len) {
  const unsigned rd = dest(enc::rd(raw));
  if (enc::opcode(raw) == enc::op::kJal) {
    if (rd != 32) {
      a.lea(x86::rax, x86::ptr(x86::r12, pc_off + static_cast<int32_t>(len)));
      op(x86::Inst::kIdMov, reg(rd), x86::rax);
    }
    const int64_t target = static_cast<int64_t>(pc_off) + enc::imm_j(raw);
    if (const Label inner = inner_label(target); inner.isValid()) {
      flush();
      inner_jump(inner, target);
    } else {
      jump_exit(target);
    }
    return Result::kEndsBlock;
  }
  if (enc::funct3(raw) != 0) return Result::kNotInline;
  // The target first: rd may be rs1.
  op(x86::Inst::kIdMov, x86::rcx, reg(enc::rs1(raw)));
  a.add(x86::rcx, enc::imm_i(raw));
  a.and_(x86::rcx, -2);
  if (rd != 32) {
    a.lea(x86::rax, x86::ptr(x86::r12, pc_off + static_cast<int32_t>(len)));
    op(x86::Inst::kIdMov, reg(rd), x86::rax);
  }
  flush();
  indirect_exit();
  return Result::kEndsBlock;
}

}  // namespace microvm::riscv::jit
