# A check that fails before the first numbered case (TESTNUM still 0). Without test_fail's guard
# it would report 0 << 1 | 1 = 1 through tohost, which reads as a pass.
#include "test.h"
TEST_BEGIN
  li a0, 1
  CHECK(a0, 2)
TEST_END
