// x86-64 host code for a lamp block (translator.h), through asmjit. Register use:
//   rdi        the BlockFrame           rax, rcx, rdx   scratch
//   r12d, r13d the operand and result of the last flag-setting instruction (the lazy flags of
//              core.h's IpAndFlags), kept only by a setter whose flags something can see: the jump
//              that ends the block, or a way out (the end, a load or store leaving the block)
//   rbx, rbp, rsi, r8-r11, r14, r15   the guest registers the block uses, loaded on entry and
//              written back (the ones it writes) on exit; a back edge keeps them in place.
#include <asmjit/x86.h>

#include <array>
#include <cstddef>
#include <numeric>

#include "core/code_cache.h"
#include "lamp/isa.h"
#include "lamp/layout.h"
#include "lamp/memory.h"
#include "lamp/translator.h"

namespace microvm::lamp {

using namespace asmjit;

namespace {

// How an instruction sets the flags; kNone: it does not (jumps, stores).
enum class Kind { kNone, kAdd, kSub, kLogic };

Kind kind_of(uint8_t opcode) {
  switch (opcode) {
    case op::ADD:
    case op::ADDI:
    case op::INC: return Kind::kAdd;
    case op::SUB:
    case op::SUBI:
    case op::CMP:
    case op::CMPI: return Kind::kSub;
    default: return is_jump(opcode) || is_store(opcode) ? Kind::kNone : Kind::kLogic;
  }
}

constexpr uint32_t kFlagBits = kCF | kZF | kSF | kOF;

x86::Mem frame(size_t offset, uint32_t size) {
  return x86::ptr(x86::rdi, static_cast<int32_t>(offset), size);
}

class BlockEmitter {
 public:
  BlockEmitter(x86::Assembler& a, const std::vector<BlockInsn>& insns, uint32_t ip)
      : a_(a), insns_(insns), ip_(ip), keep_(insns.size(), false) {
    const x86::Gp pool[] = {x86::ebx,  x86::ebp,  x86::esi,  x86::r8d, x86::r9d,
                            x86::r10d, x86::r11d, x86::r14d, x86::r15d};
    size_t next = 0;
    const uint32_t used = std::accumulate(insns.begin(), insns.end(), 0u, [](uint32_t m, const BlockInsn& i) {
      return m | registers_of(i).value_or(0);
    });
    for (unsigned g = 0; g < 32; ++g) {
      if (used & (1u << g)) host_[g] = pool[next++];
    }
    // Which setters keep their flags' inputs: those a way out or the final jump can see. A load
    // or store can leave before it runs, with the flags of the setter before it.
    size_t setter = kNoSetter;
    bool out_before_setter = false;
    const auto seen = [&] {
      if (setter == kNoSetter) {
        out_before_setter = true;
      } else {
        keep_[setter] = true;
      }
    };
    for (size_t k = 0; k < insns.size(); ++k) {
      const BlockInsn& i = insns[k];
      if (is_memory(i.op) || is_jump(i.op)) seen();
      if (kind_of(i.op) != Kind::kNone) setter = k;
      if (writes_rd(i.op)) written_ |= 1u << i.rd;
    }
    seen();  // the end
    end_kind_ = setter != kNoSetter ? kind_of(insns[setter].op) : Kind::kNone;
    // A way out before the first setter finds the flags in the frame on the first turn; on later
    // turns too, if a back edge computes them there.
    flags_home_at_head_ = out_before_setter;
  }

  void emit() {
    const Label stale = a_.newLabel();
    for (Label& tail : tails_) tail = a_.newLabel();
    for (const x86::Gp& r : kSaved) a_.push(r);
    verify(stale);
    a_.mov(x86::rdx, frame(offsetof(BlockFrame, regs), 8));
    for (unsigned g = 0; g < 32; ++g) {
      if (host_[g].isValid()) a_.mov(host_[g], x86::dword_ptr(x86::rdx, static_cast<int32_t>(4 * g)));
    }
    head_ = a_.newLabel();
    a_.bind(head_);
    bool ended = false;
    for (size_t k = 0; k < insns_.size() && !ended; ++k) {
      const BlockInsn& i = insns_[k];
      const uint32_t at = ip_ + static_cast<uint32_t>(8 * k);
      if (is_jump(i.op)) {
        end_with_jump(i, at);
        ended = true;
      } else if (is_memory(i.op)) {
        memory(i, k, at);
      } else {
        instruction(i, keep_[k]);
      }
      if (kind_of(i.op) != Kind::kNone) kind_ = kind_of(i.op);
    }
    if (!ended) exit_to(ip_ + static_cast<uint32_t>(8 * insns_.size()), insns_.size(), kind_);
    for (const Out& out : outs_) {
      a_.bind(out.label);
      a_.mov(frame(offsetof(BlockFrame, interpret), 4), 1);
      exit_to(out.ip, out.count, out.kind);
    }
    for (int k = 0; k < 4; ++k) tail(static_cast<Kind>(k));
    a_.bind(stale);
    a_.mov(frame(offsetof(BlockFrame, stale), 4), 1);
    pop_and_return();
  }

 private:
  static constexpr size_t kNoSetter = ~size_t{0};
  static constexpr std::array<x86::Gp, 6> kSaved = {x86::rbx, x86::rbp, x86::r12,
                                                    x86::r13, x86::r14, x86::r15};
  // A way out of the middle of the block, emitted after its main line.
  struct Out {
    Label label;
    uint32_t ip;
    size_t count;
    Kind kind;
  };

  static bool writes_rd(uint8_t opcode) {
    return opcode != op::CMP && opcode != op::CMPI && kind_of(opcode) != Kind::kNone;
  }
  x86::Gp reg(uint8_t g) const { return host_[g]; }

  // Compares the block's words in RAM with the ones it was translated from; any difference goes
  // to `fail`.
  void verify(const Label& fail) {
    a_.mov(x86::rax, frame(offsetof(BlockFrame, host), 8));
    a_.mov(x86::edx, ip_);
    a_.add(x86::rax, x86::rdx);
    for (size_t k = 0; k < insns_.size(); ++k) {
      a_.mov(x86::rcx, insns_[k].word);
      a_.cmp(x86::qword_ptr(x86::rax, static_cast<int32_t>(8 * k)), x86::rcx);
      a_.jne(fail);
    }
  }

  // The x86 instruction that computes a register instruction's value from its first operand in
  // eax (none for MOV and MOVI).
  static x86::Inst::Id host_op(uint8_t opcode) {
    switch (opcode) {
      case op::ADD:
      case op::ADDI:
      case op::INC: return x86::Inst::kIdAdd;
      case op::SUB:
      case op::SUBI:
      case op::CMP:
      case op::CMPI: return x86::Inst::kIdSub;
      case op::MUL: return x86::Inst::kIdImul;
      case op::AND:
      case op::ANDI: return x86::Inst::kIdAnd;
      case op::OR:
      case op::ORI: return x86::Inst::kIdOr;
      case op::XOR:
      case op::XORI: return x86::Inst::kIdXor;
      case op::NOT: return x86::Inst::kIdNot;
      case op::SHL:
      case op::SHLI: return x86::Inst::kIdShl;
      case op::SHR:
      case op::SHRI: return x86::Inst::kIdShr;
      case op::SAR: return x86::Inst::kIdSar;
      case op::ROL:
      case op::ROLI: return x86::Inst::kIdRol;
      case op::ROR:
      case op::RORI: return x86::Inst::kIdRor;
      default: return x86::Inst::kIdNone;
    }
  }

  // One register instruction: its value in eax, then rd; a kept setter keeps its flags' inputs.
  void instruction(const BlockInsn& i, bool keep) {
    const x86::Gp eax = x86::eax;
    const Kind kind = kind_of(i.op);
    const bool on_rd = i.op == op::INC || i.op == op::CMP || i.op == op::CMPI;
    const uint8_t first = on_rd ? i.rd : i.rs1;
    if (keep && (kind == Kind::kAdd || kind == Kind::kSub)) a_.mov(x86::r12d, reg(first));
    const x86::Inst::Id id = host_op(i.op);
    const Form form = op_info(i.op)->form;
    if (i.op == op::MOVI) {
      a_.mov(eax, static_cast<int32_t>(i.imm));
    } else {
      a_.mov(eax, reg(first));
    }
    if (id == x86::Inst::kIdNot) {
      a_.not_(eax);
    } else if (id == x86::Inst::kIdShl || id == x86::Inst::kIdShr || id == x86::Inst::kIdSar ||
               id == x86::Inst::kIdRol || id == x86::Inst::kIdRor) {
      // x86 takes the count modulo 32, as Polaris does.
      if (form == Form::kRdRsRs) {
        a_.mov(x86::ecx, reg(i.rs2));
        a_.emit(id, eax, x86::cl);
      } else if (i.imm & 31) {
        a_.emit(id, eax, Imm(i.imm & 31));
      }
    } else if (id != x86::Inst::kIdNone) {
      if (i.op == op::INC) {
        a_.emit(id, eax, Imm(1));
      } else if (form == Form::kRdRsRs || form == Form::kRdRs) {  // CMP rd, rs1 compares with rs1
        a_.emit(id, eax, reg(form == Form::kRdRs ? i.rs1 : i.rs2));
      } else {
        a_.emit(id, eax, Imm(static_cast<int32_t>(i.imm)));
      }
    }
    if (writes_rd(i.op)) a_.mov(reg(i.rd), eax);
    if (keep) a_.mov(x86::r13d, eax);
  }

  // A word load or store (insn k, at guest address `at`) on the interpreter's fast path
  // (Core::load32: RAM, no device in the page); anything else leaves the block before it. A store
  // into the block's own words leaves right after it, so the next instruction is fetched anew.
  void memory(const BlockInsn& i, size_t k, uint32_t at) {
    using namespace x86;
    const Label out = a_.newLabel();
    outs_.push_back(Out{out, at, k, kind_});
    a_.mov(eax, reg(i.rs1));
    if (i.imm) a_.add(eax, static_cast<int32_t>(i.imm));
    if (i.op == op::LOADX32 || i.op == op::STOREX32) a_.add(eax, reg(i.rs2));
    a_.cmp(eax, kRamSize - 4);
    a_.ja(out);
    a_.mov(edx, eax);
    a_.shr(edx, Memory::kKindShift);
    a_.mov(rcx, frame(offsetof(BlockFrame, page_kinds), 8));
    a_.test(byte_ptr(rcx, rdx), Memory::kMmio32Page);
    a_.jnz(out);
    a_.mov(rcx, frame(offsetof(BlockFrame, host), 8));
    if (!is_store(i.op)) {
      a_.mov(eax, dword_ptr(rcx, rax));
      a_.mov(reg(i.rd), eax);
      if (keep_[k]) a_.mov(r13d, eax);
      return;
    }
    a_.mov(dword_ptr(rcx, rax), reg(i.rd));
    const Label itself = a_.newLabel();
    outs_.push_back(Out{itself, at + 8, k + 1, kind_});
    const auto bytes = static_cast<uint32_t>(8 * insns_.size());
    a_.lea(edx, ptr(rax, static_cast<int32_t>(3 - ip_)));  // the word overlaps [ip_, ip_ + bytes)
    a_.cmp(edx, bytes + 3);
    a_.jb(itself);
  }

  // eax = CF, ZF, SF and OF as a setter of this kind defines them (flags.h), every other bit clear.
  void flag_bits(Kind kind) {
    using namespace x86;
    a_.xor_(eax, eax);
    a_.test(r13d, r13d);
    a_.sete(al);
    a_.shl(eax, 3);  // ZF
    a_.mov(ecx, r13d);
    a_.shr(ecx, 31);
    a_.shl(ecx, 4);  // SF
    a_.or_(eax, ecx);
    if (kind != Kind::kAdd && kind != Kind::kSub) return;
    // a = r12d, r = r13d; b = r - a for ADD, a - r for SUB (in edx).
    const bool add = kind == Kind::kAdd;
    a_.mov(edx, add ? r13d : r12d);
    a_.sub(edx, add ? r12d : r13d);
    if (add) {
      a_.cmp(r13d, r12d);  // CF: r < a (the sum wrapped)
    } else {
      a_.cmp(r12d, edx);  // CF: a < b
    }
    a_.setb(cl);
    a_.movzx(ecx, cl);
    a_.or_(eax, ecx);
    // OF: (a ^ r) & (b ^ r) for ADD, (a ^ b) & (a ^ r) for SUB, except that the original flags
    // neither a zero sum nor a subtraction from zero.
    a_.xor_(edx, add ? r13d : r12d);
    a_.mov(ecx, r12d);
    a_.xor_(ecx, r13d);
    a_.and_(ecx, edx);
    a_.shr(ecx, 31);
    const x86::Gp zero_guard = add ? r13d : r12d;
    a_.test(zero_guard, zero_guard);
    a_.cmovz(ecx, zero_guard);
    a_.shl(ecx, 5);
    a_.or_(eax, ecx);
  }

  // The flags word in the frame, computed from a setter of this kind.
  void store_flags(Kind kind) {
    flag_bits(kind);
    a_.mov(x86::ecx, frame(offsetof(BlockFrame, flags), 4));
    a_.and_(x86::ecx, static_cast<int32_t>(~kFlagBits));
    a_.or_(x86::ecx, x86::eax);
    a_.mov(frame(offsetof(BlockFrame, flags), 4), x86::ecx);
  }

  // The jump that ends the block (at guest address `at`).
  void end_with_jump(const BlockInsn& j, uint32_t at) {
    const bool relative = j.op >= op::RJMP;
    const uint32_t target = relative ? at + j.imm : j.imm;
    const Label taken = a_.newLabel();
    uint32_t mask = 0;
    bool when_set = true;  // taken when (flags & mask) != 0; else when it is 0
    switch (j.op) {
      case op::JMP:
      case op::RJMP: break;
      case op::JZ:
      case op::RJZ: mask = kZF; break;
      case op::JNZ:
      case op::RJNZ:
        mask = kZF;
        when_set = false;
        break;
      // flags.h: SF == OF compares two different bits, so it holds only when both are clear.
      case op::JG:
      case op::RJG:
        mask = kZF | kSF | kOF;
        when_set = false;
        break;
      case op::JGE:
      case op::RJGE:
        mask = kSF | kOF;
        when_set = false;
        break;
      case op::JL:
      case op::RJL: mask = kSF | kOF; break;
      case op::JLE:
      case op::RJLE: mask = kZF | kSF | kOF; break;
      case op::JC:
      case op::RJC: mask = kCF; break;
      default:
        mask = kCF;
        when_set = false;
        break;  // JNC, RJNC
    }
    if (mask == 0) {
      a_.jmp(taken);
    } else if (mask == kZF && kind_ != Kind::kNone) {
      a_.test(x86::r13d, x86::r13d);  // ZF is exactly "the last result was 0"
      if (when_set)
        a_.jz(taken);
      else
        a_.jnz(taken);
    } else {
      if (kind_ != Kind::kNone) {
        flag_bits(kind_);
        a_.test(x86::eax, mask);
      } else {
        a_.test(frame(offsetof(BlockFrame, flags), 4), mask);
      }
      if (when_set)
        a_.jnz(taken);
      else
        a_.jz(taken);
    }
    const size_t n = insns_.size();
    if (mask != 0) exit_to(at + 8, n, kind_);
    a_.bind(taken);
    if (target == ip_) {
      back_edge();
    } else {
      exit_to(target, n, kind_);
    }
  }

  // To the block's own start: counted, then the attention word and the block's words looked at
  // as the interpreter would at a jump, then straight on with the registers where they are.
  void back_edge() {
    const Label leave = a_.newLabel();
    a_.add(frame(offsetof(BlockFrame, count), 8), static_cast<int32_t>(insns_.size()));
    if (flags_home_at_head_ && end_kind_ != Kind::kNone) store_flags(end_kind_);
    const Kind at_head = flags_home_at_head_ ? Kind::kNone : end_kind_;
    a_.mov(x86::rax, frame(offsetof(BlockFrame, attention), 8));
    a_.cmp(x86::dword_ptr(x86::rax), 0);
    a_.jne(leave);
    verify(leave);  // changed: leave at the start, and the next entry finds it stale
    a_.jmp(head_);
    a_.bind(leave);
    a_.mov(frame(offsetof(BlockFrame, ip), 4), ip_);
    a_.jmp(tails_[static_cast<int>(at_head)]);
  }

  // Leaves for `target` after `count` instructions of this turn, the flags from a setter of `kind`.
  void exit_to(uint32_t target, size_t count, Kind kind) {
    if (count) a_.add(frame(offsetof(BlockFrame, count), 8), static_cast<int32_t>(count));
    a_.mov(frame(offsetof(BlockFrame, ip), 4), target);
    a_.jmp(tails_[static_cast<int>(kind)]);
  }

  // The ways out's shared tails, one per kind of the flags' setter: the flags word computed, the
  // written registers back (those not written yet hold what they were loaded with).
  void tail(Kind kind) {
    a_.bind(tails_[static_cast<int>(kind)]);
    if (kind != Kind::kNone) store_flags(kind);
    a_.mov(x86::rdx, frame(offsetof(BlockFrame, regs), 8));
    for (unsigned g = 0; g < 32; ++g) {
      if (written_ & (1u << g)) a_.mov(x86::dword_ptr(x86::rdx, static_cast<int32_t>(4 * g)), host_[g]);
    }
    pop_and_return();
  }

  void pop_and_return() {
    for (auto r = kSaved.rbegin(); r != kSaved.rend(); ++r) a_.pop(*r);
    a_.ret();
  }

  x86::Assembler& a_;
  const std::vector<BlockInsn>& insns_;
  const uint32_t ip_;
  std::vector<bool> keep_;  // per instruction: a setter that keeps r12d/r13d
  std::array<x86::Gp, 32> host_{};
  uint32_t written_ = 0;
  Kind kind_ = Kind::kNone;      // the setter so far, while emitting
  Kind end_kind_ = Kind::kNone;  // the block's last setter
  bool flags_home_at_head_ = false;
  std::vector<Out> outs_;
  Label head_;
  Label tails_[4];
};

}  // namespace

bool Translator::available() { return true; }

BlockCode Translator::emit(const std::vector<BlockInsn>& insns, uint32_t ip) {
  CodeHolder code;
  code.init(Environment::host());
  x86::Assembler a(&code);
  BlockEmitter(a, insns, ip).emit();
  if (code.flatten() != kErrorOk || code.resolveUnresolvedLinks() != kErrorOk) return nullptr;
  const size_t size = code.codeSize();
  CodeCache::Space space = cache_->allocate(size);
  if (space.write == nullptr) return nullptr;
  if (code.relocateToBase(reinterpret_cast<uint64_t>(space.exec)) != kErrorOk) return nullptr;
  if (code.copyFlattenedData(space.write, size, CopySectionFlags::kPadSectionBuffer) != kErrorOk)
    return nullptr;
  return reinterpret_cast<BlockCode>(const_cast<uint8_t*>(space.exec));
}

}  // namespace microvm::lamp
