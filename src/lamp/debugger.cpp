#include "lamp/debugger.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "lamp/core.h"
#include "lamp/isa.h"
#include "lamp/layout.h"

namespace microvm::lamp {
namespace {

bool truthy(const char* name) {
  const char* v = std::getenv(name);
  if (!v) return false;
  std::string s(v);
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s == "1" || s == "true" || s == "yes";
}

constexpr size_t kMaxBreakpoints = 256;

}  // namespace

DebugSettings debug_settings_from_environment() {
  DebugSettings s;
  s.step = truthy("VM_DEBUG_STEP") || truthy("VM_STEP");
  s.pause = truthy("VM_DEBUG_PAUSE");
  if (const char* list = std::getenv("VM_BREAKPOINTS")) {
    std::string text(list);
    for (char& c : text) {
      if (c == ',' || c == ';') c = ' ';
    }
    std::istringstream words(text);
    std::string word;
    while (words >> word && s.breakpoints.size() < kMaxBreakpoints) {
      s.breakpoints.insert(static_cast<uint32_t>(std::strtoul(word.c_str(), nullptr, 0)));
    }
  }
  return s;
}

bool Debugger::before_instruction(Core& core) {
  const bool hit = s_.step || s_.pause || s_.breakpoints.count(core.ip);
  s_.pause = false;
  if (!hit) return true;
  uint64_t raw = 0;
  if (uint64_t{core.ip} + 8 <= kRamSize) std::memcpy(&raw, host_ + core.ip, 8);
  const Insn i = decode(raw);
  fmt::print(out_, "[debug] pause at IP=0x{:08x} op={} rd={} rs1={} rs2={} imm=0x{:08x}\n", core.ip,
             op_name(i.op), i.rd, i.rs1, i.rs2, i.imm);
  fmt::print(out_,
             "[debug] commands: s (step, or empty line), c (continue), r (registers), m <addr> <len>, "
             "b <addr>, d <addr>, l (list breakpoints), q (quit)\n");
  for (;;) {
    fmt::print(out_, "(lampdbg) ");
    std::fflush(out_);
    char line[256];
    if (!std::fgets(line, sizeof line, in_)) {  // no more input: run on without stopping
      s_.step = false;
      s_.breakpoints.clear();
      return true;
    }
    std::istringstream words(line);
    std::string cmd, a, b;
    words >> cmd >> a >> b;
    const uint32_t x = static_cast<uint32_t>(std::strtoul(a.c_str(), nullptr, 0));
    if (cmd.empty() || cmd == "s") {
      s_.step = true;
      return true;
    } else if (cmd == "c") {
      s_.step = false;
      return true;
    } else if (cmd == "r") {
      dump_registers(core);
    } else if (cmd == "m") {
      dump_memory(x, b.empty() ? 64 : static_cast<uint32_t>(std::strtoul(b.c_str(), nullptr, 0)));
    } else if (cmd == "b" && !a.empty()) {
      if (s_.breakpoints.size() < kMaxBreakpoints) s_.breakpoints.insert(x);
      fmt::print(out_, "[debug] breakpoint at 0x{:08x}\n", x);
    } else if (cmd == "d" && !a.empty()) {
      s_.breakpoints.erase(x);
      fmt::print(out_, "[debug] removed breakpoint at 0x{:08x}\n", x);
    } else if (cmd == "l") {
      for (uint32_t bp : s_.breakpoints) fmt::print(out_, "[debug] breakpoint 0x{:08x}\n", bp);
    } else if (cmd == "q") {
      return false;
    } else {
      fmt::print(out_, "[debug] unknown command: {}\n", cmd);
    }
  }
}

void Debugger::dump_registers(const Core& core) {
  for (unsigned k = 0; k < 32; ++k)
    fmt::print(out_, "r{:<2}=0x{:08x}{}", k, core.r[k], k % 4 == 3 ? "\n" : " ");
  fmt::print(out_, "ip=0x{:08x} flags=0x{:02x} csp={} dsp={} isp={} in_interrupt={}\n", core.ip, core.flags,
             core.csp, core.dsp, core.isp, core.in_interrupt ? 1 : 0);
}

void Debugger::dump_memory(uint32_t address, uint32_t length) {
  // Physical RAM, read without side effects.
  for (uint32_t line = 0; line < length; line += 16) {
    std::string text = fmt::format("0x{:08x}:", address + line);
    for (uint32_t k = line; k < line + 16 && k < length; ++k) {
      const uint64_t a = uint64_t{address} + k;
      text += a < kRamSize ? fmt::format(" {:02x}", host_[a]) : " ??";
    }
    fmt::print(out_, "{}\n", text);
  }
}

}  // namespace microvm::lamp
