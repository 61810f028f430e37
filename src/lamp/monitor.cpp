#include "lamp/monitor.h"

#include <fmt/format.h>

#include <sstream>
#include <vector>

#include "lamp/gdb_target.h"
#include "lamp/isa.h"

namespace microvm::lamp {
namespace {

constexpr const char* kHelp =
    "help                 this list\n"
    "info cores           every core: ip, state, instructions\n"
    "info regs            the selected core's registers, flags and stacks\n"
    "core N               select core N\n"
    "x ADDR [N]           N 32-bit words at ADDR (as the selected core sees memory)\n"
    "disasm [ADDR] [N]    N instructions from ADDR (default: the selected core's ip, 8)\n"
    "stop                 stop every core\n"
    "cont                 let every core run\n"
    "step [N]             with the machine stopped: N instructions of the selected core\n"
    "savevm FILE          save a snapshot of the machine to FILE (the run goes on)\n"
    "quit                 end the run\n";

bool number(const std::string& text, uint64_t& value) {
  if (text.empty()) return false;
  try {
    size_t used = 0;
    value = std::stoull(text, &used, 0);
    return used == text.size() && text[0] != '-';
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

std::string Monitor::execute(const std::string& line) {
  std::istringstream words(line);
  std::string cmd, a, b;
  words >> cmd >> a >> b;
  uint64_t x = 0, y = 0;
  if (cmd.empty()) return "";
  if (cmd == "help") return kHelp;
  if (cmd == "info" && a == "cores") return info_cores();
  if (cmd == "info" && (a == "regs" || a == "registers")) return info_regs();
  if (cmd == "core") {
    if (!number(a, x) || x >= machine_.smp())
      return fmt::format("core: give a core from 0 to {}\n", machine_.smp() - 1);
    core_ = static_cast<unsigned>(x);
    return fmt::format("core {} selected\n", core_);
  }
  if (cmd == "x") {
    if (!number(a, x) || (!b.empty() && (!number(b, y) || y == 0 || y > 1024)))
      return "x: give ADDR and a count of words from 1 to 1024\n";
    return examine(static_cast<uint32_t>(x), b.empty() ? 4 : static_cast<unsigned>(y));
  }
  if (cmd == "disasm") {
    if ((!a.empty() && !number(a, x)) || (!b.empty() && (!number(b, y) || y == 0 || y > 1024)))
      return "disasm: give ADDR and a count from 1 to 1024\n";
    uint32_t address = static_cast<uint32_t>(x);
    if (a.empty()) debug_.with_stopped([&] { address = machine_.core(core_).ip; });
    return disasm(address, b.empty() ? 8 : static_cast<unsigned>(y));
  }
  if (cmd == "stop") return stop();
  if (cmd == "cont" || cmd == "c") return cont();
  if (cmd == "step" || cmd == "s") {
    if (!a.empty() && (!number(a, x) || x == 0 || x > 1000000))
      return "step: give a count from 1 to 1000000\n";
    return step(a.empty() ? 1 : static_cast<unsigned>(x));
  }
  if (cmd == "savevm") {
    if (a.empty() || !b.empty() || !savevm_) return "usage: savevm FILE\n";
    return savevm_(a) + "\n";
  }
  if (cmd == "quit" || cmd == "q") {
    machine_.run_control().request_stop(StopReason::kUserQuit, 0, "quit from the monitor");
    return "quit\n";
  }
  return fmt::format("unknown command: {} (try help)\n", cmd);
}

std::string Monitor::info_cores() {
  std::string out;
  debug_.with_stopped([&] {
    for (unsigned c = 0; c < machine_.smp(); ++c) {
      const Core& core = machine_.core(c);
      out += fmt::format("core {}: ip=0x{:08x} {}, {} instructions\n", c, core.ip,
                         !core.released()    ? "waiting for STARTAP"
                         : core.in_interrupt ? "in an interrupt handler"
                                             : "running",
                         core.cycles());
    }
  });
  return out;
}

std::string Monitor::info_regs() {
  std::string out;
  debug_.with_stopped([&] {
    const Core& c = machine_.core(core_);
    for (unsigned k = 0; k < 32; ++k)
      out += fmt::format("r{:<2} = 0x{:08x}{}", k, c.r[k], k % 4 == 3 ? "\n" : "   ");
    out +=
        fmt::format("ip = 0x{:08x}  flags = 0x{:02x} [{}{}{}{}]  in_interrupt = {}  irq_masked = {}\n", c.ip,
                    c.flags, c.flags & kZF ? "Z" : "-", c.flags & kSF ? "S" : "-", c.flags & kCF ? "C" : "-",
                    c.flags & kOF ? "O" : "-", c.in_interrupt ? 1 : 0, c.irq_masked ? 1 : 0);
    out += fmt::format("call stack 0x{:08x} csp {}  data stack 0x{:08x} dsp {}  isr stack 0x{:08x} isp {}\n",
                       c.call_base, c.csp, c.data_base, c.dsp, c.isr_base, c.isp);
  });
  return out;
}

std::string Monitor::examine(uint32_t address, unsigned words) {
  std::string out;
  for (unsigned k = 0; k < words; ++k) {
    const uint32_t at = address + 4 * k;
    std::vector<uint8_t> bytes;
    if (k % 4 == 0) out += fmt::format("{}0x{:08x}:", k ? "\n" : "", at);
    if (!debug_read(machine_, core_, at, 4, bytes)) {
      out += " ????????";
      continue;
    }
    out += fmt::format(" 0x{:08x}", bytes[0] | bytes[1] << 8 | bytes[2] << 16 | uint32_t{bytes[3]} << 24);
  }
  return out + "\n";
}

std::string Monitor::disasm(uint32_t address, unsigned count) {
  std::string out;
  for (unsigned k = 0; k < count; ++k) {
    const uint32_t at = address + 8 * k;
    std::vector<uint8_t> bytes;
    if (!debug_read(machine_, core_, at, 8, bytes)) {
      out += fmt::format("0x{:08x}: (nothing there)\n", at);
      break;
    }
    uint64_t raw = 0;
    for (unsigned i = 0; i < 8; ++i) raw |= uint64_t{bytes[i]} << (8 * i);
    out += fmt::format("0x{:08x}: {:016x}  {}\n", at, raw, disassemble(raw, at));
  }
  return out;
}

std::string Monitor::stop() {
  if (debug_.stopped()) return "already stopped\n";
  gdb::StopEvent event;
  event.signal = 2;
  debug_.request_stop(event);
  while (!debug_.wait_stopped(std::chrono::milliseconds(100))) {
    if (machine_.run_control().stop_requested()) return "the run has ended\n";
  }
  return fmt::format("stopped; core {} at ip=0x{:08x}\n", core_, machine_.core(core_).ip);
}

std::string Monitor::cont() {
  if (!debug_.stopped()) return "running\n";
  debug_.resume(std::vector<gdb::ResumeAction>(machine_.smp(), gdb::ResumeAction::kContinue));
  return "running\n";
}

std::string Monitor::step(unsigned count) {
  if (!debug_.stopped()) return "step: stop the machine first (stop)\n";
  for (unsigned k = 0; k < count; ++k) {
    std::vector<gdb::ResumeAction> actions(machine_.smp(), gdb::ResumeAction::kStay);
    actions[core_] = gdb::ResumeAction::kStep;
    debug_.resume(actions);
    while (!debug_.wait_stopped(std::chrono::milliseconds(100))) {
      if (machine_.run_control().stop_requested()) return "the run has ended\n";
    }
  }
  const Core& c = machine_.core(core_);
  std::vector<uint8_t> bytes;
  std::string text = "?";
  if (debug_read(machine_, core_, c.ip, 8, bytes)) {
    uint64_t raw = 0;
    for (unsigned i = 0; i < 8; ++i) raw |= uint64_t{bytes[i]} << (8 * i);
    text = disassemble(raw, c.ip);
  }
  return fmt::format("core {} at ip=0x{:08x}: {}\n", core_, c.ip, text);
}

}  // namespace microvm::lamp
