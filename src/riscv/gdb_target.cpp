#include "riscv/gdb_target.h"

#include <fmt/format.h>

#include "riscv/debug_memory.h"

namespace microvm::riscv {
namespace {

uint64_t from_le(const std::vector<uint8_t>& bytes) {
  uint64_t v = 0;
  for (size_t i = 0; i < bytes.size() && i < 8; ++i) v |= uint64_t{bytes[i]} << (8 * i);
  return v;
}

void to_le(uint64_t value, unsigned size, std::vector<uint8_t>& bytes) {
  bytes.resize(size);
  for (unsigned i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>(value >> (8 * i));
}

bool is_fp_csr(uint16_t number) { return number >= csr::kFflags && number <= csr::kFcsr; }

}  // namespace

std::string GdbTarget::thread_description(unsigned thread) {
  Hart& h = board_.hart(thread);
  const char* mode = h.priv == Priv::M ? "M" : h.priv == Priv::S ? "S" : "U";
  const char* state = h.halted() ? ", stopped (HSM)" : h.waiting_for_interrupt() ? ", in WFI" : "";
  return fmt::format("hart {}, {}-mode{}", thread, mode, state);
}

std::string GdbTarget::target_xml() {
  std::string xml =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n"
      "<architecture>riscv:rv64</architecture>\n<feature name=\"org.gnu.gdb.riscv.cpu\">\n";
  for (unsigned r = 0; r < 32; ++r) {
    const char* type = r == 1 ? "code_ptr" : (r == 2 || r == 3 || r == 4) ? "data_ptr" : "int";
    xml += fmt::format("  <reg name=\"{}\" bitsize=\"64\" type=\"{}\" regnum=\"{}\"/>\n",
                       Monitor::kRegisterNames[r], type, r);
  }
  xml +=
      fmt::format("  <reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"{}\"/>\n</feature>\n", kPc);
  static constexpr const char* kFprNames[32] = {"ft0", "ft1", "ft2",  "ft3",  "ft4", "ft5", "ft6",  "ft7",
                                                "fs0", "fs1", "fa0",  "fa1",  "fa2", "fa3", "fa4",  "fa5",
                                                "fa6", "fa7", "fs2",  "fs3",  "fs4", "fs5", "fs6",  "fs7",
                                                "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};
  xml += "<feature name=\"org.gnu.gdb.riscv.fpu\">\n";
  for (unsigned r = 0; r < 32; ++r)
    xml += fmt::format("  <reg name=\"{}\" bitsize=\"64\" type=\"ieee_double\" regnum=\"{}\"/>\n",
                       kFprNames[r], kFirstFpr + r);
  for (uint16_t n = csr::kFflags; n <= csr::kFcsr; ++n) {
    const char* name = n == csr::kFflags ? "fflags" : n == csr::kFrm ? "frm" : "fcsr";
    xml +=
        fmt::format("  <reg name=\"{}\" bitsize=\"32\" type=\"int\" regnum=\"{}\"/>\n", name, kFirstCsr + n);
  }
  xml += "</feature>\n<feature name=\"org.gnu.gdb.riscv.csr\">\n";
  for (const Monitor::CsrName& c : Monitor::csr_names()) {
    if (is_fp_csr(c.number)) continue;
    xml += fmt::format("  <reg name=\"{}\" bitsize=\"64\" type=\"int\" regnum=\"{}\"/>\n", c.name,
                       kFirstCsr + c.number);
  }
  xml += fmt::format(
      "</feature>\n<feature name=\"org.gnu.gdb.riscv.virtual\">\n"
      "  <reg name=\"priv\" bitsize=\"64\" type=\"int\" regnum=\"{}\"/>\n</feature>\n</target>\n",
      kPriv);
  return xml;
}

bool GdbTarget::read_register(unsigned thread, unsigned regnum, std::vector<uint8_t>& bytes) {
  if (thread >= board_.harts()) return false;
  Hart& h = board_.hart(thread);
  if (regnum < 32) {
    to_le(h.x[regnum], 8, bytes);
  } else if (regnum == kPc) {
    to_le(h.pc, 8, bytes);
  } else if (regnum >= kFirstFpr && regnum < kFirstFpr + 32) {
    to_le(h.f[regnum - kFirstFpr], 8, bytes);
  } else if (regnum == kPriv) {
    to_le(static_cast<uint64_t>(h.priv), 8, bytes);
  } else if (regnum > kFirstCsr && regnum < kPriv) {
    const auto number = static_cast<uint16_t>(regnum - kFirstCsr);
    uint64_t value;
    if (!h.debug_csr_read(number, value)) return false;
    to_le(value, is_fp_csr(number) ? 4 : 8, bytes);
  } else {
    return false;
  }
  return true;
}

bool GdbTarget::write_register(unsigned thread, unsigned regnum, const std::vector<uint8_t>& bytes) {
  if (thread >= board_.harts() || bytes.empty() || bytes.size() > 8) return false;
  Hart& h = board_.hart(thread);
  const uint64_t value = from_le(bytes);
  if (regnum < 32) {
    if (regnum != 0) h.x[regnum] = value;
  } else if (regnum == kPc) {
    h.pc = value;
  } else if (regnum >= kFirstFpr && regnum < kFirstFpr + 32) {
    h.f[regnum - kFirstFpr] = value;
  } else if (regnum == kPriv) {
    if (value != 0 && value != 1 && value != 3) return false;
    h.priv = static_cast<Priv>(value);
    h.debug_state_changed();
  } else if (regnum > kFirstCsr && regnum < kPriv) {
    return h.debug_csr_write(static_cast<uint16_t>(regnum - kFirstCsr), value);
  } else {
    return false;
  }
  return true;
}

bool GdbTarget::read_memory(unsigned thread, uint64_t address, size_t len, std::vector<uint8_t>& out) {
  if (thread >= board_.harts()) return false;
  return debug_read(board_.hart(thread), address, len, out, false);
}

bool GdbTarget::write_memory(unsigned thread, uint64_t address, const std::vector<uint8_t>& bytes) {
  if (thread >= board_.harts()) return false;
  return debug_write(board_.hart(thread), address, bytes, false);
}

bool GdbTarget::add_breakpoint(gdb::BreakKind kind, uint64_t address, uint64_t length) {
  if (!debug_.add({kind, address, length})) return false;
  if (kind != gdb::BreakKind::kSoftware && kind != gdb::BreakKind::kHardware) watchpoints_changed();
  return true;
}

bool GdbTarget::remove_breakpoint(gdb::BreakKind kind, uint64_t address, uint64_t length) {
  if (!debug_.remove({kind, address, length})) return false;
  if (kind != gdb::BreakKind::kSoftware && kind != gdb::BreakKind::kHardware) watchpoints_changed();
  return true;
}

void GdbTarget::clear_breakpoints() {
  debug_.with_stopped([&] {
    debug_.clear();
    watchpoints_changed();
  });
}

// Pages that gained or lost a watchpoint must leave (or may return to) the data TLBs.
void GdbTarget::watchpoints_changed() {
  for (unsigned h = 0; h < board_.harts(); ++h) board_.hart(h).debug_state_changed();
}

void GdbTarget::stop() {
  gdb::StopEvent event;
  event.signal = 2;  // SIGINT
  debug_.request_stop(event);
}

void GdbTarget::resume(const std::vector<gdb::ResumeAction>& actions) { debug_.resume(actions); }

std::optional<gdb::StopEvent> GdbTarget::exited() {
  const RunControl& rc = board_.run_control();
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

gdb::StopEvent GdbTarget::reverse(bool step, unsigned thread) {
  return step ? time_travel_->reverse_step(thread) : time_travel_->reverse_continue();
}

void GdbTarget::kill() { board_.run_control().request_stop(StopReason::kUserQuit, 0, "killed by GDB"); }

}  // namespace microvm::riscv
