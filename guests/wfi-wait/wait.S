# A hart that waits in WFI for a timer ten hours away (tests/e2e/test_max_insns_wfi.py): it arms
# hart 0's CLINT timer, enables its interrupt, says so on the UART and waits. Should the timer
# fire after all, it powers off with a failure.
  .section .text.init
  .global _start
_start:
  la t0, timer_fired
  csrw mtvec, t0
  li t0, 0x200BFF8            # CLINT mtime
  ld t1, 0(t0)
  li t2, 360000000000         # ten hours at the virt board's 10 MHz
  add t1, t1, t2
  li t0, 0x2004000            # CLINT mtimecmp of hart 0
  sd t1, 0(t0)
  li t0, 0x80                 # mie.MTIE
  csrs mie, t0
  csrsi mstatus, 8            # mstatus.MIE
  la a0, message
  li t0, 0x10000000           # the 16550 UART
1:
  lbu t1, 0(a0)
  beqz t1, 3f
2:
  lbu t2, 5(t0)               # LSR: wait for THR empty
  andi t2, t2, 0x20
  beqz t2, 2b
  sb t1, 0(t0)
  addi a0, a0, 1
  j 1b
3:
  wfi
  j 3b

  .align 2
timer_fired:
  li t0, 0x100000             # sifive,test: FAIL with code 1
  li t1, 0x13333
  sw t1, 0(t0)
4:
  j 4b

message:
  .asciz "wfi-wait: waiting\n"
