// The virtio-mmio transport: registers, feature negotiation, queues, interrupts, errors.
#include "devices/virtio/virtio_mmio.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "unit/virtio_driver.h"

namespace microvm::devices {
namespace {

using testing::VirtioDriver;
constexpr uint64_t kBase = 0x8000'0000, kRamSize = 4 << 20;

// Copies each chain's readable bytes into its writable ones: a device small enough to test
// the transport with.
class EchoDevice : public VirtioDevice {
 public:
  EchoDevice() { config_ = {1, 2, 3, 4, 5, 6, 7, 8}; }
  std::string_view name() const override { return "echo"; }
  uint32_t device_id() const override { return 42; }
  uint64_t device_features() const override { return virtio::bit(3); }
  unsigned queue_count() const override { return 2; }
  uint16_t queue_max_size(unsigned) const override { return 64; }
  void queue_notified(unsigned queue) override {
    VirtQueue& q = transport().queue(queue);
    VirtChain chain;
    while (q.pop(chain) == VirtQueue::Pop::kChain) {
      std::string bytes(chain.readable_bytes, '\0');
      ChainReader(transport().ram(), chain).read(bytes.data(), bytes.size());
      ChainWriter writer(transport().ram(), chain);
      writer.write(bytes.data(), bytes.size());
      q.push(chain.head, static_cast<uint32_t>(writer.written()));
      ++served;
    }
  }
  void started() override { ++starts; }
  void reset() override { ++resets; }
  void config_written(uint64_t offset, unsigned size) override { last_config_write = {offset, size}; }

  std::atomic<int> served{0};
  int starts = 0, resets = 0;
  std::pair<uint64_t, unsigned> last_config_write{~0ull, 0};
};

class VirtioMmioTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto model = std::make_unique<EchoDevice>();
    echo = model.get();
    dev = std::make_unique<VirtioMmio>(ram, 0x1000'1000, IrqLine([this](bool level) {
                                         irq = level;
                                         ++signals;
                                       }),
                                       std::move(model), legacy());
    driver = std::make_unique<VirtioDriver>(ram, *dev);
  }
  virtual bool legacy() const { return false; }

  uint64_t kFeatures = virtio::bit(virtio::kFeatureVersion1) | virtio::bit(virtio::kFeatureIndirectDesc);

  Ram ram{kBase, kRamSize};
  bool irq = false;
  int signals = 0;  // every IrqLine::set, which the PLIC pends on when high
  EchoDevice* echo;
  std::unique_ptr<VirtioMmio> dev;
  std::unique_ptr<VirtioDriver> driver;
};

TEST_F(VirtioMmioTest, IdentifiesItselfLikeQemu) {
  EXPECT_EQ(driver->reg(VirtioMmio::kMagicValue), 0x74726976u);
  EXPECT_EQ(driver->reg(VirtioMmio::kVersion), 2u);
  EXPECT_EQ(driver->reg(VirtioMmio::kDeviceId), 42u);
  EXPECT_EQ(driver->reg(VirtioMmio::kVendorId), 0x554D4551u);
  EXPECT_EQ(dev->name(), "echo@0x10001000");
}

TEST(VirtioMmioEmptySlot, ReadsAsNoDevice) {
  Ram ram{kBase, kRamSize};
  VirtioMmio empty(ram, 0x1000'8000, IrqLine(), nullptr, false);
  VirtioDriver driver(ram, empty);
  EXPECT_EQ(driver.reg(VirtioMmio::kMagicValue), 0x74726976u);
  EXPECT_EQ(driver.reg(VirtioMmio::kVersion), 2u);
  EXPECT_EQ(driver.reg(VirtioMmio::kDeviceId), 0u);
  EXPECT_EQ(driver.reg(VirtioMmio::kVendorId), 0x554D4551u);
  driver.set(VirtioMmio::kStatus, 1);
  EXPECT_EQ(driver.reg(VirtioMmio::kStatus), 0u);
  EXPECT_EQ(driver.reg(VirtioMmio::kQueueNumMax), 0u);
}

TEST_F(VirtioMmioTest, OffersRingFeaturesAndVersion1) {
  const uint64_t f = driver->device_features();
  EXPECT_EQ(f, virtio::bit(3) | virtio::bit(virtio::kFeatureIndirectDesc) |
                   virtio::bit(virtio::kFeatureEventIdx) | virtio::bit(virtio::kFeatureVersion1));
}

// As QEMU: the modern transport takes a driver that negotiates only the low word (xv6), and
// bits it did not offer are dropped rather than refused.
TEST_F(VirtioMmioTest, FeaturesOkWithoutVersion1IsAccepted) {
  EXPECT_TRUE(driver->negotiate(virtio::bit(3)));
  EXPECT_EQ(dev->negotiated_features(), virtio::bit(3));
  EXPECT_EQ(driver->reg(VirtioMmio::kStatus) & virtio::kFeaturesOk, virtio::kFeaturesOk);
}

TEST_F(VirtioMmioTest, FeaturesNotOfferedAreDropped) {
  EXPECT_TRUE(driver->negotiate(virtio::bit(virtio::kFeatureVersion1) | virtio::bit(7) | virtio::bit(3)));
  EXPECT_EQ(dev->negotiated_features(), virtio::bit(virtio::kFeatureVersion1) | virtio::bit(3));
}

TEST_F(VirtioMmioTest, FeaturesAreFixedAfterFeaturesOk) {
  EXPECT_TRUE(driver->negotiate(virtio::bit(virtio::kFeatureVersion1) | virtio::bit(3)));
  EXPECT_EQ(dev->negotiated_features(), virtio::bit(virtio::kFeatureVersion1) | virtio::bit(3));
  // Features are fixed after FEATURES_OK.
  driver->set(VirtioMmio::kDriverFeaturesSel, 0);
  driver->set(VirtioMmio::kDriverFeatures, 0);
  EXPECT_EQ(dev->negotiated_features(), virtio::bit(virtio::kFeatureVersion1) | virtio::bit(3));
}

TEST_F(VirtioMmioTest, ConfigSpaceReadsAndWritesAnyWidth) {
  uint64_t v;
  dev->read(VirtioMmio::kConfig + 1, 1, v);
  EXPECT_EQ(v, 2u);
  dev->read(VirtioMmio::kConfig + 2, 2, v);
  EXPECT_EQ(v, 0x0403u);
  dev->read(VirtioMmio::kConfig, 8, v);
  EXPECT_EQ(v, 0x0807060504030201u);
  dev->read(VirtioMmio::kConfig + 6, 4, v);  // past the end reads zero
  EXPECT_EQ(v, 0x0807u);
  dev->write(VirtioMmio::kConfig + 4, 2, 0xBBAA);
  dev->read(VirtioMmio::kConfig + 4, 2, v);
  EXPECT_EQ(v, 0xBBAAu);
  EXPECT_EQ(echo->last_config_write, std::make_pair(uint64_t{4}, 2u));
}

TEST_F(VirtioMmioTest, NarrowRegisterAccessesReadZeroAndDoNotFault) {
  uint64_t v = 123;
  EXPECT_TRUE(dev->read(VirtioMmio::kMagicValue, 2, v));
  EXPECT_EQ(v, 0u);
  EXPECT_TRUE(dev->write(VirtioMmio::kStatus, 1, 1));
  EXPECT_EQ(driver->reg(VirtioMmio::kStatus), 0u);
}

TEST_F(VirtioMmioTest, RequestRoundTripRaisesAndAcknowledgesTheInterrupt) {
  ASSERT_TRUE(driver->negotiate(kFeatures));
  EXPECT_EQ(driver->reg(VirtioMmio::kQueueNumMax), 64u);
  driver->setup_queue(0, 16);
  EXPECT_EQ(driver->reg(VirtioMmio::kQueueReady), 1u);
  driver->driver_ok();
  EXPECT_EQ(echo->starts, 1);
  const uint64_t in = driver->put("ping", 4), out = driver->alloc(4);
  const uint16_t head = driver->submit(0, {{in, 4, false}, {out, 4, true}});
  const auto used = driver->take_used(0);
  ASSERT_TRUE(used);
  EXPECT_EQ(used->id, head);
  EXPECT_EQ(used->len, 4u);
  EXPECT_EQ(driver->get(out, 4), "ping");
  EXPECT_TRUE(irq);
  EXPECT_EQ(driver->ack(), VirtioMmio::kInterruptUsedBuffer);
  EXPECT_FALSE(irq);
}

// QEMU signals the line on every notification and every InterruptACK, and its PLIC pends on
// each signal: a driver that acknowledged one bit of two hears of the other after completing.
TEST_F(VirtioMmioTest, EveryNotificationAndAcknowledgementSignalsTheLine) {
  ASSERT_TRUE(driver->negotiate(kFeatures));
  driver->setup_queue(0, 16);
  driver->driver_ok();
  const uint64_t in = driver->put("x", 1), out = driver->alloc(1);
  signals = 0;
  driver->submit(0, {{in, 1, false}, {out, 1, true}});
  EXPECT_EQ(signals, 1);
  driver->submit(0, {{in, 1, false}, {out, 1, true}});
  EXPECT_EQ(signals, 2);  // the line was already high: signalled again
  EXPECT_TRUE(irq);
  dev->config_changed();
  EXPECT_EQ(signals, 3);
  driver->set(VirtioMmio::kInterruptAck, VirtioMmio::kInterruptUsedBuffer);
  EXPECT_EQ(signals, 4);
  EXPECT_TRUE(irq);  // the configuration change is still unacknowledged
  driver->set(VirtioMmio::kInterruptAck, VirtioMmio::kInterruptConfigChange);
  EXPECT_FALSE(irq);
}

TEST_F(VirtioMmioTest, NotificationsBeforeDriverOkWaitForIt) {
  ASSERT_TRUE(driver->negotiate(kFeatures));
  driver->setup_queue(0, 16);
  const uint64_t in = driver->put("x", 1), out = driver->alloc(1);
  driver->submit(0, {{in, 1, false}, {out, 1, true}});
  EXPECT_EQ(echo->served, 0);
  driver->driver_ok();
  EXPECT_EQ(echo->served, 1);
}

TEST_F(VirtioMmioTest, IndirectChainsWork) {
  ASSERT_TRUE(driver->negotiate(kFeatures));
  driver->setup_queue(1, 8);
  driver->driver_ok();
  std::vector<VirtioDriver::Buf> bufs;
  for (int i = 0; i < 20; ++i) bufs.push_back({driver->put("ab", 2), 2, false});
  const uint64_t out = driver->alloc(40);
  bufs.push_back({out, 40, true});
  driver->submit(1, bufs, /*indirect=*/true);
  ASSERT_TRUE(driver->take_used(1));
  std::string expected;
  for (int i = 0; i < 20; ++i) expected += "ab";
  EXPECT_EQ(driver->get(out, 40), expected);
}

TEST_F(VirtioMmioTest, MalformedChainSetsNeedsResetAndInterrupts) {
  ASSERT_TRUE(driver->negotiate(kFeatures));
  driver->setup_queue(0, 16);
  driver->driver_ok();
  driver->ack();
  driver->submit(0, {{0x1000, 16, false}});  // outside RAM
  EXPECT_TRUE(driver->reg(VirtioMmio::kStatus) & virtio::kNeedsReset);
  EXPECT_TRUE(irq);
  EXPECT_EQ(driver->ack(), VirtioMmio::kInterruptConfigChange);
  // Further notifications are ignored until the driver resets the device.
  const uint64_t in = driver->put("x", 1), out = driver->alloc(1);
  driver->submit(0, {{in, 1, false}, {out, 1, true}});
  EXPECT_EQ(echo->served, 0);
  driver->set(VirtioMmio::kStatus, 0);
  EXPECT_EQ(driver->reg(VirtioMmio::kStatus), 0u);
  EXPECT_EQ(echo->resets, 2);  // negotiate() reset it first
  EXPECT_EQ(driver->reg(VirtioMmio::kQueueReady), 0u);
}

TEST_F(VirtioMmioTest, RingOutsideRamSetsNeedsReset) {
  ASSERT_TRUE(driver->negotiate(kFeatures));
  driver->set(VirtioMmio::kQueueSel, 0);
  driver->set(VirtioMmio::kQueueNum, 16);
  driver->set(VirtioMmio::kQueueDescLow, 0x1000);
  driver->set(VirtioMmio::kQueueReady, 1);
  EXPECT_TRUE(driver->reg(VirtioMmio::kStatus) & virtio::kNeedsReset);
}

TEST_F(VirtioMmioTest, QueueLargerThanTheMaximumSetsNeedsReset) {
  ASSERT_TRUE(driver->negotiate(kFeatures));
  driver->setup_queue(0, 128);  // QueueNumMax is 64
  EXPECT_TRUE(driver->reg(VirtioMmio::kStatus) & virtio::kNeedsReset);
}

TEST_F(VirtioMmioTest, TwoHartsNotifyingAtOnceLoseNothing) {
  ASSERT_TRUE(driver->negotiate(kFeatures));
  driver->setup_queue(0, 64);
  driver->driver_ok();
  const uint64_t in = driver->put("x", 1), out = driver->alloc(64);
  for (int i = 0; i < 32; ++i)
    driver->submit(0, {{in, 1, false}, {out + i, 1, true}}, false, /*notify=*/false);
  std::atomic<bool> go{false};
  auto hart = [&] {
    while (!go) {
    }
    for (int i = 0; i < 1000; ++i) driver->set(VirtioMmio::kQueueNotify, 0);
  };
  std::thread a(hart), b(hart);
  go = true;
  a.join();
  b.join();
  EXPECT_EQ(echo->served, 32);
  int used = 0;
  while (driver->take_used(0)) ++used;
  EXPECT_EQ(used, 32);
}

class LegacyVirtioMmioTest : public VirtioMmioTest {
 protected:
  bool legacy() const override { return true; }
};

TEST_F(LegacyVirtioMmioTest, Version1WithPfnQueues) {
  EXPECT_EQ(driver->reg(VirtioMmio::kVersion), 1u);
  driver->set(VirtioMmio::kDeviceFeaturesSel, 0);
  EXPECT_EQ(driver->reg(VirtioMmio::kDeviceFeatures), virtio::bit(3) |
                                                          virtio::bit(virtio::kFeatureIndirectDesc) |
                                                          virtio::bit(virtio::kFeatureEventIdx));
  driver->set(VirtioMmio::kDeviceFeaturesSel, 1);
  EXPECT_EQ(driver->reg(VirtioMmio::kDeviceFeatures), 0u);  // no VERSION_1 for a legacy driver
  driver->set(VirtioMmio::kStatus, virtio::kAcknowledge | virtio::kDriver);
  driver->set(VirtioMmio::kGuestPageSize, 4096);
  driver->set(VirtioMmio::kQueueSel, 0);
  driver->set(VirtioMmio::kQueueNum, 8);
  driver->set(VirtioMmio::kQueueAlign, 4096);
  // The legacy layout: table at PFN * page size, avail right after, used at the next 4 KiB.
  const uint64_t area = driver->alloc(0x3000, 4096);
  driver->set(VirtioMmio::kQueuePfn, static_cast<uint32_t>(area >> 12));
  EXPECT_EQ(driver->reg(VirtioMmio::kQueuePfn), area >> 12);
  driver->set(VirtioMmio::kStatus, virtio::kAcknowledge | virtio::kDriver | virtio::kDriverOk);
  const VirtQueue::Layout& layout = dev->queue(0).layout();
  EXPECT_EQ(layout.desc, area);
  EXPECT_EQ(layout.avail, area + 8 * 16);
  EXPECT_EQ(layout.used, area + 0x1000);

  const uint64_t in = driver->put("legacy", 6), out = driver->alloc(6);
  driver->write_desc(layout.desc, 0, {in, 6, false}, true, 1);
  driver->write_desc(layout.desc, 1, {out, 6, true}, false, 0);
  const uint16_t head = 0, idx = 1;
  ram.write(layout.avail + 4, &head, 2);
  ram.write(layout.avail + 2, &idx, 2);
  driver->set(VirtioMmio::kQueueNotify, 0);
  EXPECT_EQ(driver->get(out, 6), "legacy");
  EXPECT_TRUE(irq);
  driver->set(VirtioMmio::kQueuePfn, 0);
  EXPECT_FALSE(dev->queue(0).running());
}

}  // namespace
}  // namespace microvm::devices
