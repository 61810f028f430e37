#include "devices/virtio/virtio_console.h"

#include <algorithm>
#include <string>

#include "devices/virtio/virtio_mmio.h"

namespace microvm::devices {

void VirtioConsole::queue_notified(unsigned queue) {
  if (queue == kTransmitQueue) transmit();
  if (queue == kReceiveQueue) deliver_input();
}

void VirtioConsole::config_written(uint64_t offset, unsigned) {
  if (offset == 8) console_.put(config_[8]);  // emerg_wr: one character, written at once
}

void VirtioConsole::transmit() {
  VirtQueue& q = transport().queue(kTransmitQueue);
  std::string text;
  while (q.pop(chain_) == VirtQueue::Pop::kChain) {
    text.resize(chain_.readable_bytes);
    ChainReader(transport().ram(), chain_).read(text.data(), text.size());
    console_.write(text);
    q.push(chain_.head, 0);
  }
}

void VirtioConsole::input_arrived() {
  if (!takes_input_) return;
  auto lock = transport().lock();
  if (!transport().driver_ok() || !transport().queue(kReceiveQueue).running()) return;
  deliver_input();
  transport().used_buffers(kReceiveQueue);
}

void VirtioConsole::deliver_input() {
  if (!takes_input_) return;
  VirtQueue& q = transport().queue(kReceiveQueue);
  uint8_t bytes[256];
  while (console_.has_input() && q.pop(chain_) == VirtQueue::Pop::kChain) {
    ChainWriter writer(transport().ram(), chain_);
    // Fill the buffer with what is queued now; bytes still queued wait for the next one.
    while (writer.written() < chain_.writable_bytes) {
      size_t n = 0;
      const size_t room = std::min<uint64_t>(sizeof bytes, chain_.writable_bytes - writer.written());
      while (n < room && console_.pop_input(bytes[n])) ++n;
      if (n == 0) break;
      writer.write(bytes, n);
    }
    q.push(chain_.head, static_cast<uint32_t>(writer.written()));
  }
}

}  // namespace microvm::devices
