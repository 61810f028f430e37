// Exceptions the privileged spec defines the same way QEMU 7.2 implements them: cause, mtval
// (faulting address or instruction bits) and mepc, from M, S and U; delegation to S; the
// privileged instructions' legality under TSR/TW/TVM; software interrupts.
#include "lib.h"

#define NOWHERE 0x08000000ul  // nothing is mapped here on either machine

static volatile int trapped;
static uint64_t last_cause, last_tval, last_epc, last_status, last_a0, last_a1;
static uint64_t resume_at;  // nonzero: continue there in M-mode instead of after the instruction

static const char* const kCauses[] = {"misaligned fetch", "fetch access fault", "illegal instruction",
                                      "breakpoint", "misaligned load", "load access fault",
                                      "misaligned store/AMO", "store/AMO access fault", "ecall from U",
                                      "ecall from S", "?", "ecall from M", "fetch page fault",
                                      "load page fault", "?", "store/AMO page fault"};

static void report(const char* what, uint64_t base) {
  if (!trapped) {
    printf("%s: no trap\n", what);
    return;
  }
  if (last_cause >> 63) {
    printf("%s: interrupt %u\n", what, last_cause & 0xff);
  } else {
    printf("%s: %s (%u), tval %x, epc %s%x\n", what, kCauses[last_cause & 15], last_cause,
           last_tval, base ? "base+" : "", last_epc - base);
  }
  trapped = 0;
}

void trap(struct frame* f) {
  trapped = 1;
  last_cause = csr_read(mcause);
  last_tval = csr_read(mtval);
  last_epc = f->epc;
  last_status = csr_read(mstatus);
  last_a0 = f->x[9];
  last_a1 = f->x[10];
  if (last_cause >> 63) {
    csr_clear(mip, 0x222);
    *mmio32(CLINT_MSIP) = 0;
    csr_clear(mstatus, 0x80);  // MPIE: keep interrupts off after mret
    return;
  }
  if (resume_at) {
    f->epc = resume_at;
    resume_at = 0;
    csr_set(mstatus, 0x1800);  // back in M-mode
  } else {
    f->epc += insn_length(f->epc);
  }
}

// Runs `code` at `base` in `mode` (0 = U, 1 = S) until it ecalls or traps to M.
extern char user_code[], s_illegal[], s_sret[], s_wfi[], s_satp[], s_sfence[], s_ecall[], u_ecall[],
    u_sstatus[], u_load[];
static void run_in(int mode, char* code) {
  __asm__ volatile(
      "la t0, 1f\n"
      "sd t0, 0(%0)\n"
      "csrw mepc, %1\n"
      "li t0, 0x1800\n"
      "csrc mstatus, t0\n"
      "slli t0, %2, 11\n"
      "csrs mstatus, t0\n"
      "mret\n"
      "1:\n" ::"r"(&resume_at), "r"(code), "r"((uint64_t)mode)
      : "t0", "memory");
}

__asm__(
    ".text\n"
    "s_illegal: csrr a0, mstatus\n j .\n"
    "s_sret: sret\n j .\n"
    "s_wfi: wfi\n ecall\n"
    "s_satp: csrr a0, satp\n ecall\n"
    "s_sfence: sfence.vma\n ecall\n"
    "s_ecall: ecall\n"
    "u_ecall: ecall\n"
    "u_sstatus: csrr a0, sstatus\n j .\n"
    "u_load: li a0, 0x08000000\n ld a0, 0(a0)\n j .\n");

int main(void) {
  puts("traps: causes, tvals and epcs\n");
  // S and U may use all of memory (both machines implement PMP entries).
  csr_write(pmpaddr0, -1);
  csr_write(pmpcfg0, 0x1f);
  uint64_t here;

  __asm__ volatile("la %0, 1f\n 1: .word 0xffffffff" : "=&r"(here));
  report("illegal 32-bit", here);
  __asm__ volatile("la %0, 1f\n 1: .word 0x0000007f" : "=&r"(here));
  report("illegal opcode 0x7f", here);
  __asm__ volatile("la %0, 1f\n 1: csrr a0, 0x7c0" : "=&r"(here)::"a0");
  report("unknown CSR", here);
  __asm__ volatile("la %0, 1f\n 1: csrw mhartid, zero" : "=&r"(here));
  report("write to mhartid", here);
  __asm__ volatile("la %0, 1f\n 1: csrw cycle, zero" : "=&r"(here));
  report("write to cycle", here);
  __asm__ volatile("la %0, 1f\n 1: ebreak" : "=&r"(here));
  report("ebreak", here);
  __asm__ volatile("la %0, 1f\n 1: ecall" : "=&r"(here));
  report("ecall", here);
  __asm__ volatile("la %0, 1f\n 1: ld a0, 0(%1)" : "=&r"(here) : "r"(NOWHERE + 8) : "a0");
  report("load from nowhere", here);
  __asm__ volatile("la %0, 1f\n 1: sw zero, 0(%1)" : "=&r"(here) : "r"(NOWHERE + 4));
  report("store to nowhere", here);
  __asm__ volatile("la %0, 1f\n 1: lr.d a0, (%1)" : "=&r"(here) : "r"(NOWHERE) : "a0");
  report("lr from nowhere", here);
  __asm__ volatile("la t0, 1f\n sd t0, 0(%0)\n jr %1\n 1:" ::"r"(&resume_at), "r"(NOWHERE + 0x40) : "t0", "memory");
  report("jump to nowhere", 0);
  __asm__ volatile("la t0, 1f\n sd t0, 0(%0)\n jr %1\n 1:" ::"r"(&resume_at), "r"(0x88000000ul) : "t0", "memory");
  report("jump past RAM", 0);

  puts("from S and U\n");
  run_in(1, s_ecall);
  report("S ecall", (uint64_t)s_ecall);
  run_in(0, u_ecall);
  report("U ecall", (uint64_t)u_ecall);
  printf("  MPP after the U ecall %u\n", (last_status >> 11) & 3);
  run_in(1, s_illegal);
  report("S reads mstatus", (uint64_t)s_illegal);
  run_in(0, u_sstatus);
  report("U reads sstatus", (uint64_t)u_sstatus);
  run_in(0, u_load);
  report("U load from nowhere", (uint64_t)u_load);
  csr_set(mstatus, 1ul << 22);  // TSR
  run_in(1, s_sret);
  report("S sret with TSR", (uint64_t)s_sret);
  csr_clear(mstatus, 1ul << 22);
  csr_set(mstatus, 1ul << 21);  // TW
  run_in(1, s_wfi);
  report("S wfi with TW", (uint64_t)s_wfi);
  csr_clear(mstatus, 1ul << 21);
  csr_set(mstatus, 1ul << 20);  // TVM
  run_in(1, s_satp);
  report("S satp with TVM", (uint64_t)s_satp);
  run_in(1, s_sfence);
  report("S sfence.vma with TVM", (uint64_t)s_sfence);
  csr_clear(mstatus, 1ul << 20);
  run_in(1, s_satp);
  report("S satp without TVM", (uint64_t)s_satp);
  run_in(0, s_wfi);
  report("U wfi", (uint64_t)s_wfi);

  puts("delegation\n");
  // Delegated illegal instructions go to S; S's handler reports through an ecall to M.
  extern char s_handler[];
  csr_write(stvec, s_handler);
  csr_write(medeleg, 1 << 2);
  run_in(0, u_sstatus);
  report("U reads sstatus, delegated", (uint64_t)s_handler);
  printf("  S saw scause %u stval %x sepc u_sstatus+%x SPP %u\n", last_a0, last_a1,
         csr_read(sepc) - (uint64_t)u_sstatus, (csr_read(sstatus) >> 8) & 1);
  csr_write(medeleg, 0);

  puts("interrupts\n");
  csr_write(mie, 1 << 1);
  csr_set(mip, 1 << 1);
  csr_set(mstatus, 8);
  __asm__ volatile("nop");
  report("SSIP in M, not delegated", 0);
  csr_write(mie, 1 << 3);
  *mmio32(CLINT_MSIP) = 1;
  csr_set(mstatus, 8);
  __asm__ volatile("nop");
  report("MSIP from the CLINT", 0);
  csr_write(mie, 0);
  puts("done\n");
  return 0;
}

// S-mode handler for the delegation case: copy scause/stval into a0/a1 and ecall to M.
__asm__(
    ".text\n .balign 4\n"
    "s_handler: csrr a0, scause\n csrr a1, stval\n ecall\n");
