# Illegal instruction (cause 2) for encodings no extension of this hart defines, with mtval =
# the instruction bits and mepc = its address: reserved funct3/funct7 values in every major
# opcode, bad shift amounts, quad-precision and vector encodings (no Q, no V), LR with rs2 != 0,
# reserved AMO functions, SYSTEM encodings with nonzero fields, and the all-ones instruction.
#include "test.h"
.option norvc
#define ILLEGAL(n, bits) TEST_TRAP(n, CAUSE_ILLEGAL_INSTRUCTION, bits, 1: .word bits); CHECK_LABEL(s11, 1b)
TEST_BEGIN
  ILLEGAL(2, 0xffffffff)
  ILLEGAL(3, 0x00007003)          # load funct3 7
  ILLEGAL(4, 0x00004023)          # store funct3 4
  ILLEGAL(5, 0x00002063)          # branch funct3 2
  ILLEGAL(6, 0x00003063)          # branch funct3 3
  ILLEGAL(7, 0x00001067)          # jalr funct3 1
  ILLEGAL(8, 0x04001013)          # slli with imm[11:6] = 1
  ILLEGAL(9, 0x80005013)          # srli/srai with imm[11:6] = 0x20
  ILLEGAL(10, 0x0200101b)         # slliw with imm[5] set
  ILLEGAL(11, 0x0200501b)         # srliw with imm[5] set
  ILLEGAL(12, 0x0000201b)         # OP-IMM-32 funct3 2
  ILLEGAL(13, 0x40001033)         # OP funct7 0x20 with funct3 1
  ILLEGAL(14, 0x0a000033)         # OP funct7 0x05 funct3 0 (Zbb/Zbc use 1-7)
  ILLEGAL(15, 0x0000203b)         # OP-32 funct3 2
  ILLEGAL(16, 0x4000103b)         # OP-32 funct7 0x20 funct3 1
  ILLEGAL(17, 0x0200103b)         # mulw's neighbour funct3 1 (no mulhw)
  ILLEGAL(18, 0x1015352f)         # lr.d with rs2 = 1
  ILLEGAL(19, 0x2800202f)         # AMO funct5 0x05
  ILLEGAL(20, 0x0000402f)         # AMO funct3 4
  ILLEGAL(21, 0x00005007)         # LOAD-FP width 5 (a vector width; no V)
  ILLEGAL(22, 0x00004027)         # fsq (no Q)
  ILLEGAL(23, 0x06000053)         # fadd.q
  ILLEGAL(24, 0x06000043)         # fmadd.q
  ILLEGAL(25, 0x00000057)         # OP-V
  ILLEGAL(26, 0x000000f3)         # ecall with rd = 1
  ILLEGAL(27, 0x00108073)         # ebreak with rs1 = 1
  ILLEGAL(28, 0x00200073)         # SYSTEM funct3 0, imm 2 (uret, not implemented)
  ILLEGAL(29, 0x7b200073)         # dret outside debug mode
  ILLEGAL(30, 0x0000407f)         # opcode 0x7f (a longer-instruction prefix)
  ILLEGAL(31, 0x0000001f)         # 48-bit-instruction prefix (opcode 0x1f)
  ILLEGAL(32, 0x0000006b)         # reserved opcode 0x6b
  ILLEGAL(33, 0x12000f73)         # sfence.vma with rd = 30
  ILLEGAL(34, 0x105000f3)         # wfi with rd = 1
TEST_END
