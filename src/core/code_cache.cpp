#include "core/code_cache.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
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
  if (used_ + size > populated_) populate(used_ + size);
  Space space{write_ + used_, exec_ + used_};
  used_ += size;
  return space;
}

// The pages up to `end` and a stretch beyond, in both views, in two calls: the translator writes
// them in order and runs them soon after, and taking each page by a fault (two per page: one per
// view) was a tenth of a Linux boot's time on a virtual host. Kernels before 5.14 refuse the advice;
// their pages fault in as before.
void CodeCache::populate(size_t end) {
  constexpr size_t kStretch = size_t{1} << 20;
  const size_t to = std::min(capacity_, (end + kStretch - 1) & ~(kStretch - 1));
#if defined(MADV_POPULATE_WRITE) && defined(MADV_POPULATE_READ)
  if (!populate_refused_) {
    populate_refused_ = madvise(write_ + populated_, to - populated_, MADV_POPULATE_WRITE) != 0 ||
                        madvise(exec_ + populated_, to - populated_, MADV_POPULATE_READ) != 0;
  }
#endif
  populated_ = to;
}

void CodeCache::flush() {
  used_ = kept_;
  ++flushes_;
}

}  // namespace microvm
