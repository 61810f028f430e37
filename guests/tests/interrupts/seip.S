# mip.SEIP has two sources (privileged spec 3.1.9): the bit software writes and the PLIC's
# S-context signal. csrr shows their OR; a CSRRS/CSRRC on mip must use only the software bit,
# so it cannot latch the PLIC's signal into it.
#include "test.h"
#include "irq.h"
.option norvc
#define PRIORITY(src) (PLIC_BASE + 4 * (src))
#define ENABLE(ctx) (PLIC_BASE + 0x2000 + 0x80 * (ctx))
#define UART_IER (UART_BASE + 1)
#define W32(addr, value) li t0, addr; li t1, value; sw t1, 0(t0)
#define W8(addr, value) li t0, addr; li t1, value; sb t1, 0(t0)
#define SEIP_NOW(reg) csrr reg, mip; li t0, MIP_SEIP; and reg, reg, t0
TEST_BEGIN
  W32(PRIORITY(UART_IRQ), 1)
  W32(ENABLE(1), 1 << UART_IRQ)
  # Case 2: the UART's THR-empty interrupt on the S context shows as SEIP.
  li TESTNUM, 2
  W8(UART_IER, 0x02)
  SEIP_NOW(a0)
  CHECK(a0, MIP_SEIP)
  # Case 3: a read-modify-write of mip meanwhile (set SSIP, clear STIP).
  li TESTNUM, 3
  li t0, MIP_SSIP
  csrs mip, t0
  li t0, MIP_STIP
  csrc mip, t0
  csrrsi a0, mip, 0            # no write: reads are fine
  # Case 4: the UART goes quiet: SEIP must drop, since software never wrote it.
  li TESTNUM, 4
  W8(UART_IER, 0)
  SEIP_NOW(a0)
  CHECK(a0, 0)
  CHECK_CSR(mip, MIP_SSIP)
  # Case 5: software's own SEIP is kept by a read-modify-write of other bits.
  li TESTNUM, 5
  li t0, MIP_SEIP
  csrs mip, t0
  li t0, MIP_SSIP
  csrc mip, t0
  CHECK_CSR(mip, MIP_SEIP)
  # Case 6: and with the PLIC's signal high too, clearing the software bit leaves the signal.
  li TESTNUM, 6
  W8(UART_IER, 0x02)
  li t0, MIP_SEIP
  csrc mip, t0
  SEIP_NOW(a0)
  CHECK(a0, MIP_SEIP)
  W8(UART_IER, 0)
  CHECK_CSR(mip, 0)
TEST_END
