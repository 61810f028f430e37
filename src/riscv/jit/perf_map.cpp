#include "riscv/jit/perf_map.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace microvm::riscv::jit {
namespace {

// Opened on first use; every hart's translator writes to it (one thread per hart). A flush reuses
// the cache's addresses: perf takes the last line that covers an address, which is the newest.
struct PerfMap {
  std::mutex mutex;
  std::FILE* file = nullptr;
  PerfMap() {
    const char* on = std::getenv("MICROVM_JIT_PERF_MAP");
    if (on == nullptr || std::strcmp(on, "1") != 0) return;
    char path[64];
    std::snprintf(path, sizeof(path), "/tmp/perf-%d.map", static_cast<int>(getpid()));
    // A fresh file only this user can read: never through a link someone else left in /tmp.
    unlink(path);
    const int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) file = fdopen(fd, "w");
    if (file == nullptr)
      std::fprintf(stderr, "microvm: cannot write %s; translated code stays unnamed\n", path);
  }
  ~PerfMap() {
    if (file) std::fclose(file);
  }
};

PerfMap& perf_map() {
  static PerfMap map;
  return map;
}

}  // namespace

void perf_map_add(const void* code, size_t size, uint64_t pc) {
  PerfMap& map = perf_map();
  if (map.file == nullptr) return;
  std::lock_guard lock(map.mutex);
  std::fprintf(map.file, "%lx %zx guest_%llx\n", reinterpret_cast<unsigned long>(code), size,
               static_cast<unsigned long long>(pc));
  std::fflush(map.file);
}

void perf_map_add_named(const void* code, size_t size, const char* name) {
  PerfMap& map = perf_map();
  if (map.file == nullptr) return;
  std::lock_guard lock(map.mutex);
  std::fprintf(map.file, "%lx %zx %s\n", reinterpret_cast<unsigned long>(code), size, name);
  std::fflush(map.file);
}

}  // namespace microvm::riscv::jit
