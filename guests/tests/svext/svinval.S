# Svinval in Sv39: sinval.vma between sfence.w.inval and sfence.inval.ir makes a changed leaf take
# effect (for one address, and for all with rs1 = x0); all three are illegal in U-mode, and
# sinval.vma is illegal in S-mode under mstatus.TVM, as sfence.vma is. The encodings are spelt out
# (.word) so the test does not depend on the assembler knowing the extension.
#include "test.h"
#include "modes.h"

#define PTE_V 1
#define PTE_R 2
#define PTE_W 4
#define PTE_X 8
#define PTE_A 0x40
#define PTE_D 0x80
#define LEAF (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define WINDOW 0x40000000       /* l0[0] of root entry 1 */
#define SFENCE_W_INVAL .word 0x18000073
#define SFENCE_INVAL_IR .word 0x18100073
#define SINVAL_VMA_T2 .word (0x16000073 | (7 << 15))   /* sinval.vma t2, x0 */
#define SINVAL_VMA_ALL .word 0x16000073                /* sinval.vma x0, x0 */

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
  li a0, 0x80000000
  SET_PTE(root, 2, a0, LEAF)
  la a0, l1
  SET_PTE(root, 1, a0, PTE_V)
  la a0, l0
  SET_PTE(l1, 0, a0, PTE_V)
  la a0, page_a
  SET_PTE(l0, 0, a0, LEAF)
  la t0, root
  srli t0, t0, 12
  li t1, 8 << 60
  or t0, t0, t1
  csrw satp, t0
  sfence.vma

  # The window shows page A (and the translation is now cached wherever the hart caches them).
  TEST_CASE(2, a4, 0xAAAA, IN_MODE(1, li t2, WINDOW; ld a4, 0(t2)))
  # Point it at page B; the S-mode kernel invalidates that one address the Svinval way.
  la a0, page_b
  SET_PTE(l0, 0, a0, LEAF)
  TEST_CASE(3, a4, 0xBBBB, IN_MODE(1, li t2, WINDOW; SFENCE_W_INVAL; SINVAL_VMA_T2; SFENCE_INVAL_IR; ld a4, 0(t2)))
  TEST_CASE(4, s10, -1, )
  # Back to page A, invalidating every address (rs1 = x0).
  la a0, page_a
  SET_PTE(l0, 0, a0, LEAF)
  TEST_CASE(5, a4, 0xAAAA, IN_MODE(1, li t2, WINDOW; ld a4, 0(t2); SFENCE_W_INVAL; SINVAL_VMA_ALL; SFENCE_INVAL_IR; ld a4, 0(t2)))
  TEST_CASE(6, s10, -1, )

  # U-mode (bare, so U may fetch its code): all three are illegal instructions (cause 2), with the
  # instruction in tval.
  csrw satp, zero
  sfence.vma
  TEST_CASE(7, s10, 2, IN_MODE(0, SFENCE_W_INVAL))
  TEST_CASE(8, s11, 0x18000073, )
  TEST_CASE(9, s10, 2, IN_MODE(0, SFENCE_INVAL_IR))
  TEST_CASE(10, s10, 2, IN_MODE(0, li t2, WINDOW; SINVAL_VMA_T2))
  TEST_CASE(11, s11, 0x16038073, )
  # S-mode under TVM: sinval.vma is illegal, like sfence.vma.
  li t0, MSTATUS_TVM
  csrs mstatus, t0
  TEST_CASE(12, s10, 2, IN_MODE(1, SINVAL_VMA_ALL))
  li t0, MSTATUS_TVM
  csrc mstatus, t0
  TEST_CASE(13, s10, -1, IN_MODE(1, SINVAL_VMA_ALL))
TEST_END

  .data
  .balign 4096
root: .space 4096
l1: .space 4096
l0: .space 4096
page_a: .dword 0xAAAA
  .balign 4096
page_b: .dword 0xBBBB
  .balign 4096
