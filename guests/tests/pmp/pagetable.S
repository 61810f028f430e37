# PMP checks the page-table walk's own accesses as S-mode reads (privileged spec 3.7.1 and
# 4.3.2 step 2), whatever mode made the access: tables in a region S may not read make every
# translated access fail with an access fault for its type, mtval = the virtual address; and
# the translated physical address is checked too.
#define VM_MODE 8
#include "test.h"
#include "vm.h"
#include "pmp.h"
.option norvc
TEST_BEGIN
  PMP_CATCH_ALL_LAST
  call vm_init
  li a0, TEST_VA; la a1, vm_pages; li a2, PTE_RW; li a3, LEVEL_4K; call vm_map
  call vm_enable
  li a4, TEST_VA
  S_OK(2, ld a0, 0(a4))
  # Entry 0: the leaf table's page (found through vm_walk), no permissions.
  li a0, TEST_VA
  li a3, LEVEL_4K
  call vm_walk
  srli t0, a0, 12
  slli t0, t0, 10
  ori t0, t0, (4096 >> 3) - 1
  csrw pmpaddr0, t0
  li t0, PMP_NAPOT
  csrw pmpcfg0, t0
  sfence.vma
  li a4, TEST_VA
  S_FAULT(3, CAUSE_LOAD_ACCESS, TEST_VA, ld a0, 0(a4))
  S_FAULT(4, CAUSE_STORE_ACCESS, TEST_VA + 8, sd a0, 8(a4))
  # Read permission is enough for the walk (A and D are already set).
  li t0, PMP_NAPOT | PMP_R
  csrw pmpcfg0, t0
  sfence.vma
  S_OK(5, ld a0, 0(a4); sd a0, 8(a4))
  # The page itself (vm_pages) denied to S: the walk works, the access fails.
  NAPOT_ADDR(t0, vm_pages, 4096)
  csrw pmpaddr0, t0
  li t0, PMP_NAPOT | PMP_R
  csrw pmpcfg0, t0
  sfence.vma
  S_OK(6, ld a0, 0(a4))
  S_FAULT(7, CAUSE_STORE_ACCESS, TEST_VA + 16, sd a0, 16(a4))
TEST_END

VM_ROUTINES
