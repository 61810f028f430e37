#include "devices/virtio/virtio_rng.h"

#include <errno.h>
#include <sys/random.h>

#include <algorithm>
#include <cstring>

#include "devices/virtio/virtio_mmio.h"

namespace microvm::devices {

size_t VirtioRng::fill(uint8_t* out, size_t len) {
  if (!deterministic_) {
    for (;;) {
      const ssize_t n = getrandom(out, len, 0);
      if (n < 0 && errno == EINTR) continue;
      return n < 0 ? 0 : static_cast<size_t>(n);
    }
  }
  for (size_t i = 0; i < len; i += 8) {
    // splitmix64
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    std::memcpy(out + i, &z, std::min<size_t>(8, len - i));
  }
  return len;
}

void VirtioRng::queue_notified(unsigned queue) {
  VirtQueue& q = transport().queue(queue);
  while (q.pop(chain_) == VirtQueue::Pop::kChain) {
    ChainWriter writer(transport().ram(), chain_);
    uint8_t buffer[256];
    // Large requests get at most 64 KiB each: the driver asks again for more.
    uint64_t want = std::min<uint64_t>(chain_.writable_bytes, 64 * 1024);
    while (want > 0) {
      const size_t n = fill(buffer, std::min<uint64_t>(want, sizeof buffer));
      if (n == 0) break;
      writer.write(buffer, n);
      want -= n;
    }
    q.push(chain_.head, static_cast<uint32_t>(writer.written()));
  }
}

}  // namespace microvm::devices
