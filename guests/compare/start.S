# Entry and trap vector of the comparison kernels. Hart 0 clears .bss, calls main() in M-mode and
# powers off through the sifive,test device; every trap saves the registers in a frame on the
# stack and calls trap(frame), which may change the frame (mepc included) before mret.

  .section .text.start
  .global _start
_start:
  csrr t0, mhartid
  bnez t0, park
  la sp, __stack_top
  la t0, __bss_start
  la t1, __bss_end
1:
  bgeu t0, t1, 2f
  sd zero, 0(t0)
  addi t0, t0, 8
  j 1b
2:
  la t0, trap_vector
  csrw mtvec, t0
  call main
  call power_off
park:
  wfi
  j park

# Frame: x1..x31 at 8*(n-1), mepc at 248.
  .balign 4
  .global trap_vector
trap_vector:
  addi sp, sp, -256
  .irp n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
  sd x\n, 8*(\n-1)(sp)
  .endr
  addi t0, sp, 256
  sd t0, 8(sp)
  csrr t0, mepc
  sd t0, 248(sp)
  mv a0, sp
  call trap
  ld t0, 248(sp)
  csrw mepc, t0
  .irp n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
  ld x\n, 8*(\n-1)(sp)
  .endr
  addi sp, sp, 256
  mret
