// CSR read-backs after writes, for the fields and WARL choices the privileged spec fixes or
// that QEMU 7.2 and microvm happen to choose alike. Left out: misa, marchid/mimpid,
// mcountinhibit and the HPM counters (differ by design); interrupt bits of extensions QEMU
// has and microvm not (H, Sscofpmf: masked off); mstatus.UXL and bit 0 of mepc/sepc, which
// QEMU 7.2 lets software write although the spec makes them read-only (see README.md).
#include "lib.h"

void trap(struct frame* f) {
  printf("unexpected trap: mcause %x mtval %x mepc %x\n", csr_read(mcause), csr_read(mtval), f->epc);
  power_off();
}

#define SHOW(name, value)                                        \
  do {                                                           \
    csr_write(name, value);                                      \
    printf("  %s <- %016x: %016x\n", #name, (uint64_t)(value), csr_read(name)); \
  } while (0)

// The mstatus fields both implement: SIE MIE SPIE MPIE SPP MPP FS MPRV SUM MXR TVM TW TSR UXL SXL SD.
#define MSTATUS_COMMON 0x8000000f007e79aaull
#define SHOW_MSTATUS(value)                                                                   \
  do {                                                                                        \
    csr_write(mstatus, value);                                                                \
    printf("  mstatus <- %016x: %016x\n", (uint64_t)(value), csr_read(mstatus) & MSTATUS_COMMON); \
  } while (0)

int main(void) {
  puts("csr: read-back after write\n");
  *mmio64(CLINT_MTIMECMP) = ~0ull;  // QEMU resets mtimecmp to 0, which would show MTIP
  printf("  mhartid %u mvendorid %u\n", csr_read(mhartid), csr_read(mvendorid));
  const uint64_t status = csr_read(mstatus);
  SHOW_MSTATUS(0);
  SHOW_MSTATUS(0x1800);
  SHOW_MSTATUS(0x0800);
  SHOW_MSTATUS(0x2000);
  SHOW_MSTATUS(0x6000);
  SHOW_MSTATUS(0x7c0122);
  SHOW_MSTATUS(0x21800);
  csr_write(mstatus, status);
  printf("  sstatus view of mstatus 0x7e79aa: ");
  csr_write(mstatus, 0x7e79aa);
  printf("%016x\n", csr_read(sstatus) & 0x80000003000de162ull);
  csr_write(mstatus, status);

  SHOW(mtvec, 0x80001000);
  SHOW(mtvec, 0x80001001);
  SHOW(mtvec, 0x80002002);
  SHOW(mtvec, 0x80002003);
  extern char trap_vector[];
  csr_write(mtvec, trap_vector);
  SHOW(stvec, 0x80003001);
  SHOW(stvec, 0x80003003);
  SHOW(mepc, 0x80001234);
  SHOW(sepc, 0x1234);
  SHOW(mcause, 0x800000000000000bull);
  SHOW(mtval, -1);
  SHOW(mscratch, 0x0123456789abcdefull);
  SHOW(sscratch, 0xfedcba9876543210ull);
  SHOW(scause, 2);
  SHOW(stval, 0x1234);

  csr_write(mideleg, -1);
  printf("  mideleg <- all ones: %x\n", csr_read(mideleg) & 0x222);
  csr_write(mideleg, 0);
  csr_write(mie, -1);
  printf("  mie <- all ones: %x\n", csr_read(mie) & 0xaaa);
  csr_write(mie, 0);
  csr_write(mip, -1);
  printf("  mip <- all ones: %x\n", csr_read(mip) & 0xaaa);
  csr_write(mip, 0);
  csr_write(mideleg, 0x222);
  csr_write(mie, 0xaaa);
  printf("  sie with mideleg 0x222, mie 0xaaa: %x\n", csr_read(sie));
  csr_write(sie, 0);
  printf("  mie after sie <- 0: %x\n", csr_read(mie));
  csr_write(mip, 1 << 5);
  printf("  sip with STIP set by M: %x\n", csr_read(sip));
  csr_write(sip, -1);
  printf("  mip after sip <- all ones: %x\n", csr_read(mip) & 0xaaa);
  csr_write(mip, 0);
  csr_write(mie, 0);
  csr_write(mideleg, 0);

  SHOW(satp, 0);
  SHOW(satp, 0x8000000000080123ull);
  SHOW(satp, 0x1000000000000000ull);
  SHOW(satp, 0x9000000000080456ull);
  SHOW(satp, 0xa000000000080789ull);
  SHOW(satp, 0xf000000000000001ull);
  csr_write(satp, 0);

  SHOW(pmpaddr1, 0x20000000);
  SHOW(pmpcfg0, 0x0000000000001f00ull);
  SHOW(pmpcfg0, 0x0000000000000000ull);
  SHOW(pmpcfg2, 0x0000000000000018ull);
  csr_write(pmpcfg2, 0);

  // A locked entry keeps its configuration and address.
  csr_write(pmpaddr3, 0x20001000);
  csr_write(pmpcfg0, 0x99ull << 24);
  SHOW(pmpcfg0, 0x1f1f1f1full);
  SHOW(pmpaddr3, 0);
  puts("done\n");
  return 0;
}
