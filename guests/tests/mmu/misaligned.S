# Misaligned accesses that cross a page boundary under Sv39: each half is translated on its own
# (the two virtual pages map to physical pages far apart); when the second page faults, mtval is
# the address of the part that faulted (the page start) and a store writes nothing at all.
#define VM_MODE 8
#include "test.h"
#include "vm.h"

#define P0 TEST_VA
#define P1 (TEST_VA + 0x1000)
#define P2 (TEST_VA + 0x2000)
#define P3 (TEST_VA + 0x3000)

TEST_BEGIN
  # vm_pages page 5 ends with 0x..33221100 at +0xffc; page 2 starts with 0x77665544.
  la a0, vm_pages
  li t0, 0x5ffc
  add t1, a0, t0
  li t0, 0x33221100
  sw t0, 0(t1)
  li t0, 0x2000
  add t1, a0, t0
  li t0, 0x77665544
  sw t0, 0(t1)
  call vm_init
  li a0, P0; la a1, vm_pages + 0x5000; li a2, PTE_RW; li a3, LEVEL_4K; call vm_map
  li a0, P1; la a1, vm_pages + 0x2000; li a2, PTE_RW; li a3, LEVEL_4K; call vm_map
  li a0, P2; la a1, vm_pages + 0x3000; li a2, PTE_RW; li a3, LEVEL_4K; call vm_map
  li a0, P3; la a1, vm_pages + 0x4000; li a2, PTE_V | PTE_R | PTE_AD; li a3, LEVEL_4K; call vm_map
  call vm_enable

  li a4, P0 + 0xffc
  S_OK(2, ld a0, 0(a4)); CHECK(a0, 0x7766554433221100)
  li a4, P0 + 0xffe
  S_OK(3, lw a0, 0(a4)); CHECK(a0, 0x55443322)
  li a4, P0 + 0xfff
  S_OK(4, li a1, 0xabcd; sh a1, 0(a4); lhu a0, 0(a4); lbu a2, 1(a4)); CHECK(a0, 0xabcd); CHECK(a2, 0xab)
  li TESTNUM, 5
  la t0, vm_pages + 0x2000
  lbu a0, 0(t0)
  CHECK(a0, 0xab)
  # P2 -> P3: P3 is read-only; the store faults at P3 and leaves P2's bytes alone.
  li a4, P2 + 0xffd
  S_FAULT(6, CAUSE_STORE_PAGE_FAULT, P3, li a1, -1; sd a1, 0(a4))
  li TESTNUM, 7
  la t0, vm_pages + 0x3000
  li t1, 0xff8
  add t0, t0, t1
  ld a0, 0(t0)
  CHECK(a0, 0)
  # The same load works (P3 is readable).
  S_OK(8, ld a0, 0(a4)); CHECK(a0, 0)
  # P3 -> unmapped: a load faults with the address of the second page.
  li a4, P3 + 0xffa
  S_FAULT(9, CAUSE_LOAD_PAGE_FAULT, P3 + 0x1000, ld a0, 0(a4))
  # Crossing from unmapped into mapped: the first part faults, at its own address.
  li a4, P0 - 2
  S_FAULT(10, CAUSE_LOAD_PAGE_FAULT, P0 - 2, lw a0, 0(a4))
TEST_END

VM_ROUTINES
