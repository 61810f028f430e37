# Sdtrig address triggers in M-mode, the cases of the official rv64mi-p-breakpoint test (which is
# not packaged in Debian) in this suite's style: an mcontrol (type 2) trigger on an instruction
# fires a breakpoint exception before it runs; load and store triggers fire before the access,
# which then does not happen; a second trigger works beside the first. mepc is the instruction,
# mtval the matched address (debug spec 5.1; the privileged spec allows that or 0).
#include "test.h"
#include "triggers.h"
.option norvc
TEST_BEGIN
  # Case 2: tselect 0 exists and holds an mcontrol at reset.
  li TESTNUM, 2
  csrw tselect, zero
  CHECK_CSR(tselect, 0)
  csrr t0, tdata1
  srli t0, t0, 60
  CHECK(t0, 2)

  # Case 3: an execute trigger fires before the instruction.
  li TESTNUM, 3
  la a2, 1f
  csrw tdata2, a2
  li a0, MC_TYPE2 | MC_M | MC_EXECUTE
  csrw tdata1, a0
  csrr a1, tdata1
  bne a0, a1, test_fail
  la tp, 2f
1:
  j test_fail
2:
  CHECK(s9, CAUSE_BREAKPOINT)
  CHECK_LABEL(s10, 1b)
  CHECK_LABEL(s11, 1b)

  # Case 4: reading the instruction's address does not fire an execute trigger.
  li TESTNUM, 4
  lw a0, 0(a2)

  # Case 5: a load trigger fires before the load, whose destination keeps its value.
  li TESTNUM, 5
  li a0, MC_TYPE2 | MC_M | MC_LOAD
  csrw tdata1, a0
  csrr a1, tdata1
  bne a0, a1, test_fail
  la a2, data1
  csrw tdata2, a2
  mv a3, a2
  EXPECT_TRAP(lw a3, 0(a2))
  CHECK(s9, CAUSE_BREAKPOINT)
  CHECK_LABEL(s10, data1)
  CHECK_LABEL(a3, data1)

  # Case 6: a store does not fire a load trigger (case 7 reads what it wrote).
  li TESTNUM, 6
  li t0, 0x11
  sw t0, 0(a2)

  # Case 7: a store trigger fires before the store, which writes nothing.
  li TESTNUM, 7
  li a0, MC_TYPE2 | MC_M | MC_STORE
  csrw tdata1, a0
  li t0, 0x55
  EXPECT_TRAP(sw t0, 0(a2))
  CHECK(s9, CAUSE_BREAKPOINT)
  CHECK_LABEL(s10, data1)
  li t0, MC_TYPE2
  csrw tdata1, t0
  lw t1, 0(a2)
  CHECK(t1, 0x11)

  # Case 8: a second trigger (tselect 1) fires on loads of data2 ...
  li TESTNUM, 8
  li a0, MC_TYPE2 | MC_M | MC_STORE
  csrw tdata1, a0
  li t0, 1
  csrw tselect, t0
  CHECK_CSR(tselect, 1)
  li a0, MC_TYPE2 | MC_M | MC_LOAD
  csrw tdata1, a0
  la a3, data2
  csrw tdata2, a3
  EXPECT_TRAP(lw a4, 0(a3))
  CHECK_LABEL(s10, data2)

  # Case 9: ... while the first still fires on stores to data1.
  li TESTNUM, 9
  EXPECT_TRAP(sw a2, 0(a2))
  CHECK(s9, CAUSE_BREAKPOINT)
  CHECK_LABEL(s10, data1)

  # Case 10: an access that covers the address fires too (a doubleword load from data2 - 4).
  li TESTNUM, 10
  addi a4, a3, -4
  EXPECT_TRAP(ld a5, 0(a4))
  CHECK(s9, CAUSE_BREAKPOINT)
  bne s10, a4, test_fail

  # Case 11: with both triggers disabled nothing fires.
  li TESTNUM, 11
  li t0, MC_TYPE2
  csrw tdata1, t0
  csrw tselect, zero
  csrw tdata1, t0
  lw a4, 0(a3)
  sd a2, 0(a2)
  ld t1, 0(a2)
  bne t1, a2, test_fail
TEST_END

.data
.balign 8
data1: .dword 0
data2: .dword 0
