# --cpu rv64,sstc=off: stimecmp does not exist (illegal even in M-mode) and menvcfg.STCE is
# read-only zero.
#include "test.h"
#define MENVCFG_STCE (1 << 63)

TEST_BEGIN
  TEST_TRAP(2, CAUSE_ILLEGAL_INSTRUCTION, 0x14d02573, csrr a0, stimecmp)
  TEST_CASE(3, a0, 0, li t0, MENVCFG_STCE; csrs menvcfg, t0; csrr a0, menvcfg; and a0, a0, t0)
  GO_SMODE
  TEST_TRAP(4, CAUSE_ILLEGAL_INSTRUCTION, 0x14d02573, csrr a0, stimecmp)
  GO_MMODE
TEST_END
