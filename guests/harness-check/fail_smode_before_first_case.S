# The S-mode variant of test.h (TEST_SUPERVISOR, run with --bios builtin): a check that fails before
# the first case must fail the run too.
#define TEST_SUPERVISOR
#include "test.h"
TEST_BEGIN
  li a0, 1
  CHECK(a0, 2)
TEST_END
