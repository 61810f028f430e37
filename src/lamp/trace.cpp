#include "lamp/trace.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/numbers.h"
#include "lamp/gdb_target.h"
#include "lamp/isa.h"
#include "lamp/machine.h"

namespace microvm::lamp {

namespace {

uint32_t parse_address(const std::string& text, const char* option) {
  const uint64_t value = parse_number(text, option);
  if (value >> 32) throw user_error("{}: {} is past the 32-bit address space", option, text);
  return static_cast<uint32_t>(value);
}

}  // namespace

TraceFilter parse_trace_filter(const std::string& cores, const std::string& range, const std::string& from,
                               const std::string& count, unsigned core_count) {
  TraceFilter f;
  if (!cores.empty()) {
    f.cores.assign(core_count, false);
    size_t start = 0;
    for (;;) {
      const size_t comma = cores.find(',', start);
      const std::string item =
          cores.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      const uint64_t c = parse_number(item, "--trace-cores");
      if (c >= core_count)
        throw user_error("--trace-cores: there is no core {} (the machine has {}: 0 to {})", c, core_count,
                         core_count - 1);
      f.cores[c] = true;
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  if (!range.empty()) {  // LO-HI, inclusive, or one address
    const size_t dash = range.find('-');
    f.lo = parse_address(range.substr(0, dash), "--trace-range");
    f.hi = dash == std::string::npos ? f.lo : parse_address(range.substr(dash + 1), "--trace-range");
    if (f.hi < f.lo) throw user_error("--trace-range: {} ends before it starts", range);
  }
  if (!from.empty()) f.from = parse_number(from, "--trace-from");
  if (!count.empty()) {
    f.count = parse_number(count, "--trace-count");
    if (f.count == 0) throw user_error("--trace-count: 0 would trace nothing; leave --trace out instead");
  }
  return f;
}

Tracer::Tracer(const std::string& path, TraceFilter filter)
    : out_(path == "-" ? stderr : std::fopen(path.c_str(), "w")),
      owned_(path != "-"),
      filter_(std::move(filter)) {
  if (!out_) throw user_error("--trace {}: cannot create it: {}", path, std::strerror(errno));
}

Tracer::~Tracer() {
  if (owned_) std::fclose(out_);
}

void Tracer::instruction(Machine& machine, unsigned core, uint32_t ip) {
  std::vector<uint8_t> bytes;
  std::string text;
  if (debug_read(machine, core, ip, 8, bytes)) {
    uint64_t raw = 0;
    for (unsigned k = 0; k < 8; ++k) raw |= uint64_t{bytes[k]} << (8 * k);
    text = fmt::format("core {} ip=0x{:08x} {:016x}  {}\n", core, ip, raw, disassemble(raw, ip));
  } else {
    text = fmt::format("core {} ip=0x{:08x} (no instruction there)\n", core, ip);
  }
  std::lock_guard lock(mutex_);
  if (done()) return;  // another core used up the count meanwhile
  std::fputs(text.c_str(), out_);
  if (filter_.count && ++lines_ >= filter_.count) done_.store(true, std::memory_order_relaxed);
}

void Tracer::interrupt(unsigned core, unsigned vector, uint32_t handler) {
  const std::string text = fmt::format("core {} interrupt {} -> 0x{:08x}\n", core, vector, handler);
  std::lock_guard lock(mutex_);
  if (done()) return;
  std::fputs(text.c_str(), out_);
}

}  // namespace microvm::lamp
