#pragma once

#include <cstdint>
#include <string>

namespace microvm {

// Parses a non-negative integer written in decimal or with a 0x/0b/0o prefix (underscores allowed
// as separators, as in 0x8000_0000). A bad number is a UserError naming the option.
uint64_t parse_number(const std::string& text, const std::string& option);

}  // namespace microvm
