# The trace test's guest (tests/e2e/test_trace.py): a loop of ten, then power-off through the
# sifive,test device. 26 instructions, every one of them known.
  .option norvc
  .section .text.init
  .global _start
_start:
  li a0, 0
  li a1, 10
loop:
  addi a0, a0, 1
  bne a0, a1, loop
done:
  li t0, 0x100000
  li t1, 0x5555
  sw t1, 0(t0)
1:
  j 1b
