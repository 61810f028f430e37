# Page faults delegated to S (Sv39): scause 12/13/15, stval = the faulting virtual address,
# sepc = the instruction, SPP = the mode it came from; M's registers untouched (mtval stays).
#define VM_MODE 8
#include "test.h"
#include "vm.h"
.option norvc
#define P_RO TEST_VA
#define P_NONE (TEST_VA + 0x1000)
TEST_BEGIN
  call vm_init
  li a0, P_RO; la a1, vm_pages; li a2, PTE_V | PTE_R | PTE_U | PTE_AD; li a3, LEVEL_4K; call vm_map
  call vm_enable
  la t0, test_strap_handler
  csrw stvec, t0
  li t0, (1 << CAUSE_FETCH_PAGE_FAULT) | (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT)
  csrw medeleg, t0
  li t0, 0x5a5a
  csrw mtval, t0
  li a4, P_RO
  li a5, P_NONE
  # From U.
  li TESTNUM, 2
  GO_UMODE_VM
  EXPECT_TRAP(1: sd zero, 8(a4))
  CHECK(s9, CAUSE_STORE_PAGE_FAULT)
  CHECK(s10, P_RO + 8)
  la t0, 1b
  li t1, U_ALIAS
  add t0, t0, t1
  bne s11, t0, test_fail
  li t0, MSTATUS_SPP
  and t0, s8, t0
  CHECK(t0, 0)
  # Now in S (the handler's mode).
  li TESTNUM, 3
  EXPECT_TRAP(ld a0, 0(a5))
  CHECK(s9, CAUSE_LOAD_PAGE_FAULT)
  CHECK(s10, P_NONE)
  li t0, MSTATUS_SPP
  and t0, s8, t0
  CHECK(t0, MSTATUS_SPP)
  li TESTNUM, 4
  EXPECT_TRAP(jalr a5)
  CHECK(s9, CAUSE_FETCH_PAGE_FAULT)
  CHECK(s10, P_NONE)
  CHECK(s11, P_NONE)
  li TESTNUM, 5
  EXPECT_TRAP(ld a0, 0(a4))  # a U page from S without SUM
  CHECK(s9, CAUSE_LOAD_PAGE_FAULT)
  GO_MMODE
  CHECK_CSR(mtval, 0)          # the ecall's own mtval: the delegated faults did not write it
  # Case 6: the same fault in M-mode with MPRV is never delegated.
  li TESTNUM, 6
  li t0, MSTATUS_MPP
  csrc mstatus, t0
  li t0, MSTATUS_MPRV
  csrs mstatus, t0
  EXPECT_TRAP(sd zero, 0(a4))
  CHECK(s9, CAUSE_STORE_PAGE_FAULT)
  CHECK_CSR(mtval, P_RO)
  li t0, MSTATUS_MPRV
  csrc mstatus, t0
  csrw medeleg, zero
TEST_END

VM_ROUTINES
