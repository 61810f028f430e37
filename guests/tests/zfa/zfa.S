# Zfa (unprivileged spec, "Zfa" chapter), expected values from the specification: FLI's table
# ("Immediate values loaded by the FLI.S instruction", and the FLI.D/FLI.H paragraphs), and the
# rules of FMINM/FMAXM, FROUND/FROUNDNX, FCVTMOD.W.D ("flags as FCVT.W.D") and FLEQ/FLTQ.
# QEMU 7.2 has no Zfa, and binutils 2.40 cannot assemble it: the instructions are .insn lines.
#include "test.h"
#include "test_fp.h"

#define OP_FP 0x53
# fli.<fmt> fa3, <index>: like fmv.w.x with rs2 = 1, the index in rs1.
#define FLI_S(index) .insn r OP_FP, 0, 0x78, fa3, x##index, x1
#define FLI_D(index) .insn r OP_FP, 0, 0x79, fa3, x##index, x1
#define FLI_H(index) .insn r OP_FP, 0, 0x7a, fa3, x##index, x1
# fminm/fmaxm: fmin/fmax with bit 13 set; fleq/fltq: fle/flt with bit 14 set.
#define FMINM_S .insn r OP_FP, 2, 0x14, fa3, fa0, fa1
#define FMAXM_S .insn r OP_FP, 3, 0x14, fa3, fa0, fa1
#define FMINM_D .insn r OP_FP, 2, 0x15, fa3, fa0, fa1
#define FLEQ_S .insn r OP_FP, 4, 0x50, a0, fa0, fa1
#define FLTQ_S .insn r OP_FP, 5, 0x50, a0, fa0, fa1
#define FLTQ_D .insn r OP_FP, 5, 0x51, a0, fa0, fa1
# fround/froundnx: like fcvt.s.s / fcvt.d.d with rs2 = 4 / 5.
#define FROUND_S(rm) .insn r OP_FP, rm, 0x20, fa3, fa0, x4
#define FROUNDNX_S(rm) .insn r OP_FP, rm, 0x20, fa3, fa0, x5
#define FROUND_D(rm) .insn r OP_FP, rm, 0x21, fa3, fa0, x4
# fcvtmod.w.d a0, fa0, rtz: like fcvt.w.d with rs2 = 8, rm = RTZ.
#define FCVTMOD .insn r OP_FP, 1, 0x61, a0, fa0, x8

#define RNE 0
#define RTZ 1
#define RDN 2
#define RUP 3
#define RMM 4

TEST_BEGIN
  TEST_FP_ENABLE

  # FLI.S: entries straight from the table; never any flags.
  TEST_FPR_S( 2, 0xbf800000, 0, 0, 0, 0, FLI_S(0))
  TEST_FPR_S( 3, 0x00800000, 0, 0, 0, 0, FLI_S(1))
  TEST_FPR_S( 4, 0x37800000, 0, 0, 0, 0, FLI_S(2))
  TEST_FPR_S( 5, 0x3ea00000, 0, 0, 0, 0, FLI_S(9))
  TEST_FPR_S( 6, 0x3f800000, 0, 0, 0, 0, FLI_S(16))
  TEST_FPR_S( 7, 0x40400000, 0, 0, 0, 0, FLI_S(22))
  TEST_FPR_S( 8, 0x47800000, 0, 0, 0, 0, FLI_S(29))
  TEST_FPR_S( 9, 0x7f800000, 0, 0, 0, 0, FLI_S(30))
  TEST_FPR_S(10, 0x7fc00000, 0, 0, 0, 0, FLI_S(31))
  # FLI.D: entry 1 is binary64's smallest normal.
  TEST_FPR_D(11, 0xbff0000000000000, 0, 0, 0, 0, FLI_D(0))
  TEST_FPR_D(12, 0x0010000000000000, 0, 0, 0, 0, FLI_D(1))
  TEST_FPR_D(13, 0x3ef0000000000000, 0, 0, 0, 0, FLI_D(2))
  TEST_FPR_D(14, 0x3fd4000000000000, 0, 0, 0, 0, FLI_D(9))
  TEST_FPR_D(15, 0x40f0000000000000, 0, 0, 0, 0, FLI_D(29))
  TEST_FPR_D(16, 0x7ff8000000000000, 0, 0, 0, 0, FLI_D(31))
  # FLI.H (with Zfh): entries 2 and 3 are subnormal, 29 is +inf; NaN-boxed.
  TEST_FPR_D(17, 0xffffffffffff0400, 0, 0, 0, 0, FLI_H(1))
  TEST_FPR_D(18, 0xffffffffffff0100, 0, 0, 0, 0, FLI_H(2))
  TEST_FPR_D(19, 0xffffffffffff0200, 0, 0, 0, 0, FLI_H(3))
  TEST_FPR_D(20, 0xffffffffffff7800, 0, 0, 0, 0, FLI_H(28))
  TEST_FPR_D(21, 0xffffffffffff7c00, 0, 0, 0, 0, FLI_H(29))
  TEST_FPR_D(22, 0xffffffffffffbc00, 0, 0, 0, 0, FLI_H(0))
  TEST_FPR_D(23, 0xffffffffffff7e00, 0, 0, 0, 0, FLI_H(31))

  # FMINM/FMAXM: any NaN gives the canonical NaN; only a signalling one raises NV; -0 < +0.
  TEST_FPR_S(30, 0x3f800000, 0, 0x3f800000, 0x40000000, 0, FMINM_S)
  TEST_FPR_S(31, 0x40000000, 0, 0x3f800000, 0x40000000, 0, FMAXM_S)
  TEST_FPR_S(32, 0x7fc00000, 0, 0x3f800000, 0x7fc00000, 0, FMINM_S)
  TEST_FPR_S(33, 0x7fc00000, 0, 0xffc12345, 0x3f800000, 0, FMAXM_S)
  TEST_FPR_S(34, 0x7fc00000, FFLAGS_NV, 0x7f800001, 0x3f800000, 0, FMINM_S)
  TEST_FPR_S(35, 0x80000000, 0, 0x00000000, 0x80000000, 0, FMINM_S)
  TEST_FPR_S(36, 0x00000000, 0, 0x00000000, 0x80000000, 0, FMAXM_S)
  TEST_FPR_D(37, 0x7ff8000000000000, 0, 0x3ff0000000000000, 0x7ff8000000000000, 0, FMINM_D)
  TEST_FPR_D(38, 0xbff0000000000000, 0, 0xbff0000000000000, 0x3ff0000000000000, 0, FMINM_D)

  # FROUND: to an integer in rm, no NX; FROUNDNX: NX when the value changed. Zeros, infinities
  # and integers are copied; a signalling NaN raises NV and gives the canonical NaN.
  TEST_FPR_S(40, 0x40000000, 0, 0x40200000, 0, 0, FROUND_S(RNE))
  TEST_FPR_S(41, 0x40000000, FFLAGS_NX, 0x40200000, 0, 0, FROUNDNX_S(RNE))
  TEST_FPR_S(42, 0x40400000, FFLAGS_NX, 0x40200000, 0, 0, FROUNDNX_S(RMM))
  TEST_FPR_S(43, 0x40400000, 0, 0x40200000, 0, 0, FROUND_S(RUP))
  TEST_FPR_S(44, 0xc0400000, 0, 0xc0200000, 0, 0, FROUND_S(RDN))
  TEST_FPR_S(45, 0xc0000000, 0, 0xc0200000, 0, 0, FROUND_S(RTZ))
  TEST_FPR_S(46, 0x80000000, 0, 0xbf000000, 0, 0, FROUND_S(RNE))
  TEST_FPR_S(47, 0x80000000, FFLAGS_NX, 0xbf000000, 0, 0, FROUNDNX_S(RUP))
  TEST_FPR_S(48, 0x3f800000, 0, 0x3f000000, 0, 0, FROUND_S(RUP))
  TEST_FPR_S(49, 0x501502f9, 0, 0x501502f9, 0, 0, FROUNDNX_S(RNE))
  TEST_FPR_S(50, 0xff800000, 0, 0xff800000, 0, 0, FROUNDNX_S(RNE))
  TEST_FPR_S(51, 0x7fc00000, FFLAGS_NV, 0x7f800001, 0, 0, FROUND_S(RNE))
  TEST_FPR_S(52, 0x7fc00000, 0, 0xffc00001, 0, 0, FROUNDNX_S(RNE))
  TEST_FPR_S(53, 0x40400000, 0, 0x40400000, 0, 0, FROUNDNX_S(RNE))
  TEST_FPR_D(54, 0x4000000000000000, 0, 0x4004000000000000, 0, 0, FROUND_D(RTZ))
  # rm = frm: frm is RUP here.
  li t0, RUP
  fsrm t0
  TEST_FPR_S(55, 0x40400000, FFLAGS_NX, 0x40200000, 0, 0, FROUNDNX_S(7))
  fsrm x0

  # FCVTMOD.W.D: toward zero, bits 31:0 of the unbounded integer, sign-extended; flags as FCVT.W.D
  # would raise them (NV out of range, else NX when inexact); infinities and NaN give 0.
  TEST_FPX_D(60, 5, FFLAGS_NV, 0x41f0000000500000, 0, FCVTMOD)
  TEST_FPX_D(61, 0xffffffffb2d05e00, FFLAGS_NV, 0x41e65a0bc0000000, 0, FCVTMOD)
  TEST_FPX_D(62, 0xffffffffffffffff, FFLAGS_NX, 0xbff8000000000000, 0, FCVTMOD)
  TEST_FPX_D(63, 0x7fffffff, FFLAGS_NX, 0x41dfffffffe00000, 0, FCVTMOD)
  TEST_FPX_D(64, 0xffffffff80000000, FFLAGS_NX, 0xc1e0000000180000, 0, FCVTMOD)
  TEST_FPX_D(65, 0x7fffffff, FFLAGS_NV, 0xc1e0000000200000, 0, FCVTMOD)
  TEST_FPX_D(66, 0, FFLAGS_NV, 0x7e37e43c8800759c, 0, FCVTMOD)
  TEST_FPX_D(67, 0xffffffff80000000, FFLAGS_NV, 0x41e0000000000000, 0, FCVTMOD)
  TEST_FPX_D(68, 0, FFLAGS_NV, 0x7ff8000000000000, 0, FCVTMOD)
  TEST_FPX_D(69, 0, FFLAGS_NV, 0xfff0000000000000, 0, FCVTMOD)
  TEST_FPX_D(70, 0, FFLAGS_NX, 0x3fe8000000000000, 0, FCVTMOD)
  TEST_FPX_D(71, 0, 0, 0x8000000000000000, 0, FCVTMOD)

  # FLEQ/FLTQ: FLE/FLT without NV for quiet NaNs.
  TEST_FPX_S(80, 1, 0, 0x3f800000, 0x3f800000, FLEQ_S)
  TEST_FPX_S(81, 0, 0, 0x3f800000, 0x3f800000, FLTQ_S)
  TEST_FPX_S(82, 1, 0, 0x80000000, 0x00000000, FLEQ_S)
  TEST_FPX_S(83, 0, 0, 0x80000000, 0x00000000, FLTQ_S)
  TEST_FPX_S(84, 0, 0, 0x7fc00000, 0x3f800000, FLEQ_S)
  TEST_FPX_S(85, 0, 0, 0x3f800000, 0xffc00000, FLTQ_S)
  TEST_FPX_S(86, 0, FFLAGS_NV, 0x7f800001, 0x3f800000, FLTQ_S)
  TEST_FPX_S(87, 1, 0, 0xbf800000, 0x3f800000, FLTQ_S)
  TEST_FPX_D(88, 1, 0, 0xbff0000000000000, 0x3ff0000000000000, FLTQ_D)

  # FMVH.X.D and FMVP.D.X are RV32-only: illegal on RV64; so is FCVTMOD with rm other than RTZ.
  TEST_TRAP(90, CAUSE_ILLEGAL_INSTRUCTION, 0xe2150553, .insn r OP_FP, 0, 0x71, a0, fa0, x1)
  TEST_TRAP(91, CAUSE_ILLEGAL_INSTRUCTION, 0xb2c58553, .insn r OP_FP, 0, 0x59, fa0, a1, a2)
  TEST_TRAP(92, CAUSE_ILLEGAL_INSTRUCTION, 0xc2850553, .insn r OP_FP, 0, 0x61, a0, fa0, x8)
TEST_END
