// The vector comparison program: runs every generated case (cases.S, from gen.py) on the same
// pseudo-random register file and memory, and prints what each left behind: the scalar result,
// vl, vtype, vxsat, fflags, vstart, any trap, and hashes of the memory buffer and of the vector
// registers, eight at a time. tests/e2e/test_vector_qemu_compare.py runs it on microvm and on QEMU and compares.
#include <stdint.h>

typedef uint64_t (*CaseFn)(uint64_t scalar, uint8_t* mem, uint64_t stride, uint64_t f64, uint64_t f32);
extern const CaseFn vector_cases[];
extern const char* const vector_case_names[];
extern const uint64_t vector_case_count;
// Bit 0: the trap handler fixes the stride and resumes; bit 1: FP operands.
extern const uint64_t vector_case_modes[];

extern volatile uint64_t trap_record[8];

static volatile uint8_t* const uart = (volatile uint8_t*)0x10000000ul;

static void putc_(char c) {
  while ((uart[5] & 0x20) == 0) {
  }
  uart[0] = (uint8_t)c;
}
static void puts_(const char* s) {
  while (*s) putc_(*s++);
}
static void hex(uint64_t v, int digits) {
  for (int i = digits - 1; i >= 0; --i) putc_("0123456789abcdef"[(v >> (4 * i)) & 15]);
}

static uint64_t seed;
static uint64_t next_random(void) {
  seed ^= seed << 13;
  seed ^= seed >> 7;
  seed ^= seed << 17;
  return seed;
}

// Operands rich in edge values: each 8-byte chunk is elements of one width, each zero, all
// ones, the signed minimum or maximum, one, or random.
static void fill(uint8_t* p, unsigned bytes) {
  for (unsigned at = 0; at < bytes; at += 8) {
    const unsigned width = 1u << (next_random() % 4);
    for (unsigned e = 0; e < 8; e += width) {
      uint64_t r = next_random(), v;
      switch (r % 8) {
        case 0: v = 0; break;
        case 1: v = ~0ull; break;
        case 2: v = 1ull << (8 * width - 1); break;
        case 3: v = (1ull << (8 * width - 1)) - 1; break;
        case 4: v = 1; break;
        default: v = next_random(); break;
      }
      for (unsigned b = 0; b < width; ++b) p[at + e + b] = (uint8_t)(v >> (8 * b));
    }
  }
}

// Floating-point operands: each 8-byte chunk holds binary32 or binary64 elements, each a zero,
// an infinity, a quiet or signalling NaN, a subnormal, the smallest normal, the largest finite,
// one, a value near one (so that sums and products round), or random bits; either sign.
static uint64_t fp_value(unsigned bits) {
  const unsigned frac = bits == 32 ? 23 : 52;
  const uint64_t exp_mask = bits == 32 ? 0xFF : 0x7FF, bias = exp_mask >> 1;
  const uint64_t sign = (next_random() & 1) << (bits - 1), r = next_random();
  const uint64_t frac_bits = r & ((1ull << frac) - 1);
  uint64_t v;
  switch (next_random() % 12) {
    case 0: v = 0; break;
    case 1: v = exp_mask << frac; break;
    case 2: v = (exp_mask << frac) | (1ull << (frac - 1)) | (frac_bits & 3); break;  // quiet NaN
    case 3: v = (exp_mask << frac) | (frac_bits >> 1 | 1); break;                      // signalling NaN
    case 4: v = frac_bits % 3 == 0 ? 1 : frac_bits; break;                           // subnormal
    case 5: v = 1ull << frac; break;
    case 6: v = (exp_mask << frac) - 1 - (frac_bits & 1); break;
    case 7: v = bias << frac; break;
    case 8:
    case 9: v = ((bias - 2 + r % 5) << frac) | frac_bits; break;
    default: v = r; break;
  }
  return (v & ((bits == 32 ? 0x7FFFFFFFull : 0x7FFFFFFFFFFFFFFFull))) | sign;
}
static void fill_fp(uint8_t* p, unsigned bytes) {
  for (unsigned at = 0; at < bytes; at += 8) {
    uint64_t chunk;
    if (next_random() & 1) {
      chunk = fp_value(32) | (fp_value(32) << 32);
    } else {
      chunk = fp_value(64);
    }
    for (unsigned b = 0; b < 8; ++b) p[at + b] = (uint8_t)(chunk >> (8 * b));
  }
}

static uint32_t fnv(const uint8_t* p, unsigned n) {
  uint32_t h = 2166136261u;
  for (unsigned i = 0; i < n; ++i) h = (h ^ p[i]) * 16777619u;
  return h;
}

#define MAX_VLENB 128
static uint8_t regs[32 * MAX_VLENB] __attribute__((aligned(16)));
static uint8_t mem[4096] __attribute__((aligned(64)));

static void load_registers(void) {
  __asm__ volatile(
      "vl8re8.v v0, (%0)\n"
      "addi t0, %0, 0\n"
      "csrr t1, vlenb\n"
      "slli t1, t1, 3\n"
      "add t0, t0, t1\n"
      "vl8re8.v v8, (t0)\n"
      "add t0, t0, t1\n"
      "vl8re8.v v16, (t0)\n"
      "add t0, t0, t1\n"
      "vl8re8.v v24, (t0)\n" ::"r"(regs)
      : "t0", "t1", "memory");
}
static void store_registers(void) {
  __asm__ volatile(
      "vs8r.v v0, (%0)\n"
      "addi t0, %0, 0\n"
      "csrr t1, vlenb\n"
      "slli t1, t1, 3\n"
      "add t0, t0, t1\n"
      "vs8r.v v8, (t0)\n"
      "add t0, t0, t1\n"
      "vs8r.v v16, (t0)\n"
      "add t0, t0, t1\n"
      "vs8r.v v24, (t0)\n" ::"r"(regs)
      : "t0", "t1", "memory");
}
#define CSR_READ(name) \
  ({                   \
    uint64_t v_;       \
    __asm__ volatile("csrr %0, " #name : "=r"(v_)); \
    v_;                \
  })

void report_trap(uint64_t cause, uint64_t epc) {
  puts_("unexpected trap ");
  hex(cause, 16);
  putc_(' ');
  hex(epc, 16);
  putc_('\n');
}

int main(void) {
  uint64_t vlenb = CSR_READ(vlenb);
  puts_("vlenb ");
  hex(vlenb, 4);
  putc_('\n');
  for (uint64_t n = 0; n < vector_case_count; ++n) {
    seed = 0x9E3779B97F4A7C15ull ^ (n * 0x100000001B3ull);
    const int fp = (vector_case_modes[n] & 2) != 0;
    if (fp) {
      fill_fp(regs, 32 * vlenb);
    } else {
      fill(regs, 32 * vlenb);
    }
    fill(mem, sizeof mem);
    const uint64_t scalar = next_random() % 3 == 0 ? next_random() : (next_random() % 64) - 8;
    const uint64_t f64 = fp_value(64), f32 = fp_value(32);
    const uint64_t vxrm = n % 4, frm = n % 5;
    load_registers();
    __asm__ volatile("csrw vxrm, %0\ncsrw vxsat, zero\ncsrw fflags, zero\ncsrw frm, %1" ::"r"(vxrm), "r"(frm));
    trap_record[1] = trap_record[2] = trap_record[4] = trap_record[5] = 0;
    trap_record[3] = vector_case_modes[n] & 1;
    const uint64_t result = vector_cases[n](scalar, mem, 0, f64, f32);
    const uint64_t vl = CSR_READ(vl), vtype = CSR_READ(vtype), vxsat = CSR_READ(vxsat),
                   fflags = CSR_READ(fflags), vstart = CSR_READ(vstart);
    store_registers();
    puts_(vector_case_names[n]);
    putc_(' ');
    hex(result, 16);
    putc_(' ');
    hex(vl, 4);
    putc_(' ');
    hex(vtype, 16);
    putc_(' ');
    hex(vxsat, 1);
    hex(fflags, 2);
    hex(vstart, 4);
    if (trap_record[5]) {
      puts_(" trap ");
      hex(trap_record[1], 2);
      if (trap_record[1] != 2) {  // an illegal instruction's mtval is implementation-defined
        putc_(' ');
        hex(trap_record[2] - (uint64_t)mem, 8);
      }
      putc_(' ');
      hex(trap_record[4], 4);
    }
    putc_(' ');
    hex(fnv(mem, sizeof mem), 8);
    for (unsigned r = 0; r < 32; r += 8) {  // v0-v7, v8-v15 (vd), v16-v23 (vs2), v24-v31 (vs1)
      putc_(' ');
      hex(fnv(regs + r * vlenb, 8 * (unsigned)vlenb), 8);
    }
    putc_('\n');
  }
  puts_("cases ");
  hex(vector_case_count, 8);
  putc_('\n');
  return 0;
}
