// The folded-stack profile's guest (tests/e2e/test_profile.py): built with frame pointers, main()
// calls outer() -> middle() -> inner(), which does most of the work, and other() -> inner(), which
// does a tenth of it, so the samples name two stacks through inner().
#include "../compare/lib.h"

__attribute__((noinline)) uint64_t inner(uint64_t n) {
  uint64_t x = 1;
  for (uint64_t i = 0; i < n; ++i) x = x * 6364136223846793005ull + i;
  return x;
}

__attribute__((noinline)) uint64_t middle(uint64_t n) { return inner(n) + 1; }
__attribute__((noinline)) uint64_t outer(uint64_t n) { return middle(n) + 2; }
__attribute__((noinline)) uint64_t other(uint64_t n) { return inner(n) + 3; }

int main(void) {
  uint64_t a = outer(2000000);
  uint64_t b = other(200000);
  printf("stacks %x %x\n", a, b);
  return 0;
}

void trap(struct frame* f) {
  (void)f;
  printf("unexpected trap %x\n", csr_read(mcause));
  power_off();
}
