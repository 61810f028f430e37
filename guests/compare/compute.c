// Integer work whose results are fixed by the ISA: RV64IM arithmetic at its edges, the A
// extension, misaligned accesses (both machines emulate them), and a few small programs.
#include "lib.h"

#define OP(name, a, b)                                                               \
  ({                                                                                 \
    uint64_t r_;                                                                     \
    __asm__ volatile(#name " %0, %1, %2" : "=r"(r_) : "r"((uint64_t)(a)), "r"((uint64_t)(b))); \
    r_;                                                                              \
  })

static const uint64_t kValues[] = {0, 1, 7, (uint64_t)-1, (uint64_t)-7, 0x8000000000000000ull,
                                   0x7fffffffffffffffull, 0x80000000ull, 0xffffffffull, 0x123456789abcdef0ull};
#define N_VALUES (sizeof(kValues) / sizeof(kValues[0]))

static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ull; }

static void arithmetic(void) {
  puts("arithmetic\n");
  // Every pair through every M instruction, folded into one hash per instruction.
  uint64_t h[13] = {0};
  for (unsigned i = 0; i < N_VALUES; ++i) {
    for (unsigned j = 0; j < N_VALUES; ++j) {
      const uint64_t a = kValues[i], b = kValues[j];
      h[0] = mix(h[0], OP(mul, a, b));
      h[1] = mix(h[1], OP(mulh, a, b));
      h[2] = mix(h[2], OP(mulhsu, a, b));
      h[3] = mix(h[3], OP(mulhu, a, b));
      h[4] = mix(h[4], OP(div, a, b));
      h[5] = mix(h[5], OP(divu, a, b));
      h[6] = mix(h[6], OP(rem, a, b));
      h[7] = mix(h[7], OP(remu, a, b));
      h[8] = mix(h[8], OP(mulw, a, b));
      h[9] = mix(h[9], OP(divw, a, b));
      h[10] = mix(h[10], OP(divuw, a, b));
      h[11] = mix(h[11], OP(remw, a, b));
      h[12] = mix(h[12], OP(remuw, a, b));
    }
  }
  static const char* const kNames[] = {"mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem",
                                       "remu", "mulw", "divw", "divuw", "remw", "remuw"};
  for (int k = 0; k < 13; ++k) printf("  %s %016x\n", kNames[k], h[k]);
  printf("  div(-7, 2) = %d, rem(-7, 2) = %d\n", (int64_t)OP(div, -7, 2), (int64_t)OP(rem, -7, 2));
  printf("  divu(5, 0) = %x, rem(5, 0) = %d\n", OP(divu, 5, 0), (int64_t)OP(rem, 5, 0));
  printf("  div(MIN, -1) = %x, rem(MIN, -1) = %d\n", OP(div, 0x8000000000000000ull, -1), (int64_t)OP(rem, 0x8000000000000000ull, -1));
  uint64_t shifts = 0;
  for (unsigned i = 0; i < N_VALUES; ++i) {
    for (uint64_t s = 0; s < 70; s += 3) {
      shifts = mix(shifts, OP(sll, kValues[i], s));
      shifts = mix(shifts, OP(sra, kValues[i], s));
      shifts = mix(shifts, OP(srlw, kValues[i], s));
      shifts = mix(shifts, OP(sraw, kValues[i], s));
    }
  }
  printf("  shifts %016x\n", shifts);
}

static void atomics(void) {
  puts("atomics\n");
  static volatile uint64_t cell;
  uint64_t old;
  cell = 5;
  __asm__ volatile("amoadd.d %0, %1, (%2)" : "=r"(old) : "r"(10ull), "r"(&cell) : "memory");
  printf("  amoadd.d old %u new %u\n", old, cell);
  __asm__ volatile("amoswap.d %0, %1, (%2)" : "=r"(old) : "r"(0xffffffffffffffffull), "r"(&cell) : "memory");
  printf("  amoswap.d old %u new %x\n", old, cell);
  uint32_t word_old;
  __asm__ volatile("amomax.w %0, %1, (%2)" : "=r"(word_old) : "r"(3u), "r"(&cell) : "memory");
  printf("  amomax.w old %x new %x\n", (uint64_t)(int64_t)(int32_t)word_old, cell);
  __asm__ volatile("amominu.w %0, %1, (%2)" : "=r"(word_old) : "r"(7u), "r"(&cell) : "memory");
  printf("  amominu.w new %x\n", cell);
  cell = 0;
  for (int i = 0; i < 1000; ++i) {
    uint64_t v, fail;
    do {
      __asm__ volatile("lr.d %0, (%2)\n addi %0, %0, 3\n sc.d %1, %0, (%2)" : "=&r"(v), "=&r"(fail) : "r"(&cell) : "memory");
    } while (fail);
  }
  printf("  lr/sc loop %u\n", cell);
  uint64_t sc_result;
  __asm__ volatile("sc.d %0, %1, (%2)" : "=r"(sc_result) : "r"(1ull), "r"(&cell) : "memory");
  printf("  sc without lr fails: %u, cell %u\n", sc_result != 0, cell);
}

static void misaligned(void) {
  puts("misaligned\n");
  static uint8_t bytes[32];
  for (int i = 0; i < 32; ++i) bytes[i] = (uint8_t)(i * 0x11 + 3);
  for (int offset = 1; offset < 8; offset += 2) {
    uint64_t d;
    uint32_t w;
    uint16_t hw;
    __asm__ volatile("ld %0, 0(%1)" : "=r"(d) : "r"(bytes + offset));
    __asm__ volatile("lwu %0, 0(%1)" : "=r"(w) : "r"(bytes + offset));
    __asm__ volatile("lhu %0, 0(%1)" : "=r"(hw) : "r"(bytes + offset));
    printf("  +%u: %016x %08x %04x\n", (uint64_t)offset, d, (uint64_t)w, (uint64_t)hw);
  }
  __asm__ volatile("sd %0, 0(%1)" ::"r"(0x0102030405060708ull), "r"(bytes + 3) : "memory");
  __asm__ volatile("sw %0, 0(%1)" ::"r"(0xa1a2a3a4u), "r"(bytes + 13) : "memory");
  uint64_t sum = 0;
  for (int i = 0; i < 32; ++i) sum = sum * 31 + bytes[i];
  printf("  after stores %016x\n", sum);
}

static uint32_t crc32(const char* s) {
  uint32_t crc = 0xffffffff;
  for (; *s; ++s) {
    crc ^= (uint8_t)*s;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
  }
  return ~crc;
}

static void programs(void) {
  puts("programs\n");
  uint64_t a = 0, b = 1;
  for (int i = 0; i < 90; ++i) {
    const uint64_t t = a + b;
    a = b;
    b = t;
  }
  printf("  fib(90) = %u\n", a);
  static uint8_t composite[10000];
  unsigned count = 0, last = 0;
  for (unsigned i = 2; i < 10000; ++i) {
    if (composite[i]) continue;
    ++count;
    last = i;
    for (unsigned j = i * i; j < 10000; j += i) composite[j] = 1;
  }
  printf("  primes below 10000: %u, the last %u\n", (uint64_t)count, (uint64_t)last);
  printf("  crc32 %08x\n", (uint64_t)crc32("The quick brown fox jumps over the lazy dog"));
  static int64_t values[200];
  uint64_t seed = 12345;
  for (int i = 0; i < 200; ++i) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    values[i] = (int64_t)(seed >> 17) - (1ll << 45);
  }
  for (int i = 1; i < 200; ++i) {
    const int64_t v = values[i];
    int j = i - 1;
    while (j >= 0 && values[j] > v) {
      values[j + 1] = values[j];
      --j;
    }
    values[j + 1] = v;
  }
  printf("  sorted: min %d median %d max %d\n", values[0], values[100], values[199]);
}

// Some kernels store characters to the UART with sw; QEMU splits that into byte writes of THR
// and the three registers after it (which get zeros).
static void puts_with_word_stores(const char* s) {
  for (; *s; ++s) {
    while (!(*mmio8(UART_BASE + 5) & 0x20)) {
    }
    *mmio32(UART_BASE) = (uint8_t)*s;
  }
}

int main(void) {
  puts("compute: RV64IMAC results\n");
  arithmetic();
  atomics();
  misaligned();
  programs();
  puts_with_word_stores("printed with 32-bit stores\n");
  puts("done\n");
  return 0;
}

void trap(struct frame* f) {
  printf("unexpected trap: mcause %x mtval %x mepc %x\n", csr_read(mcause), csr_read(mtval), f->epc);
  power_off();
}
