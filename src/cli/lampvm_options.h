// The options of `lampvm`, the original LampVM's command line (spec §5), for its man page. Its
// --help prints the original's usage text verbatim; the spec freezes these options, and a test
// checks that lampvm accepts every one the man page lists.
#pragma once

#include <array>
#include <string_view>

namespace microvm::cli {

struct LampvmOption {
  std::string_view name, value, help;
};

inline constexpr std::array kLampvmOptions = {
    LampvmOption{"--bin", "FILE", "the LampVM binary to boot (default boot.bin)"},
    LampvmOption{"--smp", "N", "number of cores, 1 to 64, strict decimal (default 1)"},
    LampvmOption{"--selftest", "", "run the built-in self-tests and exit"},
    LampvmOption{"--help", "", "print the usage and exit"},
};

}  // namespace microvm::cli
