#include "core/disk_image.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "core/error.h"
#include "core/ram.h"

namespace microvm {
namespace {

// Drops the first `n` bytes of an iovec list, for resuming after a short transfer.
void advance(std::vector<iovec>& iov, size_t& first, size_t n) {
  while (n > 0 && first < iov.size()) {
    const size_t take = std::min(n, iov[first].iov_len);
    iov[first].iov_base = static_cast<uint8_t*>(iov[first].iov_base) + take;
    iov[first].iov_len -= take;
    n -= take;
    if (iov[first].iov_len == 0) ++first;
  }
  while (first < iov.size() && iov[first].iov_len == 0) ++first;
}

template <typename Io>
bool transfer(std::vector<iovec>& iov, uint64_t offset, Io io) {
  size_t first = 0;
  advance(iov, first, 0);
  while (first < iov.size()) {
    const int count = static_cast<int>(std::min<size_t>(iov.size() - first, IOV_MAX));
    const ssize_t n = io(iov.data() + first, count, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) {
      errno = EIO;  // the image shrank under us
      return false;
    }
    offset += static_cast<uint64_t>(n);
    advance(iov, first, static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

std::unique_ptr<DiskImage> DiskImage::open(const std::string& path, bool read_only) {
  const int fd = ::open(path.c_str(), (read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (!read_only && (err == EACCES || err == EROFS || err == EPERM)) {
      throw user_error("cannot open disk image {} for writing: {} (add ,ro to attach it read-only)", path,
                       std::strerror(err));
    }
    throw user_error("cannot open disk image {}: {}", path, std::strerror(err));
  }
  struct stat st;
  uint64_t size = 0;
  if (fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
    close(fd);
    throw user_error("disk image {} is not a regular file or a block device", path);
  }
  if (S_ISREG(st.st_mode)) {
    size = static_cast<uint64_t>(st.st_size);
  } else {
    const off_t end = lseek(fd, 0, SEEK_END);
    size = end > 0 ? static_cast<uint64_t>(end) : 0;
  }
  if (size < kSectorSize) {
    close(fd);
    throw user_error("disk image {} holds {} bytes: a disk needs at least one 512-byte sector", path, size);
  }
  if (flock(fd, (read_only ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
    const int err = errno;
    close(fd);
    if (err == EWOULDBLOCK) {
      throw user_error("disk image {} is in use by another process (it holds a lock on it){}", path,
                       read_only ? "" : "; only ,ro users can share an image");
    }
    throw user_error("cannot lock disk image {}: {}", path, std::strerror(err));
  }
  return std::unique_ptr<DiskImage>(new DiskImage(fd, path, read_only, size));
}

DiskImage::DiskImage(int fd, std::string path, bool read_only, uint64_t size)
    : fd_(fd), path_(std::move(path)), read_only_(read_only), size_(size) {}

DiskImage::~DiskImage() {
  if (fd_ < 0) return;
  if (!read_only_) fdatasync(fd_);  // a clean exit leaves the image on stable storage
  close(fd_);
}

bool DiskImage::readv(uint64_t offset, std::vector<iovec> iov) {
  return transfer(iov, offset, [this](const iovec* v, int n, off_t off) { return host_preadv(v, n, off); });
}

bool DiskImage::writev(uint64_t offset, std::vector<iovec> iov) {
  if (read_only_) {
    errno = EROFS;
    return false;
  }
  return transfer(iov, offset, [this](const iovec* v, int n, off_t off) { return host_pwritev(v, n, off); });
}

// The buffers are guest RAM, which harts change with relaxed atomics while a device copies it (the
// guest may rewrite a page under write-back, as on real hardware). Under ThreadSanitizer the system
// call goes through a bounce buffer filled or emptied with guest_copy, so that it reports races in
// microvm and not the guest's own.
ssize_t DiskImage::host_preadv(const iovec* iov, int count, off_t offset) {
#if defined(__SANITIZE_THREAD__)
  size_t total = 0;
  for (int k = 0; k < count; ++k) total += iov[k].iov_len;
  std::vector<uint8_t> bounce(total);
  const ssize_t n = pread(fd_, bounce.data(), total, offset);
  size_t at = 0;
  for (int k = 0; k < count && n > 0 && at < static_cast<size_t>(n); ++k) {
    const size_t len = std::min(iov[k].iov_len, static_cast<size_t>(n) - at);
    guest_copy(iov[k].iov_base, bounce.data() + at, len);
    at += len;
  }
  return n;
#else
  return preadv(fd_, iov, count, offset);
#endif
}

ssize_t DiskImage::host_pwritev(const iovec* iov, int count, off_t offset) {
#if defined(__SANITIZE_THREAD__)
  size_t total = 0;
  for (int k = 0; k < count; ++k) total += iov[k].iov_len;
  std::vector<uint8_t> bounce(total);
  size_t at = 0;
  for (int k = 0; k < count; ++k) {
    guest_copy(bounce.data() + at, iov[k].iov_base, iov[k].iov_len);
    at += iov[k].iov_len;
  }
  return pwrite(fd_, bounce.data(), total, offset);
#else
  return pwritev(fd_, iov, count, offset);
#endif
}

bool DiskImage::flush() {
  while (fdatasync(fd_) != 0) {
    if (errno == EINTR) continue;
    return errno == EINVAL;  // a file that cannot be synced has nothing to sync
  }
  return true;
}

bool DiskImage::discard(uint64_t offset, uint64_t len) {
  if (read_only_) {
    errno = EROFS;
    return false;
  }
  if (fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, static_cast<off_t>(offset),
                static_cast<off_t>(len)) == 0) {
    return true;
  }
  // Discard is advice: a file system or device that cannot deallocate just keeps the data.
  return errno == EOPNOTSUPP || errno == ENOSYS || errno == ENODEV;
}

bool DiskImage::write_zeroes(uint64_t offset, uint64_t len, bool may_unmap) {
  if (read_only_) {
    errno = EROFS;
    return false;
  }
  const auto off = static_cast<off_t>(offset);
  const auto n = static_cast<off_t>(len);
  if (may_unmap && fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, n) == 0) return true;
  if (fallocate(fd_, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, off, n) == 0) return true;
  static const std::vector<uint8_t> zeros(64 * 1024, 0);
  while (len > 0) {
    const size_t chunk = static_cast<size_t>(std::min<uint64_t>(len, zeros.size()));
    std::vector<iovec> iov{{const_cast<uint8_t*>(zeros.data()), chunk}};
    if (!writev(offset, iov)) return false;
    offset += chunk;
    len -= chunk;
  }
  return true;
}

}  // namespace microvm
