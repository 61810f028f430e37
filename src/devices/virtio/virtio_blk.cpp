#include "devices/virtio/virtio_blk.h"

#include <cstring>

#include "devices/virtio/virtio_mmio.h"

namespace microvm::devices {
namespace {

struct RequestHeader {
  uint32_t type;
  uint32_t reserved;
  uint64_t sector;
};
static_assert(sizeof(RequestHeader) == 16);

// A DISCARD or WRITE_ZEROES segment (5.2.6).
struct Segment {
  uint64_t sector;
  uint32_t num_sectors;
  uint32_t flags;
};
static_assert(sizeof(Segment) == 16);
constexpr uint32_t kUnmap = 1;

template <typename T>
void put(std::vector<uint8_t>& bytes, size_t offset, T value) {
  std::memcpy(bytes.data() + offset, &value, sizeof value);
}

}  // namespace

VirtioBlk::VirtioBlk(DiskImage& disk, std::string serial) : disk_(disk), serial_(std::move(serial)) {
  // struct virtio_blk_config (5.2.4) up to write_zeroes_may_unmap and its padding.
  config_.assign(60, 0);
  put<uint64_t>(config_, 0, disk_.sectors());       // capacity
  put<uint32_t>(config_, 12, kQueueSize - 2);       // seg_max: the ring less header and status
  put<uint32_t>(config_, 20, 512);                  // blk_size
  put<uint32_t>(config_, 36, kMaxDiscardSectors);   // max_discard_sectors
  put<uint32_t>(config_, 40, kMaxDiscardSegments);  // max_discard_seg
  put<uint32_t>(config_, 44, 1);                    // discard_sector_alignment
  put<uint32_t>(config_, 48, kMaxDiscardSectors);   // max_write_zeroes_sectors
  put<uint32_t>(config_, 52, kMaxDiscardSegments);  // max_write_zeroes_seg
  put<uint8_t>(config_, 56, 1);                     // write_zeroes_may_unmap
}

uint64_t VirtioBlk::device_features() const {
  uint64_t f = virtio::bit(kSegMax) | virtio::bit(kBlkSize) | virtio::bit(kFlushFeature);
  if (disk_.read_only()) return f | virtio::bit(kReadOnly);
  return f | virtio::bit(kDiscardFeature) | virtio::bit(kWriteZeroesFeature);
}

void VirtioBlk::queue_notified(unsigned queue) {
  VirtQueue& q = transport().queue(queue);
  while (q.pop(chain_) == VirtQueue::Pop::kChain) {
    if (!serve(chain_)) return;
  }
}

bool VirtioBlk::in_range(uint64_t sector, uint64_t count) const {
  return sector <= disk_.sectors() && count <= disk_.sectors() - sector;
}

bool VirtioBlk::serve(const VirtChain& chain) {
  RequestHeader header;
  if (chain.readable_bytes < sizeof header || chain.writable_bytes < 1) {
    transport().device_error("request without a 16-byte header and a status byte");
    return false;
  }
  ChainReader(transport().ram(), chain).read(&header, sizeof header);
  uint8_t status = kOk;
  uint32_t written = 0;  // bytes before the status byte
  switch (header.type) {
    case kIn:
    case kOut: status = read_write(header.type, header.sector, chain, written); break;
    case kFlush: status = disk_.flush() ? kOk : kIoErr; break;
    case kGetId: {
      char id[kIdBytes] = {};
      std::memcpy(id, serial_.data(), std::min(serial_.size(), kIdBytes));
      written = static_cast<uint32_t>(std::min<uint64_t>(kIdBytes, chain.writable_bytes - 1));
      ChainWriter(transport().ram(), chain).write(id, written);
      break;
    }
    case kDiscard:
    case kWriteZeroes:
      status = kUnsupported;
      if (device_features() & virtio::bit(header.type == kDiscard ? kDiscardFeature : kWriteZeroesFeature)) {
        status = discard_or_zero(header.type, chain);
      }
      break;
    default: status = kUnsupported; break;
  }
  // The status byte is the last writable byte (5.2.6).
  const uint64_t status_at = chain.writable_bytes - 1;
  std::vector<iovec> status_iov;
  chain_iovecs(transport().ram(), chain.writable, status_at, 1, status_iov);
  *static_cast<uint8_t*>(status_iov[0].iov_base) = status;
  mark_written(transport().ram(), chain.writable, status_at, 1);
  transport().queue(0).push(chain.head, written + 1);
  return true;
}

uint8_t VirtioBlk::read_write(uint32_t type, uint64_t sector, const VirtChain& chain, uint32_t& written) {
  // IN: data is every writable byte before the status; OUT: every readable byte after the header.
  const uint64_t len = type == kIn ? chain.writable_bytes - 1 : chain.readable_bytes - sizeof(RequestHeader);
  if (len % DiskImage::kSectorSize || !in_range(sector, len / DiskImage::kSectorSize)) return kIoErr;
  const uint64_t offset = sector * DiskImage::kSectorSize;
  Ram& ram = transport().ram();
  if (type == kIn) {
    chain_iovecs(ram, chain.writable, 0, len, iov_);
    const bool ok = disk_.readv(offset, iov_);
    mark_written(ram, chain.writable, 0, len);  // even a failed read may have written some
    if (!ok) return kIoErr;
    written = static_cast<uint32_t>(len);
    return kOk;
  }
  if (disk_.read_only()) return kIoErr;  // 5.2.6.2: and write nothing
  chain_iovecs(ram, chain.readable, sizeof(RequestHeader), len, iov_);
  return disk_.writev(offset, iov_) ? kOk : kIoErr;
}

uint8_t VirtioBlk::discard_or_zero(uint32_t type, const VirtChain& chain) {
  const uint64_t len = chain.readable_bytes - sizeof(RequestHeader);
  if (len % sizeof(Segment) || len / sizeof(Segment) > kMaxDiscardSegments) return kUnsupported;
  if (disk_.read_only()) return kIoErr;
  ChainReader reader(transport().ram(), chain);
  reader.skip(sizeof(RequestHeader));
  std::vector<Segment> segments(len / sizeof(Segment));
  reader.read(segments.data(), len);
  // 5.2.6.2: unknown flags, or unmap on a discard, are unsupported; check all before acting.
  for (const Segment& s : segments) {
    if ((s.flags & ~kUnmap) || (type == kDiscard && (s.flags & kUnmap))) return kUnsupported;
    if (s.num_sectors > kMaxDiscardSectors || !in_range(s.sector, s.num_sectors)) return kIoErr;
  }
  for (const Segment& s : segments) {
    const uint64_t offset = s.sector * DiskImage::kSectorSize,
                   bytes = uint64_t{s.num_sectors} * DiskImage::kSectorSize;
    const bool ok =
        type == kDiscard ? disk_.discard(offset, bytes) : disk_.write_zeroes(offset, bytes, s.flags & kUnmap);
    if (!ok) return kIoErr;
  }
  return kOk;
}

}  // namespace microvm::devices
