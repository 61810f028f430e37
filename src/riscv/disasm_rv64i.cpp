// Printers for RV64I, M, A, Zicsr, Zifencei, Zihintpause and the privileged instructions, with
// the pseudo-instructions objdump prefers in its default mode.
#include <array>

#include "riscv/disasm_printer.h"
#include "riscv/encoding.h"

namespace microvm::riscv::disasm {
namespace {

int32_t imm_i(const Printer& p) { return enc::imm_i(p.raw); }

// objdump notes the address a jalr forms in every form that names rs1 (all but ret).
bool print_jalr(Printer& p) {
  const uint32_t rd = p.rd(), rs1 = p.rs1();
  const int32_t imm = imm_i(p);
  if (p.aliases() && rd == 0 && rs1 == 1 && imm == 0) return p.emit("ret");
  p.note_address(rs1, imm);
  if (p.aliases() && imm == 0)
    return rd <= 1 ? p.emit(rd ? "jalr" : "jr", {x(rs1)}) : p.emit("jalr", {x(rd), x(rs1)});
  // The offset(rs1) forms look the address up twice, once for each operand; for tp, zero and gp
  // the second look-up wins, as in objdump.
  p.note_address(rs1, imm);
  if (p.aliases() && rd <= 1) return p.emit(rd ? "jalr" : "jr", {mem(imm, rs1)});
  return p.emit("jalr", {x(rd), mem(imm, rs1)});
}

bool print_branch(Printer& p) {
  static constexpr const char* kNames[] = {"beq", "bne", nullptr, nullptr, "blt", "bge", "bltu", "bgeu"};
  const uint32_t f3 = p.funct3(), rs1 = p.rs1(), rs2 = p.rs2();
  if (!kNames[f3]) return false;
  const std::string target = p.target(enc::imm_b(p.raw));
  if (p.aliases()) {
    if (f3 == 0 && rs2 == 0) return p.emit("beqz", {x(rs1), target});
    if (f3 == 1 && rs2 == 0) return p.emit("bnez", {x(rs1), target});
    if (f3 == 5 && rs1 == 0) return p.emit("blez", {x(rs2), target});
    if (f3 == 5 && rs2 == 0) return p.emit("bgez", {x(rs1), target});
    if (f3 == 4 && rs2 == 0) return p.emit("bltz", {x(rs1), target});
    if (f3 == 4 && rs1 == 0) return p.emit("bgtz", {x(rs2), target});
  }
  return p.emit(kNames[f3], {x(rs1), x(rs2), target});
}

bool print_load_store(Printer& p, bool store) {
  static constexpr const char* kLoads[] = {"lb", "lh", "lw", "ld", "lbu", "lhu", "lwu", nullptr};
  static constexpr const char* kStores[] = {"sb", "sh", "sw", "sd", nullptr, nullptr, nullptr, nullptr};
  const char* name = (store ? kStores : kLoads)[p.funct3()];
  if (!name) return false;
  const int32_t imm = store ? enc::imm_s(p.raw) : imm_i(p);
  p.note_address(p.rs1(), imm);
  return p.emit(name, {x(store ? p.rs2() : p.rd()), mem(imm, p.rs1())});
}

bool print_op_imm(Printer& p, bool word) {
  const uint32_t f3 = p.funct3(), rd = p.rd(), rs1 = p.rs1();
  const int32_t imm = imm_i(p);
  const bool a = p.aliases();
  if (f3 == 1 || f3 == 5) {
    const uint32_t top = word ? p.bits(31, 25) : p.bits(31, 26);
    const uint32_t shamt = word ? p.bits(24, 20) : p.bits(25, 20);
    const char* name = nullptr;
    if (f3 == 1 && top == 0) name = word ? (a ? "sllw" : "slliw") : (a ? "sll" : "slli");
    if (f3 == 5 && top == 0) name = word ? (a ? "srlw" : "srliw") : (a ? "srl" : "srli");
    if (f3 == 5 && top == (word ? 0x20u : 0x10u)) name = word ? (a ? "sraw" : "sraiw") : (a ? "sra" : "srai");
    if (!name) return false;
    return p.emit(name, {x(rd), x(rs1), hex(shamt)});
  }
  if (word) {
    if (f3 != 0) return false;
    if (a && imm == 0) return p.emit("sext.w", {x(rd), x(rs1)});
    if (rs1 != 0) p.note_address(rs1, imm, true);
    return p.emit(a ? "addw" : "addiw", {x(rd), x(rs1), dec(imm)});
  }
  switch (f3) {
    case 0:
      if (a && rd == 0 && rs1 == 0 && imm == 0) return p.emit("nop");
      if (a && rs1 == 0) return p.emit("li", {x(rd), dec(imm)});
      if (a && imm == 0) return p.emit("mv", {x(rd), x(rs1)});
      if (rs1 != 0) p.note_address(rs1, imm);
      return p.emit(a ? "add" : "addi", {x(rd), x(rs1), dec(imm)});
    case 2: return p.emit("slti", {x(rd), x(rs1), dec(imm)});
    case 3:
      if (a && imm == 1) return p.emit("seqz", {x(rd), x(rs1)});
      return p.emit("sltiu", {x(rd), x(rs1), dec(imm)});
    case 4:
      if (a && imm == -1) return p.emit("not", {x(rd), x(rs1)});
      return p.emit(a ? "xor" : "xori", {x(rd), x(rs1), dec(imm)});
    case 6: return p.emit(a ? "or" : "ori", {x(rd), x(rs1), dec(imm)});
    default:
      if (a && imm == 255) return p.emit("zext.b", {x(rd), x(rs1)});
      return p.emit(a ? "and" : "andi", {x(rd), x(rs1), dec(imm)});
  }
}

bool print_op(Printer& p, bool word) {
  const uint32_t f3 = p.funct3(), f7 = p.funct7(), rd = p.rd(), rs1 = p.rs1(), rs2 = p.rs2();
  const bool a = p.aliases();
  const char* name = nullptr;
  if (f7 == 0) {
    static constexpr const char* kOps[] = {"add", "sll", "slt", "sltu", "xor", "srl", "or", "and"};
    static constexpr const char* kWordOps[] = {"addw",  "sllw", nullptr, nullptr,
                                               nullptr, "srlw", nullptr, nullptr};
    name = (word ? kWordOps : kOps)[f3];
  } else if (f7 == 0x20) {
    if (f3 == 0) name = word ? "subw" : "sub";
    if (f3 == 5) name = word ? "sraw" : "sra";
  }
  if (!name) return false;
  if (!word && f7 == 0 && f3 == 0 && rd == 0 && rs1 == 0 && rs2 >= 2 && rs2 <= 5 && p.has(ext::kZihintntl)) {
    static constexpr const char* kNtl[] = {"ntl.p1", "ntl.pall", "ntl.s1", "ntl.all"};
    return p.emit(kNtl[rs2 - 2]);
  }
  if (a && f7 == 0x20 && f3 == 0 && rs1 == 0) return p.emit(word ? "negw" : "neg", {x(rd), x(rs2)});
  if (a && !word && f7 == 0 && f3 == 2 && rs2 == 0) return p.emit("sltz", {x(rd), x(rs1)});
  if (a && !word && f7 == 0 && f3 == 2 && rs1 == 0) return p.emit("sgtz", {x(rd), x(rs2)});
  if (a && !word && f7 == 0 && f3 == 3 && rs1 == 0) return p.emit("snez", {x(rd), x(rs2)});
  return p.emit(name, {x(rd), x(rs1), x(rs2)});
}

std::string fence_set(uint32_t bits) {
  std::string set;
  if (bits & 8) set += 'i';
  if (bits & 4) set += 'o';
  if (bits & 2) set += 'r';
  if (bits & 1) set += 'w';
  return set.empty() ? "unknown" : set;
}

bool print_misc_mem(Printer& p) {
  if (p.raw == 0x0100000F && p.has(ext::kZihintpause)) return p.emit("pause");
  if (p.raw == 0x8330000F) return p.emit("fence.tso");
  if (p.raw == 0x0000100F) return p.has(ext::kZifencei) && p.emit("fence.i");
  // fence: fm, rs1 and rd are zero in every form objdump knows.
  if ((p.raw & 0xF00FFFFF) != 0x0000000F) return false;
  if (p.aliases() && p.bits(27, 20) == 0xFF) return p.emit("fence");
  return p.emit("fence", {fence_set(p.bits(27, 24)), fence_set(p.bits(23, 20))});
}

}  // namespace

bool print_rv64i(Printer& p) {
  switch (enc::opcode(p.raw)) {
    case enc::op::kLui:
      p.set_high(p.rd(), static_cast<uint64_t>(int64_t{enc::imm_u(p.raw)}));
      return p.emit("lui", {x(p.rd()), hex(p.raw >> 12)});
    case enc::op::kAuipc:
      p.set_high(p.rd(), p.pc + static_cast<uint64_t>(int64_t{enc::imm_u(p.raw)}));
      return p.emit("auipc", {x(p.rd()), hex(p.raw >> 12)});
    case enc::op::kJal: {
      const std::string target = p.target(enc::imm_j(p.raw));
      if (p.aliases() && p.rd() == 0) return p.emit("j", {target});
      if (p.aliases() && p.rd() == 1) return p.emit("jal", {target});
      return p.emit("jal", {x(p.rd()), target});
    }
    case enc::op::kJalr: return p.funct3() == 0 && print_jalr(p);
    case enc::op::kBranch: return print_branch(p);
    case enc::op::kLoad: return print_load_store(p, false);
    case enc::op::kStore: return print_load_store(p, true);
    case enc::op::kOpImm: return print_op_imm(p, false);
    case enc::op::kOpImm32: return print_op_imm(p, true);
    case enc::op::kOp: return print_op(p, false);
    case enc::op::kOp32: return print_op(p, true);
    case enc::op::kMiscMem: return print_misc_mem(p);
    default: return false;
  }
}

bool print_m(Printer& p) {
  if (!p.has(ext::kM) || p.funct7() != 1) return false;
  static constexpr const char* kOps[] = {"mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"};
  static constexpr const char* kWordOps[] = {"mulw", nullptr, nullptr, nullptr,
                                             "divw", "divuw", "remw",  "remuw"};
  const char* name = nullptr;
  if (enc::opcode(p.raw) == enc::op::kOp) name = kOps[p.funct3()];
  if (enc::opcode(p.raw) == enc::op::kOp32) name = kWordOps[p.funct3()];
  if (!name) return false;
  return p.emit(name, {x(p.rd()), x(p.rs1()), x(p.rs2())});
}

bool print_a(Printer& p) {
  if (!p.has(ext::kA) || enc::opcode(p.raw) != enc::op::kAmo) return false;
  const uint32_t f3 = p.funct3();
  if (f3 != 2 && f3 != 3) return false;
  static constexpr std::array<std::pair<uint32_t, const char*>, 11> kOps = {{{0x00, "amoadd"},
                                                                             {0x01, "amoswap"},
                                                                             {0x02, "lr"},
                                                                             {0x03, "sc"},
                                                                             {0x04, "amoxor"},
                                                                             {0x08, "amoor"},
                                                                             {0x0C, "amoand"},
                                                                             {0x10, "amomin"},
                                                                             {0x14, "amomax"},
                                                                             {0x18, "amominu"},
                                                                             {0x1C, "amomaxu"}}};
  const uint32_t funct5 = p.bits(31, 27);
  const char* base = nullptr;
  for (const auto& [code, name] : kOps) {
    if (code == funct5) base = name;
  }
  if (!base || (funct5 == 0x02 && p.rs2() != 0)) return false;
  static constexpr const char* kOrder[] = {"", ".rl", ".aq", ".aqrl"};
  const std::string name = fmt::format("{}.{}{}", base, f3 == 2 ? 'w' : 'd', kOrder[p.bits(26, 25)]);
  const std::string address = "(" + x(p.rs1()) + ")";
  if (funct5 == 0x02) return p.emit(name, {x(p.rd()), address});
  return p.emit(name, {x(p.rd()), x(p.rs2()), address});
}

bool print_zicsr(Printer& p) {
  if (!p.has(ext::kZicsr) || enc::opcode(p.raw) != enc::op::kSystem) return false;
  const uint32_t f3 = p.funct3(), rd = p.rd(), rs1 = p.rs1(), csr = p.bits(31, 20);
  if (f3 == 0 || f3 == 4) return false;
  const char* known = csr_name(csr, p.options.priv_spec);
  const std::string name = known ? known : hex(csr);
  const bool immediate = f3 >= 5;
  const std::string source = immediate ? dec(rs1) : x(rs1);
  static constexpr const char* kOps[] = {nullptr, "csrrw",  "csrrs",  "csrrc",
                                         nullptr, "csrrwi", "csrrsi", "csrrci"};
  if (p.raw == 0xC0001073) return p.emit("unimp");  // csrrw zero,cycle,zero: objdump's name, not an alias
  if (p.aliases()) {
    // The floating-point CSRs' own pseudo-instructions exist with F only.
    const char* fp = !p.has(ext::kF) ? nullptr
                     : csr == 3      ? "fcsr"
                     : csr == 2      ? "frm"
                     : csr == 1      ? "fflags"
                                     : nullptr;
    const char* fp_set = csr == 3 ? "fscsr" : csr == 2 ? "fsrm" : csr == 1 ? "fsflags" : nullptr;
    const char* fp_read = csr == 3 ? "frcsr" : csr == 2 ? "frrm" : csr == 1 ? "frflags" : nullptr;
    switch (f3) {
      case 1:
        if (fp && rd == 0) return p.emit(fp_set, {x(rs1)});
        if (fp) return p.emit(fp_set, {x(rd), x(rs1)});
        if (rd == 0) return p.emit("csrw", {name, source});
        break;
      case 2:
        if (rs1 == 0) {
          if (csr == 0xC00) return p.emit("rdcycle", {x(rd)});
          if (csr == 0xC01) return p.emit("rdtime", {x(rd)});
          if (csr == 0xC02) return p.emit("rdinstret", {x(rd)});
          if (fp) return p.emit(fp_read, {x(rd)});
          return p.emit("csrr", {x(rd), name});
        }
        if (rd == 0) return p.emit("csrs", {name, source});
        break;
      case 3:
        if (rd == 0) return p.emit("csrc", {name, source});
        break;
      case 5:
        if (fp && csr != 3) return p.emit(csr == 2 ? "fsrmi" : "fsflagsi", {x(rd), source});
        if (rd == 0) return p.emit("csrw", {name, source});
        return p.emit("csrrw", {x(rd), name, source});
      case 6:
        if (rd == 0) return p.emit("csrs", {name, source});
        return p.emit("csrrs", {x(rd), name, source});
      default:
        if (rd == 0) return p.emit("csrc", {name, source});
        return p.emit("csrrc", {x(rd), name, source});
    }
  }
  return p.emit(kOps[f3], {x(rd), name, source});
}

bool print_privileged(Printer& p) {
  if (enc::opcode(p.raw) != enc::op::kSystem || p.funct3() != 0) return false;
  switch (p.raw) {
    case 0x00000073: return p.emit("ecall");
    case 0x00100073: return p.emit("ebreak");
    case 0x10200073: return p.emit("sret");
    case 0x30200073: return p.emit("mret");
    case 0x7B200073: return p.emit("dret");
    case 0x00200073: return p.emit("uret");
    case 0x20200073: return p.emit("hret");
    case 0x10500073: return p.emit("wfi");
    case 0x00D00073: return p.has(ext::kZawrs) && p.emit("wrs.nto");
    case 0x01D00073: return p.has(ext::kZawrs) && p.emit("wrs.sto");
    case 0x18000073: return p.has(ext::kSvinval) && p.emit("sfence.w.inval");
    case 0x18100073: return p.has(ext::kSvinval) && p.emit("sfence.inval.ir");
    default: break;
  }
  const uint32_t rs1 = p.rs1(), rs2 = p.rs2();
  if ((p.raw & 0xFFF07FFF) == 0x10400073) {  // sfence.vm, from privileged spec 1.9
    return rs1 == 0 ? p.emit("sfence.vm") : p.emit("sfence.vm", {x(rs1)});
  }
  // Svinval's forms for the hypervisor's tables, which objdump prints with Svinval alone.
  if (p.has(ext::kSvinval) && ((p.raw & 0xFE007FFF) == 0x26000073 || (p.raw & 0xFE007FFF) == 0x66000073)) {
    return p.emit(p.bit(30) ? "hinval.gvma" : "hinval.vvma", {x(rs1), x(rs2)});
  }
  const bool sfence = (p.raw & 0xFE007FFF) == 0x12000073;
  const bool sinval = (p.raw & 0xFE007FFF) == 0x16000073 && p.has(ext::kSvinval);
  if (!sfence && !sinval) return false;
  const char* name = sfence ? "sfence.vma" : "sinval.vma";
  if (sfence && p.aliases() && rs1 == 0 && rs2 == 0) return p.emit(name);
  if (sfence && p.aliases() && rs2 == 0) return p.emit(name, {x(rs1)});
  return p.emit(name, {x(rs1), x(rs2)});
}

}  // namespace microvm::riscv::disasm
