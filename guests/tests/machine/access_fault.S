# Access faults (causes 1, 5, 7) for physical addresses where nothing answers, and for device
# accesses a device refuses, with mtval = the address and mepc = the instruction; loads do not
# write rd, stores do not write anything.
#include "test.h"
.option norvc
#define NOWHERE 0x08000000  /* unmapped on microvm and on QEMU virt (0x70000000 is PCIe there) */
TEST_BEGIN
  li a1, NOWHERE
  TEST_TRAP(2, CAUSE_LOAD_ACCESS, NOWHERE, ld a0, 0(a1))
  TEST_TRAP(3, CAUSE_LOAD_ACCESS, NOWHERE + 1, lbu a0, 1(a1))
  TEST_TRAP(4, CAUSE_STORE_ACCESS, NOWHERE + 8, sd a0, 8(a1))
  TEST_TRAP(5, CAUSE_STORE_ACCESS, NOWHERE, sb a0, 0(a1))
  TEST_TRAP(6, CAUSE_FETCH_ACCESS, NOWHERE, jalr a1)
  CHECK(s11, NOWHERE)
  # Atomics: AMO and SC fault as stores, LR as a load.
  TEST_TRAP(7, CAUSE_STORE_ACCESS, NOWHERE, amoadd.w a0, a0, (a1))
  TEST_TRAP(8, CAUSE_LOAD_ACCESS, NOWHERE, lr.d a0, (a1))
  TEST_TRAP(9, CAUSE_STORE_ACCESS, NOWHERE, sc.d a0, a0, (a1))
  # Just past the end of RAM (128 MiB at 0x80000000).
  li a1, 0x88000000
  TEST_TRAP(10, CAUSE_LOAD_ACCESS, 0x88000000, lw a0, 0(a1))
  TEST_TRAP(11, CAUSE_STORE_ACCESS, 0x88000000, sw a0, 0(a1))
  # A doubleword load that starts in the last bytes of RAM and runs past its end.
  li a1, 0x87fffffc
  TEST_TRAP_CAUSE(12, CAUSE_LOAD_ACCESS, ld a0, 0(a1))
  # rd unchanged after a faulting load.
  li a1, NOWHERE
  TEST_CASE(13, a0, 0x1234, li a0, 0x1234; EXPECT_TRAP(ld a0, 0(a1)))
  # The PLIC takes only 32-bit accesses.
  li a1, PLIC_BASE + 4
  TEST_TRAP(14, CAUSE_LOAD_ACCESS, PLIC_BASE + 4, lb a0, 0(a1))
  TEST_TRAP(15, CAUSE_STORE_ACCESS, PLIC_BASE + 4, sh a0, 0(a1))
  # Above the physical address space.
  li a1, 0x100000000000000
  TEST_TRAP(16, CAUSE_LOAD_ACCESS, 0x100000000000000, ld a0, 0(a1))
TEST_END
