// The profile test's guest (tests/e2e/test_profile.py): hot_loop() does about 95% of the work,
// warm() most of the rest, and main() prints their results so nothing is optimised away.
#include "../compare/lib.h"

__attribute__((noinline)) uint64_t hot_loop(uint64_t n) {
  uint64_t x = 1;
  for (uint64_t i = 0; i < n; ++i) x = x * 6364136223846793005ull + i;
  return x;
}

__attribute__((noinline)) uint64_t warm(uint64_t n) {
  uint64_t s = 0;
  for (uint64_t i = 0; i < n; ++i) s += i ^ (s >> 3);
  return s;
}

int main(void) {
  uint64_t a = hot_loop(2000000);
  uint64_t b = warm(100000);
  printf("hot %x warm %x\n", a, b);
  return 0;
}

// No traps are expected; one would print its cause and stop.
void trap(struct frame* f) {
  (void)f;
  printf("unexpected trap %x\n", csr_read(mcause));
  power_off();
}
