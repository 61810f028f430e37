# Zcb (Zc* spec, "Zcb"): each 16-bit instruction does what the 32-bit instruction it stands for
# does. binutils 2.40 cannot assemble Zcb, so the encodings are built here from the spec's
# tables (registers by number: s0 = 8, s1 = 9, a0..a5 = 10..15). QEMU 7.2 has no Zcb.
#include "test.h"

#define RP(r) ((r) - 8)
#define C_LBU(rd, rs1, off) .2byte (0x8000 | (RP(rs1) << 7) | (((off) & 1) << 6) | ((((off) >> 1) & 1) << 5) | (RP(rd) << 2))
#define C_LHU(rd, rs1, off) .2byte (0x8400 | (RP(rs1) << 7) | ((((off) >> 1) & 1) << 5) | (RP(rd) << 2))
#define C_LH(rd, rs1, off) .2byte (0x8440 | (RP(rs1) << 7) | ((((off) >> 1) & 1) << 5) | (RP(rd) << 2))
#define C_SB(rs2, rs1, off) .2byte (0x8800 | (RP(rs1) << 7) | (((off) & 1) << 6) | ((((off) >> 1) & 1) << 5) | (RP(rs2) << 2))
#define C_SH(rs2, rs1, off) .2byte (0x8C00 | (RP(rs1) << 7) | ((((off) >> 1) & 1) << 5) | (RP(rs2) << 2))
#define C_UNARY(op, rd) .2byte (0x9C61 | (RP(rd) << 7) | ((op) << 2))
#define C_ZEXT_B(rd) C_UNARY(0, rd)
#define C_SEXT_B(rd) C_UNARY(1, rd)
#define C_ZEXT_H(rd) C_UNARY(2, rd)
#define C_SEXT_H(rd) C_UNARY(3, rd)
#define C_ZEXT_W(rd) C_UNARY(4, rd)
#define C_NOT(rd) C_UNARY(5, rd)
#define C_MUL(rd, rs2) .2byte (0x9C41 | (RP(rd) << 7) | (RP(rs2) << 2))

#define A0 10
#define A1 11
#define A2 12
#define S1 9

TEST_BEGIN
  la a1, data

  # Loads: zero- and sign-extension, the 2-bit byte offset, the halfword offset.
  TEST_CASE( 2, a0, 0x81, C_LBU(A0, A1, 0))
  TEST_CASE( 3, a0, 0xfe, C_LBU(A0, A1, 1))
  TEST_CASE( 4, a0, 0x7f, C_LBU(A0, A1, 2))
  TEST_CASE( 5, a0, 0x80, C_LBU(A0, A1, 3))
  TEST_CASE( 6, a0, 0xfe81, C_LHU(A0, A1, 0))
  TEST_CASE( 7, a0, 0x807f, C_LHU(A0, A1, 2))
  TEST_CASE( 8, a0, 0xfffffffffffffe81, C_LH(A0, A1, 0))
  TEST_CASE( 9, a0, 0xffffffffffff807f, C_LH(A0, A1, 2))
  TEST_CASE(10, s1, 0x7f, C_LBU(S1, A1, 2))

  # Stores: the low byte / halfword, at each offset.
  la a2, scratch
  sd zero, 0(a2)
  TEST_CASE(11, a0, 0x000000000000aa00, li a0, 0x12345678abcdefaa; C_SB(A0, A2, 1); ld a0, 0(a2); li t0, 0xffff; and a0, a0, t0)
  TEST_CASE(12, a0, 0x0000000033aaaa00, li a0, 0x33; C_SB(A0, A2, 3); li a0, 0xaa; C_SB(A0, A2, 2); ld a0, 0(a2))
  TEST_CASE(13, a0, 0x0000000033aabeef, li a0, 0x1234beef; C_SH(A0, A2, 0); ld a0, 0(a2))
  TEST_CASE(14, a0, 0x00000000cafebeef, li a0, 0xcafe; C_SH(A0, A2, 2); ld a0, 0(a2))

  # Unary operations, on rd itself.
  TEST_CASE(20, a0, 0xf0, li a0, 0x123456f0; C_ZEXT_B(A0))
  TEST_CASE(21, a0, 0xfffffffffffffff0, li a0, 0x123456f0; C_SEXT_B(A0))
  TEST_CASE(22, a0, 0x70, li a0, 0x12345670; C_SEXT_B(A0))
  TEST_CASE(23, a0, 0x86f0, li a0, 0xffffffff123486f0; C_ZEXT_H(A0))
  TEST_CASE(24, a0, 0xffffffffffff86f0, li a0, 0x123486f0; C_SEXT_H(A0))
  TEST_CASE(25, a0, 0x76f0, li a0, 0xffff76f0; C_SEXT_H(A0))
  TEST_CASE(26, a0, 0x00000000876543f0, li a0, 0xfedcba98876543f0; C_ZEXT_W(A0))
  TEST_CASE(27, a0, 0xedcba9876543210f, li a0, 0x123456789abcdef0; C_NOT(A0))
  # c.mul: the low 64 bits of the product.
  TEST_CASE(28, a0, 0xfffffffe00000001, li a0, 0xffffffff; li a2, 0xffffffff; C_MUL(A0, A2))
  TEST_CASE(29, a0, 0xfffffffffffffffa, li a0, -2; li a2, 3; C_MUL(A0, A2))
  TEST_CASE(30, a0, 0x0000000000000f00, li a0, 0x30; li a2, 0x50; C_MUL(A0, A2))

  # Reserved: c.sh with bit 6 set, and the unary slots 6 and 7.
  TEST_TRAP(40, CAUSE_ILLEGAL_INSTRUCTION, 0x8c40 | (RP(A2) << 7), .2byte (0x8c40 | (RP(A2) << 7)))
  TEST_TRAP(41, CAUSE_ILLEGAL_INSTRUCTION, 0x9c79 | (RP(A0) << 7), C_UNARY(6, A0))
  TEST_TRAP(42, CAUSE_ILLEGAL_INSTRUCTION, 0x9c7d | (RP(A0) << 7), C_UNARY(7, A0))
TEST_END

    .data
    .balign 8
data:
    .byte 0x81, 0xfe, 0x7f, 0x80
    .balign 8
scratch:
    .dword 0
