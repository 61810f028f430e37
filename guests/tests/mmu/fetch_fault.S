# Instruction page faults at page ends (Sv39): a 4-byte instruction whose second half is on an
# unmapped page faults with mepc = its start and mtval = the start of the missing page; a
# 2-byte one at the very end of the page runs and the next fetch faults; a fetch that faults
# does not retire (the trap costs what an ecall's does).
#define VM_MODE 8
#include "test.h"
#include "vm.h"

#define CODE_VA TEST_VA
#define HOLE_VA (TEST_VA + 0x1000)
#define CODE2_VA (TEST_VA + 0x2000)
#define HOLE2_VA (TEST_VA + 0x3000)

TEST_BEGIN
  call vm_init
  li a0, CODE_VA; la a1, edge_page; li a2, PTE_V | PTE_X | PTE_A; li a3, LEVEL_4K; call vm_map
  li a0, CODE2_VA; la a1, edge_page2; li a2, PTE_V | PTE_X | PTE_A; li a3, LEVEL_4K; call vm_map
  li t0, 7
  csrw mcounteren, t0
  call vm_enable

  # Case 2: the straddling addi.
  li TESTNUM, 2
  li a4, CODE_VA + 0xffa
  GO_SMODE
  EXPECT_TRAP(jalr a4)
  CHECK(s9, CAUSE_FETCH_PAGE_FAULT)
  CHECK(s10, HOLE_VA)
  CHECK(s11, CODE_VA + 0xffe)
  CHECK(a0, 0x11)
  # Case 3: the compressed instruction in the last two bytes ran; the fault is at the next page.
  li TESTNUM, 3
  li a4, CODE2_VA + 0xffc
  li a0, 0
  GO_SMODE
  EXPECT_TRAP(jalr a4)
  CHECK(s9, CAUSE_FETCH_PAGE_FAULT)
  CHECK(s10, HOLE2_VA)
  CHECK(s11, HOLE2_VA)
  CHECK(a0, 5)
  # Case 4: instret over a fetch page fault equals instret over an ecall.
  li TESTNUM, 4
  la a4, ecall_site
  GO_SMODE
  csrr s0, instret
  EXPECT_TRAP(jalr a4)
  csrr s1, minstret
  sub s2, s1, s0
  CHECK(s9, CAUSE_SUPERVISOR_ECALL)
  li a4, HOLE_VA
  GO_SMODE
  csrr s0, instret
  EXPECT_TRAP(jalr a4)
  csrr s1, minstret
  sub s3, s1, s0
  CHECK(s9, CAUSE_FETCH_PAGE_FAULT)
  bne s2, s3, test_fail
TEST_END

VM_ROUTINES

  .text
ecall_site:
  ecall
  .balign 4096
edge_page:
  .skip 0xffa
  .option push
  .option rvc
  c.li a0, 0x11               # 0xffa
  c.nop                       # 0xffc
  .option norvc
  addi a0, zero, 0x22         # 0xffe..0x1001: straddles into the unmapped page
  .option pop
  .balign 4096
edge_page2:
  .skip 0xffc
  .option push
  .option rvc
  c.li a0, 3                  # 0xffc
  c.addi a0, 2                # 0xffe: the last instruction of the page
  .option pop
