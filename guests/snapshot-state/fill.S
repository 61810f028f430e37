# A guest with a big snapshot (tests/e2e/test_snapshot_progress.py): 32 MiB of RAM above the
# image filled with xorshift64 noise, which zstd cannot shrink, then a spin until the snapshot.
  .section .text.init
  .global _start
_start:
  li t0, 0x80100000
  li t1, 0x82100000
  li t3, 0x9E3779B97F4A7C15
1:
  sd t3, 0(t0)
  slli t4, t3, 13
  xor t3, t3, t4
  srli t4, t3, 7
  xor t3, t3, t4
  slli t4, t3, 17
  xor t3, t3, t4
  addi t0, t0, 8
  bltu t0, t1, 1b
  # 4 Mi rounds of 9 instructions, plus these: the test saves at 38,000,000.
2:
  j 2b
