// Printer for the C extension (unprivileged spec chapter 16). Unlike the decoder, which expands a
// 16-bit instruction to its 32-bit form, the printer names the compressed instruction itself:
// objdump prints "c.addi a0,4" with -M no-aliases and "add a0,a0,4" (the 32-bit name) otherwise.
#include "riscv/disasm_printer.h"

namespace microvm::riscv::disasm {
namespace {

struct Compressed {
  Printer& p;
  uint32_t c;

  uint32_t bits(unsigned hi, unsigned lo) const { return (c >> lo) & ((1u << (hi - lo + 1)) - 1); }
  uint32_t bit(unsigned i) const { return (c >> i) & 1; }
  uint32_t rd_prime() const { return bits(4, 2) + 8; }   // rd' / rs2'
  uint32_t rs1_prime() const { return bits(9, 7) + 8; }  // rs1' / rd'
  uint32_t rd() const { return bits(11, 7); }
  uint32_t rs2() const { return bits(6, 2); }
  int32_t imm6() const { return sext((bit(12) << 5) | bits(6, 2), 6); }
  uint32_t shamt() const { return (bit(12) << 5) | bits(6, 2); }
  uint32_t word_offset() const { return (bits(12, 10) << 3) | (bit(6) << 2) | (bit(5) << 6); }
  uint32_t double_offset() const { return (bits(12, 10) << 3) | (bits(6, 5) << 6); }
  int32_t jump_offset() const {
    return sext((bit(12) << 11) | (bit(11) << 4) | (bits(10, 9) << 8) | (bit(8) << 10) | (bit(7) << 6) |
                    (bit(6) << 7) | (bits(5, 3) << 1) | (bit(2) << 5),
                12);
  }
  int32_t branch_offset() const {
    return sext((bit(12) << 8) | (bits(11, 10) << 3) | (bits(6, 5) << 6) | (bits(4, 3) << 1) | (bit(2) << 5),
                9);
  }

  // "c.name" without aliases, `alias` with them; the operands differ between the two.
  bool emit(const char* name, std::vector<std::string> operands, const char* alias,
            std::vector<std::string> alias_operands) {
    if (p.aliases()) return p.emit(alias, alias_operands);
    return p.emit(name, operands);
  }

  bool quadrant0();
  bool zcb_load_store();
  bool zcb_arith();
  bool quadrant1();
  bool quadrant2();
};

bool Compressed::quadrant0() {
  const uint32_t rd = rd_prime(), rs1 = rs1_prime();
  switch (bits(15, 13)) {
    case 0: {
      if (c == 0) return p.emit(p.aliases() ? "unimp" : "c.unimp");
      const uint32_t imm = (bits(12, 11) << 4) | (bits(10, 7) << 6) | (bit(6) << 2) | (bit(5) << 3);
      if (imm == 0) return false;
      return emit("c.addi4spn", {x(rd), "sp", dec(imm)}, "add", {x(rd), "sp", dec(imm)});
    }
    case 1:
      if (!p.has(ext::kD)) return false;
      return emit("c.fld", {f(rd), mem(double_offset(), rs1)}, "fld", {f(rd), mem(double_offset(), rs1)});
    case 2: return emit("c.lw", {x(rd), mem(word_offset(), rs1)}, "lw", {x(rd), mem(word_offset(), rs1)});
    case 3: return emit("c.ld", {x(rd), mem(double_offset(), rs1)}, "ld", {x(rd), mem(double_offset(), rs1)});
    case 5:
      if (!p.has(ext::kD)) return false;
      return emit("c.fsd", {f(rd), mem(double_offset(), rs1)}, "fsd", {f(rd), mem(double_offset(), rs1)});
    case 6: return emit("c.sw", {x(rd), mem(word_offset(), rs1)}, "sw", {x(rd), mem(word_offset(), rs1)});
    case 7: return emit("c.sd", {x(rd), mem(double_offset(), rs1)}, "sd", {x(rd), mem(double_offset(), rs1)});
    case 4: return p.has(ext::kZcb) && zcb_load_store();
    default: return false;
  }
}

bool Compressed::zcb_load_store() {
  const uint32_t r = rd_prime(), base = rs1_prime();
  const uint32_t byte_offset = bit(6) | (bit(5) << 1), half_offset = bit(5) << 1;
  switch (bits(12, 10)) {
    case 0: return emit("c.lbu", {x(r), mem(byte_offset, base)}, "lbu", {x(r), mem(byte_offset, base)});
    case 1:
      if (bit(6)) return emit("c.lh", {x(r), mem(half_offset, base)}, "lh", {x(r), mem(half_offset, base)});
      return emit("c.lhu", {x(r), mem(half_offset, base)}, "lhu", {x(r), mem(half_offset, base)});
    case 2: return emit("c.sb", {x(r), mem(byte_offset, base)}, "sb", {x(r), mem(byte_offset, base)});
    case 3:
      if (bit(6)) return false;
      return emit("c.sh", {x(r), mem(half_offset, base)}, "sh", {x(r), mem(half_offset, base)});
    default: return false;
  }
}

// c.mul and the unary c.zext.*, c.sext.*, c.not; each also needs the extension it expands into.
bool Compressed::zcb_arith() {
  const uint32_t r = rs1_prime();
  if (bits(6, 5) == 2) {
    if (!p.has(ext::kM)) return false;
    return emit("c.mul", {x(r), x(rd_prime())}, "mul", {x(r), x(r), x(rd_prime())});
  }
  struct Unary {
    const char* name;
    const char* alias;
    uint32_t needs;
  };
  static constexpr Unary kUnary[] = {{"c.zext.b", "zext.b", 0},         {"c.sext.b", "sext.b", ext::kZbb},
                                     {"c.zext.h", "zext.h", ext::kZbb}, {"c.sext.h", "sext.h", ext::kZbb},
                                     {"c.zext.w", "zext.w", ext::kZba}, {"c.not", "not", 0}};
  if (bits(4, 2) > 5) return false;
  const Unary& u = kUnary[bits(4, 2)];
  if (!p.has(u.needs)) return false;
  return emit(u.name, {x(r)}, u.alias, {x(r), x(r)});
}

bool Compressed::quadrant1() {
  const uint32_t r = rd();
  const int32_t imm = imm6();
  switch (bits(15, 13)) {
    case 0:
      if (r == 0 && p.aliases()) return imm == 0 ? p.emit("nop") : p.emit("c.nop", {dec(imm)});
      if (r != 0) p.note_address(r, imm);
      return emit("c.addi", {x(r), dec(imm)}, "add", {x(r), x(r), dec(imm)});
    case 1:
      if (r == 0) return false;
      if (p.aliases() && imm == 0) return p.emit("sext.w", {x(r), x(r)});
      p.note_address(r, imm, true);
      return emit("c.addiw", {x(r), dec(imm)}, "addw", {x(r), x(r), dec(imm)});
    case 2:
      if (r == 0) return p.emit("c.li", {x(r), dec(imm)});  // a hint: no alias
      return emit("c.li", {x(r), dec(imm)}, "li", {x(r), dec(imm)});
    case 3: {
      if (r == 2) {
        const int32_t offset =
            sext((bit(12) << 9) | (bit(6) << 4) | (bit(5) << 6) | (bits(4, 3) << 7) | (bit(2) << 5), 10);
        return emit("c.addi16sp", {"sp", dec(offset)}, "add", {"sp", "sp", dec(offset)});
      }
      if (imm == 0) return false;
      const uint64_t value = static_cast<uint64_t>(int64_t{imm} << 12);
      p.set_high(r, value);
      const std::string upper = hex((value >> 12) & 0xFFFFF);
      if (r == 0) return p.emit("c.lui", {x(r), upper});
      return emit("c.lui", {x(r), upper}, "lui", {x(r), upper});
    }
    case 4: {
      const uint32_t rd = rs1_prime(), rs2 = rd_prime();
      switch (bits(11, 10)) {
        case 0:
        case 1: {
          const bool arithmetic = bits(11, 10) == 1;
          if (shamt() == 0) return p.emit(arithmetic ? "c.srai64" : "c.srli64", {x(rd)});
          return emit(arithmetic ? "c.srai" : "c.srli", {x(rd), hex(shamt())}, arithmetic ? "sra" : "srl",
                      {x(rd), x(rd), hex(shamt())});
        }
        case 2: return emit("c.andi", {x(rd), dec(imm)}, "and", {x(rd), x(rd), dec(imm)});
        default: {
          static constexpr const char* kNames[] = {"sub",  "xor",  "or",    "and",
                                                   "subw", "addw", nullptr, nullptr};
          if (bit(12) && bits(6, 5) >= 2) return p.has(ext::kZcb) && zcb_arith();
          const char* name = kNames[(bit(12) << 2) | bits(6, 5)];
          if (!name) return false;
          const std::string compressed = fmt::format("c.{}", name);
          return emit(compressed.c_str(), {x(rd), x(rs2)}, name, {x(rd), x(rd), x(rs2)});
        }
      }
    }
    case 5: return emit("c.j", {p.target(jump_offset())}, "j", {p.target(jump_offset())});
    default: {
      const bool bnez = bits(15, 13) == 7;
      const std::string target = p.target(branch_offset());
      return emit(bnez ? "c.bnez" : "c.beqz", {x(rs1_prime()), target}, bnez ? "bnez" : "beqz",
                  {x(rs1_prime()), target});
    }
  }
}

bool Compressed::quadrant2() {
  const uint32_t r = rd(), rs2 = this->rs2();
  const uint32_t ld_offset = (bit(12) << 5) | (bits(6, 5) << 3) | (bits(4, 2) << 6);
  const uint32_t lw_offset = (bit(12) << 5) | (bits(6, 4) << 2) | (bits(3, 2) << 6);
  const uint32_t sd_offset = (bits(12, 10) << 3) | (bits(9, 7) << 6);
  const uint32_t sw_offset = (bits(12, 9) << 2) | (bits(8, 7) << 6);
  switch (bits(15, 13)) {
    case 0:
      if (shamt() == 0) return p.emit("c.slli64", {x(r)});
      if (r == 0) return p.emit("c.slli", {x(r), hex(shamt())});
      return emit("c.slli", {x(r), hex(shamt())}, "sll", {x(r), x(r), hex(shamt())});
    case 1:
      if (!p.has(ext::kD)) return false;
      return emit("c.fldsp", {f(r), mem(ld_offset, 2)}, "fld", {f(r), mem(ld_offset, 2)});
    case 2:
      if (r == 0) return false;
      return emit("c.lwsp", {x(r), mem(lw_offset, 2)}, "lw", {x(r), mem(lw_offset, 2)});
    case 3:
      if (r == 0) return false;
      return emit("c.ldsp", {x(r), mem(ld_offset, 2)}, "ld", {x(r), mem(ld_offset, 2)});
    case 4:
      if (bit(12) == 0) {
        if (rs2 == 0) {
          if (r == 0) return false;
          if (p.aliases() && r == 1) return p.emit("ret");
          return emit("c.jr", {x(r)}, "jr", {x(r)});
        }
        if (r == 0) return p.emit("c.mv", {x(r), x(rs2)});
        return emit("c.mv", {x(r), x(rs2)}, "mv", {x(r), x(rs2)});
      }
      if (rs2 == 0) {
        if (r == 0) return p.emit(p.aliases() ? "ebreak" : "c.ebreak");
        return emit("c.jalr", {x(r)}, "jalr", {x(r)});
      }
      if (r == 0 && rs2 >= 2 && rs2 <= 5 && p.has(ext::kZihintntl)) {
        static constexpr const char* kNtl[] = {"c.ntl.p1", "c.ntl.pall", "c.ntl.s1", "c.ntl.all"};
        return p.emit(kNtl[rs2 - 2]);
      }
      if (r == 0) return p.emit("c.add", {x(r), x(rs2)});
      return emit("c.add", {x(r), x(rs2)}, "add", {x(r), x(r), x(rs2)});
    case 5:
      if (!p.has(ext::kD)) return false;
      return emit("c.fsdsp", {f(rs2), mem(sd_offset, 2)}, "fsd", {f(rs2), mem(sd_offset, 2)});
    case 6: return emit("c.swsp", {x(rs2), mem(sw_offset, 2)}, "sw", {x(rs2), mem(sw_offset, 2)});
    default: return emit("c.sdsp", {x(rs2), mem(sd_offset, 2)}, "sd", {x(rs2), mem(sd_offset, 2)});
  }
}

}  // namespace

bool print_compressed(Printer& p) {
  Compressed c{p, p.raw & 0xFFFF};
  switch (p.raw & 3) {
    case 0: return c.quadrant0();
    case 1: return c.quadrant1();
    default: return c.quadrant2();
  }
}

}  // namespace microvm::riscv::disasm
