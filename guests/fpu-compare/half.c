// Half-precision comparison program (Zfh, Zfhmin): every H instruction over interesting and random
// operands, in every rounding mode where it rounds, printing each result's bits and fflags, as
// main.c does for F and D. tests/e2e/test_fpu_qemu_compare.py runs it on microvm and on
// qemu-system-riscv64 -cpu rv64,Zfh=true and requires byte-identical output.
//
// Output: "# <instruction> <mode>" before each block, then "<result> <fflags>" per operation in
// hex; a half result is printed as 4 digits when NaN-boxed and as "!" and all 16 register digits
// when not (single results likewise with 8 digits).
#include <stdint.h>

static volatile uint8_t* const uart = (volatile uint8_t*)0x10000000ul;

static void put_char(char c) {
  while ((uart[5] & 0x20) == 0) {  // LSR.THRE
  }
  uart[0] = (uint8_t)c;
}
static void put_string(const char* s) {
  while (*s) put_char(*s++);
}
static void put_hex(uint64_t v, int digits) {
  for (int i = digits - 1; i >= 0; --i) put_char("0123456789abcdef"[(v >> (4 * i)) & 15]);
}

void report_trap(uint64_t cause, uint64_t epc) {
  put_string("\nunexpected trap: mcause ");
  put_hex(cause, 16);
  put_string(" mepc ");
  put_hex(epc, 16);
  put_char('\n');
}

typedef uint64_t (*Fn)(uint64_t a, uint64_t b, uint64_t c);
static uint64_t g_flags;

#define FP_OP(name, load, body, store)                                     \
  static uint64_t name(uint64_t a, uint64_t b, uint64_t c) {               \
    uint64_t r = 0, f;                                                     \
    __asm__ volatile(load "fsflags x0\n\t" body "\n\tfrflags %1\n\t" store \
                     : "+&r"(r), "=&r"(f)                                  \
                     : "r"(a), "r"(b), "r"(c)                              \
                     : "ft0", "ft1", "ft2", "ft3");                        \
    g_flags = f;                                                           \
    return r;                                                              \
  }
#define LOAD_H "fmv.h.x ft0, %2\n\tfmv.h.x ft1, %3\n\tfmv.h.x ft2, %4\n\t"
#define LOAD_S "fmv.w.x ft0, %2\n\t"
#define LOAD_RAW "fmv.d.x ft0, %2\n\tfmv.d.x ft1, %3\n\t"
#define LOAD_NONE ""
#define STORE_F "fmv.x.d %0, ft3"
#define STORE_NONE ""

FP_OP(fadd_h, LOAD_H, "fadd.h ft3, ft0, ft1", STORE_F)
FP_OP(fsub_h, LOAD_H, "fsub.h ft3, ft0, ft1", STORE_F)
FP_OP(fmul_h, LOAD_H, "fmul.h ft3, ft0, ft1", STORE_F)
FP_OP(fdiv_h, LOAD_H, "fdiv.h ft3, ft0, ft1", STORE_F)
FP_OP(fsqrt_h, LOAD_H, "fsqrt.h ft3, ft0", STORE_F)
FP_OP(fmin_h, LOAD_H, "fmin.h ft3, ft0, ft1", STORE_F)
FP_OP(fmax_h, LOAD_H, "fmax.h ft3, ft0, ft1", STORE_F)
FP_OP(fsgnj_h, LOAD_H, "fsgnj.h ft3, ft0, ft1", STORE_F)
FP_OP(fsgnjn_h, LOAD_H, "fsgnjn.h ft3, ft0, ft1", STORE_F)
FP_OP(fsgnjx_h, LOAD_H, "fsgnjx.h ft3, ft0, ft1", STORE_F)
FP_OP(feq_h, LOAD_H, "feq.h %0, ft0, ft1", STORE_NONE)
FP_OP(flt_h, LOAD_H, "flt.h %0, ft0, ft1", STORE_NONE)
FP_OP(fle_h, LOAD_H, "fle.h %0, ft0, ft1", STORE_NONE)
FP_OP(fclass_h, LOAD_H, "fclass.h %0, ft0", STORE_NONE)
FP_OP(fmv_x_h, LOAD_H, "fmv.x.h %0, ft0", STORE_NONE)
FP_OP(fmadd_h, LOAD_H, "fmadd.h ft3, ft0, ft1, ft2", STORE_F)
FP_OP(fmsub_h, LOAD_H, "fmsub.h ft3, ft0, ft1, ft2", STORE_F)
FP_OP(fnmsub_h, LOAD_H, "fnmsub.h ft3, ft0, ft1, ft2", STORE_F)
FP_OP(fnmadd_h, LOAD_H, "fnmadd.h ft3, ft0, ft1, ft2", STORE_F)
FP_OP(fcvt_w_h, LOAD_H, "fcvt.w.h %0, ft0", STORE_NONE)
FP_OP(fcvt_wu_h, LOAD_H, "fcvt.wu.h %0, ft0", STORE_NONE)
FP_OP(fcvt_l_h, LOAD_H, "fcvt.l.h %0, ft0", STORE_NONE)
FP_OP(fcvt_lu_h, LOAD_H, "fcvt.lu.h %0, ft0", STORE_NONE)
FP_OP(fcvt_h_w, LOAD_NONE, "fcvt.h.w ft3, %2", STORE_F)
FP_OP(fcvt_h_wu, LOAD_NONE, "fcvt.h.wu ft3, %2", STORE_F)
FP_OP(fcvt_h_l, LOAD_NONE, "fcvt.h.l ft3, %2", STORE_F)
FP_OP(fcvt_h_lu, LOAD_NONE, "fcvt.h.lu ft3, %2", STORE_F)
FP_OP(fcvt_s_h, LOAD_H, "fcvt.s.h ft3, ft0", STORE_F)
FP_OP(fcvt_d_h, LOAD_H, "fcvt.d.h ft3, ft0", STORE_F)
FP_OP(fcvt_h_s, LOAD_S, "fcvt.h.s ft3, ft0", STORE_F)
FP_OP(fcvt_h_d, LOAD_RAW, "fcvt.h.d ft3, ft0", STORE_F)
FP_OP(fmul_h_rne, LOAD_H, "fmul.h ft3, ft0, ft1, rne", STORE_F)
FP_OP(fadd_h_rmm, LOAD_H, "fadd.h ft3, ft0, ft1, rmm", STORE_F)
FP_OP(fcvt_h_s_rtz, LOAD_S, "fcvt.h.s ft3, ft0, rtz", STORE_F)

// Operands moved in raw (fmv.d.x), so half inputs may be improperly NaN-boxed.
FP_OP(fadd_h_raw, LOAD_RAW, "fadd.h ft3, ft0, ft1", STORE_F)
FP_OP(fclass_h_raw, LOAD_RAW, "fclass.h %0, ft0", STORE_NONE)
FP_OP(fcvt_s_h_raw, LOAD_RAW, "fcvt.s.h ft3, ft0", STORE_F)
FP_OP(fmv_x_h_raw, LOAD_RAW, "fmv.x.h %0, ft0", STORE_NONE)

// Loads and stores move the 16 bits unchanged; flh boxes.
static uint64_t flh_fsh(uint64_t a, uint64_t b, uint64_t c) {
  (void)b, (void)c;
  volatile uint16_t in = (uint16_t)a, out = 0;
  uint64_t r;
  __asm__ volatile("flh ft0, 0(%1)\n\tfsh ft0, 0(%2)\n\tfmv.x.d %0, ft0"
                   : "=r"(r)
                   : "r"(&in), "r"(&out)
                   : "ft0", "memory");
  g_flags = 0;
  return r ^ ((uint64_t)out << 32);  // the boxed value with the stored bits folded in
}

static const uint16_t kSpecialH[] = {
    0x0000, 0x8000, 0x0001, 0x8001, 0x0002, 0x0200, 0x03ff, 0x83ff,  // zeros, subnormals
    0x0400, 0x8400, 0x0401, 0x07ff, 0x0800,                          // smallest normals
    0x3c00, 0xbc00, 0x3c01, 0x3bff, 0x3e00, 0xc100, 0x4200, 0x3555,  // around 1, 1/3
    0x1400, 0x9400, 0x1800, 0x3800,                                  // 2^-10 (ties with 1), 0.5
    0x6800, 0x7800, 0x7bff, 0xfbff, 0x7a00,                          // integer-valued, largest
    0x7c00, 0xfc00, 0x7e00, 0xfe01, 0x7c01, 0xfd23,                  // infinities, NaNs
};
static const uint32_t kSpecialS[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x477fe000, 0x477fefff, 0x477ff000, 0xc77ff000,
    0x47800000, 0x38800000, 0x387fc000, 0x33800000, 0x33000000, 0x33000001, 0x337fffff, 0x33c00000,
    0x3f801000, 0x3f803000, 0x3f801001, 0x00000001, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001,
    0x3eaaaaab, 0x40490fdb,
};
static const uint64_t kSpecialD[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0x40effc0000000000, 0x40effe0000000000,
    0x40effdffffffffff, 0x3f10000000000000, 0x3e70000000000000, 0x3e60000000000000, 0x3e60000000000001,
    0x3ff0020000000000, 0x3ff0020000000001, 0x0000000000000001, 0x7ff0000000000000, 0xfff0000000000000,
    0x7ff8000000000000, 0x7ff0000000000001, 0x3fd5555555555555, 0x400921fb54442d18, 0xc0f0000000000000,
};
static const uint64_t kSpecialInt[] = {
    0,          1,          2,          3,          7,          0xffffffffffffffff, 0xfffffffffffffffe,
    0x7fffffff, 0x80000000, 0xffffffff, 0xffff,     0xffef,     0xfff0,             0x10000,
    0x7ff,      0x801,      0x803,      0xfffffffffffff801, 0xffffffff80000000, 0x7fffffffffffffff,
    0x8000000000000000, 0x123456789abcdef0, 65504,  65519,  65520, 0xffffffffffff0010,
};
// Raw register values for NaN-boxing: boxed and unboxed halves.
static const uint64_t kRawH[] = {
    0xffffffffffff3c00, 0x0000000000003c00, 0xfffffffeffff3c00, 0x7fffffffffff4000,
    0x3ff0000000000000, 0xffffffffffff7c01, 0xffffffff3f800000, 0xffffffffffffbc00,
};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))
#define RANDOM_VALUES 40
#define N_H (COUNT(kSpecialH) + RANDOM_VALUES)
#define N_S (COUNT(kSpecialS) + RANDOM_VALUES)
#define N_D (COUNT(kSpecialD) + RANDOM_VALUES)
#define N_I (COUNT(kSpecialInt) + RANDOM_VALUES)
#define RANDOM_PAIRS 400
#define TRIPLES 400

static uint64_t values_h[N_H], values_s[N_S], values_d[N_D], values_i[N_I];

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_random(void) {  // xorshift64*
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 0x2545f4914f6cdd1dull;
}
static unsigned below(unsigned n) { return (unsigned)(next_random() % n); }

// A random value biased toward exponents where rounding is interesting; for S and D, toward
// half precision's range.
static uint64_t random_float(int exp_bits, int frac_bits, int half_range) {
  const uint64_t max_exp = (1ull << exp_bits) - 1, bias = max_exp >> 1;
  uint64_t e;
  if (half_range) {
    e = bias - 26 + below(44);  // 2^-26 .. 2^17
  } else {
    switch (below(6)) {
      case 0: e = below(3); break;
      case 1: e = max_exp - 1 - below(3); break;
      case 2: e = bias - 4 + below(9); break;
      default: e = 1 + below((unsigned)max_exp - 1); break;
    }
  }
  uint64_t frac = next_random() & ((1ull << frac_bits) - 1);
  if (below(4) == 0) frac &= ~0ull << (frac_bits / 2);
  return ((next_random() & 1) << (exp_bits + frac_bits)) | (e << frac_bits) | frac;
}

static void make_values(void) {
  unsigned n = 0;
  for (unsigned i = 0; i < COUNT(kSpecialH); ++i) values_h[n++] = kSpecialH[i];
  while (n < N_H) values_h[n++] = random_float(5, 10, 0);
  n = 0;
  for (unsigned i = 0; i < COUNT(kSpecialS); ++i) values_s[n++] = kSpecialS[i];
  while (n < N_S) values_s[n++] = random_float(8, 23, 1);
  n = 0;
  for (unsigned i = 0; i < COUNT(kSpecialD); ++i) values_d[n++] = kSpecialD[i];
  while (n < N_D) values_d[n++] = random_float(11, 52, 1);
  n = 0;
  for (unsigned i = 0; i < COUNT(kSpecialInt); ++i) values_i[n++] = kSpecialInt[i];
  while (n < N_I) {
    const uint64_t r = next_random();
    values_i[n] = n & 1 ? (uint64_t)(int64_t)(int16_t)r : r >> below(64);
    ++n;
  }
}

enum Result { kHalf, kSingle, kDouble, kInt };
static const char* const kModeNames[5] = {"rne", "rtz", "rdn", "rup", "rmm"};
static unsigned long g_operations;

static void set_frm(unsigned mode) { __asm__ volatile("fsrm %0" : : "r"(mode)); }

static void header(const char* name, const char* mode) {
  put_string("# ");
  put_string(name);
  put_char(' ');
  put_string(mode);
  put_char('\n');
}

static void emit(uint64_t r, enum Result kind) {
  if (kind == kHalf && (r >> 16) == 0xffffffffffffu) {
    put_hex(r, 4);
  } else if (kind == kSingle && (r >> 32) == 0xffffffffu) {
    put_hex(r, 8);
  } else {
    if (kind == kHalf || kind == kSingle) put_char('!');
    put_hex(r, 16);
  }
  put_char(' ');
  put_hex(g_flags, 2);
  put_char('\n');
  ++g_operations;
}

static void pairs(Fn fn, enum Result kind) {
  for (unsigned i = 0; i < COUNT(kSpecialH); ++i) {
    for (unsigned j = 0; j < COUNT(kSpecialH); ++j) emit(fn(values_h[i], values_h[j], 0), kind);
  }
  for (unsigned k = 0; k < RANDOM_PAIRS; ++k) {
    const uint64_t a = values_h[below(N_H)];
    emit(fn(a, below(4) ? values_h[below(N_H)] : a ^ below(8), 0), kind);
  }
}

static void triples(Fn fn, uint64_t sign) {
  for (unsigned k = 0; k < TRIPLES; ++k) {
    const uint64_t a = values_h[below(N_H)], b = values_h[below(N_H)];
    uint64_t c = values_h[below(N_H)];
    if (k & 1) c = ((fmul_h_rne(a, b, 0) ^ sign) + below(5) - 2) & 0xffff;
    emit(fn(a, b, c), kHalf);
  }
}

static void singles(Fn fn, const uint64_t* values, unsigned count, enum Result kind) {
  for (unsigned i = 0; i < count; ++i) emit(fn(values[i], 0, 0), kind);
}

enum Source { kPairs, kTriples, kHalves, kSingles, kDoubles, kInts };
struct Op {
  const char* name;
  Fn fn;
  enum Source source;
  int rounds;  // run in all five dynamic modes
  enum Result result;
};

static const struct Op kOps[] = {
    {"fadd.h", fadd_h, kPairs, 1, kHalf},         {"fsub.h", fsub_h, kPairs, 1, kHalf},
    {"fmul.h", fmul_h, kPairs, 1, kHalf},         {"fdiv.h", fdiv_h, kPairs, 1, kHalf},
    {"fsqrt.h", fsqrt_h, kHalves, 1, kHalf},      {"fmin.h", fmin_h, kPairs, 0, kHalf},
    {"fmax.h", fmax_h, kPairs, 0, kHalf},         {"fsgnj.h", fsgnj_h, kPairs, 0, kHalf},
    {"fsgnjn.h", fsgnjn_h, kPairs, 0, kHalf},     {"fsgnjx.h", fsgnjx_h, kPairs, 0, kHalf},
    {"feq.h", feq_h, kPairs, 0, kInt},            {"flt.h", flt_h, kPairs, 0, kInt},
    {"fle.h", fle_h, kPairs, 0, kInt},            {"fclass.h", fclass_h, kHalves, 0, kInt},
    {"fmv.x.h", fmv_x_h, kHalves, 0, kInt},       {"fmadd.h", fmadd_h, kTriples, 1, kHalf},
    {"fmsub.h", fmsub_h, kTriples, 1, kHalf},     {"fnmsub.h", fnmsub_h, kTriples, 1, kHalf},
    {"fnmadd.h", fnmadd_h, kTriples, 1, kHalf},   {"fcvt.w.h", fcvt_w_h, kHalves, 1, kInt},
    {"fcvt.wu.h", fcvt_wu_h, kHalves, 1, kInt},   {"fcvt.l.h", fcvt_l_h, kHalves, 1, kInt},
    {"fcvt.lu.h", fcvt_lu_h, kHalves, 1, kInt},   {"fcvt.h.w", fcvt_h_w, kInts, 1, kHalf},
    {"fcvt.h.wu", fcvt_h_wu, kInts, 1, kHalf},    {"fcvt.h.l", fcvt_h_l, kInts, 1, kHalf},
    {"fcvt.h.lu", fcvt_h_lu, kInts, 1, kHalf},    {"fcvt.s.h", fcvt_s_h, kHalves, 0, kSingle},
    {"fcvt.d.h", fcvt_d_h, kHalves, 0, kDouble},  {"fcvt.h.s", fcvt_h_s, kSingles, 1, kHalf},
    {"fcvt.h.d", fcvt_h_d, kDoubles, 1, kHalf},   {"flh/fsh", flh_fsh, kHalves, 0, kInt},
    {"fadd.h rmm", fadd_h_rmm, kPairs, 0, kHalf}, {"fcvt.h.s rtz", fcvt_h_s_rtz, kSingles, 0, kHalf},
};

int main(void) {
  make_values();
  for (unsigned i = 0; i < COUNT(kOps); ++i) {
    const struct Op* op = &kOps[i];
    for (unsigned mode = 0; mode < (op->rounds ? 5u : 1u); ++mode) {
      set_frm(op->rounds ? mode : 3);  // a static rm must win over frm
      header(op->name, op->rounds ? kModeNames[mode] : "-");
      switch (op->source) {
        case kPairs: pairs(op->fn, op->result); break;
        case kTriples: triples(op->fn, 0x8000); break;
        case kHalves: singles(op->fn, values_h, N_H, op->result); break;
        case kSingles: singles(op->fn, values_s, N_S, op->result); break;
        case kDoubles: singles(op->fn, values_d, N_D, op->result); break;
        case kInts: singles(op->fn, values_i, N_I, op->result); break;
      }
    }
  }
  set_frm(0);
  header("nan-boxing", "-");
  for (unsigned i = 0; i < COUNT(kRawH); ++i) {
    for (unsigned j = 0; j < COUNT(kRawH); ++j) emit(fadd_h_raw(kRawH[i], kRawH[j], 0), kHalf);
    emit(fclass_h_raw(kRawH[i], 0, 0), kInt);
    emit(fcvt_s_h_raw(kRawH[i], 0, 0), kSingle);
    emit(fmv_x_h_raw(kRawH[i], 0, 0), kInt);
  }
  put_string("operations ");
  put_hex(g_operations, 8);
  put_char('\n');
  return 0;
}
