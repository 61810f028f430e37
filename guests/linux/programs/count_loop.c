// A loop whose instruction count is known, for the perf tests (guests/linux/rootfs/tests/perf.sh,
// tests/e2e/test_linux_perf.py). `count_loop N` runs N iterations of a two-instruction loop
// (addi; bnez), so 2N instructions in user mode, and prints the hart's own retired-instruction
// count (rdinstret, which counts every mode: the kernel's interrupts during the loop too) across
// it, and the loop's address range, so a sampling profile can be checked against it. Linux 6.6
// and later let user space read instret only with kernel.perf_user_access = 2, which also puts
// perf's cycles and instructions on the fixed counters (no sampling, no mode filters); with the
// default (1) rdinstret raises SIGILL, and count_loop prints instret 0.
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <ucontext.h>

extern char count_loop_start[], count_loop_end[];

static inline unsigned long rdinstret(void) {
  unsigned long value = 0;
  __asm__ volatile("rdinstret %0" : "+r"(value));  // "+r": 0 stays if it is skipped
  return value;
}

// SIGILL from rdinstret: step over it (4 bytes), reading 0.
static void no_instret(int signal, siginfo_t* info, void* context) {
  (void)signal, (void)info;
  ucontext_t* uc = context;
  uc->uc_mcontext.__gregs[REG_PC] += 4;
}

int main(int argc, char** argv) {
  struct sigaction action = {0};
  action.sa_sigaction = no_instret;
  action.sa_flags = SA_SIGINFO;
  sigaction(SIGILL, &action, NULL);
  const unsigned long iterations = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000000;
  if (iterations == 0) return 2;
  unsigned long left = iterations;
  const unsigned long before = rdinstret();
  __asm__ volatile(
      ".globl count_loop_start, count_loop_end\n"
      "count_loop_start:\n"
      "  addi %0, %0, -1\n"
      "  bnez %0, count_loop_start\n"
      "count_loop_end:\n"
      : "+r"(left));
  const unsigned long after = rdinstret();
  printf("count_loop: iterations %lu loop_insns %lu instret %lu range %#lx %#lx\n", iterations, 2 * iterations,
         after - before, (unsigned long)count_loop_start, (unsigned long)count_loop_end);
  return 0;
}
