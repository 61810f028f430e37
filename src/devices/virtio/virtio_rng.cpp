#include "devices/virtio/virtio_rng.h"

#include <errno.h>
#include <sys/random.h>

#include <algorithm>

#include "devices/virtio/virtio_mmio.h"

namespace microvm::devices {

void VirtioRng::queue_notified(unsigned queue) {
  VirtQueue& q = transport().queue(queue);
  while (q.pop(chain_) == VirtQueue::Pop::kChain) {
    ChainWriter writer(transport().ram(), chain_);
    uint8_t buffer[256];
    // Large requests get at most 64 KiB each: the driver asks again for more.
    uint64_t want = std::min<uint64_t>(chain_.writable_bytes, 64 * 1024);
    while (want > 0) {
      const ssize_t n = getrandom(buffer, std::min<uint64_t>(want, sizeof buffer), 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      writer.write(buffer, static_cast<size_t>(n));
      want -= static_cast<uint64_t>(n);
    }
    q.push(chain_.head, static_cast<uint32_t>(writer.written()));
  }
}

}  // namespace microvm::devices
