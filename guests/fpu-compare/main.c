// FPU comparison program: runs every F and D computational instruction in every rounding mode
// (dynamic through frm, and static rm for a few) over tables of interesting operands (zeros,
// subnormals, normal limits, infinities, quiet and signalling NaNs, values that make ties,
// cancellation, overflow and underflow) and pseudo-random ones, and prints each result's bits and
// the fflags it raised, one line per operation, on the 16550 UART.
//
// tests/e2e/test_fpu_qemu_compare.py runs it on microvm and on qemu-system-riscv64 and requires
// byte-identical output. Output: "# <instruction> <mode>" before each block, then per operation
// "<result> <fflags>" in hex; single-precision results are printed as 8 digits when NaN-boxed and
// as "!" and all 16 register digits when not. The last line counts the operations.
#include <stdint.h>

// --- Output ---

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

// --- One instruction with its operands in ft0, ft1, ft2 (or a0's value for integer sources) ---

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
#define LOAD_S "fmv.w.x ft0, %2\n\tfmv.w.x ft1, %3\n\tfmv.w.x ft2, %4\n\t"
#define LOAD_D "fmv.d.x ft0, %2\n\tfmv.d.x ft1, %3\n\tfmv.d.x ft2, %4\n\t"
#define LOAD_NONE ""
#define STORE_F "fmv.x.d %0, ft3"
#define STORE_NONE ""

// The same instruction with each static rounding mode.
#define FP_OP_STATIC(name, load, insn, operands, store)     \
  FP_OP(name##_rne, load, insn " " operands ", rne", store) \
  FP_OP(name##_rtz, load, insn " " operands ", rtz", store) \
  FP_OP(name##_rdn, load, insn " " operands ", rdn", store) \
  FP_OP(name##_rup, load, insn " " operands ", rup", store) \
  FP_OP(name##_rmm, load, insn " " operands ", rmm", store) \
  static const Fn name##_static[5] = {name##_rne, name##_rtz, name##_rdn, name##_rup, name##_rmm};

FP_OP(fadd_s, LOAD_S, "fadd.s ft3, ft0, ft1", STORE_F)
FP_OP(fsub_s, LOAD_S, "fsub.s ft3, ft0, ft1", STORE_F)
FP_OP(fmul_s, LOAD_S, "fmul.s ft3, ft0, ft1", STORE_F)
FP_OP(fdiv_s, LOAD_S, "fdiv.s ft3, ft0, ft1", STORE_F)
FP_OP(fsqrt_s, LOAD_S, "fsqrt.s ft3, ft0", STORE_F)
FP_OP(fmin_s, LOAD_S, "fmin.s ft3, ft0, ft1", STORE_F)
FP_OP(fmax_s, LOAD_S, "fmax.s ft3, ft0, ft1", STORE_F)
FP_OP(fsgnj_s, LOAD_S, "fsgnj.s ft3, ft0, ft1", STORE_F)
FP_OP(fsgnjn_s, LOAD_S, "fsgnjn.s ft3, ft0, ft1", STORE_F)
FP_OP(fsgnjx_s, LOAD_S, "fsgnjx.s ft3, ft0, ft1", STORE_F)
FP_OP(feq_s, LOAD_S, "feq.s %0, ft0, ft1", STORE_NONE)
FP_OP(flt_s, LOAD_S, "flt.s %0, ft0, ft1", STORE_NONE)
FP_OP(fle_s, LOAD_S, "fle.s %0, ft0, ft1", STORE_NONE)
FP_OP(fclass_s, LOAD_S, "fclass.s %0, ft0", STORE_NONE)
FP_OP(fmv_x_w, LOAD_S, "fmv.x.w %0, ft0", STORE_NONE)
FP_OP(fmadd_s, LOAD_S, "fmadd.s ft3, ft0, ft1, ft2", STORE_F)
FP_OP(fmsub_s, LOAD_S, "fmsub.s ft3, ft0, ft1, ft2", STORE_F)
FP_OP(fnmsub_s, LOAD_S, "fnmsub.s ft3, ft0, ft1, ft2", STORE_F)
FP_OP(fnmadd_s, LOAD_S, "fnmadd.s ft3, ft0, ft1, ft2", STORE_F)
FP_OP(fcvt_w_s, LOAD_S, "fcvt.w.s %0, ft0", STORE_NONE)
FP_OP(fcvt_wu_s, LOAD_S, "fcvt.wu.s %0, ft0", STORE_NONE)
FP_OP(fcvt_l_s, LOAD_S, "fcvt.l.s %0, ft0", STORE_NONE)
FP_OP(fcvt_lu_s, LOAD_S, "fcvt.lu.s %0, ft0", STORE_NONE)
FP_OP(fcvt_s_w, LOAD_NONE, "fcvt.s.w ft3, %2", STORE_F)
FP_OP(fcvt_s_wu, LOAD_NONE, "fcvt.s.wu ft3, %2", STORE_F)
FP_OP(fcvt_s_l, LOAD_NONE, "fcvt.s.l ft3, %2", STORE_F)
FP_OP(fcvt_s_lu, LOAD_NONE, "fcvt.s.lu ft3, %2", STORE_F)
FP_OP(fcvt_d_s, LOAD_S, "fcvt.d.s ft3, ft0", STORE_F)

FP_OP(fadd_d, LOAD_D, "fadd.d ft3, ft0, ft1", STORE_F)
FP_OP(fsub_d, LOAD_D, "fsub.d ft3, ft0, ft1", STORE_F)
FP_OP(fmul_d, LOAD_D, "fmul.d ft3, ft0, ft1", STORE_F)
FP_OP(fdiv_d, LOAD_D, "fdiv.d ft3, ft0, ft1", STORE_F)
FP_OP(fsqrt_d, LOAD_D, "fsqrt.d ft3, ft0", STORE_F)
FP_OP(fmin_d, LOAD_D, "fmin.d ft3, ft0, ft1", STORE_F)
FP_OP(fmax_d, LOAD_D, "fmax.d ft3, ft0, ft1", STORE_F)
FP_OP(fsgnj_d, LOAD_D, "fsgnj.d ft3, ft0, ft1", STORE_F)
FP_OP(fsgnjn_d, LOAD_D, "fsgnjn.d ft3, ft0, ft1", STORE_F)
FP_OP(fsgnjx_d, LOAD_D, "fsgnjx.d ft3, ft0, ft1", STORE_F)
FP_OP(feq_d, LOAD_D, "feq.d %0, ft0, ft1", STORE_NONE)
FP_OP(flt_d, LOAD_D, "flt.d %0, ft0, ft1", STORE_NONE)
FP_OP(fle_d, LOAD_D, "fle.d %0, ft0, ft1", STORE_NONE)
FP_OP(fclass_d, LOAD_D, "fclass.d %0, ft0", STORE_NONE)
FP_OP(fmv_x_d, LOAD_D, "fmv.x.d %0, ft0", STORE_NONE)
FP_OP(fmadd_d, LOAD_D, "fmadd.d ft3, ft0, ft1, ft2", STORE_F)
FP_OP(fmsub_d, LOAD_D, "fmsub.d ft3, ft0, ft1, ft2", STORE_F)
FP_OP(fnmsub_d, LOAD_D, "fnmsub.d ft3, ft0, ft1, ft2", STORE_F)
FP_OP(fnmadd_d, LOAD_D, "fnmadd.d ft3, ft0, ft1, ft2", STORE_F)
FP_OP(fcvt_w_d, LOAD_D, "fcvt.w.d %0, ft0", STORE_NONE)
FP_OP(fcvt_wu_d, LOAD_D, "fcvt.wu.d %0, ft0", STORE_NONE)
FP_OP(fcvt_l_d, LOAD_D, "fcvt.l.d %0, ft0", STORE_NONE)
FP_OP(fcvt_lu_d, LOAD_D, "fcvt.lu.d %0, ft0", STORE_NONE)
FP_OP(fcvt_d_w, LOAD_NONE, "fcvt.d.w ft3, %2", STORE_F)
FP_OP(fcvt_d_wu, LOAD_NONE, "fcvt.d.wu ft3, %2", STORE_F)
FP_OP(fcvt_d_l, LOAD_NONE, "fcvt.d.l ft3, %2", STORE_F)
FP_OP(fcvt_d_lu, LOAD_NONE, "fcvt.d.lu ft3, %2", STORE_F)
FP_OP(fcvt_s_d, LOAD_D, "fcvt.s.d ft3, ft0", STORE_F)
FP_OP(fmul_s_rne, LOAD_S, "fmul.s ft3, ft0, ft1, rne", STORE_F)
FP_OP(fmul_d_rne, LOAD_D, "fmul.d ft3, ft0, ft1, rne", STORE_F)

// Operands moved in raw (fmv.d.x), so single-precision inputs may be improperly NaN-boxed.
FP_OP(fadd_s_raw, LOAD_D, "fadd.s ft3, ft0, ft1", STORE_F)
FP_OP(fsgnjx_s_raw, LOAD_D, "fsgnjx.s ft3, ft0, ft1", STORE_F)
FP_OP(fmax_s_raw, LOAD_D, "fmax.s ft3, ft0, ft1", STORE_F)
FP_OP(fclass_s_raw, LOAD_D, "fclass.s %0, ft0", STORE_NONE)
FP_OP(fcvt_d_s_raw, LOAD_D, "fcvt.d.s ft3, ft0", STORE_F)
FP_OP(fmv_x_w_raw, LOAD_D, "fmv.x.w %0, ft0", STORE_NONE)

FP_OP_STATIC(fadd_s, LOAD_S, "fadd.s", "ft3, ft0, ft1", STORE_F)
FP_OP_STATIC(fdiv_d, LOAD_D, "fdiv.d", "ft3, ft0, ft1", STORE_F)
FP_OP_STATIC(fsqrt_s, LOAD_S, "fsqrt.s", "ft3, ft0", STORE_F)
FP_OP_STATIC(fmadd_d, LOAD_D, "fmadd.d", "ft3, ft0, ft1, ft2", STORE_F)
FP_OP_STATIC(fnmsub_s, LOAD_S, "fnmsub.s", "ft3, ft0, ft1, ft2", STORE_F)
FP_OP_STATIC(fcvt_w_d, LOAD_D, "fcvt.w.d", "%0, ft0", STORE_NONE)
FP_OP_STATIC(fcvt_lu_s, LOAD_S, "fcvt.lu.s", "%0, ft0", STORE_NONE)
FP_OP_STATIC(fcvt_s_l, LOAD_NONE, "fcvt.s.l", "ft3, %2", STORE_F)
FP_OP_STATIC(fcvt_s_d, LOAD_D, "fcvt.s.d", "ft3, ft0", STORE_F)

// --- Operands ---

static const uint32_t kSpecialS[] = {
    0x00000000, 0x80000000,                                                  // zeros
    0x00000001, 0x80000001, 0x00000002, 0x00400000, 0x007fffff, 0x807fffff,  // subnormals
    0x00800000, 0x80800000, 0x00800001, 0x00ffffff, 0x01000000,              // smallest normals
    0x3f800000, 0xbf800000, 0x3f800001, 0x3f7fffff, 0x3fc00000, 0xc0200000,
    0x40400000, 0x3eaaaaab, 0x33800000, 0xb3800000, 0x34000000, 0x3f000000,  // 1/3, 2^-24 (ties with 1), 0.5
    0x4b800001, 0x4f000000, 0xcf000000, 0x5f000000, 0x5f800000,              // integer range edges
    0x1f800000, 0x5f7fffff,                                                  // 2^-64, near 2^64
    0x7f000000, 0x7f7fffff, 0xff7fffff,                                      // largest
    0x7f800000, 0xff800000,                                                  // infinities
    0x7fc00000, 0xffc00001, 0x7f800001, 0xff812345,                          // quiet and signalling NaNs
};
static const uint64_t kSpecialD[] = {
    0x0000000000000000, 0x8000000000000000, 0x0000000000000001, 0x8000000000000001, 0x0000000000000002,
    0x0008000000000000, 0x000fffffffffffff, 0x800fffffffffffff, 0x0010000000000000, 0x8010000000000000,
    0x0010000000000001, 0x001fffffffffffff, 0x0020000000000000, 0x3ff0000000000000, 0xbff0000000000000,
    0x3ff0000000000001, 0x3fefffffffffffff, 0x3ff8000000000000, 0xc004000000000000, 0x4008000000000000,
    0x3fd5555555555555, 0x3ca0000000000000, 0xbca0000000000000, 0x3cb0000000000000, 0x3fe0000000000000,
    0x41dfffffffe00000, 0x41e0000000000000, 0xc1e0000000100000, 0x43e0000000000000, 0x43f0000000000000,
    0x380ffffff0000000, 0x36a0000000000000, 0x47efffffe0000000,  // near binary32's limits
    0x7fe0000000000000, 0x7fefffffffffffff, 0xffefffffffffffff, 0x7ff0000000000000, 0xfff0000000000000,
    0x7ff8000000000000, 0xfff8000000000001, 0x7ff0000000000001, 0xfff4000000012345,
};
// Conversion-specific: ties and range edges for float -> integer.
static const uint32_t kConvertS[] = {
    0x3f000000, 0xbf000000, 0x3fc00000, 0xbfc00000, 0x40200000, 0xc0200000, 0x3f400000,
    0xbf400000, 0x4effffff, 0xceffffff, 0x4f800000, 0x4f7fffff, 0xcf000001, 0x5effffff,
    0xdf000000, 0xdf000001, 0x4b000001, 0x3f800000, 0xbf800000, 0x3e800000,
};
static const uint64_t kConvertD[] = {
    0x3fe0000000000000, 0xbfe0000000000000, 0x3ff8000000000000, 0xbff8000000000000, 0x4004000000000000,
    0xc004000000000000, 0x41dfffffffc00000, 0x41dfffffffe00000, 0x41dffffffff00000, 0xc1e0000000000000,
    0xc1e0000000100000, 0xc1e0000000200000, 0x41efffffffe00000, 0x41effffffff00000, 0x41f0000000000000,
    0x43dfffffffffffff, 0xc3e0000000000000, 0xc3e0000000000001, 0x43efffffffffffff, 0x4330000000000001,
    0x432fffffffffffff, 0xbfefffffffffffff,
};
static const uint64_t kSpecialInt[] = {
    0,
    1,
    2,
    3,
    7,
    0xffffffffffffffff,
    0xfffffffffffffffe,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    0x80000001,
    0xffffffff80000000,
    0xffffffff7fffffff,
    0x1000001,
    0x1000003,
    0xffffff,
    0x2000001,
    0xfffffffffeffffff,
    0x20000000000001,
    0x20000000000003,
    0x1fffffffffffff,
    0x40000000000005,
    0x7fffffffffffffff,
    0x8000000000000000,
    0x8000000000000001,
    0x7ffffffffffffe00,
    0x7fffff8000000000,
    0xffffff8000000001,
    0x123456789abcdef0,
    0xfedcba9876543210,
};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))
#define RANDOM_VALUES 28
#define N_S (COUNT(kSpecialS) + RANDOM_VALUES)
#define N_D (COUNT(kSpecialD) + RANDOM_VALUES)
#define N_I (COUNT(kSpecialInt) + RANDOM_VALUES)
#define RANDOM_PAIRS 300
#define TRIPLES 300

static uint64_t values_s[N_S], values_d[N_D], values_i[N_I];

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_random(void) {  // xorshift64*
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 0x2545f4914f6cdd1dull;
}
static unsigned below(unsigned n) { return (unsigned)(next_random() % n); }

// A random value of a format with `exp_bits` and `frac_bits`, biased toward exponents where
// rounding is interesting (subnormal, near 1, near overflow).
static uint64_t random_float(int exp_bits, int frac_bits) {
  const uint64_t max_exp = (1ull << exp_bits) - 1, bias = max_exp >> 1;
  uint64_t e;
  switch (below(6)) {
    case 0: e = below(3); break;
    case 1: e = max_exp - 1 - below(3); break;
    case 2: e = bias - 4 + below(9); break;
    default: e = 1 + below((unsigned)max_exp - 1); break;
  }
  uint64_t frac = next_random() & ((1ull << frac_bits) - 1);
  if (below(4) == 0) frac &= ~0ull << (frac_bits / 2);  // short significands make exact results
  return ((next_random() & 1) << (exp_bits + frac_bits)) | (e << frac_bits) | frac;
}

static void make_values(void) {
  unsigned n = 0;
  for (unsigned i = 0; i < COUNT(kSpecialS); ++i) values_s[n++] = kSpecialS[i];
  while (n < N_S) values_s[n++] = random_float(8, 23);
  n = 0;
  for (unsigned i = 0; i < COUNT(kSpecialD); ++i) values_d[n++] = kSpecialD[i];
  while (n < N_D) values_d[n++] = random_float(11, 52);
  n = 0;
  for (unsigned i = 0; i < COUNT(kSpecialInt); ++i) values_i[n++] = kSpecialInt[i];
  while (n < N_I) {
    const uint64_t r = next_random();
    values_i[n] = n & 1 ? (uint64_t)(int64_t)(int32_t)r : r >> below(64);
    ++n;
  }
}

// --- Running blocks ---

enum Result { kSingle, kDouble, kInt };
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
  if (kind == kSingle && (r >> 32) == 0xffffffffu) {
    put_hex(r, 8);
  } else {
    if (kind == kSingle) put_char('!');
    put_hex(r, 16);
  }
  put_char(' ');
  put_hex(g_flags, 2);
  put_char('\n');
  ++g_operations;
}

// Two-operand ops: all pairs of special values, then random pairs of any values.
static void pairs(Fn fn, const uint64_t* values, unsigned count, unsigned specials, enum Result kind) {
  for (unsigned i = 0; i < specials; ++i) {
    for (unsigned j = 0; j < specials; ++j) emit(fn(values[i], values[j], 0), kind);
  }
  for (unsigned k = 0; k < RANDOM_PAIRS; ++k) {
    const uint64_t a = values[below(count)];
    emit(fn(a, below(4) ? values[below(count)] : a ^ below(8), 0), kind);  // or a near neighbour
  }
}

// Three-operand ops: random triples, half with an addend that nearly cancels the product.
static void triples(Fn fn, Fn multiply, const uint64_t* values, unsigned count, uint64_t sign,
                    enum Result kind) {
  for (unsigned k = 0; k < TRIPLES; ++k) {
    const uint64_t a = values[below(count)], b = values[below(count)];
    uint64_t c = values[below(count)];
    if (k & 1) c = (multiply(a, b, 0) ^ sign) + below(5) - 2;
    emit(fn(a, b, c), kind);
  }
}

static void singles(Fn fn, const uint64_t* values, unsigned count, const uint64_t* extra,
                    unsigned extra_count, enum Result kind) {
  for (unsigned i = 0; i < count; ++i) emit(fn(values[i], 0, 0), kind);
  for (unsigned i = 0; i < extra_count; ++i) emit(fn(extra[i], 0, 0), kind);
}

enum Shape { kPair, kTriple, kSingleOp, kFromInt };
struct Op {
  const char* name;
  Fn fn;
  enum Shape shape;
  int is_double;  // operand format (kFromInt: result format)
  int rounds;     // run in all five dynamic modes
  enum Result result;
};

static const struct Op kOps[] = {
    {"fadd.s", fadd_s, kPair, 0, 1, kSingle},
    {"fsub.s", fsub_s, kPair, 0, 1, kSingle},
    {"fmul.s", fmul_s, kPair, 0, 1, kSingle},
    {"fdiv.s", fdiv_s, kPair, 0, 1, kSingle},
    {"fsqrt.s", fsqrt_s, kSingleOp, 0, 1, kSingle},
    {"fmin.s", fmin_s, kPair, 0, 0, kSingle},
    {"fmax.s", fmax_s, kPair, 0, 0, kSingle},
    {"fsgnj.s", fsgnj_s, kPair, 0, 0, kSingle},
    {"fsgnjn.s", fsgnjn_s, kPair, 0, 0, kSingle},
    {"fsgnjx.s", fsgnjx_s, kPair, 0, 0, kSingle},
    {"feq.s", feq_s, kPair, 0, 0, kInt},
    {"flt.s", flt_s, kPair, 0, 0, kInt},
    {"fle.s", fle_s, kPair, 0, 0, kInt},
    {"fclass.s", fclass_s, kSingleOp, 0, 0, kInt},
    {"fmv.x.w", fmv_x_w, kSingleOp, 0, 0, kInt},
    {"fmadd.s", fmadd_s, kTriple, 0, 1, kSingle},
    {"fmsub.s", fmsub_s, kTriple, 0, 1, kSingle},
    {"fnmsub.s", fnmsub_s, kTriple, 0, 1, kSingle},
    {"fnmadd.s", fnmadd_s, kTriple, 0, 1, kSingle},
    {"fcvt.w.s", fcvt_w_s, kSingleOp, 0, 1, kInt},
    {"fcvt.wu.s", fcvt_wu_s, kSingleOp, 0, 1, kInt},
    {"fcvt.l.s", fcvt_l_s, kSingleOp, 0, 1, kInt},
    {"fcvt.lu.s", fcvt_lu_s, kSingleOp, 0, 1, kInt},
    {"fcvt.s.w", fcvt_s_w, kFromInt, 0, 1, kSingle},
    {"fcvt.s.wu", fcvt_s_wu, kFromInt, 0, 1, kSingle},
    {"fcvt.s.l", fcvt_s_l, kFromInt, 0, 1, kSingle},
    {"fcvt.s.lu", fcvt_s_lu, kFromInt, 0, 1, kSingle},
    {"fcvt.d.s", fcvt_d_s, kSingleOp, 0, 0, kDouble},
    {"fadd.d", fadd_d, kPair, 1, 1, kDouble},
    {"fsub.d", fsub_d, kPair, 1, 1, kDouble},
    {"fmul.d", fmul_d, kPair, 1, 1, kDouble},
    {"fdiv.d", fdiv_d, kPair, 1, 1, kDouble},
    {"fsqrt.d", fsqrt_d, kSingleOp, 1, 1, kDouble},
    {"fmin.d", fmin_d, kPair, 1, 0, kDouble},
    {"fmax.d", fmax_d, kPair, 1, 0, kDouble},
    {"fsgnj.d", fsgnj_d, kPair, 1, 0, kDouble},
    {"fsgnjn.d", fsgnjn_d, kPair, 1, 0, kDouble},
    {"fsgnjx.d", fsgnjx_d, kPair, 1, 0, kDouble},
    {"feq.d", feq_d, kPair, 1, 0, kInt},
    {"flt.d", flt_d, kPair, 1, 0, kInt},
    {"fle.d", fle_d, kPair, 1, 0, kInt},
    {"fclass.d", fclass_d, kSingleOp, 1, 0, kInt},
    {"fmv.x.d", fmv_x_d, kSingleOp, 1, 0, kInt},
    {"fmadd.d", fmadd_d, kTriple, 1, 1, kDouble},
    {"fmsub.d", fmsub_d, kTriple, 1, 1, kDouble},
    {"fnmsub.d", fnmsub_d, kTriple, 1, 1, kDouble},
    {"fnmadd.d", fnmadd_d, kTriple, 1, 1, kDouble},
    {"fcvt.w.d", fcvt_w_d, kSingleOp, 1, 1, kInt},
    {"fcvt.wu.d", fcvt_wu_d, kSingleOp, 1, 1, kInt},
    {"fcvt.l.d", fcvt_l_d, kSingleOp, 1, 1, kInt},
    {"fcvt.lu.d", fcvt_lu_d, kSingleOp, 1, 1, kInt},
    {"fcvt.d.w", fcvt_d_w, kFromInt, 1, 1, kDouble},
    {"fcvt.d.wu", fcvt_d_wu, kFromInt, 1, 1, kDouble},
    {"fcvt.d.l", fcvt_d_l, kFromInt, 1, 1, kDouble},
    {"fcvt.d.lu", fcvt_d_lu, kFromInt, 1, 1, kDouble},
    {"fcvt.s.d", fcvt_s_d, kSingleOp, 1, 1, kSingle},
};

struct StaticOp {
  const char* name;
  const Fn* fns;
  enum Shape shape;
  int is_double;
  enum Result result;
};
static const struct StaticOp kStaticOps[] = {
    {"fadd.s", fadd_s_static, kPair, 0, kSingle},         {"fdiv.d", fdiv_d_static, kPair, 1, kDouble},
    {"fsqrt.s", fsqrt_s_static, kSingleOp, 0, kSingle},   {"fmadd.d", fmadd_d_static, kTriple, 1, kDouble},
    {"fnmsub.s", fnmsub_s_static, kTriple, 0, kSingle},   {"fcvt.w.d", fcvt_w_d_static, kSingleOp, 1, kInt},
    {"fcvt.lu.s", fcvt_lu_s_static, kSingleOp, 0, kInt},  {"fcvt.s.l", fcvt_s_l_static, kFromInt, 0, kSingle},
    {"fcvt.s.d", fcvt_s_d_static, kSingleOp, 1, kSingle},
};

static void run(Fn fn, enum Shape shape, int is_double, enum Result result) {
  const uint64_t* values = is_double ? values_d : values_s;
  const unsigned count = is_double ? N_D : N_S;
  const unsigned specials = is_double ? COUNT(kSpecialD) : COUNT(kSpecialS);
  switch (shape) {
    case kPair: pairs(fn, values, count, specials, result); break;
    case kTriple:
      triples(fn, is_double ? fmul_d_rne : fmul_s_rne, values, count, is_double ? 1ull << 63 : 1ull << 31,
              result);
      break;
    case kSingleOp:
      if (is_double) {
        singles(fn, values_d, N_D, kConvertD, COUNT(kConvertD), result);
      } else {
        uint64_t extra[COUNT(kConvertS)];
        for (unsigned i = 0; i < COUNT(kConvertS); ++i) extra[i] = kConvertS[i];
        singles(fn, values_s, N_S, extra, COUNT(kConvertS), result);
      }
      break;
    case kFromInt: singles(fn, values_i, N_I, 0, 0, result); break;
  }
}

// Raw (possibly unboxed) single-precision operands.
static const uint64_t kRawS[] = {
    0xffffffff3f800000, 0x000000003f800000, 0xfffffffe3f800000, 0x7fffffff40000000, 0x3ff0000000000000,
    0xffffffff7f800001, 0x00000000ff800001, 0xffffffffbf800000, 0x0000000000000000, 0xffffffff00000000,
};

int main(void) {
  make_values();
  for (unsigned i = 0; i < COUNT(kOps); ++i) {
    const struct Op* op = &kOps[i];
    for (unsigned mode = 0; mode < (op->rounds ? 5u : 1u); ++mode) {
      set_frm(mode);
      header(op->name, op->rounds ? kModeNames[mode] : "-");
      run(op->fn, op->shape, op->is_double, op->result);
    }
  }
  // Static rounding modes, with frm set to a different mode that must not matter.
  for (unsigned i = 0; i < COUNT(kStaticOps); ++i) {
    const struct StaticOp* op = &kStaticOps[i];
    for (unsigned mode = 0; mode < 5; ++mode) {
      set_frm((mode + 2) % 5);
      put_string("# static ");
      header(op->name, kModeNames[mode]);
      run(op->fns[mode], op->shape, op->is_double, op->result);
    }
  }
  set_frm(0);
  header("nan-boxing", "-");
  const Fn raw_pairs[] = {fadd_s_raw, fsgnjx_s_raw, fmax_s_raw};
  for (unsigned f = 0; f < COUNT(raw_pairs); ++f) {
    for (unsigned i = 0; i < COUNT(kRawS); ++i) {
      for (unsigned j = 0; j < COUNT(kRawS); ++j) emit(raw_pairs[f](kRawS[i], kRawS[j], 0), kSingle);
    }
  }
  for (unsigned i = 0; i < COUNT(kRawS); ++i) {
    emit(fclass_s_raw(kRawS[i], 0, 0), kInt);
    emit(fcvt_d_s_raw(kRawS[i], 0, 0), kDouble);
    emit(fmv_x_w_raw(kRawS[i], 0, 0), kInt);
  }
  put_string("operations ");
  put_hex(g_operations, 8);
  put_char('\n');
  return 0;
}
