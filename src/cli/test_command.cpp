#include "cli/test_command.h"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <mutex>
#include <thread>

#include "cli/junit.h"
#include "cli/project.h"
#include "core/error.h"
#include "core/numbers.h"

namespace microvm::cli {
namespace {

struct TestOptions {
  std::vector<std::string> specs;
  std::string junit;
  std::string jobs = "1";
  std::string cpus;
  std::string repeat;
  std::string timeout;
  std::string shard;
  bool verbose = false;
};

// "K/N": this machine runs every N-th run starting at the K-th (1-based), so N machines that are
// given 1/N..N/N between them run each run exactly once, whatever order they finish in.
struct Shard {
  uint64_t index = 0;  // 0-based
  uint64_t count = 1;
};

Shard parse_shard(const std::string& text) {
  const size_t slash = text.find('/');
  if (slash == std::string::npos) throw user_error("--shard {}: give K/N, e.g. 2/4", text);
  const uint64_t k = parse_number(text.substr(0, slash), "--shard");
  const uint64_t n = parse_number(text.substr(slash + 1), "--shard");
  if (n < 1 || n > 10000 || k < 1 || k > n)
    throw user_error("--shard {}: K must be 1 to N, N 1 to 10000", text);
  return {k - 1, n};
}

std::vector<unsigned> parse_cpu_list(const std::string& text) {
  std::vector<unsigned> cpus;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const uint64_t n = parse_number(text.substr(start, comma - start), "--cpus");
    if (n < 1 || n > 64) throw user_error("--cpus {}: each count must be 1 to 64", text);
    cpus.push_back(static_cast<unsigned>(n));
    start = comma + 1;
  }
  return cpus;
}

// The last lines of a console, indented, for a failure report.
std::string tail_lines(const std::string& text, size_t lines) {
  size_t at = text.size();
  for (size_t n = 0; n <= lines && at > 0; ++n) {
    at = text.rfind('\n', at - 1);
    if (at == std::string::npos) {
      at = 0;
      break;
    }
  }
  std::string out;
  size_t start = at == 0 ? 0 : at + 1;
  while (start < text.size()) {
    size_t end = std::min(text.find('\n', start), text.size());
    out += "      | " + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

int test(const TestOptions& o) {
  SpecOverrides overrides;
  if (!o.cpus.empty()) overrides.cpus = parse_cpu_list(o.cpus);
  if (!o.repeat.empty()) {
    overrides.repeat = static_cast<unsigned>(parse_number(o.repeat, "--repeat"));
    if (overrides.repeat < 1 || overrides.repeat > 10000) throw user_error("--repeat must be 1 to 10000");
  }
  if (!o.timeout.empty()) {
    overrides.timeout = static_cast<double>(parse_number(o.timeout, "--timeout"));
    if (overrides.timeout < 1) throw user_error("--timeout must be at least 1 second");
  }
  const Shard shard = o.shard.empty() ? Shard{} : parse_shard(o.shard);
  const uint64_t jobs = parse_number(o.jobs, "-j");
  if (jobs < 1 || jobs > 64) throw user_error("-j {}: give 1 to 64 kernels at a time", o.jobs);

  std::vector<std::unique_ptr<std::vector<TestCase>>> specs;
  std::vector<TestRun> runs;
  for (const std::string& file : o.specs) {
    specs.push_back(std::make_unique<std::vector<TestCase>>(load_test_spec(file, overrides)));
    for (const TestCase& c : *specs.back()) {
      if (!fs::is_regular_file(c.kernel))
        throw user_error("{}: test '{}': kernel {} does not exist (build it first: microvm build)", file,
                         c.name, c.kernel.string());
    }
    for (TestRun& r : expand_runs(*specs.back())) runs.push_back(r);
  }
  if (shard.count > 1) {
    std::vector<TestRun> mine;
    for (size_t i = shard.index; i < runs.size(); i += shard.count) mine.push_back(runs[i]);
    fmt::print("shard {}/{}: {} of {} runs\n", shard.index + 1, shard.count, mine.size(), runs.size());
    runs = std::move(mine);
  }

  // A kernel may exit while its input is on the way; that must not end this process.
  signal(SIGPIPE, SIG_IGN);
  const fs::path exe = executable_path();
  const auto start = std::chrono::steady_clock::now();
  std::vector<FinishedRun> finished(runs.size());
  std::atomic<size_t> next{0};
  std::mutex print_lock;
  // On a terminal, one line at the bottom says how far the run is; results print above it. Piped
  // output gets the result lines only, so logs and CI stay plain.
  const bool terminal = isatty(STDOUT_FILENO) != 0;
  size_t done = 0, failures = 0;
  auto progress = [&] {
    if (terminal && done < runs.size()) {
      fmt::print("\r\x1b[K[{}/{}] {} failed, {} running", done, runs.size(), failures,
                 std::min<size_t>(jobs, runs.size() - done));
    }
  };
  progress();
  std::fflush(stdout);
  auto worker = [&] {
    for (size_t i = next++; i < runs.size(); i = next++) {
      TestResult result;
      try {
        result = run_test(runs[i], exe);
      } catch (const std::exception& e) {  // the kernel could not even start: this run fails, not microvm
        result.failure_type = "error";
        result.failure = e.what();
      }
      std::lock_guard<std::mutex> lock(print_lock);
      const TestCase& t = *runs[i].test;
      if (terminal) fmt::print("\r\x1b[K");
      ++done;
      failures += result.passed() ? 0 : 1;
      fmt::print("{}  {} / {} ({:.1f} s){}\n", result.passed() ? "PASS" : "FAIL", t.suite,
                 runs[i].display_name, result.seconds, result.passed() ? "" : ": " + result.failure);
      if (!result.passed() || o.verbose) {
        fmt::print("      console (last lines):\n{}", tail_lines(result.output, o.verbose ? 1000 : 8));
      }
      progress();
      std::fflush(stdout);
      finished[i] = {&runs[i], std::move(result)};
    }
  };
  std::vector<std::thread> workers;
  for (uint64_t k = 0; k < std::min<uint64_t>(jobs, runs.size()); ++k) workers.emplace_back(worker);
  for (std::thread& w : workers) w.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  size_t failed = 0;
  for (const FinishedRun& f : finished) failed += f.result.passed() ? 0 : 1;
  fmt::print("{} test{}, {} passed, {} failed ({:.1f} s)\n", runs.size(), runs.size() == 1 ? "" : "s",
             runs.size() - failed, failed, seconds);
  if (!o.junit.empty()) {
    std::ofstream out(o.junit);
    out << junit_xml(finished, seconds);
    if (!out.flush()) throw user_error("cannot write {}", o.junit);
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace

void add_test_command(CLI::App& app, std::function<int()>& action) {
  auto o = std::make_shared<TestOptions>();
  CLI::App* cmd =
      app.add_subcommand("test", "Boot kernels and check their console output against a test spec");
  cmd->add_option("spec", o->specs, "Test spec files (TOML)")->required();
  cmd->add_option("--junit", o->junit, "Also write the results as JUnit XML to FILE");
  cmd->add_option("-j,--jobs", o->jobs, "Run N kernels at a time")->capture_default_str();
  cmd->add_option("--cpus", o->cpus, "Run every test with each of these hart counts, e.g. 1,2,4");
  cmd->add_option("--repeat", o->repeat, "Run every test N times");
  cmd->add_option("--timeout", o->timeout, "Seconds each run may take (overrides the spec)");
  cmd->add_option("--shard", o->shard,
                  "Run only shard K of N (K/N) of the runs, to split them across machines");
  cmd->add_flag("-v,--verbose", o->verbose, "Show every run's console");
  cmd->callback([o, &action] { action = [o] { return test(*o); }; });
}

}  // namespace microvm::cli
