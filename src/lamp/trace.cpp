#include "lamp/trace.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/error.h"
#include "lamp/gdb_target.h"
#include "lamp/isa.h"
#include "lamp/machine.h"

namespace microvm::lamp {

Tracer::Tracer(const std::string& path)
    : out_(path == "-" ? stderr : std::fopen(path.c_str(), "w")), owned_(path != "-") {
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
  std::fputs(text.c_str(), out_);
}

void Tracer::interrupt(unsigned core, unsigned vector, uint32_t handler) {
  const std::string text = fmt::format("core {} interrupt {} -> 0x{:08x}\n", core, vector, handler);
  std::lock_guard lock(mutex_);
  std::fputs(text.c_str(), out_);
}

}  // namespace microvm::lamp
