# Svnapot and Svpbmt in Sv39: a 64 KiB NAPOT leaf translates with the low 16 bits of the
# address; N is legal only in a leaf at level 0 with ppn[3:0] = 1000; PBMT (memory type) is
# legal only in leaves, only with menvcfg.PBMTE, and 3 is reserved. Faults are page faults
# (load: 13) with the address in tval. Checked against QEMU 7.2 with
# -cpu rv64,svnapot=true,svpbmt=true: it agrees up to case 9, where its menvcfg resets to 0;
# microvm, like later QEMU, sets PBMTE at reset. Built with SVNAPOT_OFF or SVPBMT_OFF it checks
# that --cpu rv64,svnapot=off / svpbmt=off make them reserved (guests/CMakeLists.txt, cpu-off).
#include "test.h"
#include "modes.h"

#define PTE_V 1
#define PTE_R 2
#define PTE_W 4
#define PTE_X 8
#define PTE_A 0x40
#define PTE_D 0x80
#define LEAF (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define PBMT_NC (1 << 61)
#define PBMT_RESERVED (3 << 61)
#define NAPOT (1 << 63)
#define MENVCFG 0x30a
#define PBMTE (1 << 62)
#define WINDOW 0x40000000       /* level-1 table 0 of root entry 1 */

# Writes PTE index `i` of table `table` = (pa >> 12) << 10 | flags.
#define SET_PTE(table, i, pa_reg, flags)  \
    srli t0, pa_reg, 12;                   \
    slli t0, t0, 10;                       \
    li t1, flags;                          \
    or t0, t0, t1;                         \
    la t1, table;                          \
    sd t0, (i) * 8(t1)

TEST_BEGIN
  MODE_TRAP_HANDLER
  PMP_ALLOW_ALL
  # root[2]: a 1 GiB identity leaf for the test's own code and data; root[1] -> l1 -> l0.
  li a0, 0x80000000
  SET_PTE(root, 2, a0, LEAF)
  la a0, l1
  SET_PTE(root, 1, a0, PTE_V)
  la a0, l0
  SET_PTE(l1, 0, a0, PTE_V)
  # l0[0..15]: one 64 KiB NAPOT page over `target`: ppn[3:0] replaced by 1000.
  la s2, target
  li s3, 0
1:  srli t0, s2, 12
    andi t0, t0, -16
    ori t0, t0, 8
    slli t0, t0, 10
    li t1, LEAF
    or t0, t0, t1
    li t1, 1
    slli t1, t1, 63
    or t0, t0, t1
    la t1, l0
    slli t2, s3, 3
    add t1, t1, t2
    sd t0, 0(t1)
    addi s3, s3, 1
    li t0, 16
    blt s3, t0, 1b
  # Marks in the target: each 4 KiB page starts with its number.
  li s3, 0
2:  slli t0, s3, 12
    add t0, t0, s2
    sd s3, 0(t0)
    addi s3, s3, 1
    li t0, 16
    blt s3, t0, 2b
  la t0, root
  srli t0, t0, 12
  li t1, 8 << 60
  or t0, t0, t1
  csrw satp, t0
  sfence.vma

#if defined(SVNAPOT_OFF)
  # Built for --cpu rv64,svnapot=off: N is reserved in every entry, so the NAPOT leaf faults.
  TEST_CASE(2, s10, 13, IN_MODE(1, li t2, WINDOW + 0x5000; ld a4, 0(t2)))
  TEST_CASE(3, s11, WINDOW + 0x5000, )
#elif defined(SVPBMT_OFF)
  # Built for --cpu rv64,svpbmt=off: menvcfg.PBMTE is read-only zero, so PBMT is reserved.
  TEST_CASE(2, a4, 0, csrr a4, MENVCFG; li t0, PBMTE; and a4, a4, t0)
  TEST_CASE(3, a4, 0, li t0, PBMTE; csrs MENVCFG, t0; csrr a4, MENVCFG; and a4, a4, t0)
  SET_PTE(l0, 17, s2, LEAF | PBMT_NC)
  sfence.vma
  TEST_CASE(4, s10, 13, IN_MODE(1, li t2, WINDOW + 0x11000; ld a4, 0(t2)))
  TEST_CASE(5, a4, 5, IN_MODE(1, li t2, WINDOW + 0x5000; ld a4, 0(t2)))
#else
  # Through every slot of the NAPOT range, the address's own low 16 bits select the page.
  TEST_CASE(2, a4, 0, IN_MODE(1, li t2, WINDOW; ld a4, 0(t2)))
  TEST_CASE(3, a4, 5, IN_MODE(1, li t2, WINDOW + 0x5000; ld a4, 0(t2)))
  TEST_CASE(4, a4, 15, IN_MODE(1, li t2, WINDOW + 0xF000; ld a4, 0(t2)))
  TEST_CASE(5, s10, -1, IN_MODE(1, li t2, WINDOW + 0x3000; ld a4, 0(t2)))

  # N with ppn[3:0] other than 1000 is reserved: page fault.
  SET_PTE(l0, 16, s2, LEAF)
  li t0, 1
  slli t0, t0, 63
  ld t1, l0 + 16 * 8
  or t1, t1, t0
  li t0, 4 << 10                # ppn[3:0] = 0100
  or t1, t1, t0
  sd t1, l0 + 16 * 8, t2
  sfence.vma
  TEST_CASE(6, s10, 13, IN_MODE(1, li t2, WINDOW + 0x10000; ld a4, 0(t2)))
  TEST_CASE(7, s11, WINDOW + 0x10000, )

  # PBMT = NC in a leaf: fine while PBMTE is set (its reset value), a page fault without it.
  SET_PTE(l0, 17, s2, LEAF | PBMT_NC)
  sfence.vma
  TEST_CASE(8, a4, 0, IN_MODE(1, li t2, WINDOW + 0x11000; ld a4, 0(t2)))
  TEST_CASE(9, a4, PBMTE, csrr a4, MENVCFG; li t0, PBMTE; and a4, a4, t0)
  li t0, PBMTE
  csrc MENVCFG, t0
  TEST_CASE(10, s10, 13, IN_MODE(1, li t2, WINDOW + 0x11000; ld a4, 0(t2)))
  li t0, PBMTE
  csrs MENVCFG, t0
  # PBMT = 3 is reserved.
  SET_PTE(l0, 18, s2, LEAF | PBMT_RESERVED)
  sfence.vma
  TEST_CASE(11, s10, 13, IN_MODE(1, li t2, WINDOW + 0x12000; ld a4, 0(t2)))
  # PBMT in a non-leaf entry is reserved: l1[1] points to l0 with PBMT set.
  la a0, l0
  SET_PTE(l1, 1, a0, PTE_V | PBMT_NC)
  sfence.vma
  TEST_CASE(12, s10, 13, IN_MODE(1, li t2, WINDOW + 0x200000; ld a4, 0(t2)))
  # N in a level-1 leaf is reserved too.
  SET_PTE(l1, 2, s2, LEAF | NAPOT)
  sfence.vma
  TEST_CASE(13, s10, 13, IN_MODE(1, li t2, WINDOW + 0x400000; ld a4, 0(t2)))
#endif
TEST_END

  .data
  .balign 4096
root: .space 4096
l1: .space 4096
l0: .space 4096
  .balign 65536
target: .space 65536
