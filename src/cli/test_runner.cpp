#include "cli/test_runner.h"

#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "cli/process.h"

namespace microvm::cli {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The line of `text` around position `at`, for messages.
std::string line_at(const std::string& text, size_t at) {
  const size_t begin = text.rfind('\n', at == 0 ? 0 : at - 1);
  const size_t start = begin == std::string::npos || at == 0 ? 0 : begin + 1;
  const size_t end = text.find('\n', at);
  std::string line = text.substr(start, (end == std::string::npos ? text.size() : end) - start);
  if (line.size() > 200) line = line.substr(0, 200) + "...";
  return line;
}

// The last non-empty line microvm printed (it says why it stopped: a timeout, a guest failure code).
std::string last_line(const std::string& text) {
  size_t end = text.find_last_not_of("\r\n");
  if (end == std::string::npos) return {};
  const size_t start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1,
                     end - (start == std::string::npos ? 0 : start + 1) + 1);
}

// Watches the output as it grows: expected patterns in order, forbidden ones anywhere, and the
// scripted input.
class Watcher {
 public:
  explicit Watcher(const TestCase& test) : test_(test) {}

  // Looks at the output after it grew; returns input to send now (may be empty).
  std::string update(const std::string& out, Clock::time_point now) {
    for (const Pattern& p : test_.forbid) {
      const size_t from = forbid_scanned_ > 512 ? forbid_scanned_ - 512 : 0;
      auto [at, end] = p.find(out, from);
      if (at != std::string::npos && !forbidden_) forbidden_ = {&p, at};
    }
    forbid_scanned_ = out.size();
    while (next_expect_ < test_.expect.size()) {
      auto [at, end] = test_.expect[next_expect_].find(out, expect_pos_);
      if (at == std::string::npos) break;
      expect_pos_ = end;
      ++next_expect_;
    }
    std::string send;
    while (next_input_ < test_.input.size()) {
      const InputStep& step = test_.input[next_input_];
      if (!step_armed_) {
        if (!step.after.empty()) {
          const size_t at = out.find(step.after, input_pos_);
          if (at == std::string::npos) break;
          input_pos_ = at + step.after.size();
        }
        step_armed_ = true;
        armed_at_ = now;
      }
      if (std::chrono::duration<double>(now - armed_at_).count() < step.delay) break;
      send += step.send;
      step_armed_ = false;
      ++next_input_;
    }
    return send;
  }

  // Before the first output: a step with only a delay counts from the start.
  void start(Clock::time_point now) { armed_at_ = now; }
  bool forbidden() const { return forbidden_.has_value(); }
  // The line is looked up at the end: when the pattern was seen, the rest of it may not have been.
  std::string forbidden_message(const std::string& out) const {
    return fmt::format("printed the forbidden '{}': \"{}\"", forbidden_->first->text,
                       line_at(out, forbidden_->second));
  }
  bool all_expected() const { return next_expect_ == test_.expect.size(); }

  // Why the expected output is incomplete.
  std::string missing(const std::string& out) const {
    const Pattern& p = test_.expect[next_expect_];
    std::string where =
        next_expect_ == 0 ? "" : fmt::format(" after '{}'", test_.expect[next_expect_ - 1].text);
    auto [at, end] = p.find(out, 0);
    if (at != std::string::npos) {
      return fmt::format("printed '{}' out of order: it came before '{}', expected after it", p.text,
                         test_.expect[next_expect_ - 1].text);
    }
    return fmt::format("never printed '{}'{} (expected pattern {} of {})", p.text, where, next_expect_ + 1,
                       test_.expect.size());
  }

 private:
  const TestCase& test_;
  size_t next_expect_ = 0, expect_pos_ = 0, forbid_scanned_ = 0;
  size_t next_input_ = 0, input_pos_ = 0;
  bool step_armed_ = false;
  Clock::time_point armed_at_;
  std::optional<std::pair<const Pattern*, size_t>> forbidden_;
};

}  // namespace

std::vector<std::string> test_command_line(const TestRun& run, const std::filesystem::path& exe) {
  const TestCase& t = *run.test;
  std::vector<std::string> argv = {exe.string()};
  if (t.machine == "lamp") {
    argv.insert(argv.end(),
                {"lamp", "--headless", "--bin", t.kernel.string(), "--smp", std::to_string(run.cpus)});
  } else {
    argv.insert(argv.end(), {"run", "--kernel", t.kernel.string(), "--cpus", std::to_string(run.cpus)});
    if (!t.bios.empty()) argv.insert(argv.end(), {"--bios", t.bios});
    if (!t.memory.empty()) argv.insert(argv.end(), {"--memory", t.memory});
  }
  argv.insert(argv.end(), t.args.begin(), t.args.end());
  return argv;
}

TestResult run_test(const TestRun& run, const std::filesystem::path& exe) {
  const TestCase& t = *run.test;
  TestResult r;
  const Clock::time_point start = Clock::now();
  Child child(test_command_line(run, exe));
  Watcher watcher(t);
  watcher.start(start);
  bool timed_out = false, stopped = false;
  std::string raw;
  for (;;) {
    const bool open = child.read_some(raw, r.log, 20);
    // A guest's console turns "\n" into "\r\n"; patterns are written with "\n".
    for (char c : raw) {
      if (c != '\r') r.output.push_back(c);
    }
    raw.clear();
    const std::string send = watcher.update(r.output, Clock::now());
    if (!send.empty()) child.write_input(send);
    if (watcher.forbidden() || (t.stop_when_done && watcher.all_expected())) {
      stopped = true;
      break;
    }
    if (!open) break;
    if (since(start) > t.timeout) {
      timed_out = true;
      break;
    }
  }
  if (stopped || timed_out) {
    // SIGTERM first: microvm then says where each hart was, which is what a hang needs.
    child.signal(SIGTERM);
    const Clock::time_point asked = Clock::now();
    while (child.read_some(raw, r.log, 20) && since(asked) < 3) {
    }
    child.signal(SIGKILL);
    for (char c : raw) {
      if (c != '\r') r.output.push_back(c);
    }
  }
  r.exit_status = child.wait();
  r.seconds = since(start);

  if (watcher.forbidden()) {
    r.failure_type = "forbidden";
    r.failure = watcher.forbidden_message(r.output);
  } else if (timed_out) {
    r.failure_type = "timeout";
    r.failure = fmt::format("timed out after {:g} s: {}", t.timeout,
                            watcher.all_expected()
                                ? fmt::format("still running (expected exit status {})", t.exit_code)
                                : watcher.missing(r.output));
  } else if (!watcher.all_expected()) {
    r.failure_type = "output";
    r.failure = watcher.missing(r.output);
  } else if (!stopped && r.exit_status != t.exit_code) {
    r.failure_type = "exit";
    r.failure = fmt::format("exit status {}, expected {}", r.exit_status, t.exit_code);
    if (const std::string why = last_line(r.log); !why.empty()) r.failure += fmt::format(" ({})", why);
  }
  return r;
}

}  // namespace microvm::cli
