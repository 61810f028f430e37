// The decoded-code cache (riscv/decoded_pages.h): pages as in memory, and starting over when full
// (its pages live in chunks that are reused then, so a page handed out after the start must be a
// fresh one in every field); and a hart whose code spans more pages than the cache holds, with the
// translator on and off.
#include "riscv/decoded_pages.h"

#include <gtest/gtest.h>

#include <cstring>
#include <set>
#include <vector>

#include "core/bus.h"
#include "core/clock.h"
#include "core/ram.h"
#include "core/run_control.h"
#include "jit_machine.h"
#include "riscv/encoding.h"
#include "riscv/hart.h"
#include "riscv/reservations.h"

namespace microvm::riscv {
namespace {

constexpr uint64_t kBase = 0x8000'0000;
constexpr size_t kPages = DecodedPageCache::kMaxPages + 104;  // past the limit

void decode_handler(Hart&, const Insn&) {}
void leave_handler(Hart&, const Insn&) {}

TEST(DecodedPageCache, StartsOverWhenFullWithFreshPagesAsInMemory) {
  Ram ram{kBase, 32 << 20};
  for (uint32_t k = 0; k < kPages; ++k) ram.write(kBase + uint64_t{k} * 4096 + 8, &k, sizeof(k));
  DecodedPageCache cache(ram, decode_handler, leave_handler);
  const auto check = [&](const DecodedPage& page, uint32_t k) {
    EXPECT_EQ(page.pa, kBase + uint64_t{k} * 4096);
    uint32_t seen = 0;
    std::memcpy(&seen, &page.bytes[8], sizeof(seen));
    EXPECT_EQ(seen, k);
    EXPECT_FALSE(page.verify);
    EXPECT_EQ(page.insns[0].fn, &decode_handler);
    EXPECT_EQ(page.insns[DecodedPage::kSlots - 1].fn, &decode_handler);
    EXPECT_EQ(page.insns[DecodedPage::kSlots].fn, &leave_handler);
    EXPECT_EQ(page.insns[DecodedPage::kSlots + 1].fn, &leave_handler);
  };
  std::set<uint64_t> incarnations;
  const DecodedPage* first_memory = nullptr;
  bool started_over = true;
  for (uint32_t k = 0; k < DecodedPageCache::kMaxPages; ++k) {
    DecodedPage* page = cache.get(kBase + uint64_t{k} * 4096, started_over);
    ASSERT_FALSE(started_over) << k;
    check(*page, k);
    incarnations.insert(page->incarnation);
    if (k == 0) first_memory = page;
    page->insns[0].imm = 12345;  // used: the pages after the start must not show it
    page->verify = true;
  }
  EXPECT_EQ(incarnations.size(), DecodedPageCache::kMaxPages);
  DecodedPage* first = cache.get(kBase, started_over);
  EXPECT_FALSE(started_over);
  EXPECT_EQ(first->insns[0].imm, 12345);  // the same page again, as it was left
  first->verify = false;

  DecodedPage* after = cache.get(kBase + uint64_t{DecodedPageCache::kMaxPages} * 4096, started_over);
  EXPECT_TRUE(started_over);
  check(*after, DecodedPageCache::kMaxPages);
  EXPECT_EQ(after->insns[0].imm, 0);
  EXPECT_EQ(after, first_memory);                         // the chunks are reused, not added to
  EXPECT_GT(after->incarnation, *incarnations.rbegin());  // translations keyed by the old ones stay apart
  DecodedPage* again = cache.get(kBase, started_over);
  EXPECT_FALSE(started_over);
  check(*again, 0);
  EXPECT_EQ(again->insns[0].imm, 0);
  EXPECT_NE(again, after);
}

#ifdef MICROVM_HAVE_JIT
TEST(DecodedPageCache, AHartRunningCodeOnMorePagesThanItHoldsGoesOnRight) {
  // Each page: a0 += 1, then a jump to the next page; the last one counts a round in a1 and jumps
  // back to the first. 20 rounds over 4200 pages: the cache starts over in every round, forgetting
  // the translations made since (blocks are translated on their 8th run).
  const auto addi = [](unsigned rd, unsigned rs, int32_t imm) { return enc::i_type(0x13, rd, 0, rs, imm); };
  constexpr unsigned kRounds = 20;
  JitMachine translated{JitMode::kOn, 1, 32 << 20}, interpreted{JitMode::kOff, 1, 32 << 20};
  for (JitMachine* m : {&translated, &interpreted}) {
    for (size_t k = 0; k + 1 < kPages; ++k) {
      const uint32_t code[] = {addi(10, 10, 1), enc::j_type(0x6F, 0, 4092)};
      m->ram.write(kBase + k * 4096, code, sizeof(code));
    }
    const int32_t back = -static_cast<int32_t>((kPages - 1) * 4096);
    const uint32_t last[] = {addi(10, 10, 1),
                             addi(11, 11, -1),
                             enc::b_type(0x63, 0, 11, 0, 12),  // a1 == 0: to the end
                             enc::u_type(0x17, 5, back),       // auipc t0: the first page + 12
                             enc::i_type(0x67, 0, 0, 5, -12),  // jalr to the first page
                             enc::j_type(0x6F, 0, 0)};         // the end
    m->ram.write(kBase + (kPages - 1) * 4096, last, sizeof(last));
    m->hart.pc = kBase;
    m->hart.x[11] = kRounds;
    m->hart.run_for(kRounds * (2 * kPages + 3) + 1000);
  }
  for (unsigned r = 0; r < 32; ++r) EXPECT_EQ(translated.hart.x[r], interpreted.hart.x[r]) << "x" << r;
  EXPECT_EQ(translated.hart.instret(), interpreted.hart.instret());
  EXPECT_EQ(translated.hart.x[10], kRounds * kPages);
  EXPECT_EQ(translated.hart.x[11], 0u);
  EXPECT_EQ(translated.hart.pc, kBase + (kPages - 1) * 4096 + 20);
}
#endif

}  // namespace
}  // namespace microvm::riscv
