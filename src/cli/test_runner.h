// Runs one test of `microvm test`: boots the kernel in a child microvm, feeds its console, watches
// what it prints, and judges the run.
#pragma once

#include <filesystem>
#include <string>

#include "cli/test_spec.h"

namespace microvm::cli {

struct TestResult {
  std::string failure;       // empty: passed
  std::string failure_type;  // forbidden, timeout, output, exit
  std::string output;        // what the guest printed (carriage returns dropped)
  std::string log;           // microvm's own messages (stderr)
  int exit_status = 0;
  double seconds = 0;
  bool passed() const { return failure.empty(); }
};

// The microvm command line that boots `run` (exe: this executable).
std::vector<std::string> test_command_line(const TestRun& run, const std::filesystem::path& exe);

TestResult run_test(const TestRun& run, const std::filesystem::path& exe);

}  // namespace microvm::cli
