// JUnit XML, as CI systems read it: <testsuites> of <testsuite> of <testcase>, a failed case
// holding <failure message="..." type="...">, the console in <system-out>.
#pragma once

#include <string>
#include <vector>

#include "cli/test_runner.h"

namespace microvm::cli {

struct FinishedRun {
  const TestRun* run;
  TestResult result;
};

std::string junit_xml(const std::vector<FinishedRun>& runs, double total_seconds);

// Text made safe for XML: escaped, control characters and invalid UTF-8 replaced.
std::string xml_escape(const std::string& text);

}  // namespace microvm::cli
