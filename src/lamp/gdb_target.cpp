#include "lamp/gdb_target.h"

#include <fmt/format.h>

namespace microvm::lamp {
namespace {

constexpr const char* kExtraNames[] = {"ip",        "flags",     "csp",      "dsp",          "isp",
                                       "call_base", "data_base", "isr_base", "in_interrupt", "irq_masked"};

bool translate(Machine& machine, unsigned core, uint32_t va, bool write, uint32_t& pa) {
  const MmuRegs* regs = machine.mmu().regs(core);
  if (!regs || !regs->enabled()) {
    pa = va;
    return true;
  }
  const Translation t =
      mmu_walk(*regs, machine.memory().host(), kRamSize, va, write ? mmu::kWrite : mmu::kRead);
  pa = t.pa;
  return t.ok;
}

uint32_t from_le(const std::vector<uint8_t>& bytes) {
  uint32_t v = 0;
  for (size_t i = 0; i < bytes.size() && i < 4; ++i) v |= uint32_t{bytes[i]} << (8 * i);
  return v;
}

}  // namespace

bool debug_read(Machine& machine, unsigned core, uint64_t address, size_t len, std::vector<uint8_t>& out) {
  out.clear();
  if (address + len > (1ull << 32)) return false;
  for (size_t i = 0; i < len; ++i) {
    uint32_t pa;
    uint8_t byte;
    if (!translate(machine, core, static_cast<uint32_t>(address + i), false, pa) ||
        !machine.memory().read8(pa, byte))
      return false;
    out.push_back(byte);
  }
  return true;
}

bool debug_write(Machine& machine, unsigned core, uint64_t address, const std::vector<uint8_t>& bytes) {
  if (address + bytes.size() > (1ull << 32)) return false;
  std::vector<uint32_t> pas;  // every byte translated before any is written
  for (size_t i = 0; i < bytes.size(); ++i) {
    uint32_t pa;
    if (!translate(machine, core, static_cast<uint32_t>(address + i), true, pa) || pa >= kRamSize)
      return false;
    pas.push_back(pa);
  }
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (!machine.memory().write8(pas[i], bytes[i])) return false;
  }
  return true;
}

const char* GdbTarget::register_name(unsigned regnum) {
  static const char* const kNames[32] = {"r0",  "r1",  "r2",  "r3",  "r4",  "r5",  "r6",  "r7",
                                         "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15",
                                         "r16", "r17", "r18", "r19", "r20", "r21", "r22", "r23",
                                         "r24", "r25", "r26", "r27", "r28", "r29", "r30", "r31"};
  if (regnum < 32) return kNames[regnum];
  if (regnum < kRegisterCount) return kExtraNames[regnum - kIp];
  return nullptr;
}

std::string GdbTarget::thread_description(unsigned thread) {
  Core& c = machine_.core(thread);
  const char* state = !c.released() ? ", waiting for STARTAP" : c.in_interrupt ? ", in an interrupt" : "";
  return fmt::format("core {}{}", thread, state);
}

std::string GdbTarget::target_xml() {
  // No <architecture>: GDB knows no Polaris. The registers are what `g` and `p` carry.
  std::string xml =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n"
      "<feature name=\"org.microvm.polaris.core\">\n";
  for (unsigned r = 0; r < kRegisterCount; ++r) {
    const char* type = r == kIp ? "code_ptr" : r == 30 ? "data_ptr" : "uint32";
    xml += fmt::format("  <reg name=\"{}\" bitsize=\"32\" type=\"{}\" regnum=\"{}\"/>\n", register_name(r),
                       type, r);
  }
  xml += "</feature>\n</target>\n";
  return xml;
}

bool GdbTarget::read_register(unsigned thread, unsigned regnum, std::vector<uint8_t>& bytes) {
  if (thread >= machine_.smp() || regnum >= kRegisterCount) return false;
  const Core& c = machine_.core(thread);
  uint32_t v = 0;
  switch (regnum) {
    case kIp: v = c.ip; break;
    case kFlags: v = c.flags; break;
    case kCsp: v = c.csp; break;
    case kDsp: v = c.dsp; break;
    case kIsp: v = c.isp; break;
    case kCallBase: v = c.call_base; break;
    case kDataBase: v = c.data_base; break;
    case kIsrBase: v = c.isr_base; break;
    case kInInterrupt: v = c.in_interrupt; break;
    case kIrqMasked: v = c.irq_masked; break;
    default: v = c.r[regnum]; break;
  }
  bytes = {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
           static_cast<uint8_t>(v >> 24)};
  return true;
}

bool GdbTarget::write_register(unsigned thread, unsigned regnum, const std::vector<uint8_t>& bytes) {
  if (thread >= machine_.smp() || regnum >= kRegisterCount || bytes.empty() || bytes.size() > 4) return false;
  Core& c = machine_.core(thread);
  const uint32_t v = from_le(bytes);
  auto base = [&](uint32_t& field, uint32_t size) {
    if (uint64_t{v} + size > kRamSize) return false;
    field = v;
    return true;
  };
  switch (regnum) {
    case kIp: c.ip = c.last_ip = v; return true;
    case kFlags: c.flags = v & 0xFF; return true;
    case kCsp:
    case kDsp:
    case kIsp:
      if (v > kStackSlots) return false;
      (regnum == kCsp ? c.csp : regnum == kDsp ? c.dsp : c.isp) = v;
      return true;
    case kCallBase: return base(c.call_base, kStackSlots * 8);
    case kDataBase: return base(c.data_base, kStackSlots * 4);
    case kIsrBase: return base(c.isr_base, kStackSlots * 8);
    case kInInterrupt: c.in_interrupt = v != 0; return true;
    case kIrqMasked: c.irq_masked = v != 0; return true;
    default: c.r[regnum] = v; return true;
  }
}

bool GdbTarget::read_memory(unsigned thread, uint64_t address, size_t len, std::vector<uint8_t>& out) {
  return thread < machine_.smp() && debug_read(machine_, thread, address, len, out);
}

bool GdbTarget::write_memory(unsigned thread, uint64_t address, const std::vector<uint8_t>& bytes) {
  return thread < machine_.smp() && debug_write(machine_, thread, address, bytes);
}

// Breakpoints (software and hardware are the same here: both are checked before each
// instruction) and watchpoints on the addresses the cores use (through their MMUs), checked by
// every data access while one is set.
bool GdbTarget::add_breakpoint(gdb::BreakKind kind, uint64_t address, uint64_t length) {
  if (address >> 32) return false;
  return debug_.add({kind, address, length});
}

bool GdbTarget::remove_breakpoint(gdb::BreakKind kind, uint64_t address, uint64_t length) {
  return debug_.remove({kind, address, length});
}

void GdbTarget::clear_breakpoints() {
  debug_.with_stopped([&] { debug_.clear(); });
}

void GdbTarget::stop() {
  gdb::StopEvent event;
  event.signal = 2;  // SIGINT
  debug_.request_stop(event);
}

std::optional<gdb::StopEvent> GdbTarget::exited() {
  const RunControl& rc = machine_.run_control();
  if (!rc.stop_requested()) return std::nullopt;
  gdb::StopEvent event;
  event.kind = gdb::StopEvent::kExited;
  event.exit_code = rc.exit_code();
  return event;
}

std::optional<gdb::StopEvent> GdbTarget::wait_stop(std::chrono::milliseconds timeout) {
  if (auto done = exited()) return done;
  auto event = debug_.wait_stopped(timeout);
  if (!event) return exited();
  return event;
}

gdb::StopEvent GdbTarget::halt() {
  if (auto done = exited()) return *done;
  if (auto event = debug_.wait_stopped(std::chrono::milliseconds(0))) return *event;
  debug_.request_stop(gdb::StopEvent{});
  for (;;) {
    if (auto event = wait_stop(std::chrono::milliseconds(100))) return *event;
  }
}

void GdbTarget::kill() { machine_.run_control().request_stop(StopReason::kUserQuit, 0, "killed by GDB"); }

}  // namespace microvm::lamp
