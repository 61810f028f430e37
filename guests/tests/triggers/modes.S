# Sdtrig beyond the ISA test: mcontrol6 (type 6) and its WARL fields, the U/S/M filters, the
# at-least match, the size filter, tinfo, four triggers, tcontrol.mte, and types not offered.
#include "test.h"
#include "triggers.h"
.option norvc
#define TCONTROL 0x7a5
TEST_BEGIN
  # Case 2: tinfo offers types 2, 6 and 15 (disabled), specification version 1.
  li TESTNUM, 2
  CHECK_CSR(tinfo, (1 << 24) | (1 << 2) | (1 << 6) | (1 << 15))

  # Case 3: an mcontrol6 keeps its mode, kind and size fields and drops dmode, action and chain
  # (no debug mode, no chaining).
  li TESTNUM, 3
  li a0, MC_TYPE6 | MC_DMODE | MC_ACTION_DEBUG | MC_CHAIN | MC6_SIZE_32BIT | MC_U | MC_S | MC_M | MC_LOAD
  csrw tdata1, a0
  CHECK_CSR(tdata1, MC_TYPE6 | MC6_SIZE_32BIT | MC_U | MC_S | MC_M | MC_LOAD)

  # Case 4: a type the hart does not offer (3, icount) reads back as disabled.
  li TESTNUM, 4
  li a0, (3 << 60) | MC_M
  csrw tdata1, a0
  CHECK_CSR(tdata1, MC_TYPE_DISABLED)

  # Case 5: four triggers: tselect takes 3 and refuses 4.
  li TESTNUM, 5
  li t0, 3
  csrw tselect, t0
  CHECK_CSR(tselect, 3)
  li t0, 4
  csrw tselect, t0
  CHECK_CSR(tselect, 3)
  csrw tselect, zero

  # Case 6: a U-only execute trigger fires in U-mode (mepc = mtval = the function, MPP = U).
  li TESTNUM, 6
  la a2, ufunc
  csrw tdata2, a2
  li a0, MC_TYPE6 | MC_U | MC_EXECUTE
  csrw tdata1, a0
  GO_UMODE
  EXPECT_TRAP(call ufunc)
  CHECK(s9, CAUSE_BREAKPOINT)
  CHECK_LABEL(s10, ufunc)
  CHECK_LABEL(s11, ufunc)
  li t0, MSTATUS_MPP
  and t0, s8, t0
  CHECK(t0, 0)

  # Case 7: the same trigger does not fire in M-mode.
  li TESTNUM, 7
  li a5, 0
  call ufunc
  CHECK(a5, 7)

  # Case 8: an S-mode store trigger matching every address at or above data2.
  li TESTNUM, 8
  li a0, MC_TYPE6 | MC_S | MC_STORE | MC_MATCH_GE
  csrw tdata1, a0
  CHECK_CSR(tdata1, MC_TYPE6 | MC_S | MC_STORE | MC_MATCH_GE)
  la a3, data2
  csrw tdata2, a3
  la a2, data1
  GO_SMODE
  sw zero, 0(a2)
  EXPECT_TRAP(sw zero, 8(a3))
  CHECK(s9, CAUSE_BREAKPOINT)
  addi t0, a3, 8
  bne s10, t0, test_fail
  # In M-mode it does not fire.
  li TESTNUM, 9
  sw zero, 8(a3)

  # Case 10: a byte-sized load trigger ignores a word load and fires on a byte load.
  li TESTNUM, 10
  li a0, MC_TYPE6 | MC_M | MC_LOAD | MC6_SIZE_8BIT
  csrw tdata1, a0
  csrw tdata2, a2
  lw t0, 0(a2)
  EXPECT_TRAP(lbu t0, 0(a2))
  CHECK_LABEL(s10, data1)

  # Case 11: tcontrol.mte is set; with it clear, M-mode triggers do not fire.
  li TESTNUM, 11
  csrr t0, TCONTROL
  andi t0, t0, TCONTROL_MTE
  CHECK(t0, TCONTROL_MTE)
  csrw TCONTROL, zero
  lbu t0, 0(a2)
  li t0, TCONTROL_MTE
  csrw TCONTROL, t0
  EXPECT_TRAP(lbu t0, 0(a2))

  # Case 12: the trap saved mte in mpte and cleared it; mret set it back from mpte.
  li TESTNUM, 12
  CHECK_CSR(TCONTROL, TCONTROL_MTE | TCONTROL_MPTE)
  li t0, MC_TYPE2
  csrw tdata1, t0
  lbu t0, 0(a2)
TEST_END

.text
ufunc:
  li a5, 7
  ret

.data
.balign 8
data1: .dword 0
data2: .dword 0
       .dword 0
