#include "core/code_cache.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace microvm {

CodeCache::CodeCache(size_t capacity) : capacity_((capacity + 4095) & ~size_t{4095}) {
  const int fd = memfd_create("microvm-jit", MFD_CLOEXEC);
  if (fd < 0) {
    error_ = std::string("memfd_create: ") + std::strerror(errno);
    return;
  }
  if (ftruncate(fd, static_cast<off_t>(capacity_)) != 0) {
    error_ = std::string("ftruncate: ") + std::strerror(errno);
    close(fd);
    return;
  }
  void* w = mmap(nullptr, capacity_, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  void* x = mmap(nullptr, capacity_, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
  close(fd);
  if (w == MAP_FAILED || x == MAP_FAILED) {
    error_ = std::string("mmap: ") + std::strerror(errno);
    if (w != MAP_FAILED) munmap(w, capacity_);
    if (x != MAP_FAILED) munmap(x, capacity_);
    return;
  }
  write_ = static_cast<uint8_t*>(w);
  exec_ = static_cast<uint8_t*>(x);
}

CodeCache::~CodeCache() {
  if (write_) munmap(write_, capacity_);
  if (exec_) munmap(exec_, capacity_);
}

CodeCache::Space CodeCache::allocate(size_t size) {
  size = (size + 15) & ~size_t{15};
  if (!ok() || size > capacity_ - used_) return {};
  Space space{write_ + used_, exec_ + used_};
  used_ += size;
  return space;
}

void CodeCache::flush() {
  used_ = kept_;
  ++flushes_;
}

}  // namespace microvm
