// The host FPU fast path against the software FPU: millions of operations on inputs chosen to hit
// rounding boundaries (ties, cancellation, overflow and underflow thresholds, subnormals, specials)
// must give identical bits and flags in RNE, RTZ, RDN and RUP. The two are independent
// implementations (x86 hardware and integer code), so agreement checks both, including that x86
// detects tininess after rounding as RISC-V requires.
#include <gtest/gtest.h>

#include <random>

#include "riscv/fpu/fpu.h"

namespace microvm::riscv::fpu {
namespace {

class Inputs {
 public:
  explicit Inputs(uint64_t seed) : rng_(seed) {}

  template <typename F>
  typename F::Bits any() {
    using B = typename F::Bits;
    const unsigned pick = below(16);
    int biased;
    if (pick < 2) {
      biased = 0;  // zero or subnormal
    } else if (pick < 4) {
      biased = 1 + below(3);  // just above the subnormals
    } else if (pick < 5) {
      biased = F::kMaxBiased;  // infinity or NaN
    } else if (pick < 7) {
      biased = F::kMaxBiased - 1 - below(3);  // near overflow
    } else if (pick < 10) {
      biased = F::kBias - 3 + below(7);  // near 1
    } else {
      biased = below(F::kMaxBiased + 1);
    }
    return (B(below(2)) << (F::kExpBits + F::kFracBits)) | (B(biased) << F::kFracBits) | fraction<F>();
  }

  // A value close to `a`: same or neighbouring exponent, nearly the same fraction, either sign;
  // sums and differences with it cancel or round at a tie.
  template <typename F>
  typename F::Bits near(typename F::Bits a) {
    using B = typename F::Bits;
    B b = a + B(int(below(9)) - 4);
    if (below(2)) b ^= F::kSign;
    if (below(4) == 0) b += B(int(below(5)) - 2) << F::kFracBits;
    if (below(4) == 0) b ^= B{1} << below(F::kFracBits);
    return b;
  }

  template <typename F>
  typename F::Bits fraction() {
    using B = typename F::Bits;
    switch (below(8)) {
      case 0: return 0;
      case 1: return F::kFracMask;
      case 2: return B{1} << below(F::kFracBits);
      case 3: return F::kFracMask >> below(F::kFracBits);                   // ones at the bottom
      case 4: return (F::kFracMask << below(F::kFracBits)) & F::kFracMask;  // ones at the top
      case 5: return B(rng_()) & F::kFracMask & ~B(0xFF);                   // short significand
      default: return B(rng_()) & F::kFracMask;
    }
  }

  unsigned below(unsigned n) { return static_cast<unsigned>(rng_() % n); }

 private:
  std::mt19937_64 rng_;
};

enum class Op { kAdd, kSub, kMul, kDiv, kSqrt, kFma };

template <typename F>
void compare_host_and_soft(Op op, unsigned iterations) {
  using B = typename F::Bits;
  Inputs in(1234 + static_cast<unsigned>(op));
  unsigned failures = 0;
  for (unsigned n = 0; n < iterations && failures < 10; ++n) {
    const B a = in.any<F>();
    const B b = in.below(4) == 0 ? in.near<F>(a) : in.any<F>();
    B c = in.any<F>();
    for (unsigned rm = kRne; rm <= kRup; ++rm) {
      if (op == Op::kFma && in.below(2)) {
        // An addend that nearly cancels the product exercises the exact sum.
        uint32_t ignored = 0;
        c = in.near<F>(soft::mul<F>(a, b, Rounding(rm), ignored) ^ F::kSign);
      }
      uint32_t host_flags = 0, soft_flags = 0;
      B host = 0, reference = 0;
      switch (op) {
        case Op::kAdd:
          host = add<F>(a, b, rm, host_flags);
          reference = soft::add<F>(a, b, Rounding(rm), soft_flags);
          break;
        case Op::kSub:
          host = sub<F>(a, b, rm, host_flags);
          reference = soft::sub<F>(a, b, Rounding(rm), soft_flags);
          break;
        case Op::kMul:
          host = mul<F>(a, b, rm, host_flags);
          reference = soft::mul<F>(a, b, Rounding(rm), soft_flags);
          break;
        case Op::kDiv:
          host = div<F>(a, b, rm, host_flags);
          reference = soft::div<F>(a, b, Rounding(rm), soft_flags);
          break;
        case Op::kSqrt:
          host = sqrt<F>(a, rm, host_flags);
          reference = soft::sqrt<F>(a, Rounding(rm), soft_flags);
          break;
        case Op::kFma:
          host = fma<F>(a, b, c, rm, host_flags);
          reference = soft::fma<F>(a, b, c, Rounding(rm), soft_flags);
          break;
      }
      if (host != reference || host_flags != soft_flags) {
        ++failures;
        ADD_FAILURE() << std::hex << "op " << int(op) << " rm " << rm << " a 0x" << uint64_t(a) << " b 0x"
                      << uint64_t(b) << " c 0x" << uint64_t(c) << ": host 0x" << uint64_t(host) << "/"
                      << host_flags << ", software 0x" << uint64_t(reference) << "/" << soft_flags;
      }
    }
  }
}

constexpr unsigned kIterations = 200000;

TEST(FpuHost, AddMatchesSoftware) {
  compare_host_and_soft<F32>(Op::kAdd, kIterations);
  compare_host_and_soft<F64>(Op::kAdd, kIterations);
}
TEST(FpuHost, SubMatchesSoftware) {
  compare_host_and_soft<F32>(Op::kSub, kIterations);
  compare_host_and_soft<F64>(Op::kSub, kIterations);
}
TEST(FpuHost, MulMatchesSoftware) {
  compare_host_and_soft<F32>(Op::kMul, kIterations);
  compare_host_and_soft<F64>(Op::kMul, kIterations);
}
TEST(FpuHost, DivMatchesSoftware) {
  compare_host_and_soft<F32>(Op::kDiv, kIterations);
  compare_host_and_soft<F64>(Op::kDiv, kIterations);
}
TEST(FpuHost, SqrtMatchesSoftware) {
  compare_host_and_soft<F32>(Op::kSqrt, kIterations);
  compare_host_and_soft<F64>(Op::kSqrt, kIterations);
}
TEST(FpuHost, FmaMatchesSoftware) {
  compare_host_and_soft<F32>(Op::kFma, kIterations);
  compare_host_and_soft<F64>(Op::kFma, kIterations);
}

#if MICROVM_FPU_HOST
// Host code may leave MXCSR in any state (flags set, another rounding mode, flush-to-zero); the
// fast path must not depend on it, and must leave the default rounding behind a directed mode.
TEST(FpuHost, IndependentOfTheHostControlState) {
  uint32_t saved;
  asm volatile("stmxcsr %0" : "=m"(saved));
  const uint32_t hostile = 0x1F80 | 0x3F | (2u << 13) | (1u << 15) | (1u << 6);  // flags, RUP, FTZ, DAZ
  asm volatile("ldmxcsr %0" : : "m"(hostile));
  uint32_t flags = 0;
  const uint32_t r = mul<F32>(0x00000001, 0x3f000000, kRne, flags);  // half the smallest subnormal
  uint32_t after;
  asm volatile("stmxcsr %0" : "=m"(after));
  asm volatile("ldmxcsr %0" : : "m"(saved));
  EXPECT_EQ(r, 0u);
  EXPECT_EQ(flags, flag::kUF | flag::kNX);
  EXPECT_EQ(after & ~0x3Fu, host::kMxcsrDefault);

  flags = 0;
  EXPECT_EQ(add<F64>(0x3ff0000000000000, 0x3ca0000000000000, kRup, flags), 0x3ff0000000000001u);
  asm volatile("stmxcsr %0" : "=m"(after));
  EXPECT_EQ(after & ~0x3Fu, host::kMxcsrDefault);  // RUP undone
  asm volatile("ldmxcsr %0" : : "m"(saved));
}
#endif

}  // namespace
}  // namespace microvm::riscv::fpu
