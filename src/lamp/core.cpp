#include "lamp/core.h"

#include <fmt/format.h>

#include <cstdio>
#include <mutex>

#include "lamp/intc.h"
#include "lamp/isa.h"
#include "lamp/machine.h"
#include "lamp/panic.h"

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
      attention_(&machine.intc().attention(id)) {}

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
  if (on == mmu_on_) return;
  mmu_on_ = on;
  fetch_lo_ = fetch_span_ = 0;  // re-derived by the next fetch (never while translating)
  poke_self();                  // the run loop holds a copy of the fetch window
}

void Core::poke_self() { attention_->store(1, std::memory_order_release); }

void Core::start_at(uint32_t start_ip) {
  start_request_.store(start_ip, std::memory_order_relaxed);
  start_pending_.store(true, std::memory_order_release);
  poke_self();
  released_.store(true, std::memory_order_release);
  released_.notify_all();
}

void Core::unpark() {
  released_.store(true, std::memory_order_release);
  released_.notify_all();
}

// ---- memory ----

uint32_t Core::translate(uint32_t va, unsigned access, const char* what) {
  if (!mmu_on_) return va;
  const Translation t = mmu_walk(*mmu_regs_, host_, kRamSize, va, access);
  if (t.ok) return t.pa;
  Mmu& mmu = machine_.mmu();
  mmu.record_fault(id_, va, t.reason, access);
  panic("{} page fault va: 0x{:08x} status=0x{:x} info=0x{:x} root_lo=0x{:08x}", what, va,
        mmu_regs_->fault_status, mmu_regs_->fault_info, mmu_regs_->root_lo);
}

uint32_t Core::load32_slow(uint32_t va) {
  if (!mmu_on_) return mem_.read32(id_, va);
  const uint32_t pa = translate(va, mmu::kRead, "READ32");
  if ((va & 0xFFF) <= 0xFFC || translate(va + 3, mmu::kRead, "READ32") == pa + 3) return mem_.read32(id_, pa);
  uint32_t v = 0;  // pages not physically contiguous: byte by byte, as the original
  for (unsigned k = 0; k < 4; ++k)
    v |= uint32_t{mem_.read8(translate(va + k, mmu::kRead, "READ32"))} << (8 * k);
  return v;
}

void Core::store32_slow(uint32_t va, uint32_t value) {
  if (!mmu_on_) {
    mem_.write32(id_, va, value);
  } else {
    const uint32_t pa = translate(va, mmu::kWrite, "WRITE32");
    if ((va & 0xFFF) <= 0xFFC || translate(va + 3, mmu::kWrite, "WRITE32") == pa + 3) {
      mem_.write32(id_, pa, value);
    } else {
      for (unsigned k = 0; k < 4; ++k) {
        mem_.write8(translate(va + k, mmu::kWrite, "WRITE32"), static_cast<uint8_t>(value >> (8 * k)));
      }
    }
  }
  refresh_mmu();  // the write may have been to this core's MMU registers
}

uint8_t Core::load8_slow(uint32_t va) { return mem_.read8(translate(va, mmu::kRead, "READ8")); }
void Core::store8_slow(uint32_t va, uint8_t value) {
  mem_.write8(translate(va, mmu::kWrite, "WRITE8"), value);
}

uint16_t Core::load16(uint32_t va, const char* op) {
  if (va & 1) panic("{} unaligned address: 0x{:08x}", op, va);
  return static_cast<uint16_t>(load8(va) | load8(va + 1) << 8);
}

void Core::store16(uint32_t va, uint16_t value, const char* op) {
  if (va & 1) panic("{} unaligned address: 0x{:08x}", op, va);
  store8(va, static_cast<uint8_t>(value));
  store8(va + 1, static_cast<uint8_t>(value >> 8));
}

uint32_t* Core::atomic_word(uint32_t va, const char* op) {
  if (va & 3) panic("{} unaligned address: 0x{:08x}", op, va);
  uint32_t pa = va;
  if (mmu_on_) {
    pa = translate(va, mmu::kRead | mmu::kWrite, op);
    if ((va & 0xFFF) > 0xFFC && translate(va + 3, mmu::kRead | mmu::kWrite, op) != pa + 3) {
      panic("{} non-contiguous mapping: 0x{:08x}", op, va);
    }
  }
  uint32_t offset;
  if (mem_.find(pa, offset)) panic("{} does not support MMIO addr: 0x{:08x}", op, pa);
  if (uint64_t{pa} + 4 > kRamSize) panic("{} out of bounds: 0x{:08x}", op, pa);
  return reinterpret_cast<uint32_t*>(host_ + pa);
}

uint64_t Core::fetch_slow(uint32_t va) {
  in_fetch_ = true;
  const uint64_t raw = fetch_checked(va);
  in_fetch_ = false;
  return raw;
}

uint64_t Core::fetch_checked(uint32_t va) {
  uint32_t pa = va;
  if (mmu_on_) {
    pa = translate(va, mmu::kExec, "IFETCH");
    if ((va & 0xFFF) > 0xFF8 && translate(va + 7, mmu::kExec, "IFETCH") != pa + 7) {
      uint64_t raw = 0;  // straddles two pages that are not physically contiguous
      for (unsigned k = 0; k < 8; ++k) {
        const uint32_t pb = translate(va + k, mmu::kExec, "IFETCH");
        uint32_t offset;
        if (mem_.find(pb, offset)) panic("IFETCH from MMIO: 0x{:08x}", pb);
        if (pb >= kRamSize) panic("IFETCH out of bounds: 0x{:08x}", pb);
        raw |= uint64_t{host_[pb]} << (8 * k);
      }
      return raw;
    }
  }
  uint32_t offset;
  if (mem_.find(pa, offset)) panic("IFETCH from MMIO: 0x{:08x}", pa);
  if (uint64_t{pa} + 8 > kRamSize) panic("IFETCH out of bounds: 0x{:08x}", pa);
  uint32_t lo, hi;
  if (!mmu_on_ && mem_.plain_window(pa, lo, hi) && hi - lo >= 8) {
    fetch_lo_ = lo;
    fetch_span_ = hi - lo - 7;
  }
  uint64_t raw;
  std::memcpy(&raw, host_ + pa, 8);
  return raw;
}

// ---- stacks: slot indices count down from 256 (spec §2.2) ----

void Core::push_call(uint32_t value) {
  if (csp == 0) panic("Call stack overflow");
  --csp;
  store64(call_base + csp * 8, value);
}

uint32_t Core::pop_call() {
  if (csp >= kStackSlots) panic("Call stack underflow");
  const uint32_t v = static_cast<uint32_t>(load64(call_base + csp * 8));
  ++csp;
  return v;
}

void Core::push_data(uint32_t value) {
  if (dsp == 0) panic("Data stack overflow");
  --dsp;
  store32(data_base + dsp * 4, value);
}

uint32_t Core::pop_data() {
  if (dsp >= kStackSlots) panic("Data stack underflow");
  const uint32_t v = load32(data_base + dsp * 4);
  ++dsp;
  return v;
}

// ---- interrupts (spec §4) ----

bool Core::enter_interrupt(unsigned vector) {
  if (vector >= kVectors || in_interrupt) return false;
  const uint64_t handler = load64(kIvtBase + 8 * vector);
  if (handler == ~0ull) return false;  // all-ones: no handler installed
  auto push = [this](uint32_t value) {
    if (isp == 0) panic("Interrupt stack overflow");
    --isp;
    store64(isr_base + isp * 8, value);
  };
  push(ip);
  push(flags);
  for (unsigned k = 0; k < 32; ++k) push(r[k]);
  r[31] = vector;  // after saving: the frame keeps the interrupted r31
  ip = static_cast<uint32_t>(handler);
  in_interrupt = true;
  return true;
}

void Core::iret() {
  if (!in_interrupt) return;
  auto pop = [this]() -> uint32_t {
    if (isp >= kStackSlots) panic("Interrupt stack underflow");
    const uint32_t v = static_cast<uint32_t>(load64(isr_base + isp * 8));
    ++isp;
    return v;
  };
  for (int k = 31; k >= 0; --k) r[k] = pop();
  flags = pop();
  ip = pop();
  in_interrupt = false;
  poke_self();  // a pending interrupt (e.g. one not yet EOI'd) may be taken now
}

// ---- ports ----

uint32_t Core::port_in(uint32_t p) {
  if (p >= 256) panic("IN invalid IO address {}", static_cast<int32_t>(p));
  switch (p) {
    case kPortCsp: return csp;
    case kPortDsp: return dsp;
    case kPortIrqMask: return irq_masked ? 1 : 0;
    case kPortIsp: return isp;
    case kPortCallBase: return call_base;
    case kPortDataBase: return data_base;
    case kPortIsrBase: return isr_base;
    default: return machine_.io().in(p);
  }
}

void Core::port_out(uint32_t p, uint32_t v) {
  if (p >= 256) panic("OUT invalid IO address {}", static_cast<int32_t>(p));
  auto base = [v](const char* what, uint32_t bytes) {
    if (uint64_t{v} + bytes > kRamSize) panic("OUT invalid {} stack base 0x{:08x}", what, v);
    return v;
  };
  switch (p) {
    case kPortCsp:
      if (v <= kStackSlots) csp = v;
      return;
    case kPortDsp:
      if (v <= kStackSlots) dsp = v;
      return;
    case kPortIsp:
      if (v <= kStackSlots) isp = v;
      return;
    case kPortIrqMask:
      irq_masked = v != 0;
      if (!irq_masked) poke_self();
      return;
    case kPortCallBase: call_base = base("call", kStackSlots * 8); return;
    case kPortDataBase: data_base = base("data", kStackSlots * 4); return;
    case kPortIsrBase: isr_base = base("isr", kStackSlots * 8); return;
    default: machine_.io().out(p, v); return;
  }
}

// ---- the panic report ----

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
