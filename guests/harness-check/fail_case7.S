# Case 7 fails (in U-mode, so the failure goes through the M-mode handler): the exit status is 7.
#include "test.h"
TEST_BEGIN
  TEST_CASE(6, a0, 3, li a0, 3)
  li TESTNUM, 7
  GO_UMODE
  li a0, 1
  CHECK(a0, 2)
TEST_END
