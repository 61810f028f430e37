// The flag helpers against the original's formulas written out literally (spec §1.2).
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "lamp/flags.h"

namespace microvm::lamp {
namespace {

uint32_t literal_zs(uint32_t f, int32_t r) {
  f &= ~(kZF | kSF);
  if (r == 0) f |= kZF;
  if (r < 0) f |= kSF;
  return f;
}
uint32_t literal_add(uint32_t f, int32_t a, int32_t b, int32_t r) {
  f &= ~(kCF | kOF);
  if (static_cast<uint32_t>(a) + static_cast<uint32_t>(b) < static_cast<uint32_t>(a)) f |= kCF;
  if ((a > 0 && b > 0 && r < 0) || (a < 0 && b < 0 && r > 0)) f |= kOF;
  return literal_zs(f, r);
}
uint32_t literal_sub(uint32_t f, int32_t a, int32_t b, int32_t r) {
  f &= ~(kCF | kOF);
  if (static_cast<uint32_t>(a) < static_cast<uint32_t>(b)) f |= kCF;
  if ((a > 0 && b < 0 && r < 0) || (a < 0 && b > 0 && r > 0)) f |= kOF;
  return literal_zs(f, r);
}

TEST(LampFlags, MatchTheOriginalFormulas) {
  std::vector<uint32_t> values = {0,          1,          2,          0x7FFFFFFE, 0x7FFFFFFF,
                                  0x80000000, 0x80000001, 0xFFFFFFFE, 0xFFFFFFFF};
  std::mt19937 rng(42);
  for (int i = 0; i < 300; ++i) values.push_back(rng());
  for (uint32_t start : {0u, 0xFFu, kCF | kOF | kZF | kSF | 0x06u}) {
    for (uint32_t a : values) {
      for (uint32_t b : values) {
        const int32_t sa = static_cast<int32_t>(a), sb = static_cast<int32_t>(b);
        ASSERT_EQ(flags::add(start, a, b, a + b), literal_add(start, sa, sb, static_cast<int32_t>(a + b)))
            << a << " + " << b;
        ASSERT_EQ(flags::sub(start, a, b, a - b), literal_sub(start, sa, sb, static_cast<int32_t>(a - b)))
            << a << " - " << b;
      }
    }
  }
}

TEST(LampFlags, Quirks) {
  // INT_MIN + INT_MIN = 0: carry and zero, but no overflow.
  EXPECT_EQ(flags::add(0, 0x80000000, 0x80000000, 0), kCF | kZF);
  // 0 - INT_MIN = INT_MIN: borrow and sign, but no overflow.
  EXPECT_EQ(flags::sub(0, 0, 0x80000000, 0x80000000), kCF | kSF);
  // LOGIC clears CF/OF and keeps the unused PF/AF bits.
  EXPECT_EQ(flags::logic(kCF | kOF | 0x06, 5), 0x06u);
  EXPECT_EQ(flags::zs(kCF | kOF, 0), kCF | kOF | kZF);
}

TEST(LampFlags, SignedConditionsCompareMaskedBits) {
  // SF and OF both set: the documented SF==OF would say "greater or equal"; the original says less.
  const uint32_t both = kSF | kOF;
  EXPECT_FALSE(flags::cond_ge(both));
  EXPECT_TRUE(flags::cond_l(both));
  EXPECT_FALSE(flags::cond_g(both));
  EXPECT_TRUE(flags::cond_le(both));
  EXPECT_TRUE(flags::cond_g(0));
  EXPECT_FALSE(flags::cond_g(kZF));
  EXPECT_TRUE(flags::cond_ge(kZF));
  EXPECT_TRUE(flags::cond_l(kOF));
  EXPECT_TRUE(flags::cond_le(kZF));
  EXPECT_TRUE(flags::cond_c(kCF));
}

}  // namespace
}  // namespace microvm::lamp

#include "lamp/core.h"

namespace microvm::lamp {
namespace {

// The run loop's lazy flags give the same words as computing them at every instruction.
TEST(LampFlags, LazyFlagsMatchEagerFlags) {
  std::mt19937 rng(7);
  const uint32_t edges[] = {0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF};
  for (int i = 0; i < 20000; ++i) {
    const uint32_t start = rng() & 0x3F;
    const uint32_t a = i < 25 ? edges[i % 5] : rng(), b = i < 25 ? edges[i / 5] : rng();
    IpAndFlags live{0, start};
    uint32_t eager = start;
    switch (i % 4) {
      case 0: live.set_add(a, a + b), eager = flags::add(eager, a, b, a + b); break;
      case 1: live.set_sub(a, a - b), eager = flags::sub(eager, a, b, a - b); break;
      case 2: live.set_logic(a & b), eager = flags::logic(eager, a & b); break;
      case 3: live.set_zs(a >> 24), eager = flags::zs(eager, a >> 24); break;
    }
    ASSERT_EQ(live.flags(), eager) << i;
    ASSERT_EQ(live.zf(), (eager & kZF) != 0) << i;
    live.set_zs(b & 0xFF);  // a byte load after it keeps CF/OF
    eager = flags::zs(eager, b & 0xFF);
    ASSERT_EQ(live.flags(), eager) << i;
    live.set_computed(live.computed());
    ASSERT_EQ(live.flags(), eager) << i;
    ASSERT_EQ(live.zf(), (eager & kZF) != 0) << i;
    live.set_computed(eager ^ kZF);  // an instruction that sets the word directly
    ASSERT_EQ(live.zf(), (eager & kZF) == 0) << i;
  }
}

}  // namespace
}  // namespace microvm::lamp
