// virtio-blk, -net, -console and -rng models behind the transport, driven like a guest would.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "devices/virtio/virtio_blk.h"
#include "devices/virtio/virtio_console.h"
#include "devices/virtio/virtio_net.h"
#include "devices/virtio/virtio_rng.h"
#include "unit/virtio_driver.h"

namespace microvm::devices {
namespace {

using testing::VirtioDriver;
constexpr uint64_t kBase = 0x8000'0000, kRamSize = 8 << 20;
constexpr uint64_t kVersion1 = virtio::bit(virtio::kFeatureVersion1);

// A temporary file that disappears with the test.
class TempFile {
 public:
  explicit TempFile(uint64_t size) {
    std::string name = (std::filesystem::temp_directory_path() / "microvm-test-XXXXXX").string();
    const int fd = mkstemp(name.data());
    path_ = name;
    if (ftruncate(fd, static_cast<off_t>(size)) != 0) std::abort();
    close(fd);
  }
  ~TempFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }
  std::string read(uint64_t offset, size_t len) const {
    std::string s(len, '\0');
    std::ifstream f(path_, std::ios::binary);
    f.seekg(static_cast<std::streamoff>(offset));
    f.read(s.data(), static_cast<std::streamsize>(len));
    return s;
  }
  void write(uint64_t offset, const std::string& bytes) const {
    std::fstream f(path_, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(static_cast<std::streamoff>(offset));
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

 private:
  std::string path_;
};

// --- virtio-blk ---

struct BlkRequest {
  uint32_t type, reserved = 0;
  uint64_t sector;
};

class VirtioBlkTest : public ::testing::Test {
 protected:
  void attach(DiskImage& disk) {
    auto model = std::make_unique<VirtioBlk>(disk, "serial-0123456789abcdefXYZ");
    dev = std::make_unique<VirtioMmio>(ram, 0x1000'1000, IrqLine(), std::move(model), false);
    driver = std::make_unique<VirtioDriver>(ram, *dev);
    ASSERT_TRUE(driver->negotiate(kVersion1 | virtio::bit(virtio::kFeatureIndirectDesc)));
    driver->setup_queue(0, 256);
    driver->driver_ok();
  }
  void SetUp() override {
    disk = DiskImage::open(file.path(), false);
    attach(*disk);
  }

  // Sends a request whose data is split into `segments` buffers; returns the status byte.
  uint8_t request(uint32_t type, uint64_t sector, uint64_t data, uint32_t len, bool data_writable,
                  unsigned segments = 1, bool indirect = false, uint32_t* used_len = nullptr) {
    const BlkRequest header{type, 0, sector};
    std::vector<VirtioDriver::Buf> bufs{{driver->put(&header, sizeof header), sizeof header, false}};
    const uint32_t piece = segments ? len / segments : 0;
    for (unsigned i = 0; i < segments; ++i) {
      const uint32_t n = i + 1 == segments ? len - piece * i : piece;
      bufs.push_back({data + piece * i, n, data_writable});
    }
    const uint64_t status = driver->alloc(1);
    uint8_t poison = 0xEE;
    ram.write(status, &poison, 1);
    bufs.push_back({status, 1, true});
    driver->submit(0, bufs, indirect);
    const auto used = driver->take_used(0);
    EXPECT_TRUE(used);
    if (used && used_len) *used_len = used->len;
    uint8_t s;
    ram.read(status, &s, 1);
    return s;
  }

  uint64_t config64(unsigned offset) {
    uint64_t v;
    dev->read(VirtioMmio::kConfig + offset, 8, v);
    return v;
  }
  uint32_t config32(unsigned offset) {
    uint64_t v;
    dev->read(VirtioMmio::kConfig + offset, 4, v);
    return static_cast<uint32_t>(v);
  }

  TempFile file{1 << 20};
  Ram ram{kBase, kRamSize};
  std::unique_ptr<DiskImage> disk;
  std::unique_ptr<VirtioMmio> dev;
  std::unique_ptr<VirtioDriver> driver;
};

TEST_F(VirtioBlkTest, ConfigDescribesTheImage) {
  EXPECT_EQ(driver->reg(VirtioMmio::kDeviceId), 2u);
  EXPECT_EQ(config64(0), 2048u);  // 1 MiB in sectors
  EXPECT_EQ(config32(12), 254u);  // seg_max
  EXPECT_EQ(config32(20), 512u);  // blk_size
  const uint64_t f = driver->device_features();
  EXPECT_TRUE(f & virtio::bit(VirtioBlk::kFlushFeature));
  EXPECT_TRUE(f & virtio::bit(VirtioBlk::kDiscardFeature));
  EXPECT_TRUE(f & virtio::bit(VirtioBlk::kWriteZeroesFeature));
  EXPECT_FALSE(f & virtio::bit(VirtioBlk::kReadOnly));
}

TEST_F(VirtioBlkTest, ReadsWithManySegments) {
  std::string pattern;
  for (int i = 0; i < 8192; ++i) pattern.push_back(static_cast<char>(i * 7 + i / 256));
  file.write(3 * 512, pattern);
  for (unsigned segments : {1u, 3u, 16u, 100u}) {
    for (bool indirect : {false, true}) {
      const uint64_t buffer = driver->alloc(8192);
      uint32_t used = 0;
      EXPECT_EQ(request(VirtioBlk::kIn, 3, buffer, 8192, true, segments, indirect, &used), VirtioBlk::kOk);
      EXPECT_EQ(used, 8193u);
      EXPECT_EQ(driver->get(buffer, 8192), pattern) << segments << " segments";
    }
  }
}

TEST_F(VirtioBlkTest, WritesWithManySegmentsReachTheFile) {
  std::string data(4096 * 3, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>('a' + i % 23);
  const uint64_t buffer = driver->put(data.data(), data.size());
  uint32_t used = 0;
  EXPECT_EQ(
      request(VirtioBlk::kOut, 100, buffer, static_cast<uint32_t>(data.size()), false, 37, false, &used),
      VirtioBlk::kOk);
  EXPECT_EQ(used, 1u);
  EXPECT_EQ(file.read(100 * 512, data.size()), data);
  EXPECT_EQ(request(VirtioBlk::kFlush, 0, 0, 0, false, 0), VirtioBlk::kOk);
}

TEST_F(VirtioBlkTest, HeaderAndDataMayShareABuffer) {
  // VERSION_1 drivers may lay the request out any way (2.6.4): here header and data are one buffer.
  std::string bytes(16 + 512, 'Q');
  const BlkRequest header{VirtioBlk::kOut, 0, 7};
  std::memcpy(bytes.data(), &header, 16);
  const uint64_t buf = driver->put(bytes.data(), bytes.size()), status = driver->alloc(1);
  driver->submit(0, {{buf, static_cast<uint32_t>(bytes.size()), false}, {status, 1, true}});
  ASSERT_TRUE(driver->take_used(0));
  EXPECT_EQ(driver->get(status, 1), std::string(1, '\0'));
  EXPECT_EQ(file.read(7 * 512, 512), std::string(512, 'Q'));
}

TEST_F(VirtioBlkTest, OutOfRangeAndUnalignedRequestsAreIoErrors) {
  const uint64_t buffer = driver->alloc(1024);
  EXPECT_EQ(request(VirtioBlk::kIn, 2047, buffer, 1024, true), VirtioBlk::kIoErr);
  EXPECT_EQ(request(VirtioBlk::kIn, ~0ull / 256, buffer, 512, true), VirtioBlk::kIoErr);
  EXPECT_EQ(request(VirtioBlk::kOut, 0, buffer, 100, false), VirtioBlk::kIoErr);
  EXPECT_EQ(request(VirtioBlk::kIn, 2047, buffer, 512, true), VirtioBlk::kOk);
}

TEST_F(VirtioBlkTest, GetIdGivesTheSerial) {
  const uint64_t buffer = driver->alloc(20);
  uint32_t used = 0;
  EXPECT_EQ(request(VirtioBlk::kGetId, 0, buffer, 20, true, 1, false, &used), VirtioBlk::kOk);
  EXPECT_EQ(used, 21u);
  EXPECT_EQ(driver->get(buffer, 20), "serial-0123456789abc");
}

TEST_F(VirtioBlkTest, UnknownRequestIsUnsupported) {
  EXPECT_EQ(request(77, 0, 0, 0, false, 0), VirtioBlk::kUnsupported);
}

TEST_F(VirtioBlkTest, WriteZeroesAndDiscard) {
  file.write(0, std::string(8192, 'x'));
  struct Segment {
    uint64_t sector;
    uint32_t num, flags;
  };
  const Segment zero{2, 4, 0}, zero_unmap{8, 2, 1};
  const Segment both[2] = {zero, zero_unmap};
  const uint64_t segs = driver->put(both, sizeof both);
  EXPECT_EQ(request(VirtioBlk::kWriteZeroes, 0, segs, sizeof both, false), VirtioBlk::kOk);
  EXPECT_EQ(file.read(0, 1024), std::string(1024, 'x'));
  EXPECT_EQ(file.read(1024, 2048), std::string(2048, '\0'));
  EXPECT_EQ(file.read(3072, 1024), std::string(1024, 'x'));
  EXPECT_EQ(file.read(4096, 1024), std::string(1024, '\0'));
  const Segment discard{12, 4, 0};
  EXPECT_EQ(request(VirtioBlk::kDiscard, 0, driver->put(&discard, 16), 16, false), VirtioBlk::kOk);
  // 5.2.6.2: unmap on a discard, or an unknown flag, is unsupported; a range past the end an error.
  const Segment unmap{0, 1, 1}, unknown{0, 1, 4}, past{2047, 2, 0};
  EXPECT_EQ(request(VirtioBlk::kDiscard, 0, driver->put(&unmap, 16), 16, false), VirtioBlk::kUnsupported);
  EXPECT_EQ(request(VirtioBlk::kWriteZeroes, 0, driver->put(&unknown, 16), 16, false),
            VirtioBlk::kUnsupported);
  EXPECT_EQ(request(VirtioBlk::kWriteZeroes, 0, driver->put(&past, 16), 16, false), VirtioBlk::kIoErr);
}

TEST_F(VirtioBlkTest, RequestWithoutStatusByteNeedsReset) {
  const BlkRequest header{VirtioBlk::kIn, 0, 0};
  driver->submit(0, {{driver->put(&header, 16), 16, false}});
  EXPECT_TRUE(driver->reg(VirtioMmio::kStatus) & virtio::kNeedsReset);
}

TEST_F(VirtioBlkTest, ReadOnlyDiskRefusesWritesAndWritesNothing) {
  dev.reset();
  disk.reset();
  file.write(0, std::string(512, 'r'));
  disk = DiskImage::open(file.path(), true);
  attach(*disk);
  EXPECT_TRUE(driver->device_features() & virtio::bit(VirtioBlk::kReadOnly));
  EXPECT_FALSE(driver->device_features() & virtio::bit(VirtioBlk::kDiscardFeature));
  const uint64_t buffer = driver->put(std::string(512, 'w').data(), 512);
  EXPECT_EQ(request(VirtioBlk::kOut, 0, buffer, 512, false), VirtioBlk::kIoErr);
  EXPECT_EQ(file.read(0, 512), std::string(512, 'r'));
  EXPECT_EQ(request(VirtioBlk::kIn, 0, buffer, 512, true), VirtioBlk::kOk);
  EXPECT_EQ(request(VirtioBlk::kFlush, 0, 0, 0, false, 0), VirtioBlk::kOk);
}

// A disk whose host I/O fails, as a dying drive or a full file system would.
class FailingDisk : public DiskImage {
 public:
  explicit FailingDisk(const std::string& path)
      : DiskImage(::open(path.c_str(), O_RDWR), path, false, 1 << 20) {}
  bool readv(uint64_t, std::vector<iovec>) override { return errno = EIO, false; }
  bool writev(uint64_t, std::vector<iovec>) override { return errno = ENOSPC, false; }
  bool flush() override { return errno = EIO, false; }
};

TEST_F(VirtioBlkTest, HostIoErrorsReachTheGuestAsIoErr) {
  dev.reset();
  FailingDisk failing(file.path());
  attach(failing);
  const uint64_t buffer = driver->alloc(512);
  EXPECT_EQ(request(VirtioBlk::kIn, 0, buffer, 512, true), VirtioBlk::kIoErr);
  EXPECT_EQ(request(VirtioBlk::kOut, 0, buffer, 512, false), VirtioBlk::kIoErr);
  EXPECT_EQ(request(VirtioBlk::kFlush, 0, 0, 0, false, 0), VirtioBlk::kIoErr);
  dev.reset();
}

// A host that moves at most `chunk` bytes per call (as a pipe-backed or network file system may),
// and fails with ENOSPC once `room` bytes were written, if `room` is set.
class ShortIoDisk : public DiskImage {
 public:
  ShortIoDisk(const std::string& path, size_t chunk, uint64_t room = ~0ull)
      : DiskImage(::open(path.c_str(), O_RDWR), path, false, 1 << 20), chunk_(chunk), room_(room) {}
  unsigned calls = 0;

 protected:
  ssize_t host_preadv(const iovec* iov, int, off_t offset) override {
    ++calls;
    return pread(fd(), iov[0].iov_base, std::min(iov[0].iov_len, chunk_), offset);
  }
  ssize_t host_pwritev(const iovec* iov, int, off_t offset) override {
    ++calls;
    const size_t n = std::min<uint64_t>(std::min(iov[0].iov_len, chunk_), room_);
    if (n == 0) return errno = ENOSPC, -1;
    room_ -= n;
    return pwrite(fd(), iov[0].iov_base, n, offset);
  }

 private:
  size_t chunk_;
  uint64_t room_;
};

TEST_F(VirtioBlkTest, ShortHostTransfersAreResumed) {
  dev.reset();
  ShortIoDisk short_io(file.path(), 100);
  attach(short_io);
  std::string data;
  for (int i = 0; i < 2048; ++i) data += static_cast<char>('a' + i % 26);
  const uint64_t buffer = driver->put(data.data(), data.size());
  EXPECT_EQ(request(VirtioBlk::kOut, 2, buffer, 2048, false), VirtioBlk::kOk);
  EXPECT_EQ(short_io.calls, 21u);  // 2048 bytes, 100 at a time
  EXPECT_EQ(file.read(1024, 2048), data);
  const uint64_t back = driver->alloc(2048);
  EXPECT_EQ(request(VirtioBlk::kIn, 2, back, 2048, true), VirtioBlk::kOk);
  EXPECT_EQ(driver->get(back, 2048), data);
  dev.reset();
}

TEST_F(VirtioBlkTest, DiskFullPartWayIsAnIoErrorAndKeepsWhatWasWritten) {
  file.write(0, std::string(4096, 'o'));
  dev.reset();
  ShortIoDisk full(file.path(), 512, 1536);  // room for three of the four sectors
  attach(full);
  const uint64_t buffer = driver->put(std::string(2048, 'n').data(), 2048);
  EXPECT_EQ(request(VirtioBlk::kOut, 0, buffer, 2048, false), VirtioBlk::kIoErr);
  // What reached the host before the disk filled stays; nothing past it is touched.
  EXPECT_EQ(file.read(0, 1536), std::string(1536, 'n'));
  EXPECT_EQ(file.read(1536, 2560), std::string(2560, 'o'));
  dev.reset();
}

TEST(DiskImage, LocksKeepASecondWriterOut) {
  TempFile file(4096);
  {
    auto writer = DiskImage::open(file.path(), false);
    EXPECT_THROW(DiskImage::open(file.path(), false), UserError);
    EXPECT_THROW(DiskImage::open(file.path(), true), UserError);
  }
  auto reader1 = DiskImage::open(file.path(), true);
  auto reader2 = DiskImage::open(file.path(), true);  // readers share
  try {
    DiskImage::open(file.path(), false);
    FAIL() << "a writer got in beside readers";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("in use by another process"), std::string::npos) << e.what();
  }
}

TEST(DiskImage, BadFilesAreUserErrors) {
  EXPECT_THROW(DiskImage::open("/nonexistent/disk.img", false), UserError);
  EXPECT_THROW(DiskImage::open("/tmp", true), UserError);
  TempFile tiny(100);
  try {
    DiskImage::open(tiny.path(), false);
    FAIL();
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("at least one 512-byte sector"), std::string::npos);
  }
}

// --- virtio-net ---

class FakeBackend : public NetBackend {
 public:
  void send(std::span<const uint8_t> frame) override { sent.emplace_back(frame.begin(), frame.end()); }
  void inject(const std::string& frame) {
    deliver(std::span(reinterpret_cast<const uint8_t*>(frame.data()), frame.size()));
  }
  std::vector<std::vector<uint8_t>> sent;
};

class VirtioNetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock.make_deterministic();
    auto model = std::make_unique<VirtioNet>(backend, VirtioNet::Mac{0x52, 0x54, 0, 1, 2, 3}, clock);
    net = model.get();
    dev = std::make_unique<VirtioMmio>(ram, 0x1000'6000, IrqLine([this](bool l) { irq = l; }),
                                       std::move(model), false);
    driver = std::make_unique<VirtioDriver>(ram, *dev);
  }
  void bring_up(uint64_t features = virtio::bit(VirtioNet::kMacFeature)) {
    ASSERT_TRUE(driver->negotiate(kVersion1 | features));
    driver->setup_queue(0, 16);
    driver->setup_queue(1, 16);
    driver->driver_ok();
  }
  uint64_t post_rx(uint32_t len = 1526) {
    const uint64_t buf = driver->alloc(len);
    driver->submit(0, {{buf, len, true}});
    return buf;
  }

  uint64_t link_status() {
    uint64_t v;
    dev->read(VirtioMmio::kConfig + 6, 2, v);
    return v;
  }

  FakeBackend backend;
  Clock clock{10'000'000};
  Ram ram{kBase, kRamSize};
  bool irq = false;
  VirtioNet* net;
  std::unique_ptr<VirtioMmio> dev;
  std::unique_ptr<VirtioDriver> driver;
};

TEST_F(VirtioNetTest, ConfigHoldsTheMacAndLinkUp) {
  uint64_t v;
  dev->read(VirtioMmio::kConfig, 4, v);
  EXPECT_EQ(v, 0x01005452u);
  dev->read(VirtioMmio::kConfig + 4, 2, v);
  EXPECT_EQ(v, 0x0302u);
  dev->read(VirtioMmio::kConfig + 6, 2, v);
  EXPECT_EQ(v, 1u);  // VIRTIO_NET_S_LINK_UP
}

TEST_F(VirtioNetTest, TransmitStripsTheHeader) {
  bring_up();
  const std::string header(12, '\0'), frame = "ethernet frame bytes";
  driver->submit(1, {{driver->put(header.data(), 12), 12, false},
                     {driver->put(frame.data(), frame.size()), static_cast<uint32_t>(frame.size()), false}});
  ASSERT_EQ(backend.sent.size(), 1u);
  EXPECT_EQ(std::string(backend.sent[0].begin(), backend.sent[0].end()), frame);
  EXPECT_TRUE(driver->take_used(1));
}

TEST_F(VirtioNetTest, ReceivedFramesGetAHeaderAndWaitForBuffers) {
  backend.inject("before the driver is up");  // dropped: no link yet
  bring_up();
  backend.inject("first");
  backend.inject("second");
  EXPECT_FALSE(driver->take_used(0));
  const uint64_t a = post_rx(), b = post_rx();
  auto u = driver->take_used(0);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->len, 12u + 5);
  EXPECT_EQ(driver->get(a + 12, 5), "first");
  EXPECT_EQ(driver->get(a + 10, 2), std::string("\x01\x00", 2));  // num_buffers
  u = driver->take_used(0);
  ASSERT_TRUE(u);
  EXPECT_EQ(driver->get(b + 12, 6), "second");
  EXPECT_FALSE(driver->take_used(0));
  driver->ack();
  const uint64_t c = post_rx();
  backend.inject("third");
  EXPECT_TRUE(irq);
  EXPECT_EQ(driver->get(c + 12, 5), "third");
}

TEST_F(VirtioNetTest, BacklogIsBounded) {
  bring_up();
  for (size_t i = 0; i < VirtioNet::kMaxBacklog + 10; ++i) backend.inject("x");
  EXPECT_EQ(net->dropped(), 10u);
}

TEST_F(VirtioNetTest, DetachesFromTheBackendWhenDestroyed) {
  bring_up();
  EXPECT_TRUE(backend.has_receiver());
  dev.reset();
  EXPECT_FALSE(backend.has_receiver());
  backend.inject("nobody listens");  // must not touch the destroyed device
}

TEST_F(VirtioNetTest, LostLinkComesBack100MsAfterTheDriverSawItDown) {
  bring_up(virtio::bit(VirtioNet::kMacFeature) | virtio::bit(VirtioNet::kStatusFeature));
  driver->ack();
  clock.advance_to(5'000);
  net->lose_link();
  EXPECT_EQ(driver->ack(), VirtioMmio::kInterruptConfigChange);
  EXPECT_EQ(net->link_timer().compare(), 5'000u + 50'000'000u);  // 5 s at 10 MHz, unless the driver looks
  backend.inject("while the link is down");
  const uint64_t buf = post_rx();
  EXPECT_FALSE(driver->take_used(0));
  clock.advance_to(2'000'000);
  EXPECT_EQ(link_status(), 0u);
  EXPECT_EQ(net->link_timer().compare(), 3'000'000u);  // 100 ms after that read: the timer a hart polls
  clock.advance_to(2'500'000);
  EXPECT_EQ(link_status(), 0u);
  EXPECT_EQ(net->link_timer().compare(), 3'000'000u);  // a second read changes nothing
  net->link_timer().poll(2'999'999);
  EXPECT_EQ(link_status(), 0u);
  EXPECT_EQ(driver->ack(), 0u);
  net->link_timer().poll(3'000'000);
  EXPECT_EQ(link_status(), 1u);
  EXPECT_EQ(driver->ack(), VirtioMmio::kInterruptConfigChange);
  EXPECT_EQ(net->link_timer().compare(), ~0ull);  // nothing left to wake a hart for
  net->link_timer().poll(60'000'000);
  EXPECT_EQ(driver->ack(), 0u);
  backend.inject("after");
  EXPECT_EQ(driver->get(buf + 12, 5), "after");
}

TEST_F(VirtioNetTest, LostLinkComesBackAfter5SecondsForADriverThatNeverLooks) {
  bring_up(virtio::bit(VirtioNet::kMacFeature) | virtio::bit(VirtioNet::kStatusFeature));
  driver->ack();
  net->lose_link();
  EXPECT_EQ(driver->ack(), VirtioMmio::kInterruptConfigChange);
  uint64_t mac;
  dev->read(VirtioMmio::kConfig, 4, mac);  // not the status
  net->link_timer().poll(49'999'999);
  EXPECT_EQ(driver->ack(), 0u);
  net->link_timer().poll(50'000'000);
  EXPECT_EQ(driver->ack(), VirtioMmio::kInterruptConfigChange);
  EXPECT_EQ(link_status(), 1u);
}

TEST_F(VirtioNetTest, TheDriverCannotWriteTheLinkStatus) {
  bring_up(virtio::bit(VirtioNet::kMacFeature) | virtio::bit(VirtioNet::kStatusFeature));
  dev->write(VirtioMmio::kConfig + 6, 2, 0);
  EXPECT_EQ(link_status(), 1u);
  net->lose_link();
  dev->write(VirtioMmio::kConfig + 4, 4, 0xFFFF'FFFF);
  EXPECT_EQ(link_status(), 0u);
}

TEST_F(VirtioNetTest, LinkStaysUpForADriverWithoutTheStatusFeature) {
  bring_up();
  driver->ack();
  net->lose_link();
  EXPECT_EQ(link_status(), 1u);
  EXPECT_EQ(driver->ack(), 0u);
  EXPECT_EQ(net->link_timer().compare(), ~0ull);
}

// --- virtio-console ---

class VirtioConsoleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(pipe(out_pipe), 0);
    console = std::make_unique<Console>(-1, out_pipe[1]);
  }
  void TearDown() override {
    close(out_pipe[0]);
    close(out_pipe[1]);
  }
  void make(bool takes_input) {
    auto model = std::make_unique<VirtioConsole>(*console, takes_input);
    vcon = model.get();
    dev = std::make_unique<VirtioMmio>(ram, 0x1000'7000, IrqLine(), std::move(model), false);
    driver = std::make_unique<VirtioDriver>(ram, *dev);
    ASSERT_TRUE(driver->negotiate(kVersion1));
    driver->setup_queue(0, 8);
    driver->setup_queue(1, 8);
    driver->driver_ok();
  }
  std::string output(size_t n) {
    std::string s(n, '\0');
    EXPECT_EQ(::read(out_pipe[0], s.data(), n), static_cast<ssize_t>(n));
    return s;
  }

  int out_pipe[2];
  Ram ram{kBase, kRamSize};
  std::unique_ptr<Console> console;
  VirtioConsole* vcon;
  std::unique_ptr<VirtioMmio> dev;
  std::unique_ptr<VirtioDriver> driver;
};

TEST_F(VirtioConsoleTest, TransmitGoesToTheHostConsole) {
  make(true);
  driver->submit(1, {{driver->put("hello ", 6), 6, false}, {driver->put("hvc0", 4), 4, false}});
  EXPECT_EQ(output(10), "hello hvc0");
  dev->write(VirtioMmio::kConfig + 8, 4, '!');  // emerg_wr
  EXPECT_EQ(output(1), "!");
}

TEST_F(VirtioConsoleTest, InputFillsPostedBuffers) {
  make(true);
  const uint64_t buf = driver->alloc(4);
  driver->submit(0, {{buf, 4, true}});
  console->push_input("abcdef");
  vcon->input_arrived();
  auto u = driver->take_used(0);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->len, 4u);
  EXPECT_EQ(driver->get(buf, 4), "abcd");
  const uint64_t buf2 = driver->alloc(16);
  driver->submit(0, {{buf2, 16, true}});  // the rest comes with the next buffer
  u = driver->take_used(0);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->len, 2u);
  EXPECT_EQ(driver->get(buf2, 2), "ef");
}

TEST_F(VirtioConsoleTest, LeavesInputAloneWhenStdinFeedsTheUart) {
  make(false);
  driver->submit(0, {{driver->alloc(4), 4, true}});
  console->push_input("k");
  vcon->input_arrived();
  EXPECT_FALSE(driver->take_used(0));
  EXPECT_TRUE(console->has_input());
}

// Linux's way: MULTIPORT, the control-queue handshake, and no input before the port is open.
TEST_F(VirtioConsoleTest, MultiportHandshakeOpensThePortBeforeInput) {
  auto model = std::make_unique<VirtioConsole>(*console, true);
  vcon = model.get();
  dev = std::make_unique<VirtioMmio>(ram, 0x1000'7000, IrqLine(), std::move(model), false);
  driver = std::make_unique<VirtioDriver>(ram, *dev);
  ASSERT_TRUE(driver->negotiate(kVersion1 | virtio::bit(VirtioConsole::kMultiport)));
  for (unsigned q = 0; q < 4; ++q) driver->setup_queue(q, 8);
  driver->driver_ok();
  uint64_t v;
  dev->read(VirtioMmio::kConfig + 4, 4, v);
  EXPECT_EQ(v, 1u);  // max_nr_ports

  const uint64_t rx = driver->alloc(16);
  driver->submit(VirtioConsole::kReceiveQueue, {{rx, 16, true}});
  console->push_input("early");
  vcon->input_arrived();
  EXPECT_FALSE(driver->take_used(VirtioConsole::kReceiveQueue));  // the port is not open yet

  struct Control {
    uint32_t id;
    uint16_t event, value;
  };
  std::vector<uint64_t> control_buffers;
  for (int i = 0; i < 4; ++i) {
    control_buffers.push_back(driver->alloc(8));
    driver->submit(VirtioConsole::kControlReceive, {{control_buffers.back(), 8, true}});
  }
  auto send = [&](uint16_t event, uint16_t value) {
    const Control c{0, event, value};
    driver->submit(VirtioConsole::kControlTransmit, {{driver->put(&c, 8), 8, false}});
  };
  auto received = [&](size_t i) {
    Control c;
    ram.read(control_buffers[i], &c, 8);
    return std::make_pair(c.event, c.value);
  };
  send(VirtioConsole::kDeviceReady, 1);
  EXPECT_EQ(received(0), std::make_pair(uint16_t{VirtioConsole::kDeviceAdd}, uint16_t{0}));
  send(VirtioConsole::kPortReady, 1);
  EXPECT_EQ(received(1), std::make_pair(uint16_t{VirtioConsole::kConsolePort}, uint16_t{1}));
  EXPECT_EQ(received(2), std::make_pair(uint16_t{VirtioConsole::kPortOpen}, uint16_t{1}));
  send(VirtioConsole::kPortOpen, 1);  // the guest opened hvc: the waiting input flows
  const auto u = driver->take_used(VirtioConsole::kReceiveQueue);
  ASSERT_TRUE(u);
  EXPECT_EQ(driver->get(rx, u->len), "early");
}

// --- virtio-rng ---

TEST(VirtioRng, FillsEveryWritableByte) {
  Ram ram{kBase, kRamSize};
  VirtioMmio dev(ram, 0x1000'8000, IrqLine(), std::make_unique<VirtioRng>(), false);
  VirtioDriver driver(ram, dev);
  EXPECT_EQ(driver.reg(VirtioMmio::kDeviceId), 4u);
  ASSERT_TRUE(driver.negotiate(kVersion1));
  driver.setup_queue(0, 8);
  driver.driver_ok();
  const uint64_t a = driver.alloc(1000), b = driver.alloc(24);
  driver.submit(0, {{a, 1000, true}, {b, 24, true}});
  auto u = driver.take_used(0);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->len, 1024u);
  const std::string bytes = driver.get(a, 1000);
  EXPECT_NE(bytes, std::string(1000, '\0'));  // 2^-8000 odds of a false failure
  // The second buffer is filled too, to its last bytes (2^-64 odds of a false failure each).
  EXPECT_NE(driver.get(b, 8), std::string(8, '\0'));
  EXPECT_NE(driver.get(b + 16, 8), std::string(8, '\0'));
}

// --deterministic runs get the same bytes every time.
TEST(VirtioRng, DeterministicStreamRepeats) {
  std::string runs[2];
  for (std::string& bytes : runs) {
    Ram ram{kBase, kRamSize};
    VirtioMmio dev(ram, 0x1000'8000, IrqLine(), std::make_unique<VirtioRng>(true), false);
    VirtioDriver driver(ram, dev);
    ASSERT_TRUE(driver.negotiate(kVersion1));
    driver.setup_queue(0, 8);
    driver.driver_ok();
    const uint64_t a = driver.alloc(100);
    driver.submit(0, {{a, 100, true}});
    ASSERT_TRUE(driver.take_used(0));
    bytes = driver.get(a, 100);
  }
  EXPECT_EQ(runs[0], runs[1]);
  EXPECT_NE(runs[0], std::string(100, '\0'));
}

}  // namespace
}  // namespace microvm::devices
