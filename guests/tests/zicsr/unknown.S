# CSR numbers that do not exist on this hart raise illegal instruction with mtval = the
# instruction bits, for reads and writes alike: the user-mode N CSRs, the hypervisor CSRs,
# custom space, Zkr's seed, Smstateen's sstateen0, odd pmpcfg numbers (RV64), debug mode's dcsr,
# and F's fcsr while mstatus.FS is off.
#include "test.h"
.option norvc
#define UNKNOWN(n, number) TEST_TRAP(n, CAUSE_ILLEGAL_INSTRUCTION, (number << 20) | 0x2573, csrr a0, number)
TEST_BEGIN
  li t0, MSTATUS_FS
  csrc mstatus, t0
  UNKNOWN(2, 0x000)
  UNKNOWN(3, 0x004)
  UNKNOWN(4, 0x044)
  UNKNOWN(5, 0x600)
  UNKNOWN(6, 0x680)
  UNKNOWN(7, 0x200)
  UNKNOWN(8, 0x7c0)
  UNKNOWN(9, 0x5c0)
  UNKNOWN(10, 0xfc0)
  UNKNOWN(11, 0x10c)
  UNKNOWN(12, 0x3a1)
  UNKNOWN(13, 0x3a3)
  UNKNOWN(14, 0x7b0)
  UNKNOWN(15, 0x7b0)
  UNKNOWN(16, 0x003)
  UNKNOWN(17, 0x001)
  UNKNOWN(18, 0x015)
  # Writes too.
  TEST_TRAP(19, CAUSE_ILLEGAL_INSTRUCTION, 0x7c059073, csrw 0x7c0, a1)
  TEST_TRAP(20, CAUSE_ILLEGAL_INSTRUCTION, 0x00306073, csrsi 0x003, 0)
TEST_END
