#include "core/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>

namespace microvm {
namespace {

// Work shorter than this shows no line at all (MICROVM_PROGRESS_AFTER_MS changes it, for tests);
// a shown line changes at most this often.
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);

std::chrono::milliseconds show_after() {
  const char* value = std::getenv("MICROVM_PROGRESS_AFTER_MS");
  return std::chrono::milliseconds(value ? std::strtoul(value, nullptr, 10) : 400);
}

}  // namespace

thread_local Progress* Progress::current_ = nullptr;

Progress::Progress(std::string what)
    : outer_(current_),
      what_(std::move(what)),
      terminal_(isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {
  current_ = this;
}

Progress::~Progress() {
  current_ = outer_;
  if (shown_) fmt::print(stderr, "\r\033[K");
}

void Progress::update(std::string_view stage, uint64_t done, uint64_t total) {
  // The clock is read once every 256 steps: callers step once per page.
  if (!terminal_ || total == 0 || (done % 256 != 0 && done != total)) return;
  const auto now = std::chrono::steady_clock::now();
  static const std::chrono::milliseconds after = show_after();
  if (now - start_ < after || (shown_ && now - last_ < kRedrawEvery && done != total)) return;
  last_ = now;
  shown_ = true;
  fmt::print(stderr, "\r\033[Kmicrovm: {}: {} {}%", what_, stage, done * 100 / total);
  std::fflush(stderr);
}

}  // namespace microvm
