// The built-in selftests (spec §5): each builds a VM from an in-memory program, runs it headless
// until HALT, a panic or its timeout, and checks words of memory. They double as golden
// conformance vectors for the ISA's quirks.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace microvm::lamp {

struct SelftestOptions {
  // lampvm: each VM opens (creating if missing) ./disk.img, as the original's disk_init does.
  std::string disk_path;
  bool create_disk = false;
};

std::vector<std::string> selftest_names();

// Runs one selftest; true when it passed.
bool run_selftest(const std::string& name, const SelftestOptions& options);

// Runs all, prints "[selftest] <name>: PASS|FAIL" for each, returns the exit status (0 iff all pass).
int run_selftests(const SelftestOptions& options);

}  // namespace microvm::lamp
