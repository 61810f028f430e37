# AUIPC: pc plus the sign-extended upper immediate, checked against the instruction's own
# address (the link value of a jal just before it) for positive, negative and zero immediates; auipc to x0 writes nothing.
#include "test.h"
.option norvc
TEST_BEGIN
  # Case 2: auipc 0 is the instruction's own address.
  li TESTNUM, 2
  jal a1, 1f
1:
  auipc a4, 0
  bne a4, a1, test_fail

  # Case 3: auipc 1 adds 4096.
  li TESTNUM, 3
  jal a1, 1f
1:
  auipc a4, 1
  sub a4, a4, a1
  CHECK(a4, 4096)

  # Case 4: a negative immediate (0xfffff) subtracts 4096.
  li TESTNUM, 4
  jal a1, 1f
1:
  auipc a4, 0xfffff
  sub a4, a4, a1
  CHECK(a4, -4096)

  # Case 5: 0x80000 is -2 GiB, sign-extended to 64 bits.
  li TESTNUM, 5
  jal a1, 1f
1:
  auipc a4, 0x80000
  sub a4, a4, a1
  CHECK(a4, 0xffffffff80000000)

  # Case 6: 0x7ffff is just under +2 GiB.
  li TESTNUM, 6
  jal a1, 1f
1:
  auipc a4, 0x7ffff
  sub a4, a4, a1
  CHECK(a4, 0x7ffff000)

  # Case 7: la (auipc + addi) reaches a label at a known distance.
  li TESTNUM, 7
  auipc a4, 0
  la a5, 2f
  sub a5, a5, a4
  CHECK(a5, 32)
  nop
  nop
2:
  # Case 8: auipc to x0.
  TEST_CASE(8, x0, 0, auipc x0, 0x12345)
TEST_END
