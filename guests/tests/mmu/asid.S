# ASIDs (privileged spec 4.1.11 and 4.2.1), Sv39. A hart may keep translations per address space
# and microvm does, as hardware with ASID-tagged TLBs does: after switching satp to another ASID
# and back, the first one's entries are still there until an sfence.vma covers them. A switch to
# a satp value with ASID 0 starts from no entries, as every change of satp does on QEMU (guests
# without ASIDs rely on it); satp written with its own value keeps them (on QEMU too). Different
# page tables never share entries, however many address spaces go through the TLB. Case 3's
# middle value differs on QEMU, which keeps nothing across a change of satp (the spec allows both).
#define VM_MODE 8
#include "test.h"
#include "vm.h"

#define P0 TEST_VA
# satp = base | ASID n (base: mode and root, ASID 0).
#define SATP(base, n) li t0, (n) << 44; or t0, base, t0; csrw satp, t0

TEST_BEGIN
  # Page A reads 0x1111, page B 0x2222.
  la a0, vm_pages
  li t0, 0x1111
  sd t0, 0(a0)
  li t1, 4096
  add a1, a0, t1
  li t0, 0x2222
  sd t0, 0(a1)
  call vm_init
  li a0, P0; la a1, vm_pages; li a2, PTE_RW; li a3, LEVEL_4K; call vm_map
  mv s0, a0                 # P0's leaf PTE
  call vm_enable
  csrr s1, satp             # Sv39, the tables, ASID 0
  ld s2, 0(s0)              # the leaf for page A
  la t0, vm_pages + 4096
  srli t0, t0, 12
  slli t0, t0, 10
  ori s3, t0, PTE_RW        # the leaf for page B
  # A second root: a copy of the first whose entry for 0x40000000-0x7fffffff is a 1 GiB leaf at
  # physical 0x80000000, so that P0 reads the test image's first doubleword there (s5).
  li t0, (1 << 44) - 1
  and t0, s1, t0
  slli t0, t0, 12
  la t1, root2
  li t2, 512
1:
  ld t3, 0(t0)
  sd t3, 0(t1)
  addi t0, t0, 8
  addi t1, t1, 8
  addi t2, t2, -1
  bnez t2, 1b
  la t1, root2
  li t0, ((0x80000000 >> 12) << 10) | PTE_RW
  sd t0, 8(t1)
  la t0, root2
  srli t0, t0, 12
  li t1, VM_MODE << 60
  or s4, t0, t1             # satp of the second root, ASID 0
  li t0, 0x80000000
  ld s5, 0(t0)
  li a4, P0

  # Case 2: each address space reads through its own tables, back and forth.
  S_OK(2, SATP(s1, 1); ld a0, 0(a4); SATP(s4, 2); ld a1, 0(a4); SATP(s1, 1); ld a2, 0(a4); SATP(s4, 2); ld a3, 0(a4))
  CHECK(a0, 0x1111)
  bne a1, s5, test_fail
  CHECK(a2, 0x1111)
  bne a3, s5, test_fail
  # Case 3: P0 remapped to page B while ASID 3 runs, without a fence: a new ASID sees page B,
  # ASID 1 still its own entry for page A (QEMU: page B), and after sfence.vma for ASID 1 page B.
  S_OK(3, SATP(s1, 3); sd s3, 0(s0); ld a0, 0(a4); SATP(s1, 1); ld a1, 0(a4); li t0, 1; sfence.vma zero, t0; ld a2, 0(a4))
  CHECK(a0, 0x2222)
  CHECK(a1, 0x1111)
  CHECK(a2, 0x2222)
  # Case 4: sfence.vma of an address with rs2 = x0 covers every ASID: ASID 5's entry goes too.
  S_OK(4, sd s2, 0(s0); sfence.vma; SATP(s1, 5); ld a0, 0(a4); SATP(s1, 6); sd s3, 0(s0); sfence.vma a4; SATP(s1, 5); ld a1, 0(a4))
  CHECK(a0, 0x1111)
  CHECK(a1, 0x2222)
  # Case 5: ASID 0 keeps nothing across a satp write (as on QEMU): back to it, page B.
  S_OK(5, sd s2, 0(s0); sfence.vma; csrw satp, s1; ld a0, 0(a4); SATP(s1, 7); sd s3, 0(s0); csrw satp, s1; ld a1, 0(a4))
  CHECK(a0, 0x1111)
  CHECK(a1, 0x2222)
  # Case 6: satp written again with its own value (ASID 0 here) keeps its entries: page A until
  # sfence.vma.
  S_OK(6, sd s2, 0(s0); sfence.vma; csrw satp, s1; ld a0, 0(a4); sd s3, 0(s0); csrw satp, s1; ld a1, 0(a4); sfence.vma; ld a2, 0(a4))
  CHECK(a0, 0x1111)
  CHECK(a1, 0x1111)
  CHECK(a2, 0x2222)
  # Case 7: twelve ASIDs, every third one with the second root, twice round: every load reads its
  # own root's page (a0 counts those that do not), whatever the TLB kept or dropped on the way.
  # (With the roots in turn, an address space reusing the entries of the one four switches
  # before would go unnoticed: it had the same root.)
  li TESTNUM, 7
  GO_SMODE
  sd s2, 0(s0)
  sfence.vma
  li a0, 0
  li a2, 2
2:
  li a1, 9
3:
  li t0, 3
  remu t1, a1, t0
  mv t2, s1
  li t3, 0x1111
  bnez t1, 4f
  mv t2, s4
  mv t3, s5
4:
  slli t0, a1, 44
  or t0, t2, t0
  csrw satp, t0
  ld t4, 0(a4)
  beq t4, t3, 5f
  addi a0, a0, 1
5:
  addi a1, a1, 1
  li t0, 21
  bne a1, t0, 3b
  addi a2, a2, -1
  bnez a2, 2b
  GO_MMODE
  CHECK(s9, CAUSE_SUPERVISOR_ECALL)
  CHECK(a0, 0)
TEST_END

VM_ROUTINES

  .bss
  .balign 4096
root2: .space 4096
