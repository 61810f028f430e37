# The dead-end test's guest (tests/e2e/test_dead_end.py): M-mode code that leaves mtvec at 0
# and loads from an address nothing answers, so the trap goes to pc 0, where the fetch faults
# again, forever: what booting a file that is not a kernel looks like.
  .option norvc
  .section .text.init
  .global _start
_start:
  csrw mtvec, zero
  li a0, 0x1000000
bad_load:
  ld a1, 8(a0)
  j _start
