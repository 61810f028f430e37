#include "lamp/disk.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "core/error.h"

namespace microvm::lamp {

Disk::Disk(uint8_t* ram, uint32_t ram_size, std::function<void()> complete)
    : ram_(ram), ram_size_(ram_size), complete_(std::move(complete)) {
  thread_ = std::thread([this] { worker(); });
}

Disk::~Disk() {
  stop();
  if (fd_ >= 0) close(fd_);
}

void Disk::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) throw user_error("cannot open disk image {}: {}", path, std::strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    throw user_error("disk image {} is not a regular file", path);
  }
  fd_ = fd;
  size_ = static_cast<uint64_t>(st.st_size);
}

void Disk::open_or_create(const std::string& path, uint64_t size) {
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    std::printf("[Disk] Creating new image: %s\n", path.c_str());
    std::fflush(stdout);
    fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 || ftruncate(fd, static_cast<off_t>(size)) != 0) {
      std::fprintf(stderr, "[Disk] Cannot create %s: %s\n", path.c_str(), std::strerror(errno));
      if (fd >= 0) close(fd);
      return;  // the VM still runs; disk commands then transfer nothing
    }
  }
  struct stat st;
  fstat(fd, &st);
  fd_ = fd;
  size_ = static_cast<uint64_t>(st.st_size);
}

bool Disk::busy() const {
  std::lock_guard lock(mutex_);
  return busy_;
}

void Disk::command(uint32_t cmd, uint32_t lba, uint32_t mem, uint32_t count) {
  if (cmd != disk::kCmdRead && cmd != disk::kCmdWrite) return;
  {
    std::lock_guard lock(mutex_);
    if (busy_ || stopping_) return;
    busy_ = true;
    working_ = true;
    has_request_ = true;
    request_ = {cmd, lba, mem, count};
  }
  wake_.notify_all();
}

void Disk::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Disk::worker() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || has_request_; });
    if (!has_request_) return;
    const Request r = request_;
    has_request_ = false;
    lock.unlock();
    transfer(r);
    lock.lock();
    busy_ = false;
    lock.unlock();
    complete_();
    lock.lock();
    working_ = false;
    idle_.notify_all();
  }
}

void Disk::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return !working_; });
}

void Disk::transfer(const Request& r) {
  const uint64_t bytes = uint64_t{r.count} * disk::kSectorSize;
  if (uint64_t{r.mem} + bytes > ram_size_) {
    std::fprintf(stderr, "[Disk] DMA Violation: mem=0x%08x count=%u exceeds RAM\n", r.mem, r.count);
    return;
  }
  if (fd_ < 0 || bytes == 0) return;
  const off_t offset = static_cast<off_t>(uint64_t{r.lba} * disk::kSectorSize);
  uint8_t* p = ram_ + r.mem;
  if (r.cmd == disk::kCmdRead) {
    size_t done = 0;
    while (done < bytes) {
      const ssize_t n = pread(fd_, p + done, bytes - done, offset + static_cast<off_t>(done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    if (done < bytes) std::memset(p + done, 0, bytes - done);  // past the end of the image reads zeros
  } else {
    size_t done = 0;
    while (done < bytes) {
      const ssize_t n = pwrite(fd_, p + done, bytes - done, offset + static_cast<off_t>(done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        std::fprintf(stderr, "[Disk] write failed: %s\n", std::strerror(errno));
        break;
      }
      done += static_cast<size_t>(n);
    }
  }
}

}  // namespace microvm::lamp
