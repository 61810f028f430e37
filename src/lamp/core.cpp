#include "lamp/core.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstring>
#include <mutex>

#include "lamp/intc.h"
#include "lamp/isa.h"
#include "lamp/machine.h"
#include "lamp/translator.h"

namespace microvm::lamp {
namespace {
// CPU_CTX ports (spec §3), handled per core without the port lock.
constexpr uint32_t kPortCsp = 0xF0, kPortDsp = 0xF1, kPortIrqMask = 0xF2, kPortIsp = 0xF3;
constexpr uint32_t kPortCallBase = 0xF4, kPortDataBase = 0xF5, kPortIsrBase = 0xF6;
}  // namespace

Core::Core(Machine& machine, unsigned id)
    : machine_(machine),
      mem_(machine.memory()),
      intc_(machine.intc()),
      id_(id),
      host_(machine.memory().host()),
      mmu_regs_(machine.mmu().regs(id)),
      attention_(&machine.intc().attention(id)),
      released_(id == 0) {}  // core 0 runs from the start; the APs wait for STARTAP

Core::~Core() = default;

void Core::enable_translator() { translator_ = std::make_unique<Translator>(); }

void Core::reset(uint32_t text_base, uint32_t stack_base) {
  for (uint32_t& reg : r) reg = 0;
  flags = 0;
  ip = last_ip = text_base;
  csp = dsp = isp = kStackSlots;
  call_base = stack_base + kCallStackOffset;
  data_base = stack_base + kDataStackOffset;
  isr_base = stack_base + kIsrStackOffset;
  in_interrupt = irq_masked = false;
  mmu_on_ = false;
  fetch_lo_ = fetch_span_ = 0;
  refresh_mmu();
}

void Core::refresh_mmu() {
  const bool on = mmu_regs_ && mmu_regs_->enabled();
  direct_ = !on && !watching_;
  if (on == mmu_on_) return;
  mmu_on_ = on;
  fetch_lo_ = fetch_span_ = 0;  // re-derived by the next fetch (never while translating)
  poke_self();                  // the run loop holds a copy of the fetch window
}

void Core::poke_self() { attention_->store(1, std::memory_order_release); }

void Core::start_at(uint32_t start_ip) {
  start_request_.store(start_ip, std::memory_order_relaxed);
  start_pending_.store(true, std::memory_order_release);
  released_.store(true, std::memory_order_release);
  wake();
}

void Core::wake() {
  poke_self();
  wake_count_.fetch_add(1, std::memory_order_acq_rel);
  wake_count_.notify_all();
}

// ---- memory ----

bool Core::translate(uint32_t va, unsigned access, const char* what, uint32_t& pa) {
  if (!mmu_on_) {
    pa = va;
    return true;
  }
  const Translation t = mmu_walk(*mmu_regs_, host_, kRamSize, va, access);
  if (t.ok) {
    pa = t.pa;
    return true;
  }
  Mmu& mmu = machine_.mmu();
  mmu.record_fault(id_, va, t.reason, access);
  return fault("{} page fault va: 0x{:08x} status=0x{:x} info=0x{:x} root_lo=0x{:08x}", what, va,
               mmu_regs_->fault_status, mmu_regs_->fault_info, mmu_regs_->root_lo);
}

bool Core::load32_slow(uint32_t va, uint32_t& value) {
  if (watching_) watch_access(va, 4, false);
  uint32_t pa = va, last;
  if (mmu_on_) {
    if (!translate(va, mmu::kRead, "READ32", pa)) return false;
    if ((va & 0xFFF) > 0xFFC) {
      if (!translate(va + 3, mmu::kRead, "READ32", last)) return false;
      if (last != pa + 3) {  // pages not physically contiguous: byte by byte, as the original
        value = 0;
        for (unsigned k = 0; k < 4; ++k) {
          uint32_t byte_pa;
          uint8_t byte;
          if (!translate(va + k, mmu::kRead, "READ32", byte_pa)) return false;
          if (!mem_.read8(byte_pa, byte)) return fault("READ8 out of bounds: 0x{:08x}", byte_pa);
          value |= uint32_t{byte} << (8 * k);
        }
        return true;
      }
    }
  }
  if (!mem_.read32(id_, pa, value)) return fault("READ32 out of bounds: 0x{:08x}", pa);
  return true;
}

bool Core::store32_slow(uint32_t va, uint32_t value) {
  if (watching_) watch_access(va, 4, true);
  const bool ok = [&] {
    uint32_t pa = va, last;
    if (mmu_on_) {
      if (!translate(va, mmu::kWrite, "WRITE32", pa)) return false;
      if ((va & 0xFFF) > 0xFFC) {
        if (!translate(va + 3, mmu::kWrite, "WRITE32", last)) return false;
        if (last != pa + 3) {
          for (unsigned k = 0; k < 4; ++k) {
            uint32_t byte_pa;
            if (!translate(va + k, mmu::kWrite, "WRITE32", byte_pa)) return false;
            if (!mem_.write8(byte_pa, static_cast<uint8_t>(value >> (8 * k)))) {
              return fault("WRITE8 out of bounds: 0x{:08x}", byte_pa);
            }
          }
          return true;
        }
      }
    }
    if (!mem_.write32(id_, pa, value)) return fault("WRITE32 out of bounds: 0x{:08x}", pa);
    return true;
  }();
  if (ok) refresh_mmu();  // the write may have been to this core's MMU registers
  return ok;
}

bool Core::load8_slow(uint32_t va, uint8_t& value) {
  if (watching_) watch_access(va, 1, false);
  uint32_t pa;
  if (!translate(va, mmu::kRead, "READ8", pa)) return false;
  if (!mem_.read8(pa, value)) return fault("READ8 out of bounds: 0x{:08x}", pa);
  return true;
}

bool Core::store8_slow(uint32_t va, uint8_t value) {
  if (watching_) watch_access(va, 1, true);
  uint32_t pa;
  if (!translate(va, mmu::kWrite, "WRITE8", pa)) return false;
  if (!mem_.write8(pa, value)) return fault("WRITE8 out of bounds: 0x{:08x}", pa);
  return true;
}

bool Core::load16(uint32_t va, const char* op, uint16_t& value) {
  if (va & 1) return fault("{} unaligned address: 0x{:08x}", op, va);
  uint8_t lo, hi;
  if (!load8(va, lo) || !load8(va + 1, hi)) return false;
  value = static_cast<uint16_t>(lo | hi << 8);
  return true;
}

bool Core::store16(uint32_t va, uint16_t value, const char* op) {
  if (va & 1) return fault("{} unaligned address: 0x{:08x}", op, va);
  return store8(va, static_cast<uint8_t>(value)) && store8(va + 1, static_cast<uint8_t>(value >> 8));
}

bool Core::atomic_address(uint32_t va, const char* op, uint32_t& pa) {
  if (va & 3) return fault("{} unaligned address: 0x{:08x}", op, va);
  if (watching_) {  // CAS, XADD and XCHG read and write their word; LDAR only reads, STLR only writes
    if (std::strcmp(op, "LDAR") != 0) watch_access(va, 4, true);
    if (std::strcmp(op, "STLR") != 0) watch_access(va, 4, false);
  }
  pa = va;
  if (mmu_on_) {
    uint32_t last;
    if (!translate(va, mmu::kRead | mmu::kWrite, op, pa)) return false;
    if ((va & 0xFFF) > 0xFFC) {
      if (!translate(va + 3, mmu::kRead | mmu::kWrite, op, last)) return false;
      if (last != pa + 3) return fault("{} non-contiguous mapping: 0x{:08x}", op, va);
    }
  }
  uint32_t offset;
  if (mem_.find(pa, offset)) return fault("{} does not support MMIO addr: 0x{:08x}", op, pa);
  if (uint64_t{pa} + 4 > kRamSize) return fault("{} out of bounds: 0x{:08x}", op, pa);
  return true;
}

uint32_t* Core::atomic_word(uint32_t va, const char* op) {
  uint32_t pa;
  return atomic_address(va, op, pa) ? reinterpret_cast<uint32_t*>(host_ + pa) : nullptr;
}

bool Core::fetch_slow(uint32_t va, uint64_t& raw) {
  uint32_t pa = va, offset;
  if (mmu_on_) {
    uint32_t last;
    if (!translate(va, mmu::kExec, "IFETCH", pa)) return false;
    if ((va & 0xFFF) > 0xFF8) {
      if (!translate(va + 7, mmu::kExec, "IFETCH", last)) return false;
      if (last != pa + 7) {  // straddles two pages that are not physically contiguous
        raw = 0;
        for (unsigned k = 0; k < 8; ++k) {
          uint32_t byte_pa;
          if (!translate(va + k, mmu::kExec, "IFETCH", byte_pa)) return false;
          if (mem_.find(byte_pa, offset)) return fault("IFETCH from MMIO: 0x{:08x}", byte_pa);
          if (byte_pa >= kRamSize) return fault("IFETCH out of bounds: 0x{:08x}", byte_pa);
          raw |= uint64_t{host_[byte_pa]} << (8 * k);
        }
        return true;
      }
    }
  }
  if (mem_.find(pa, offset)) return fault("IFETCH from MMIO: 0x{:08x}", pa);
  if (uint64_t{pa} + 8 > kRamSize) return fault("IFETCH out of bounds: 0x{:08x}", pa);
  uint32_t lo, hi;
  if (!mmu_on_ && mem_.plain_window(pa, lo, hi) && hi - lo >= 8) {
    fetch_lo_ = lo;
    fetch_span_ = hi - lo - 7;
  }
  raw = ram_load_insn(host_ + pa);
  return true;
}

// ---- stacks: slot indices count down from 256 (spec §2.2) ----
// A full or empty stack is a fault before the index moves; a fault in the memory access after it
// leaves the index moved, as in the original.

bool Core::push_call(uint32_t value) {
  if (csp == 0) return fault("Call stack overflow");
  --csp;
  return store64(call_base + csp * 8, value);
}

bool Core::pop_call(uint32_t& value) {
  if (csp >= kStackSlots) return fault("Call stack underflow");
  uint64_t slot;
  if (!load64(call_base + csp * 8, slot)) return false;
  value = static_cast<uint32_t>(slot);
  ++csp;
  return true;
}

bool Core::push_data(uint32_t value) {
  if (dsp == 0) return fault("Data stack overflow");
  --dsp;
  return store32(data_base + dsp * 4, value);
}

bool Core::pop_data(uint32_t& value) {
  if (dsp >= kStackSlots) return fault("Data stack underflow");
  if (!load32(data_base + dsp * 4, value)) return false;
  ++dsp;
  return true;
}

// ---- interrupts (spec §4) ----

bool Core::enter_interrupt(unsigned vector) {
  if (vector >= kVectors || in_interrupt) return false;
  uint64_t handler;
  if (!load64(kIvtBase + 8 * vector, handler)) return false;
  if (handler == ~0ull) return false;  // all-ones: no handler installed
  auto push = [this](uint32_t value) {
    if (isp == 0) return fault("Interrupt stack overflow");
    --isp;
    return store64(isr_base + isp * 8, value);
  };
  if (!push(ip) || !push(flags)) return false;
  for (unsigned k = 0; k < 32; ++k) {
    if (!push(r[k])) return false;
  }
  r[31] = vector;  // after saving: the frame keeps the interrupted r31
  ip = static_cast<uint32_t>(handler);
  in_interrupt = true;
  return true;
}

bool Core::iret() {
  if (!in_interrupt) return true;
  auto pop = [this](uint32_t& value) {
    if (isp >= kStackSlots) return fault("Interrupt stack underflow");
    uint64_t slot;
    if (!load64(isr_base + isp * 8, slot)) return false;
    value = static_cast<uint32_t>(slot);
    ++isp;
    return true;
  };
  for (int k = 31; k >= 0; --k) {
    if (!pop(r[k])) return false;
  }
  if (!pop(flags) || !pop(ip)) return false;
  in_interrupt = false;
  poke_self();  // a pending interrupt (e.g. one not yet EOI'd) may be taken now
  return true;
}

// ---- ports ----

bool Core::port_in(uint32_t p, uint32_t& value) {
  if (p >= 256) return fault("IN invalid IO address {}", static_cast<int32_t>(p));
  switch (p) {
    case kPortCsp: value = csp; break;
    case kPortDsp: value = dsp; break;
    case kPortIrqMask: value = irq_masked ? 1 : 0; break;
    case kPortIsp: value = isp; break;
    case kPortCallBase: value = call_base; break;
    case kPortDataBase: value = data_base; break;
    case kPortIsrBase: value = isr_base; break;
    default: value = machine_.io().in(p); break;
  }
  return true;
}

bool Core::port_out(uint32_t p, uint32_t v) {
  if (p >= 256) return fault("OUT invalid IO address {}", static_cast<int32_t>(p));
  // A stack base must leave room for the whole stack in RAM.
  auto set_base = [this, v](uint32_t& base, const char* what, uint32_t bytes) {
    if (uint64_t{v} + bytes > kRamSize) return fault("OUT invalid {} stack base 0x{:08x}", what, v);
    base = v;
    return true;
  };
  switch (p) {
    case kPortCsp:
      if (v <= kStackSlots) csp = v;
      return true;
    case kPortDsp:
      if (v <= kStackSlots) dsp = v;
      return true;
    case kPortIsp:
      if (v <= kStackSlots) isp = v;
      return true;
    case kPortIrqMask:
      irq_masked = v != 0;
      if (!irq_masked) poke_self();
      return true;
    case kPortCallBase: return set_base(call_base, "call", kStackSlots * 8);
    case kPortDataBase: return set_base(data_base, "data", kStackSlots * 4);
    case kPortIsrBase: return set_base(isr_base, "isr", kStackSlots * 8);
    default: machine_.io().out(p, v); return true;
  }
}

// ---- the panic report ----

void Core::report_fault() {
  // Cores that fault together report one at a time, and only the first ends the run.
  static std::mutex report_mutex;
  std::lock_guard lock(report_mutex);
  if (machine_.run_control().stop_requested()) return;
  print_panic_report(*fault_);
  machine_.panicked();
}

void Core::print_panic_report(const std::string& message) const {
  std::string out =
      fmt::format("VM panic detected. {}\n @ {} clock cycle, IP = 0x{:08x}\n", message, cycles(), ip);
  out += fmt::format("Core {} instructions around 0x{:08x}:\n", id_, last_ip);
  for (int k = -3; k <= 3; ++k) {
    const uint32_t a = last_ip + static_cast<uint32_t>(k * 8);
    if (uint64_t{a} + 8 > kRamSize) continue;
    uint64_t raw;
    std::memcpy(&raw, host_ + a, 8);
    out += fmt::format("{} 0x{:08x}: {:016x}  {}\n", k == 0 ? "=>" : "  ", a, raw, disassemble(raw, a));
  }
  out += "Creating VM dump...\n";
  for (unsigned k = 0; k < 32; ++k) {
    out += fmt::format("r{:<2} = 0x{:08x}{}", k, r[k], k % 4 == 3 ? "\n" : "   ");
  }
  out += fmt::format("flags = 0x{:02x} [{}{}{}{}]  in_interrupt = {}  irq_masked = {}\n", flags,
                     flags & kZF ? "Z" : "-", flags & kSF ? "S" : "-", flags & kCF ? "C" : "-",
                     flags & kOF ? "O" : "-", in_interrupt ? 1 : 0, irq_masked ? 1 : 0);
  out += fmt::format(
      "call stack: base 0x{:08x} csp {}  data stack: base 0x{:08x} dsp {}  isr stack: base 0x{:08x} isp {}\n",
      call_base, csp, data_base, dsp, isr_base, isp);
  std::fflush(stdout);
  std::fputs(out.c_str(), stdout);
  std::fflush(stdout);
}

}  // namespace microvm::lamp
