#include "riscv/trace.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "core/error.h"
#include "core/numbers.h"

namespace microvm::riscv {
namespace {

constexpr const char kModes[] = "US?M";

}  // namespace

const char* cause_name(uint64_t cause, bool interrupt) {
  if (interrupt) {
    switch (cause) {
      case irq::kSSI: return "supervisor software interrupt";
      case irq::kMSI: return "machine software interrupt";
      case irq::kSTI: return "supervisor timer interrupt";
      case irq::kMTI: return "machine timer interrupt";
      case irq::kSEI: return "supervisor external interrupt";
      case irq::kMEI: return "machine external interrupt";
      default: return "unknown interrupt";
    }
  }
  switch (cause) {
    case 0: return "instruction address misaligned";
    case 1: return "instruction access fault";
    case 2: return "illegal instruction";
    case 3: return "breakpoint";
    case 4: return "load address misaligned";
    case 5: return "load access fault";
    case 6: return "store address misaligned";
    case 7: return "store access fault";
    case 8: return "ecall from U-mode";
    case 9: return "ecall from S-mode";
    case 11: return "ecall from M-mode";
    case 12: return "instruction page fault";
    case 13: return "load page fault";
    case 15: return "store page fault";
    default: return "unknown exception";
  }
}

TraceFilter parse_trace_filter(const std::string& harts, const std::string& range, const std::string& privs,
                               const std::string& from, const std::string& count, unsigned hart_count,
                               const Symbols& symbols) {
  TraceFilter f;
  if (!harts.empty()) {
    f.harts.assign(hart_count, false);
    std::istringstream in(harts);
    std::string item;
    while (std::getline(in, item, ',')) {
      const uint64_t h = parse_number(item, "--trace-harts");
      if (h >= hart_count)
        throw user_error("--trace-harts: there is no hart {} (the machine has {}: 0 to {})", h, hart_count,
                         hart_count - 1);
      f.harts[h] = true;
    }
  }
  if (!range.empty()) {
    // LO-HI (inclusive), or one symbol: the function it names (up to the next symbol).
    const size_t dash = range.find('-');
    if (dash != std::string::npos) {
      f.lo = parse_address(range.substr(0, dash), symbols, "--trace-range");
      f.hi = parse_address(range.substr(dash + 1), symbols, "--trace-range");
      if (f.hi < f.lo) throw user_error("--trace-range: {} ends before it starts", range);
    } else {
      f.lo = parse_address(range, symbols, "--trace-range");
      const std::optional<Symbols::Hit> hit = symbols.lookup(f.lo);
      f.hi = f.lo;
      if (hit) {
        // Up to the first address the lookup no longer gives this symbol for.
        uint64_t end = f.lo;
        while (end - f.lo < (1u << 20)) {
          const std::optional<Symbols::Hit> next = symbols.lookup(end + 2);
          if (!next || next->start != hit->start) break;
          end += 2;
        }
        f.hi = end + 1;
      }
    }
  }
  if (!privs.empty()) {
    f.privs = 0;
    std::istringstream in(privs);
    std::string item;
    while (std::getline(in, item, ',')) {
      if (item == "m" || item == "M")
        f.privs |= 1u << static_cast<unsigned>(Priv::M);
      else if (item == "s" || item == "S")
        f.privs |= 1u << static_cast<unsigned>(Priv::S);
      else if (item == "u" || item == "U")
        f.privs |= 1u << static_cast<unsigned>(Priv::U);
      else
        throw user_error("--trace-priv: '{}' is not a privilege level (m, s or u, comma-separated)", item);
    }
  }
  if (!from.empty()) f.from = parse_number(from, "--trace-from");
  if (!count.empty()) {
    f.count = parse_number(count, "--trace-count");
    if (f.count == 0) throw user_error("--trace-count: 0 would trace nothing; leave --trace out instead");
  }
  return f;
}

Tracer::Tracer(std::FILE* out, TraceFilter filter, const Symbols& symbols, unsigned harts)
    : out_(out), filter_(std::move(filter)), symbols_(symbols) {
  for (unsigned h = 0; h < harts; ++h) {
    disasm_.push_back(std::make_unique<Disassembler>(DisasmOptions{}, [this](uint64_t address) {
      const std::string name = symbols_.describe(address);
      return name.empty() ? fmt::format("{:#x}", address) : fmt::format("{:x} <{}>", address, name);
    }));
  }
}

void Tracer::instruction(unsigned hart, Priv priv, uint64_t pc, std::optional<uint32_t> bits,
                         const std::string& writes) {
  std::lock_guard lock(mutex_);
  if (done_) return;
  std::string text = "?", raw = "????????";
  if (bits) {
    const unsigned len = (*bits & 3) == 3 ? 4 : 2;
    const uint8_t bytes[4] = {static_cast<uint8_t>(*bits), static_cast<uint8_t>(*bits >> 8),
                              static_cast<uint8_t>(*bits >> 16), static_cast<uint8_t>(*bits >> 24)};
    text = disasm_.at(hart)->text(std::span(bytes, len), pc);
    for (char& c : text) {
      if (c == '\t') c = ' ';
    }
    raw = len == 4 ? fmt::format("{:08x}", *bits) : fmt::format("{:04x}    ", *bits & 0xFFFF);
  }
  const std::string symbol = symbols_.describe(pc);
  const std::string where = symbol.empty() ? "" : fmt::format(" <{}>", symbol);
  std::string line =
      fmt::format("{} {} {:016x}{}: {} {}", hart, kModes[static_cast<int>(priv)], pc, where, raw, text);
  if (filter_.writes && !writes.empty()) line += fmt::format("  # {}", writes);
  line += '\n';
  put(line);
  if (filter_.count && ++lines_ >= filter_.count) {
    done_ = true;
    std::fflush(out_);
  } else if (!filter_.count) {
    ++lines_;
  }
}

void Tracer::trap(unsigned hart, uint64_t cause, bool interrupt, uint64_t epc, uint64_t tval, Priv to,
                  uint64_t target) {
  std::lock_guard lock(mutex_);
  if (done_) return;
  const std::string symbol = symbols_.describe(target);
  put(fmt::format("{} {} at {:016x}: cause {} ({}) tval={:#x} -> {}-mode {:016x}{}\n", hart,
                  interrupt ? "interrupt" : "trap", epc, cause, cause_name(cause, interrupt), tval,
                  kModes[static_cast<int>(to)], target, symbol.empty() ? "" : fmt::format(" <{}>", symbol)));
}

void Tracer::put(const std::string& line) {
  if (std::fwrite(line.data(), 1, line.size(), out_) == line.size()) return;
  const int error = errno;
  done_ = failed_ = true;
  fmt::print(stderr, "microvm: the trace stops here, the run goes on: cannot write it: {}\n",
             std::strerror(error));
}

bool Tracer::flush() {
  std::lock_guard lock(mutex_);
  if (std::fflush(out_) == 0 && !failed_) return true;
  if (!failed_) {
    done_ = failed_ = true;
    fmt::print(stderr, "microvm: the trace is incomplete: cannot write it: {}\n", std::strerror(errno));
  }
  return false;
}

}  // namespace microvm::riscv
