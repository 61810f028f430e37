#include "core/overlay_disk.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "core/error.h"

namespace microvm {
namespace {

// Bytes [from, to) of the buffers `iov` describe, as their own list.
std::vector<iovec> slice(const std::vector<iovec>& iov, uint64_t from, uint64_t to) {
  std::vector<iovec> out;
  uint64_t at = 0;
  for (const iovec& v : iov) {
    const uint64_t start = at, end = at + v.iov_len;
    at = end;
    if (end <= from || start >= to) continue;
    const uint64_t a = std::max(start, from), b = std::min(end, to);
    out.push_back({static_cast<uint8_t*>(v.iov_base) + (a - start), static_cast<size_t>(b - a)});
  }
  return out;
}

uint64_t total(const std::vector<iovec>& iov) {
  uint64_t n = 0;
  for (const iovec& v : iov) n += v.iov_len;
  return n;
}

}  // namespace

std::unique_ptr<DiskImage> OverlayDisk::open(const std::string& image, const std::string& overlay_path) {
  auto base = DiskImage::open(image, true);
  const int fd = ::open(overlay_path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw user_error("cannot create the disk overlay {}: {}", overlay_path, std::strerror(errno));
  if (ftruncate(fd, static_cast<off_t>(base->size())) != 0) {
    const int err = errno;
    ::close(fd);
    throw user_error("cannot size the disk overlay {}: {}", overlay_path, std::strerror(err));
  }
  return std::unique_ptr<DiskImage>(new OverlayDisk(std::move(base), fd));
}

OverlayDisk::OverlayDisk(std::unique_ptr<DiskImage> base, int overlay_fd)
    : DiskImage(overlay_fd, base->path(), false, base->size()),
      base_(std::move(base)),
      written_((sectors() + 63) / 64, 0) {}

// The guest's requests are whole sectors (virtio-blk checks); anything else is refused.
bool OverlayDisk::mark(uint64_t offset, uint64_t len) {
  if (offset % kSectorSize || len % kSectorSize || offset > size() || len > size() - offset) {
    errno = EINVAL;
    return false;
  }
  for (uint64_t s = offset / kSectorSize; s < (offset + len) / kSectorSize; ++s)
    written_[s / 64] |= uint64_t{1} << (s % 64);
  return true;
}

bool OverlayDisk::readv(uint64_t offset, std::vector<iovec> iov) {
  const uint64_t len = total(iov);
  if (offset % kSectorSize || len % kSectorSize || offset > size() || len > size() - offset) {
    errno = EINVAL;
    return false;
  }
  // Runs of sectors that come from the same file, read with one call each.
  uint64_t run_start = 0;
  while (run_start < len) {
    const bool from_overlay = written((offset + run_start) / kSectorSize);
    uint64_t run_end = run_start + kSectorSize;
    while (run_end < len && written((offset + run_end) / kSectorSize) == from_overlay) run_end += kSectorSize;
    std::vector<iovec> part = slice(iov, run_start, run_end);
    const bool ok = from_overlay ? DiskImage::readv(offset + run_start, std::move(part))
                                 : base_->readv(offset + run_start, std::move(part));
    if (!ok) return false;
    run_start = run_end;
  }
  return true;
}

bool OverlayDisk::writev(uint64_t offset, std::vector<iovec> iov) {
  const uint64_t len = total(iov);
  if (!mark(offset, len)) return false;
  return DiskImage::writev(offset, std::move(iov));
}

bool OverlayDisk::discard(uint64_t offset, uint64_t len) {
  // A discarded range may read as anything; zeros from the overlay's hole are simplest.
  return mark(offset, len) && DiskImage::write_zeroes(offset, len, true);
}

bool OverlayDisk::write_zeroes(uint64_t offset, uint64_t len, bool may_unmap) {
  return mark(offset, len) && DiskImage::write_zeroes(offset, len, may_unmap);
}

}  // namespace microvm
