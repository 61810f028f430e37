// A VM panic (spec §5): a fatal, guest-caused condition. It is thrown from deep inside an
// instruction (memory access, stack push) and caught by the core's run loop, which prints the
// original's report and stops the machine with exit status 1. Never a host crash.
#pragma once

#include <fmt/format.h>

#include <string>

namespace microvm::lamp {

struct GuestPanic {
  std::string message;
};

template <typename... Args>
[[noreturn]] void panic(fmt::format_string<Args...> format, Args&&... args) {
  throw GuestPanic{fmt::format(format, std::forward<Args>(args)...)};
}

}  // namespace microvm::lamp
