# --cpu rv64,zawrs=off: wrs.nto and wrs.sto are illegal.
#include "test.h"

TEST_BEGIN
  TEST_TRAP(2, CAUSE_ILLEGAL_INSTRUCTION, 0x00d00073, .word 0x00d00073)
  TEST_TRAP(3, CAUSE_ILLEGAL_INSTRUCTION, 0x01d00073, .word 0x01d00073)
TEST_END
