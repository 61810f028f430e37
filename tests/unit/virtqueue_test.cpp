// The split virtqueue against hand-built rings in guest RAM, well-formed and malformed.
#include "devices/virtio/virtqueue.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>

namespace microvm::devices {
namespace {

constexpr uint64_t kBase = 0x8000'0000, kRamSize = 1 << 20;
constexpr uint64_t kDesc = kBase, kAvail = kBase + 0x1000, kUsed = kBase + 0x2000, kData = kBase + 0x10000;
constexpr uint16_t kSize = 16;
constexpr uint16_t N = VirtQueue::kDescNext, W = VirtQueue::kDescWrite, I = VirtQueue::kDescIndirect;

class VirtQueueTest : public ::testing::Test {
 protected:
  Ram ram{kBase, kRamSize};
  VirtQueue q{ram};

  void start(bool event_idx = false, bool indirect = true, uint16_t size = kSize) {
    q.start({size, kDesc, kAvail, kUsed}, event_idx, indirect);
  }
  void entry(uint64_t table, unsigned i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next = 0) {
    uint8_t d[16];
    std::memcpy(d, &addr, 8);
    std::memcpy(d + 8, &len, 4);
    std::memcpy(d + 12, &flags, 2);
    std::memcpy(d + 14, &next, 2);
    ram.write(table + 16ull * i, d, 16);
  }
  void desc(unsigned i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next = 0) {
    entry(kDesc, i, addr, len, flags, next);
  }
  uint16_t avail_idx = 0;
  void make_available(uint16_t head, uint16_t size = kSize) {
    put16(kAvail + 4 + 2 * (avail_idx % size), head);
    put16(kAvail + 2, ++avail_idx);
  }
  void put16(uint64_t pa, uint16_t v) { ram.write(pa, &v, 2); }
  uint16_t get16(uint64_t pa) {
    uint16_t v;
    ram.read(pa, &v, 2);
    return v;
  }
  uint32_t get32(uint64_t pa) {
    uint32_t v;
    ram.read(pa, &v, 4);
    return v;
  }
  void expect_broken(const char* why) {
    VirtChain chain;
    EXPECT_EQ(q.pop(chain), VirtQueue::Pop::kBroken);
    EXPECT_TRUE(q.broken());
    EXPECT_NE(q.error().find(why), std::string::npos) << q.error();
  }
};

TEST_F(VirtQueueTest, EmptyQueueGivesNothing) {
  start();
  VirtChain chain;
  EXPECT_EQ(q.pop(chain), VirtQueue::Pop::kEmpty);
  EXPECT_FALSE(q.broken());
}

TEST_F(VirtQueueTest, ChainSplitsIntoReadableThenWritable) {
  start();
  desc(0, kData, 16, N, 5);
  desc(5, kData + 0x100, 512, N | W, 9);
  desc(9, kData + 0x400, 1, W);
  make_available(0);
  VirtChain chain;
  ASSERT_EQ(q.pop(chain), VirtQueue::Pop::kChain);
  EXPECT_EQ(chain.head, 0);
  ASSERT_EQ(chain.readable.size(), 1u);
  ASSERT_EQ(chain.writable.size(), 2u);
  EXPECT_EQ(chain.readable[0].addr, kData);
  EXPECT_EQ(chain.writable[1].addr, kData + 0x400);
  EXPECT_EQ(chain.readable_bytes, 16u);
  EXPECT_EQ(chain.writable_bytes, 513u);
  EXPECT_EQ(q.pop(chain), VirtQueue::Pop::kEmpty);

  q.push(chain.head, 513);
  EXPECT_EQ(get16(kUsed + 2), 1);
  EXPECT_EQ(get32(kUsed + 4), 0u);
  EXPECT_EQ(get32(kUsed + 8), 513u);
}

TEST_F(VirtQueueTest, ChainAsLongAsTheQueueIsAccepted) {
  start();
  for (unsigned i = 0; i < kSize; ++i) desc(i, kData + i, 1, i + 1 < kSize ? N : 0, i + 1);
  make_available(0);
  VirtChain chain;
  ASSERT_EQ(q.pop(chain), VirtQueue::Pop::kChain);
  EXPECT_EQ(chain.readable.size(), kSize);
}

TEST_F(VirtQueueTest, IndirectTable) {
  start();
  const uint64_t table = kData + 0x8000;
  entry(table, 0, kData, 16, N, 1);
  entry(table, 1, kData + 0x100, 4096, N | W, 2);
  entry(table, 2, kData + 0x2000, 1, W);
  desc(3, table, 3 * 16, I);
  make_available(3);
  VirtChain chain;
  ASSERT_EQ(q.pop(chain), VirtQueue::Pop::kChain);
  EXPECT_EQ(chain.head, 3);
  EXPECT_EQ(chain.readable_bytes, 16u);
  EXPECT_EQ(chain.writable_bytes, 4097u);
}

TEST_F(VirtQueueTest, DirectDescriptorsThenAnIndirectTable) {
  // 2.7.5.3.2: zero or more normal descriptors followed by one indirect one.
  start();
  const uint64_t table = kData + 0x8000;
  entry(table, 0, kData + 0x100, 8, W);
  desc(0, kData, 16, N, 1);
  desc(1, table, 16, I | W);  // the WRITE flag of a table descriptor is ignored
  make_available(0);
  VirtChain chain;
  ASSERT_EQ(q.pop(chain), VirtQueue::Pop::kChain);
  EXPECT_EQ(chain.readable_bytes, 16u);
  EXPECT_EQ(chain.writable_bytes, 8u);
}

TEST_F(VirtQueueTest, LoopIsBroken) {
  start();
  desc(0, kData, 1, N, 1);
  desc(1, kData, 1, N, 0);
  make_available(0);
  expect_broken("longer than 16");
}

TEST_F(VirtQueueTest, SelfLoopIsBroken) {
  start();
  desc(7, kData, 1, N, 7);
  make_available(7);
  expect_broken("longer than 16");
}

TEST_F(VirtQueueTest, BufferOutsideRamIsBroken) {
  start();
  desc(0, 0x1000, 16, 0);
  make_available(0);
  expect_broken("outside RAM");
}

TEST_F(VirtQueueTest, BufferCrossingTheEndOfRamIsBroken) {
  start();
  desc(0, kBase + kRamSize - 4, 8, W);
  make_available(0);
  expect_broken("outside RAM");
}

TEST_F(VirtQueueTest, HugeLengthIsBroken) {
  start();
  desc(0, kData, 0xFFFF'FFFF, W);
  make_available(0);
  expect_broken("outside RAM");
}

TEST_F(VirtQueueTest, AddressThatWrapsAroundIsBroken) {
  start();
  desc(0, ~0ull - 8, 64, 0);
  make_available(0);
  expect_broken("outside RAM");
}

TEST_F(VirtQueueTest, NextOutsideTheTableIsBroken) {
  start();
  desc(0, kData, 1, N, kSize);
  make_available(0);
  expect_broken("next 16");
}

TEST_F(VirtQueueTest, HeadOutsideTheTableIsBroken) {
  start();
  make_available(999);
  expect_broken("head 999");
}

TEST_F(VirtQueueTest, ReadableAfterWritableIsBroken) {
  start();
  desc(0, kData, 1, N | W, 1);
  desc(1, kData, 1, 0);
  make_available(0);
  expect_broken("follows a device-writable");
}

TEST_F(VirtQueueTest, NestedIndirectIsBroken) {
  start();
  const uint64_t t1 = kData + 0x8000, t2 = kData + 0x9000;
  entry(t2, 0, kData, 1, 0);
  entry(t1, 0, t2, 16, I);
  desc(0, t1, 16, I);
  make_available(0);
  expect_broken("inside an indirect table");
}

TEST_F(VirtQueueTest, IndirectWithoutTheFeatureIsBroken) {
  start(false, /*indirect=*/false);
  entry(kData + 0x8000, 0, kData, 1, 0);
  desc(0, kData + 0x8000, 16, I);
  make_available(0);
  expect_broken("INDIRECT_DESC is off");
}

TEST_F(VirtQueueTest, IndirectWithNextIsBroken) {
  start();
  entry(kData + 0x8000, 0, kData, 1, 0);
  desc(0, kData + 0x8000, 16, I | N, 1);
  make_available(0);
  expect_broken("both INDIRECT and NEXT");
}

TEST_F(VirtQueueTest, IndirectTableOfOddLengthIsBroken) {
  start();
  desc(0, kData + 0x8000, 24, I);
  make_available(0);
  expect_broken("indirect table of 24 bytes");
}

TEST_F(VirtQueueTest, EmptyIndirectTableIsBroken) {
  start();
  desc(0, kData + 0x8000, 0, I);
  make_available(0);
  expect_broken("indirect table of 0 bytes");
}

TEST_F(VirtQueueTest, IndirectTableOutsideRamIsBroken) {
  start();
  desc(0, kBase + kRamSize - 16, 32, I);
  make_available(0);
  expect_broken("outside RAM");
}

TEST_F(VirtQueueTest, LoopInsideIndirectTableIsBroken) {
  start();
  const uint64_t table = kData + 0x8000;
  entry(table, 0, kData, 1, N, 1);
  entry(table, 1, kData, 1, N, 2);
  entry(table, 2, kData, 1, N, 0);
  desc(0, table, 48, I);
  make_available(0);
  expect_broken("indirect chain from head 0 is longer than 3");
}

TEST_F(VirtQueueTest, IndirectNextOutsideItsTableIsBroken) {
  start();
  const uint64_t table = kData + 0x8000;
  entry(table, 0, kData, 1, N, 2);
  desc(0, table, 32, I);
  make_available(0);
  expect_broken("outside the 2-entry indirect table");
}

TEST_F(VirtQueueTest, AvailableIndexRunningAheadIsBroken) {
  start();
  put16(kAvail + 2, kSize + 1);
  expect_broken("more than the queue size");
}

TEST_F(VirtQueueTest, BrokenQueueStaysBrokenAndWritesNothing) {
  start();
  desc(0, 0, 1, 0);
  make_available(0);
  expect_broken("outside RAM");
  desc(1, kData, 1, 0);
  make_available(1);
  VirtChain chain;
  EXPECT_EQ(q.pop(chain), VirtQueue::Pop::kBroken);
  q.push(1, 1);
  EXPECT_EQ(get16(kUsed + 2), 0);
  EXPECT_FALSE(q.needs_interrupt());
  q.stop();
  start();
  EXPECT_FALSE(q.broken());
}

TEST_F(VirtQueueTest, BadLayoutsBreakTheQueueAtStart) {
  q.start({12, kDesc, kAvail, kUsed}, false, true);
  EXPECT_TRUE(q.broken());
  EXPECT_NE(q.error().find("power of 2"), std::string::npos);
  q.start({kSize, kBase + kRamSize - 64, kAvail, kUsed}, false, true);
  EXPECT_NE(q.error().find("descriptor table"), std::string::npos);
  q.start({kSize, kDesc, kAvail + 1, kUsed}, false, true);
  EXPECT_NE(q.error().find("available ring"), std::string::npos);
  q.start({kSize, kDesc, kAvail, kUsed + 2}, false, true);
  EXPECT_NE(q.error().find("used ring"), std::string::npos);
  q.start({kSize, kDesc, kAvail, 0x10}, false, true);
  EXPECT_NE(q.error().find("used ring"), std::string::npos);
  VirtChain chain;
  EXPECT_EQ(q.pop(chain), VirtQueue::Pop::kBroken);
}

TEST_F(VirtQueueTest, IndicesWrapAround) {
  start();
  desc(0, kData, 4, W);
  // Start both indices just below the 16-bit wrap: the driver's first index is its own choice
  // only after a reset, but running through 70000 requests crosses the wrap anyway.
  VirtChain chain;
  for (unsigned n = 0; n < 70000; ++n) {
    make_available(0);
    ASSERT_EQ(q.pop(chain), VirtQueue::Pop::kChain) << n;
    q.push(chain.head, 4);
  }
  EXPECT_EQ(get16(kUsed + 2), static_cast<uint16_t>(70000));
}

TEST_F(VirtQueueTest, NoInterruptFlagSuppressesNotifications) {
  start();
  desc(0, kData, 4, W);
  make_available(0);
  VirtChain chain;
  ASSERT_EQ(q.pop(chain), VirtQueue::Pop::kChain);
  q.push(chain.head, 4);
  EXPECT_TRUE(q.needs_interrupt());
  EXPECT_FALSE(q.needs_interrupt());  // nothing new
  put16(kAvail, VirtQueue::kAvailNoInterrupt);
  make_available(0);
  ASSERT_EQ(q.pop(chain), VirtQueue::Pop::kChain);
  q.push(chain.head, 4);
  EXPECT_FALSE(q.needs_interrupt());
}

// DRIVER_OK looks at every queue; a queue that used nothing must not interrupt (QEMU does not,
// and a driver such as xv6's takes the interrupt before its own set-up is complete).
TEST_F(VirtQueueTest, NothingUsedSinceTheStartNeedsNoInterrupt) {
  for (const bool event_idx : {false, true}) {
    start(event_idx);
    EXPECT_FALSE(q.needs_interrupt()) << event_idx;
    desc(0, kData, 4, W);
    make_available(0);
    VirtChain chain;
    ASSERT_EQ(q.pop(chain), VirtQueue::Pop::kChain);
    q.push(chain.head, 4);
    EXPECT_TRUE(q.needs_interrupt()) << event_idx;
  }
}

TEST_F(VirtQueueTest, EventIndexDecidesNotifications) {
  start(/*event_idx=*/true);
  desc(0, kData, 4, W);
  const uint64_t used_event = kAvail + 4 + 2 * kSize, avail_event = kUsed + 4 + 8 * kSize;
  VirtChain chain;
  // The driver wants to hear when the entry at index 2 is used (used idx reaches 3).
  put16(used_event, 2);
  for (int n = 0; n < 4; ++n) {
    make_available(0);
    ASSERT_EQ(q.pop(chain), VirtQueue::Pop::kChain);
    q.push(chain.head, 4);
    const bool first = n == 0;  // the first decision always notifies
    EXPECT_EQ(q.needs_interrupt(), first || n == 2) << n;
  }
  // An empty queue asks for a notification at the next available entry.
  EXPECT_EQ(q.pop(chain), VirtQueue::Pop::kEmpty);
  EXPECT_EQ(get16(avail_event), 4);
  // Several pushes before one decision: notify when used_event was crossed by any of them.
  put16(used_event, 5);
  for (int n = 0; n < 3; ++n) {
    make_available(0);
    ASSERT_EQ(q.pop(chain), VirtQueue::Pop::kChain);
    q.push(chain.head, 4);
  }
  EXPECT_TRUE(q.needs_interrupt());
}

TEST_F(VirtQueueTest, ReaderAndWriterCrossBuffers) {
  start();
  const char text[] = "hello, virtqueue";
  ram.write(kData, text, 5);
  ram.write(kData + 0x100, text + 5, sizeof text - 5);
  desc(0, kData, 5, N, 1);
  desc(1, kData + 0x100, static_cast<uint32_t>(sizeof text - 5), N, 2);
  desc(2, kData + 0x200, 3, N | W, 3);
  desc(3, kData + 0x300, 100, W);
  make_available(0);
  VirtChain chain;
  ASSERT_EQ(q.pop(chain), VirtQueue::Pop::kChain);
  char out[sizeof text] = {};
  ChainReader reader(ram, chain);
  EXPECT_EQ(reader.skip(2), 2u);
  EXPECT_EQ(reader.read(out, 100), sizeof text - 2);
  EXPECT_STREQ(out, text + 2);

  // A device write into a page holding decoded code invalidates that code.
  ram.mark_code(kData + 0x300);
  const uint32_t generation = ram.code_generation(kData + 0x300);
  ChainWriter writer(ram, chain);
  EXPECT_EQ(writer.write("abcdef", 6), 6u);
  char got[7] = {};
  ram.read(kData + 0x200, got, 3);
  ram.read(kData + 0x300, got + 3, 3);
  EXPECT_STREQ(got, "abcdef");
  EXPECT_NE(ram.code_generation(kData + 0x300), generation);
}

TEST_F(VirtQueueTest, IovecsCoverARangeAcrossBuffers) {
  Ram& r = ram;
  std::vector<VirtBuffer> buffers{{kData, 10}, {kData + 100, 20}, {kData + 200, 30}};
  std::vector<iovec> iov;
  ASSERT_TRUE(chain_iovecs(r, buffers, 5, 30, iov));
  ASSERT_EQ(iov.size(), 3u);
  EXPECT_EQ(iov[0].iov_base, r.ptr(kData + 5));
  EXPECT_EQ(iov[0].iov_len, 5u);
  EXPECT_EQ(iov[1].iov_len, 20u);
  EXPECT_EQ(iov[2].iov_base, r.ptr(kData + 200));
  EXPECT_EQ(iov[2].iov_len, 5u);
  EXPECT_FALSE(chain_iovecs(r, buffers, 50, 11, iov));
}

// Whatever the guest writes into its rings, the queue never hands out a buffer outside RAM
// and never loops forever (run under the asan preset this also checks every host access).
TEST_F(VirtQueueTest, RandomRingsNeverEscapeRam) {
  std::mt19937_64 rng(12345);
  const uint64_t targets[] = {kBase, kData, kData + 0x8000, kBase + kRamSize - 16, 0, ~0ull - 100, kDesc};
  for (int round = 0; round < 3000; ++round) {
    start(round & 1, round & 2);
    avail_idx = 0;
    for (unsigned i = 0; i < kSize; ++i) {
      desc(i, targets[rng() % std::size(targets)] + rng() % 64,
           static_cast<uint32_t>(rng() % 4 ? rng() % 300 : rng()), static_cast<uint16_t>(rng() % 8),
           static_cast<uint16_t>(rng() % (kSize + 2)));
    }
    for (unsigned i = 0; i < 16; ++i) {
      entry(kData + 0x8000, i, targets[rng() % std::size(targets)], static_cast<uint32_t>(rng() % 300),
            static_cast<uint16_t>(rng() % 8), static_cast<uint16_t>(rng() % 18));
    }
    for (unsigned n = 0; n < 8; ++n) make_available(static_cast<uint16_t>(rng() % (kSize + 1)));
    if (rng() % 4 == 0) put16(kAvail + 2, static_cast<uint16_t>(rng()));
    VirtChain chain;
    for (int n = 0; n < 10; ++n) {
      const auto result = q.pop(chain);
      if (result != VirtQueue::Pop::kChain) break;
      for (const auto* list : {&chain.readable, &chain.writable}) {
        for (const VirtBuffer& b : *list) ASSERT_TRUE(ram.contains(b.addr, b.len));
      }
      q.push(chain.head, 0);
    }
    q.stop();
    std::vector<uint8_t> zeros(0x3000, 0);
    ram.write(kBase, zeros.data(), zeros.size());
  }
}

}  // namespace
}  // namespace microvm::devices
