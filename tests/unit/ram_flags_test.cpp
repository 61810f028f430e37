// Ram's per-page flags words (core/ram.h): one cache line each, so that an LR's count on one
// hart's page does not share a line with the words other harts' stores read for their pages;
// translated code (jit/emit_mem.cpp) and the low-address check (jit/hooks.h) assume this layout.
#include <gtest/gtest.h>

#include <cstdint>

#include "core/ram.h"

namespace microvm {
namespace {

constexpr uint64_t kBase = 0x8000'0000;

uintptr_t address(const std::atomic<uint32_t>& word) { return reinterpret_cast<uintptr_t>(&word); }

TEST(RamFlagsTest, EachPageHasACacheLineOfItsOwn) {
  Ram ram(kBase, 1 << 20);
  const uintptr_t first = address(*ram.flags());
  EXPECT_EQ(first % 64, 0u);
  for (uint64_t page = 0; page < 256; ++page) {
    EXPECT_EQ(address(ram.page_flags(kBase + page * Ram::kPageSize + page % Ram::kPageSize)),
              first + 64 * page)
        << "page " << page;
  }
  EXPECT_EQ(ram.flags_end(), first + 64 * 256);
}

TEST(RamFlagsTest, APartialLastPageHasALineToo) {
  Ram ram(kBase, 3 * Ram::kPageSize + 100);
  EXPECT_EQ(ram.flags_end(), address(*ram.flags()) + 64 * 4);
  ram.page_flags(kBase + 3 * Ram::kPageSize + 99).store(Ram::kCodeFlag);
  EXPECT_EQ(ram.page_flags(kBase + 3 * Ram::kPageSize).load(), Ram::kCodeFlag);
  EXPECT_EQ(ram.page_flags(kBase + 2 * Ram::kPageSize).load(), 0u);
}

}  // namespace
}  // namespace microvm
