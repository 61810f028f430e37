// A loop whose instruction count is known, for the perf tests (guests/linux/rootfs/tests/perf.sh,
// tests/e2e/test_linux_perf.py). `count_loop N` runs N iterations of a two-instruction loop
// (addi; bnez), so 2N instructions in user mode, and prints the hart's own retired-instruction
// count (rdinstret, which counts every mode: the kernel's interrupts during the loop too) across
// it, and the loop's address range, so a sampling profile can be checked against it.
#include <stdio.h>
#include <stdlib.h>

extern char count_loop_start[], count_loop_end[];

static inline unsigned long rdinstret(void) {
  unsigned long value;
  __asm__ volatile("rdinstret %0" : "=r"(value));
  return value;
}

int main(int argc, char** argv) {
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
