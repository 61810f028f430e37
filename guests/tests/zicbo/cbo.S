# Zicbom/Zicboz: cbo.zero writes zeros to exactly the 64-byte block holding the address;
# cbo.clean/flush/inval change no data; the menvcfg/senvcfg enables gate S- and U-mode
# (illegal instruction when off, privileged spec 3.1.18); faults are store faults.
#include "test.h"

#define MENVCFG 0x30a
#define SENVCFG 0x10a
#define CBIE_FLUSH (1 << 4)
#define CBCFE (1 << 6)
#define CBZE (1 << 7)

# Runs `code` in privilege `mpp` (0 = U, 1 = S) and comes back to M-mode through an ecall;
# the trap handler below records the last cause in s10 (-1 when none) and skips the instruction.
#define IN_MODE(mpp, code...)        \
    li s10, -1;                       \
    la t0, 1f;                        \
    csrw mepc, t0;                    \
    li t0, 3 << 11;                   \
    csrc mstatus, t0;                 \
    li t0, (mpp) << 11;               \
    csrs mstatus, t0;                 \
    mret;                             \
1:  code;                             \
    ecall

TEST_BEGIN
  la t0, trap
  csrw mtvec, t0
  # PMP: let S and U reach all memory.
  li t0, -1
  csrw pmpaddr0, t0
  li t0, 0x1f
  csrw pmpcfg0, t0

  # cbo.zero in M-mode clears the aligned block around the address, and nothing else.
  la a0, block
  li t0, -1
  li t1, 0
1:  add t2, a0, t1
    sd t0, 0(t2)
    addi t1, t1, 8
    li t2, 192
    blt t1, t2, 1b
  addi a1, a0, 64 + 24
  cbo.zero (a1)
  TEST_CASE(2, a4, -1, ld a4, 56(a0))
  TEST_CASE(3, a4, 0, ld a4, 64(a0))
  TEST_CASE(4, a4, 0, ld a4, 120(a0))
  TEST_CASE(5, a4, -1, ld a4, 128(a0))
  # clean, flush and inval leave data alone.
  addi a1, a0, 8
  cbo.clean (a1)
  cbo.flush (a1)
  cbo.inval (a1)
  TEST_CASE(6, a4, -1, ld a4, 8(a0))

  # S-mode with every enable off: all four are illegal (cause 2).
  csrw MENVCFG, zero
  TEST_CASE(7, s10, 2, IN_MODE(1, cbo.zero (a0)))
  TEST_CASE(8, s10, 2, IN_MODE(1, cbo.clean (a0)))
  TEST_CASE(9, s10, 2, IN_MODE(1, cbo.flush (a0)))
  TEST_CASE(10, s10, 2, IN_MODE(1, cbo.inval (a0)))
  TEST_CASE(11, a4, -1, ld a4, 0(a0))

  # Enabled by menvcfg: S-mode may; U-mode also needs senvcfg.
  li t0, CBIE_FLUSH | CBCFE | CBZE
  csrw MENVCFG, t0
  TEST_CASE(12, s10, -1, IN_MODE(1, cbo.zero (a0); cbo.clean (a0); cbo.inval (a0)))
  TEST_CASE(13, a4, 0, ld a4, 0(a0))
  csrw SENVCFG, zero
  TEST_CASE(14, s10, 2, IN_MODE(0, cbo.zero (a0)))
  TEST_CASE(15, s10, 2, IN_MODE(0, cbo.flush (a0)))
  li t0, CBIE_FLUSH | CBCFE | CBZE
  csrw SENVCFG, t0
  li t0, -1
  sd t0, 128(a0)
  addi a1, a0, 128
  TEST_CASE(16, s10, -1, IN_MODE(0, cbo.zero (a1); cbo.flush (a1)))
  TEST_CASE(17, a4, 0, ld a4, 128(a0))
  # CBIE = 10 is reserved: the field reads back as 00.
  li t0, 2 << 4
  csrw MENVCFG, t0
  TEST_CASE(18, a4, 0, csrr a4, MENVCFG; andi a4, a4, 3 << 4)

  # Faults are store/AMO faults: PMP entry 0 now denies S all access to the block's page.
  li t0, CBIE_FLUSH | CBCFE | CBZE
  csrw MENVCFG, t0
  la t0, block
  srli t0, t0, 2
  ori t0, t0, (4096 >> 3) - 1
  csrw pmpaddr0, t0
  li t0, -1
  csrw pmpaddr1, t0
  li t0, (0x1f << 8) | 0x18     # entry 0 NAPOT no access, entry 1 NAPOT RWX
  csrw pmpcfg0, t0
  TEST_CASE(19, s10, 7, IN_MODE(1, cbo.zero (a0)))
  TEST_CASE(20, s11, 0, la t0, block; sub s11, s11, t0)
  TEST_CASE(21, s10, 7, IN_MODE(1, cbo.flush (a0)))
  j test_pass

  .balign 4
trap:
  csrr t0, mcause
  li t1, 9                      # an ecall from S or U: the test is back
  beq t0, t1, 2f
  li t1, 8
  beq t0, t1, 2f
  mv s10, t0
  csrr s11, mtval
  csrr t0, mepc
  addi t0, t0, 4
  csrw mepc, t0
  mret
2:
  csrr t0, mepc                 # return to M-mode after the ecall
  addi t0, t0, 4
  li t1, 3 << 11
  csrs mstatus, t1
  csrw mepc, t0
  mret
TEST_END

  .data
  .balign 4096
block:
  .space 4096
