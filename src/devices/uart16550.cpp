#include "devices/uart16550.h"

namespace microvm::devices {

Uart16550::Uart16550(Console& console, IrqLine irq, bool takes_input)
    : console_(console), irq_(std::move(irq)), takes_input_(takes_input) {}

bool Uart16550::rx_ready() const {
  return (mcr_ & kMcrLoop) ? !loopback_.empty() : takes_input_ && console_.has_input();
}

uint8_t Uart16550::pop_rx() {
  uint8_t byte = 0;
  if (mcr_ & kMcrLoop) {
    if (!loopback_.empty()) {
      byte = loopback_.front();
      loopback_.pop_front();
    }
  } else if (takes_input_) {
    console_.pop_input(byte);
  }
  return byte;
}

uint8_t Uart16550::interrupt_id() const {
  if ((ier_ & kIerRx) && rx_ready()) return kIirRx;
  if ((ier_ & kIerThre) && thr_interrupt_) return kIirThre;
  return kIirNone;
}

// The line is signalled when it changes, and also where QEMU's 16550 re-evaluates its interrupt
// (a THR, IER or FCR write, an RBR read, an IIR read that acknowledges THRE, new input): the PLIC
// pends a source on each signal, and a driver that never reads IIR (xv6) depends on *not*
// being signalled by the register accesses QEMU leaves alone (LSR, MSR, LCR, MCR, SCR).
void Uart16550::update_irq() {
  const bool level = interrupt_id() != kIirNone;
  if (level != irq_level_ || resignal_) {
    irq_level_ = level;
    irq_.set(level);
  }
  resignal_ = false;
}

void Uart16550::input_arrived() {
  std::lock_guard lock(mutex_);
  resignal_ = true;
  update_irq();
}

// Wider accesses are split into byte accesses of consecutive registers, lowest address first,
// as QEMU does for this device (its 16550 implements only byte accesses but accepts up to 8
// bytes): kernels that store a character with sw print on QEMU and must print here too.
bool Uart16550::read(uint64_t offset, unsigned size, uint64_t& value) {
  std::lock_guard lock(mutex_);
  value = 0;
  for (unsigned i = 0; i < size; ++i) {
    if (offset + i <= kScr) value |= uint64_t{read_register(offset + i)} << (8 * i);
  }
  update_irq();
  return true;
}

bool Uart16550::write(uint64_t offset, unsigned size, uint64_t value) {
  std::lock_guard lock(mutex_);
  for (unsigned i = 0; i < size; ++i) {
    if (offset + i <= kScr) write_register(offset + i, static_cast<uint8_t>(value >> (8 * i)));
  }
  update_irq();
  return true;
}

uint8_t Uart16550::read_register(uint64_t offset) {
  uint8_t value = 0;
  const bool dlab = lcr_ & kLcrDlab;
  switch (offset) {
    case kRbrThr:
      value = dlab ? dll_ : pop_rx();
      resignal_ = !dlab;
      break;
    case kIer: value = dlab ? dlm_ : ier_; break;
    case kIirFcr: {
      const uint8_t id = interrupt_id();
      if (id == kIirThre) {
        thr_interrupt_ = false;  // reading IIR acknowledges "THR empty"
        resignal_ = true;
      }
      value = static_cast<uint8_t>(id | ((fcr_ & 1) ? kIirFifo : 0));
      break;
    }
    case kLcr: value = lcr_; break;
    case kMcr: value = mcr_; break;
    case kLsr: value = kLsrThre | kLsrTemt | (rx_ready() ? kLsrDataReady : 0); break;
    case kMsr:
      if (mcr_ & kMcrLoop) {
        // Loopback wires RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD.
        value = static_cast<uint8_t>(((mcr_ & 0x02) << 3) | ((mcr_ & 0x01) << 5) | ((mcr_ & 0x04) << 4) |
                                     ((mcr_ & 0x08) << 4));
      } else {
        value = 0xB0;  // DCD, DSR, CTS: a cable is always there
      }
      break;
    default: value = scr_; break;
  }
  return value;
}

void Uart16550::write_register(uint64_t offset, uint8_t byte) {
  const bool dlab = lcr_ & kLcrDlab;
  switch (offset) {
    case kRbrThr:
      if (dlab) {
        dll_ = byte;
      } else {
        if (mcr_ & kMcrLoop) {
          loopback_.push_back(byte);
        } else {
          console_.put(byte);
        }
        thr_interrupt_ = true;  // sent at once, so the holding register is empty again
        resignal_ = true;
      }
      break;
    case kIer:
      if (dlab) {
        dlm_ = byte;
      } else {
        // Enabling the THR interrupt while THR is empty raises it (as on QEMU and real parts);
        // disabling it forgets it, as QEMU does.
        if ((byte ^ ier_) & kIerThre) thr_interrupt_ = byte & kIerThre;
        if ((byte ^ ier_) & 0x0F) resignal_ = true;
        ier_ = byte & 0x0F;
      }
      break;
    case kIirFcr:
      fcr_ = byte & 0xC9;
      if (byte & 0x02) loopback_.clear();
      resignal_ = true;
      break;
    case kLcr: lcr_ = byte; break;
    case kMcr: mcr_ = byte & 0x1F; break;
    case kScr: scr_ = byte; break;
    default: break;  // LSR and MSR are read-only
  }
}

DeviceNode Uart16550::device_node() const {
  DeviceNode node;
  node.name = "serial";
  node.size = kSize;
  node.compatible = {"ns16550a"};
  node.irq = irq_.number();
  node.cells = {{"clock-frequency", 0x384000}};
  return node;
}

}  // namespace microvm::devices

namespace microvm::devices {

// Bytes waiting to be received live in the console's input queue, which the board saves.
void Uart16550::save(SnapshotWriter& out) {
  std::lock_guard lock(mutex_);
  for (uint8_t r : {ier_, lcr_, mcr_, scr_, fcr_, dll_, dlm_}) out.u8(r);
  out.boolean(thr_interrupt_);
  out.boolean(irq_level_);
  out.blob(std::vector<uint8_t>(loopback_.begin(), loopback_.end()));
}

void Uart16550::load(SnapshotReader& in) {
  std::lock_guard lock(mutex_);
  ier_ = in.u8() & 0x0F;
  lcr_ = in.u8();
  mcr_ = in.u8() & 0x1F;
  scr_ = in.u8();
  fcr_ = in.u8() & 0xC9;
  dll_ = in.u8();
  dlm_ = in.u8();
  thr_interrupt_ = in.boolean();
  const bool level = in.boolean();
  const auto loopback = in.blob(1 << 16);
  loopback_.assign(loopback.begin(), loopback.end());
  in.finish();
  irq_level_ = level;  // the PLIC's saved state holds the line's level
}

}  // namespace microvm::devices
