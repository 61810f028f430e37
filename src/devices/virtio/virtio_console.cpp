#include "devices/virtio/virtio_console.h"

#include <algorithm>
#include <string>

#include "devices/virtio/virtio_mmio.h"

namespace microvm::devices {

void VirtioConsole::queue_notified(unsigned queue) {
  switch (queue) {
    case kTransmitQueue: transmit(); break;
    case kReceiveQueue: deliver_input(); break;
    case kControlReceive: flush_control(); break;
    case kControlTransmit: {
      VirtQueue& q = transport().queue(kControlTransmit);
      while (q.pop(chain_) == VirtQueue::Pop::kChain) {
        Control message{};
        const bool whole =
            ChainReader(transport().ram(), chain_).read(&message, sizeof message) == sizeof message;
        q.push(chain_.head, 0);
        if (whole) control_message(message);
      }
      break;
    }
    default: break;
  }
}

void VirtioConsole::reset() {
  port_open_ = false;
  control_out_.clear();
}

void VirtioConsole::config_written(uint64_t offset, unsigned) {
  if (offset == 8) console_.put(config_[8]);  // emerg_wr: one character, written at once
}

bool VirtioConsole::accepts_input() const {
  return takes_input_ && (port_open_ || !transport().negotiated(kMultiport));
}

// 5.3.6.2: the guest says it is ready, we announce port 0 as a console, it opens it.
void VirtioConsole::control_message(const Control& message) {
  switch (message.event) {
    case kDeviceReady:
      if (message.value == 1) send_control(kDeviceAdd, 0);
      break;
    case kPortReady:
      if (message.id == 0 && message.value == 1) {
        send_control(kConsolePort, 1);
        send_control(kPortOpen, 1);  // the host end is always connected
      }
      break;
    case kPortOpen:
      if (message.id == 0) {
        port_open_ = message.value == 1;
        deliver_input();
        transport().used_buffers(kReceiveQueue);
      }
      break;
    default: break;
  }
}

void VirtioConsole::send_control(uint16_t event, uint16_t value) {
  control_out_.push_back({0, event, value});
  flush_control();
}

void VirtioConsole::flush_control() {
  VirtQueue& q = transport().queue(kControlReceive);
  while (!control_out_.empty() && q.pop(chain_) == VirtQueue::Pop::kChain) {
    ChainWriter writer(transport().ram(), chain_);
    writer.write(&control_out_.front(), sizeof(Control));
    q.push(chain_.head, static_cast<uint32_t>(writer.written()));
    control_out_.pop_front();
  }
  transport().used_buffers(kControlReceive);
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
  if (!accepts_input()) return;
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

namespace microvm::devices {

void VirtioConsole::save(SnapshotWriter& out) const {
  out.boolean(port_open_);
  out.u64(control_out_.size());
  for (const Control& c : control_out_) {
    out.u32(c.id);
    out.u16(c.event);
    out.u16(c.value);
  }
}

void VirtioConsole::load(SnapshotReader& in) {
  port_open_ = in.boolean();
  const uint32_t count = static_cast<uint32_t>(in.bounded(1024, "the queued control messages"));
  control_out_.clear();
  for (uint32_t i = 0; i < count; ++i) {
    Control c;
    c.id = in.u32();
    c.event = in.u16();
    c.value = in.u16();
    control_out_.push_back(c);
  }
}

}  // namespace microvm::devices
