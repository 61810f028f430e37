// Virtqueue processing with guest-controlled descriptors, for each virtio device (blk read-write
// and read-only, net, console, rng) on the modern and the legacy transport. The input is a small
// driver program: register reads and writes, RAM writes, descriptors, available-ring entries and
// notifications, frames from the network; a "bring-up" step negotiates and sets every queue up so
// the fuzzer reaches the rings quickly. A bad chain may only make the device report an error.
//
// Input: byte 0 = device (bits 0-2) and legacy transport (bit 3); then operations (see run_ops).
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

#include "core/console.h"
#include "core/disk_image.h"
#include "core/net_backend.h"
#include "core/ram.h"
#include "devices/virtio/virtio.h"
#include "devices/virtio/virtio_blk.h"
#include "devices/virtio/virtio_console.h"
#include "devices/virtio/virtio_mmio.h"
#include "devices/virtio/virtio_net.h"
#include "devices/virtio/virtio_rng.h"
#include "fuzz_input.h"

namespace {

using namespace microvm;
using devices::VirtioMmio;
namespace virtio = devices::virtio;

constexpr uint64_t kRamBase = 0x8000'0000, kRamSize = 256 << 10;
constexpr unsigned kQueues = 4;
constexpr uint64_t kQueueStride = 0x4000, kBuffers = 0x10000;

class NullNet : public NetBackend {
 public:
  void send(std::span<const uint8_t>) override {}
  void inject(std::span<const uint8_t> frame) { deliver(frame); }
};

// A 64 KiB scratch image, unlinked once open (the fuzzer's writes go nowhere that lasts).
std::unique_ptr<DiskImage> scratch_disk(bool read_only) {
  std::string path = (std::filesystem::temp_directory_path() / "microvm-fuzz-disk-XXXXXX").string();
  const int fd = ::mkstemp(path.data());
  if (fd < 0 || ::ftruncate(fd, 64 << 10) != 0) abort();
  ::close(fd);
  auto disk = DiskImage::open(path, read_only);
  ::unlink(path.c_str());
  return disk;
}

struct Driver {
  Ram& ram;
  VirtioMmio& dev;
  bool legacy;
  std::array<uint16_t, kQueues> avail_idx{}, size{};

  void set(uint32_t offset, uint32_t value) { dev.write(offset, 4, value); }
  uint32_t get(uint32_t offset) {
    uint64_t v = 0;
    dev.read(offset, 4, v);
    return static_cast<uint32_t>(v);
  }
  uint64_t ring(unsigned q) const { return kRamBase + q * kQueueStride; }

  void bring_up(uint64_t feature_mask, uint8_t size_log2) {
    set(VirtioMmio::kStatus, 0);
    set(VirtioMmio::kStatus, virtio::kAcknowledge | virtio::kDriver);
    set(VirtioMmio::kDeviceFeaturesSel, 0);
    uint64_t features = get(VirtioMmio::kDeviceFeatures);
    set(VirtioMmio::kDeviceFeaturesSel, 1);
    features |= uint64_t{get(VirtioMmio::kDeviceFeatures)} << 32;
    features &= feature_mask;
    for (uint32_t sel = 0; sel < 2; ++sel) {
      set(VirtioMmio::kDriverFeaturesSel, sel);
      set(VirtioMmio::kDriverFeatures, static_cast<uint32_t>(features >> (32 * sel)));
    }
    set(VirtioMmio::kStatus, virtio::kAcknowledge | virtio::kDriver | virtio::kFeaturesOk);
    if (legacy) set(VirtioMmio::kGuestPageSize, 4096);
    for (unsigned q = 0; q < kQueues; ++q) {
      set(VirtioMmio::kQueueSel, q);
      const uint32_t max = get(VirtioMmio::kQueueNumMax);
      if (max == 0) continue;
      size[q] = static_cast<uint16_t>(std::min<uint32_t>(max, 1u << (size_log2 % 6)));
      avail_idx[q] = 0;
      set(VirtioMmio::kQueueNum, size[q]);
      if (legacy) {
        set(VirtioMmio::kQueueAlign, 4096);
        set(VirtioMmio::kQueuePfn, static_cast<uint32_t>(ring(q) >> 12));
      } else {
        set(VirtioMmio::kQueueDescLow, static_cast<uint32_t>(ring(q)));
        set(VirtioMmio::kQueueDescHigh, static_cast<uint32_t>(ring(q) >> 32));
        set(VirtioMmio::kQueueDriverLow, static_cast<uint32_t>(ring(q) + 0x1000));
        set(VirtioMmio::kQueueDriverHigh, static_cast<uint32_t>((ring(q) + 0x1000) >> 32));
        set(VirtioMmio::kQueueDeviceLow, static_cast<uint32_t>(ring(q) + 0x2000));
        set(VirtioMmio::kQueueDeviceHigh, static_cast<uint32_t>((ring(q) + 0x2000) >> 32));
        set(VirtioMmio::kQueueReady, 1);
      }
    }
    set(VirtioMmio::kStatus,
        virtio::kAcknowledge | virtio::kDriver | virtio::kFeaturesOk | virtio::kDriverOk);
  }

  // Where the available ring is: after the descriptors (legacy, 2.7.2) or at +0x1000 (modern).
  uint64_t avail(unsigned q) const { return legacy ? ring(q) + 16ull * size[q] : ring(q) + 0x1000; }
};

void run_ops(fuzz::FuzzInput& in, Ram& ram, Driver& driver, NullNet* net) {
  for (unsigned n = 0; n < 256 && !in.empty(); ++n) {
    switch (in.take<uint8_t>() % 8) {
      case 0: {  // a register write
        const uint32_t offset = in.take<uint8_t>() * 4u;
        driver.dev.write(offset, 4, in.take<uint32_t>());
        break;
      }
      case 1: {  // a configuration-space write of 1, 2 or 4 bytes
        const uint8_t at = in.take<uint8_t>(), width = in.take<uint8_t>();
        driver.dev.write(VirtioMmio::kConfig + at, 1u << (width % 3), in.take<uint32_t>());
        break;
      }
      case 2: {  // a read of any width
        const uint16_t at = in.take<uint16_t>() & 0x1FF;
        uint64_t value;
        driver.dev.read(at, 1u << (in.take<uint8_t>() % 4), value);
        break;
      }
      case 3: {  // raw bytes into the rings' part of RAM
        const uint64_t at = kRamBase + (in.take<uint16_t>() % (kBuffers - 64));
        const std::span<const uint8_t> bytes = in.bytes(in.take<uint8_t>() % 64);
        ram.write(at, bytes.data(), bytes.size());
        break;
      }
      case 4: {  // a descriptor: address in the buffer area (or anywhere), length, flags, next
        const unsigned q = in.take<uint8_t>() % kQueues;
        const uint16_t index = in.take<uint16_t>();
        const uint16_t offset = in.take<uint16_t>();
        uint64_t addr = kRamBase + kBuffers + offset;
        const uint32_t len = in.take<uint16_t>();
        const uint16_t flags = in.take<uint8_t>();
        if (flags & 0x80) addr = in.take<uint64_t>();
        const uint16_t next = in.take<uint16_t>();
        const uint16_t entries = driver.size[q] ? driver.size[q] : 1;
        uint8_t desc[16];
        std::memcpy(desc, &addr, 8);
        std::memcpy(desc + 8, &len, 4);
        const uint16_t ring_flags = flags & 7;
        std::memcpy(desc + 12, &ring_flags, 2);
        std::memcpy(desc + 14, &next, 2);
        ram.write(driver.ring(q) + 16ull * (index % entries), desc, 16);
        break;
      }
      case 5: {  // make a chain available and notify
        const unsigned q = in.take<uint8_t>() % kQueues;
        const uint16_t head = in.take<uint16_t>();
        const uint16_t entries = driver.size[q] ? driver.size[q] : 1;
        const uint64_t avail = driver.avail(q);
        ram.write(avail + 4 + 2ull * (driver.avail_idx[q] % entries), &head, 2);
        ++driver.avail_idx[q];
        ram.write(avail + 2, &driver.avail_idx[q], 2);
        driver.set(VirtioMmio::kQueueNotify, q);
        break;
      }
      case 6: driver.bring_up(in.take<uint64_t>() | (uint64_t{1} << 32), in.take<uint8_t>()); break;
      case 7:  // a frame from the network (net), else an interrupt acknowledgement
        if (net) {
          net->inject(in.bytes(in.take<uint8_t>()));
        } else {
          driver.set(VirtioMmio::kInterruptAck, driver.get(VirtioMmio::kInterruptStatus));
        }
        break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const int devnull = ::open("/dev/null", O_WRONLY);
  static Console console(-1, devnull);
  static const std::unique_ptr<DiskImage> disk = scratch_disk(false), ro_disk = scratch_disk(true);
  static NullNet net;
  static const Clock clock(10'000'000);

  fuzz::FuzzInput in(data, size);
  const uint8_t how = in.take<uint8_t>();
  const bool legacy = how & 8;
  std::unique_ptr<devices::VirtioDevice> model;
  NullNet* net_used = nullptr;
  switch (how % 8) {
    case 0: model = std::make_unique<devices::VirtioBlk>(*disk, "fuzz"); break;
    case 1: model = std::make_unique<devices::VirtioBlk>(*ro_disk, "fuzz-ro"); break;
    case 2:
      model =
          std::make_unique<devices::VirtioNet>(net, devices::VirtioNet::Mac{0x52, 0x54, 0, 1, 2, 3}, clock);
      net_used = &net;
      break;
    case 3: model = std::make_unique<devices::VirtioConsole>(console, true); break;
    case 4: model = std::make_unique<devices::VirtioRng>(true); break;
    default: break;  // an empty slot
  }
  Ram ram{kRamBase, kRamSize};
  VirtioMmio dev(ram, 0x1000'1000, IrqLine(), std::move(model), legacy);
  Driver driver{ram, dev, legacy};
  run_ops(in, ram, driver, net_used);
  return 0;
}
