// The test spec `microvm test` reads: a TOML file that says which kernel to boot on which machine,
// what to type into its console, what it must print (in order), what it must never print, and how
// it must exit. Top-level keys are the defaults of every [[test]]; a file without [[test]] is one test.
#pragma once

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

namespace microvm::cli {

// A plain string matches itself anywhere in the output; "re:..." is an ECMAScript regular expression.
struct Pattern {
  std::string text;
  bool is_regex = false;
  std::regex regex;
  // The first match at or after `from`: {start, end}, or start == npos.
  std::pair<size_t, size_t> find(const std::string& output, size_t from) const;
};

struct InputStep {
  std::string after;  // wait until this appears (after the previous step's match); empty: no wait
  double delay = 0;   // then wait this many seconds
  std::string send;
};

struct TestCase {
  std::string suite;  // the spec's name
  std::string name;
  std::string machine = "riscv";  // or "lamp"
  std::filesystem::path kernel;
  std::string bios;    // riscv only; empty: microvm run's default
  std::string memory;  // MiB; empty: the default
  std::vector<unsigned> cpus = {1};
  std::vector<std::string> args;  // more `microvm run` options
  double timeout = 30;            // seconds of wall time for one run
  int exit_code = 0;
  bool stop_when_done = false;  // stop the kernel once every expected pattern appeared
  unsigned repeat = 1;
  std::vector<Pattern> expect, forbid;
  std::vector<InputStep> input;
};

// One run of a case: the matrix (cpus x repeat) expanded.
struct TestRun {
  const TestCase* test;
  unsigned cpus;
  unsigned iteration;  // 1-based
  std::string display_name;
};

struct SpecOverrides {
  std::vector<unsigned> cpus;  // empty: the spec's
  unsigned repeat = 0;         // 0: the spec's
  double timeout = 0;          // 0: the spec's
};

// Reads a spec; every mistake in it is a UserError naming the file, line and key.
std::vector<TestCase> load_test_spec(const std::filesystem::path& file, const SpecOverrides& overrides);

std::vector<TestRun> expand_runs(const std::vector<TestCase>& cases);

}  // namespace microvm::cli
