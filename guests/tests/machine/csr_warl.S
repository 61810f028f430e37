# WARL and read-only fields of the machine CSRs, as this hart defines them (privileged spec
# chapter 3): misa fixed (RV64IMAFDC with S and U); mstatus writable fields, UXL/SXL = 2 read-only, SD following FS, MPP = 2
# (reserved) keeps the old MPP; medeleg/mideleg/mie/mip masks; mepc bit 0; mcause, mtval,
# mscratch full width; menvcfg/senvcfg; mcountinhibit and the HPM CSRs; mtvec
# modes 2 and 3 ignored; pmpcfg/pmpaddr beyond the 16 entries read zero.
#include "test.h"
.option norvc
#define WRITE_READ(n, csr, value, expected) TEST_CASE(n, a0, expected, li a1, value; csrw csr, a1; csrr a0, csr)
TEST_BEGIN
  # misa: RV64 (MXL = 2) IMAFDCSU; writes are ignored.
  TEST_CASE(2, a0, 0x800000000014112d, csrr a0, misa)
  WRITE_READ(3, misa, 0, 0x800000000014112d)
  WRITE_READ(4, misa, 0x8000000000001105, 0x800000000014112d)

  # mstatus: all ones, then zeros (MPP = 2 is not written by -1: that asks for 3).
  csrr s0, mstatus
  WRITE_READ(5, mstatus, -1, 0x8000000a007e79aa)
  WRITE_READ(6, mstatus, 0, 0x0000000a00000000)
  WRITE_READ(7, mstatus, MSTATUS_FS, 0x8000000a00006000)
  WRITE_READ(8, mstatus, 0x2000, 0x0000000a00002000)
  # MPP: S sticks, then 2 is refused and S stays; U, then M.
  WRITE_READ(9, mstatus, MSTATUS_MPP_S, 0x0000000a00000800)
  WRITE_READ(10, mstatus, 0x1000, 0x0000000a00000800)
  WRITE_READ(11, mstatus, 0, 0x0000000a00000000)
  WRITE_READ(12, mstatus, 0x1000, 0x0000000a00000000)
  WRITE_READ(13, mstatus, MSTATUS_MPP_M, 0x0000000a00001800)
  # The big- and little-endian bits and VS/XS are read-only zero.
  WRITE_READ(14, mstatus, (1 << 6) | (3 << 9) | (3 << 15) | (3 << 36), 0x0000000a00000000)
  csrw mstatus, s0

  # Delegation and interrupt masks.
  WRITE_READ(15, medeleg, -1, 0xb3ff)
  WRITE_READ(16, medeleg, 1 << 11, 0)
  WRITE_READ(17, medeleg, 0, 0)
  WRITE_READ(18, mideleg, -1, 0x2222)
  WRITE_READ(19, mideleg, 0, 0)
  WRITE_READ(20, mie, -1, 0x2aaa)
  WRITE_READ(21, mie, 0, 0)
  # mip: M-mode may write SSIP, STIP, SEIP and (Sscofpmf) LCOFIP only.
  WRITE_READ(22, mip, -1, 0x2222)
  WRITE_READ(23, mip, 0, 0)

  # Exception registers.
  WRITE_READ(24, mepc, -1, 0xfffffffffffffffe)
  WRITE_READ(25, mepc, 0x80001235, 0x80001234)
  WRITE_READ(26, mcause, 0x8000000000000005, 0x8000000000000005)
  WRITE_READ(27, mcause, 0x1f, 0x1f)
  WRITE_READ(28, mtval, -1, -1)
  WRITE_READ(29, mscratch, 0x0123456789abcdef, 0x0123456789abcdef)

  # Environment configuration: menvcfg has FIOM, CBIE/CBCFE/CBZE (Zicbom, Zicboz), ADUE (Svadu),
  # PBMTE (Svpbmt) and STCE (Sstc); senvcfg FIOM and the CBO fields. CBIE = 2 is reserved.
  csrr s0, menvcfg
  WRITE_READ(30, menvcfg, -1, 0xe0000000000000f1)
  WRITE_READ(31, menvcfg, 0, 0)
  csrw menvcfg, s0
  WRITE_READ(32, senvcfg, -1, 0xf1)
  WRITE_READ(33, senvcfg, 0, 0)

  # Zihpm/Sscofpmf: mcountinhibit has bits 3..31 (cycle and instret always count); stopped
  # counters keep what is written; mhpmevent keeps its 56-bit selector, OF, MINH, SINH and UINH.
  WRITE_READ(34, mcountinhibit, -1, 0xfffffff8)
  WRITE_READ(35, mhpmcounter3, -1, -1)
  WRITE_READ(36, mhpmcounter31, 0x123456789, 0x123456789)
  WRITE_READ(37, mhpmevent3, -1, 0xf0ffffffffffffff)
  WRITE_READ(38, mhpmevent31, 0x0c00000000000002, 2)
  csrw mhpmevent3, zero
  csrw mhpmevent31, zero
  csrw mcountinhibit, zero

  # mtvec: direct and vectored take; modes 2 and 3 leave it alone.
  csrr s0, mtvec
  WRITE_READ(39, mtvec, 0x80001001, 0x80001001)
  WRITE_READ(40, mtvec, 0x80002002, 0x80001001)
  WRITE_READ(41, mtvec, 0x80002003, 0x80001001)
  WRITE_READ(42, mtvec, 0x80002000, 0x80002000)
  csrw mtvec, s0

  # PMP registers past the 16 entries.
  WRITE_READ(43, pmpcfg4, -1, 0)
  WRITE_READ(44, pmpaddr16, -1, 0)
  WRITE_READ(45, pmpaddr63, -1, 0)
  # pmpaddr holds physical address bits 55:2 (54 bits).
  WRITE_READ(46, pmpaddr15, -1, 0x003fffffffffffff)
  WRITE_READ(47, pmpaddr15, 0, 0)
  TEST_TRAP(48, CAUSE_ILLEGAL_INSTRUCTION, 0x3a102573, csrr a0, pmpcfg1)
  TEST_TRAP(49, CAUSE_ILLEGAL_INSTRUCTION, 0x3af02573, csrr a0, pmpcfg15)

  # satp from M: the supported modes are Bare, Sv39, Sv48, Sv57; any other write is ignored
  # whole (privileged spec 4.1.11), ASIDs are 16 bits, the PPN 44.
  WRITE_READ(50, satp, 0x8000ffff00001234, 0x8000ffff00001234)
  WRITE_READ(51, satp, 0x1000000000000000, 0x8000ffff00001234)
  WRITE_READ(52, satp, 0xb000000000000001, 0x8000ffff00001234)
  WRITE_READ(53, satp, 0xf000000000000001, 0x8000ffff00001234)
  WRITE_READ(54, satp, 0x9000000000000001, 0x9000000000000001)
  WRITE_READ(55, satp, 0xa000000000000002, 0xa000000000000002)
  WRITE_READ(56, satp, 0x0fffffffffffffff, 0x0fffffffffffffff)
  WRITE_READ(57, satp, 0, 0)
TEST_END
