#include "lamp/io_ports.h"

#include <cstdio>

#include "lamp/layout.h"

namespace microvm::lamp {

uint32_t IoPorts::in(unsigned p) {
  std::lock_guard lock(mutex_);
  switch (p) {
    case port::kScreenAttribute: return io_[p] & 0xFF;
    case port::kKeyboard: {
      uint8_t byte = 0;
      if (fifo_count_ > 0) {
        byte = fifo_[fifo_head_];
        fifo_head_ = (fifo_head_ + 1) % kFifoSize;
        --fifo_count_;
      }
      if (fifo_count_ == 0) io_[port::kScreenAttribute] &= ~port::kRxReady;
      intc_.clear(0, kVecSerial);
      intc_.clear(0, kVecKeyboard);
      if (fifo_count_ > 0 && ((io_[port::kScreenAttribute] >> 8) & port::kCtrlRxInterrupt)) {
        intc_.raise(0, kVecSerial);
      }
      return byte;
    }
    case disk::kPortStatus: return disk_.busy() ? 1 : 0;
    default: return io_[p];
  }
}

void IoPorts::out(unsigned p, uint32_t value) {
  std::lock_guard lock(mutex_);
  switch (p) {
    case port::kScreen:
      io_[p] = value;
      // Unbuffered, like the original's putchar + fflush: output appears as the guest writes it.
      std::fputc(static_cast<int>(value & 0xFF), stdout);
      std::fflush(stdout);
      return;
    case port::kScreenAttribute: io_[p] = (io_[p] & 0xFFFF00FFu) | ((value & 0xFF) << 8); return;
    case disk::kPortCmd:
      io_[p] = value;
      disk_.command(value, io_[disk::kPortLba], io_[disk::kPortMem], io_[disk::kPortCount]);
      return;
    default: io_[p] = value; return;
  }
}

void IoPorts::enqueue_rx(uint8_t byte) {
  std::lock_guard lock(mutex_);
  if (fifo_count_ == kFifoSize) return;
  fifo_[(fifo_head_ + fifo_count_) % kFifoSize] = byte;
  if (fifo_count_++ == 0) {
    io_[port::kScreenAttribute] |= port::kRxReady;
    if ((io_[port::kScreenAttribute] >> 8) & port::kCtrlRxInterrupt) intc_.raise(0, kVecSerial);
  }
}

void IoPorts::set_tx_ready() {
  std::lock_guard lock(mutex_);
  io_[port::kScreenAttribute] |= port::kTxReady;
}

}  // namespace microvm::lamp
