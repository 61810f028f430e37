// RVC: every 16-bit instruction is expanded to the 32-bit instruction it stands for, so its
// semantics exist once (unprivileged spec chapter 16, tables 16.5-16.7, RV64 column).
#include "riscv/decode.h"
#include "riscv/encoding.h"

namespace microvm::riscv {
namespace {

using namespace enc;

constexpr uint32_t bit(uint32_t v, unsigned i) { return (v >> i) & 1; }
constexpr uint32_t bits(uint32_t v, unsigned hi, unsigned lo) {
  return (v >> lo) & ((1u << (hi - lo + 1)) - 1);
}
constexpr int32_t sext(uint32_t v, unsigned width) {
  return static_cast<int32_t>(v << (32 - width)) >> (32 - width);
}
// The 3-bit register fields name x8..x15.
constexpr uint32_t reg3(uint32_t field) { return field + 8; }

// Zcb's loads and stores (Zc* spec, "Zcb"): funct3 100, funct6 100000..100011; the byte forms
// take uimm[0] in bit 6 and uimm[1] in bit 5, the halfword forms uimm[1] in bit 5.
uint32_t zcb_load_store(uint32_t c, uint32_t rd_p, uint32_t rs1_p) {
  const int32_t byte_offset = static_cast<int32_t>(bit(c, 6) | (bit(c, 5) << 1));
  const int32_t half_offset = static_cast<int32_t>(bit(c, 5) << 1);
  switch (bits(c, 12, 10)) {
    case 0: return i_type(op::kLoad, rd_p, 4, rs1_p, byte_offset);  // c.lbu
    case 1:                                                         // c.lhu, c.lh
      return i_type(op::kLoad, rd_p, bit(c, 6) ? 1 : 5, rs1_p, half_offset);
    case 2: return s_type(op::kStore, 0, rs1_p, rd_p, byte_offset);  // c.sb
    case 3:                                                          // c.sh
      if (bit(c, 6)) return 0;
      return s_type(op::kStore, 1, rs1_p, rd_p, half_offset);
    default: return 0;
  }
}

// Zcb's c.mul and unary operations: funct6 100111, in quadrant 1 beside c.subw and c.addw. Each
// stands for an instruction of another extension (M, Zbb, Zba), which must be on as well.
uint32_t zcb_arith(uint32_t c, uint32_t rd_p, uint32_t rs2_p) {
  if (bits(c, 6, 5) == 2) return r_type(op::kOp, rd_p, 0, rd_p, rs2_p, 1);  // c.mul
  switch (bits(c, 4, 2)) {
    case 0: return i_type(op::kOpImm, rd_p, 7, rd_p, 0xFF);    // c.zext.b: andi rd, rd, 255
    case 1: return i_type(op::kOpImm, rd_p, 1, rd_p, 0x604);   // c.sext.b: sext.b
    case 2: return r_type(op::kOp32, rd_p, 4, rd_p, 0, 0x04);  // c.zext.h: zext.h
    case 3: return i_type(op::kOpImm, rd_p, 1, rd_p, 0x605);   // c.sext.h: sext.h
    case 4: return r_type(op::kOp32, rd_p, 0, rd_p, 0, 0x04);  // c.zext.w: add.uw rd, rd, x0
    case 5: return i_type(op::kOpImm, rd_p, 4, rd_p, -1);      // c.not: xori rd, rd, -1
    default: return 0;
  }
}

uint32_t quadrant0(uint32_t c) {
  const uint32_t rd_p = reg3(bits(c, 4, 2)), rs1_p = reg3(bits(c, 9, 7));
  const uint32_t uimm_d = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);                 // ld/sd/fld/fsd
  const uint32_t uimm_w = (bits(c, 12, 10) << 3) | (bit(c, 6) << 2) | (bit(c, 5) << 6);  // lw/sw
  switch (bits(c, 15, 13)) {
    case 0: {  // c.addi4spn
      const uint32_t nzuimm =
          (bits(c, 12, 11) << 4) | (bits(c, 10, 7) << 6) | (bit(c, 6) << 2) | (bit(c, 5) << 3);
      if (nzuimm == 0) return 0;
      return i_type(op::kOpImm, rd_p, 0, 2, static_cast<int32_t>(nzuimm));
    }
    case 1: return i_type(op::kLoadFp, rd_p, 3, rs1_p, static_cast<int32_t>(uimm_d));   // c.fld
    case 2: return i_type(op::kLoad, rd_p, 2, rs1_p, static_cast<int32_t>(uimm_w));     // c.lw
    case 3: return i_type(op::kLoad, rd_p, 3, rs1_p, static_cast<int32_t>(uimm_d));     // c.ld
    case 5: return s_type(op::kStoreFp, 3, rs1_p, rd_p, static_cast<int32_t>(uimm_d));  // c.fsd
    case 6: return s_type(op::kStore, 2, rs1_p, rd_p, static_cast<int32_t>(uimm_w));    // c.sw
    case 7: return s_type(op::kStore, 3, rs1_p, rd_p, static_cast<int32_t>(uimm_d));    // c.sd
    case 4: return zcb_load_store(c, rd_p, rs1_p);
    default: return 0;
  }
}

uint32_t quadrant1(uint32_t c) {
  const uint32_t rd = bits(c, 11, 7);
  const int32_t imm6 = sext((bit(c, 12) << 5) | bits(c, 6, 2), 6);
  const uint32_t rs1_p = reg3(bits(c, 9, 7)), rs2_p = reg3(bits(c, 4, 2));
  switch (bits(c, 15, 13)) {
    case 0: return i_type(op::kOpImm, rd, 0, rd, imm6);  // c.addi (c.nop when rd = 0)
    case 1:                                              // c.addiw
      if (rd == 0) return 0;
      return i_type(op::kOpImm32, rd, 0, rd, imm6);
    case 2: return i_type(op::kOpImm, rd, 0, 0, imm6);  // c.li
    case 3:
      if (rd == 2) {  // c.addi16sp
        const int32_t nzimm = sext(
            (bit(c, 12) << 9) | (bit(c, 6) << 4) | (bit(c, 5) << 6) | (bits(c, 4, 3) << 7) | (bit(c, 2) << 5),
            10);
        if (nzimm == 0) return 0;
        return i_type(op::kOpImm, 2, 0, 2, nzimm);
      } else {  // c.lui
        if (imm6 == 0) return 0;
        return u_type(op::kLui, rd, imm6 * 4096);
      }
    case 4: {
      const uint32_t shamt = (bit(c, 12) << 5) | bits(c, 6, 2);
      switch (bits(c, 11, 10)) {
        case 0: return i_type(op::kOpImm, rs1_p, 5, rs1_p, static_cast<int32_t>(shamt));          // c.srli
        case 1: return i_type(op::kOpImm, rs1_p, 5, rs1_p, static_cast<int32_t>(shamt | 0x400));  // c.srai
        case 2: return i_type(op::kOpImm, rs1_p, 7, rs1_p, imm6);                                 // c.andi
        default: break;
      }
      const uint32_t kind = bits(c, 6, 5);
      if (!bit(c, 12)) {
        static constexpr uint32_t kF3[] = {0, 4, 6, 7};  // c.sub, c.xor, c.or, c.and
        return r_type(op::kOp, rs1_p, kF3[kind], rs1_p, rs2_p, kind == 0 ? 0x20 : 0);
      }
      if (kind == 0) return r_type(op::kOp32, rs1_p, 0, rs1_p, rs2_p, 0x20);  // c.subw
      if (kind == 1) return r_type(op::kOp32, rs1_p, 0, rs1_p, rs2_p, 0);     // c.addw
      if (bits(c, 11, 10) == 3) return zcb_arith(c, rs1_p, rs2_p);
      return 0;
    }
    case 5: {  // c.j
      const int32_t offset =
          sext((bit(c, 12) << 11) | (bit(c, 11) << 4) | (bits(c, 10, 9) << 8) | (bit(c, 8) << 10) |
                   (bit(c, 7) << 6) | (bit(c, 6) << 7) | (bits(c, 5, 3) << 1) | (bit(c, 2) << 5),
               12);
      return j_type(op::kJal, 0, offset);
    }
    default: {  // c.beqz, c.bnez
      const int32_t offset = sext((bit(c, 12) << 8) | (bits(c, 11, 10) << 3) | (bits(c, 6, 5) << 6) |
                                      (bits(c, 4, 3) << 1) | (bit(c, 2) << 5),
                                  9);
      return b_type(op::kBranch, bits(c, 15, 13) == 6 ? 0 : 1, rs1_p, 0, offset);
    }
  }
}

uint32_t quadrant2(uint32_t c) {
  const uint32_t rd = bits(c, 11, 7), rs2 = bits(c, 6, 2);
  const uint32_t ldsp = (bit(c, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6);
  const uint32_t sdsp = (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6);
  switch (bits(c, 15, 13)) {
    case 0: return i_type(op::kOpImm, rd, 1, rd, static_cast<int32_t>((bit(c, 12) << 5) | rs2));  // c.slli
    case 1: return i_type(op::kLoadFp, rd, 3, 2, static_cast<int32_t>(ldsp));                     // c.fldsp
    case 2: {                                                                                     // c.lwsp
      if (rd == 0) return 0;
      const uint32_t uimm = (bit(c, 12) << 5) | (bits(c, 6, 4) << 2) | (bits(c, 3, 2) << 6);
      return i_type(op::kLoad, rd, 2, 2, static_cast<int32_t>(uimm));
    }
    case 3:  // c.ldsp
      if (rd == 0) return 0;
      return i_type(op::kLoad, rd, 3, 2, static_cast<int32_t>(ldsp));
    case 4:
      if (!bit(c, 12)) {
        if (rs2 == 0) return rd == 0 ? 0 : i_type(op::kJalr, 0, 0, rd, 0);  // c.jr
        return r_type(op::kOp, rd, 0, 0, rs2, 0);                           // c.mv
      }
      if (rs2 == 0) {
        if (rd == 0) return 0x00100073;         // c.ebreak
        return i_type(op::kJalr, 1, 0, rd, 0);  // c.jalr
      }
      return r_type(op::kOp, rd, 0, rd, rs2, 0);                                 // c.add
    case 5: return s_type(op::kStoreFp, 3, 2, rs2, static_cast<int32_t>(sdsp));  // c.fsdsp
    case 6: {                                                                    // c.swsp
      const uint32_t uimm = (bits(c, 12, 9) << 2) | (bits(c, 8, 7) << 6);
      return s_type(op::kStore, 2, 2, rs2, static_cast<int32_t>(uimm));
    }
    default: return s_type(op::kStore, 3, 2, rs2, static_cast<int32_t>(sdsp));  // c.sdsp
  }
}

}  // namespace

bool is_zcb(uint16_t raw) {
  const uint32_t c = raw;
  if ((c & 3) == 0) return bits(c, 15, 13) == 4;
  return (c & 3) == 1 && bits(c, 15, 10) == 0x27 && bit(c, 6);
}

uint32_t expand_compressed(uint16_t raw) {
  const uint32_t c = raw;
  switch (c & 3) {
    case 0: return quadrant0(c);
    case 1: return quadrant1(c);
    case 2: return quadrant2(c);
    default: return 0;
  }
}

}  // namespace microvm::riscv
