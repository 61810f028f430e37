#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace microvm {

// Reads a whole file; a missing or unreadable file is a UserError naming it and the reason, and
// so is one larger than `max_size` (checked before reading: a wrong path to a huge file must not
// exhaust the host's memory first).
std::vector<uint8_t> read_file(const std::string& path, uint64_t max_size = UINT64_MAX);

}  // namespace microvm
