# Misaligned loads and stores are emulated (the privileged spec allows emulating them or
# trapping; this hart, like QEMU, emulates): every width at every misalignment, signed and
# unsigned, within a page and across a 4 KiB page boundary, and compressed and sp-relative
# forms. Nothing traps.
#include "test.h"
.option norvc
TEST_BEGIN
  la s0, mis_data
  # Loads at offsets 1..7 of the pattern 0x00 0x11 0x22 ... 0xff (bytes i*0x11).
  TEST_CASE(2, a0, 0x2211, lhu a0, 1(s0))
  TEST_CASE(3, a0, 0xffffffffffff8877, lh a0, 7(s0))
  TEST_CASE(4, a0, 0x44332211, lw a0, 1(s0))
  TEST_CASE(5, a0, 0x0000000066554433, lwu a0, 3(s0))
  TEST_CASE(6, a0, 0xffffffffaa998877, lw a0, 7(s0))
  TEST_CASE(7, a0, 0x00000000aa998877, lwu a0, 7(s0))
  TEST_CASE(8, a0, 0x8877665544332211, ld a0, 1(s0))
  TEST_CASE(9, a0, 0xccbbaa9988776655, ld a0, 5(s0))
  TEST_CASE(10, a0, 0xffeeddccbbaa9988, ld a0, 8(s0))
  TEST_CASE(11, a0, 0x0099887766554433, ld a0, 3(s0); slli a0, a0, 8; srli a0, a0, 8)
  # Stores, read back aligned.
  la s1, mis_store
  TEST_CASE(12, a0, 0x0000000000abcd00, sd zero, 0(s1); li a1, 0xabcd; sh a1, 1(s1); ld a0, 0(s1))
  TEST_CASE(13, a0, 0x0012345678000000, sd zero, 0(s1); li a1, 0x12345678; sw a1, 3(s1); ld a0, 0(s1))
  TEST_CASE(14, a0, 0xbc9a785634120000, sd zero, 0(s1); sd zero, 8(s1); li a1, 0xdef0bc9a78563412; sd a1, 2(s1); ld a0, 0(s1))
  TEST_CASE(15, a0, 0x000000000000def0, ld a0, 8(s1))
  TEST_CASE(16, a0, 0xdef0bc9a78563412, ld a0, 2(s1))
  # Across the 4 KiB boundary at page_end (all widths, both directions).
  la s2, page_end
  TEST_CASE(17, a0, 0x0000000000002211, li a1, 0x2211; sh a1, -1(s2); lhu a0, -1(s2))
  TEST_CASE(18, a0, 0xffffffff88776655, li a1, 0x88776655; sw a1, -3(s2); lw a0, -3(s2))
  TEST_CASE(19, a0, 0x0123456789abcdef, li a1, 0x0123456789abcdef; sd a1, -5(s2); ld a0, -5(s2))
  TEST_CASE(20, a0, 0x0123456789abcdef, li a1, 0x0123456789abcdef; sd a1, -1(s2); ld a0, -1(s2))
  TEST_CASE(21, a0, 0x0123456789abcdef, li a1, 0x0123456789abcdef; sd a1, -7(s2); ld a0, -7(s2))
  # The bytes on each side, read one at a time.
  TEST_CASE(22, a0, 0xef, li a1, 0x0123456789abcdef; sd a1, -3(s2); lbu a0, -3(s2))
  TEST_CASE(23, a0, 0xab, lbu a0, -1(s2))
  TEST_CASE(24, a0, 0x89, lbu a0, 0(s2))
  TEST_CASE(25, a0, 0x01, lbu a0, 4(s2))
  # Compressed loads and stores with a misaligned base.
  .option push
  .option rvc
  TEST_CASE(26, a0, 0x0000000044332211, addi a5, s0, 1; c.lw a0, 0(a5))
  TEST_CASE(27, a0, 0x8877665544332211, addi a5, s0, 1; c.ld a0, 0(a5))
  TEST_CASE(28, a0, 0x1122334455667788, addi a5, s1, 3; li a4, 0x1122334455667788; c.sd a4, 0(a5); ld a0, 3(s1))
  mv s3, sp
  addi sp, s0, 2
  TEST_CASE(29, a0, 0x9988776655443322, c.ldsp a0, 0(sp))
  mv sp, s3
  .option pop
TEST_END

  .data
  .balign 16
mis_data:
  .byte 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff
mis_store:
  .dword 0, 0
  .balign 4096
  .skip 4096 - 16
  .skip 16
page_end:
  .skip 64
