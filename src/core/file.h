#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace microvm {

// Reads a whole file; a missing or unreadable file is a UserError naming it and the reason.
std::vector<uint8_t> read_file(const std::string& path);

}  // namespace microvm
