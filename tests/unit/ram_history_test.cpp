// RamHistory (core/ram_history.h): checkpoints that keep only the pages written since the last
// one come back byte for byte, whichever is restored and in whatever order, also after one is
// dropped; and a hart's stores (not only DMA) are what marks a page written.
#include "core/ram_history.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "hart_fixture.h"

namespace microvm {
namespace {

constexpr uint64_t kBase = 0x8000'0000;
constexpr uint64_t kPages = 64;
constexpr uint64_t kPage = Ram::kPageSize;

std::vector<uint8_t> contents(const Ram& ram) { return {ram.host(), ram.host() + ram.size()}; }

// Fills `count` pages from `first` with random bytes (half of each page, so it compresses) via the
// DMA path.
void scribble(Ram& ram, uint64_t first, uint64_t count, std::mt19937& rng) {
  std::vector<uint8_t> bytes(kPage / 2);
  for (uint64_t p = first; p < first + count; ++p) {
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(rng());
    ASSERT_TRUE(ram.write(kBase + p * kPage + 100, bytes.data(), bytes.size()));
  }
}

TEST(RamHistoryTest, KeepsOnlyWrittenPagesAndRestoresEachCheckpoint) {
  Ram ram(kBase, kPages * kPage);
  std::mt19937 rng(7);
  scribble(ram, 0, 10, rng);
  RamHistory history(ram);
  std::vector<std::vector<uint8_t>> at;
  EXPECT_GT(history.save(), 0u);
  at.push_back(contents(ram));
  EXPECT_EQ(history.pages(0), kPages);  // the first holds every page, zero or not
  scribble(ram, 3, 2, rng);
  history.save();
  at.push_back(contents(ram));
  EXPECT_EQ(history.pages(1), 2u);
  scribble(ram, 40, 5, rng);
  scribble(ram, 4, 1, rng);
  history.save();
  at.push_back(contents(ram));
  EXPECT_EQ(history.pages(2), 6u);
  scribble(ram, 0, 64, rng);  // the present: written after the last checkpoint

  for (size_t index : {1u, 0u, 2u, 1u, 1u, 0u}) {
    history.restore(index);
    EXPECT_EQ(contents(ram), at[index]) << "checkpoint " << index;
  }
}

// A RAM whose size is not a whole number of pages: its last, partial page is tracked, saved and
// restored like the others.
TEST(RamHistoryTest, APartialLastPageIsKeptToo) {
  Ram ram(kBase, 3 * kPage + 200);
  const uint64_t tail = kBase + 3 * kPage + 16;
  const uint8_t first[4] = {1, 2, 3, 4}, second[4] = {5, 6, 7, 8};
  ASSERT_TRUE(ram.write(tail, first, sizeof first));
  RamHistory history(ram);
  history.save();
  EXPECT_EQ(history.pages(0), 4u);
  ASSERT_TRUE(ram.write(tail, second, sizeof second));
  history.save();
  EXPECT_EQ(history.pages(1), 1u);  // only the partial page was written
  history.restore(0);
  uint8_t now[4] = {};
  ASSERT_TRUE(ram.read(tail, now, sizeof now));
  EXPECT_EQ(std::vector<uint8_t>(now, now + 4), std::vector<uint8_t>(first, first + 4));
  history.restore(1);
  ASSERT_TRUE(ram.read(tail, now, sizeof now));
  EXPECT_EQ(std::vector<uint8_t>(now, now + 4), std::vector<uint8_t>(second, second + 4));
}

TEST(RamHistoryTest, ADroppedCheckpointsPagesPassToTheNext) {
  Ram ram(kBase, kPages * kPage);
  std::mt19937 rng(11);
  RamHistory history(ram);
  std::vector<std::vector<uint8_t>> at;
  for (int i = 0; i < 4; ++i) {
    scribble(ram, i * 3, 5, rng);  // overlapping runs of pages
    history.save();
    at.push_back(contents(ram));
  }
  const size_t before = history.bytes(1) + history.bytes(2);
  const size_t freed = history.drop(1);
  EXPECT_EQ(history.size(), 3u);
  EXPECT_GT(freed, 0u);  // pages 6 and 7 were in both
  EXPECT_EQ(history.bytes(1), before - freed);
  EXPECT_EQ(history.pages(1), 8u);  // pages 3..10
  history.restore(1);
  EXPECT_EQ(contents(ram), at[2]);
  history.restore(0);
  EXPECT_EQ(contents(ram), at[0]);
  history.restore(2);
  EXPECT_EQ(contents(ram), at[3]);
  EXPECT_THROW(history.drop(0), std::out_of_range);
  EXPECT_THROW(history.drop(2), std::out_of_range);
}

class RamHistoryHartTest : public riscv::HartTest {};

// sd x2, 0(x1)
constexpr uint32_t kSd = (2u << 20) | (1u << 15) | (3u << 12) | 0x23;

TEST_F(RamHistoryHartTest, AHartsStoresMarkTheirPages) {
  const uint64_t page = 0x8020'0000;
  write64(page, 0x1111);
  RamHistory history(ram);
  history.save();
  hart.x[1] = page;
  hart.x[2] = 0x2222;
  run(kSd);
  history.save();
  ASSERT_EQ(history.pages(1), 1u);
  // The TLB now maps the page for writing: this store takes the fast path, and the page (clean
  // again after the checkpoint) is still noticed.
  hart.x[2] = 0x3333;
  run(kSd);
  history.save();
  ASSERT_EQ(history.pages(2), 1u);
  history.restore(1);
  EXPECT_EQ(read64(page), 0x2222u);
  history.restore(0);
  EXPECT_EQ(read64(page), 0x1111u);
  history.restore(2);
  EXPECT_EQ(read64(page), 0x3333u);
}

}  // namespace
}  // namespace microvm
