// A progress line for work that can take seconds: a large snapshot compressed, its disks hashed,
// one read back. On a terminal it is one line on stderr, rewritten in place, shown only once the
// work has lasted a moment and cleared when it ends; when stderr is not a terminal there is none
// (logs and pipes get the one-line result the caller prints anyway).
//
// The work reports with Progress::step() wherever it is; a caller that wants the line shown holds
// a Progress on the same thread while the work runs. Without one, step() costs a load and a test.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace microvm {

class Progress {
 public:
  // `what`: the whole job ("saving the snapshot").
  explicit Progress(std::string what);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // `stage` ("compressing RAM"): `done` of `total` units.
  static void step(std::string_view stage, uint64_t done, uint64_t total) {
    if (current_ != nullptr) current_->update(stage, done, total);
  }

 private:
  void update(std::string_view stage, uint64_t done, uint64_t total);

  static thread_local Progress* current_;
  Progress* outer_;
  std::string what_;
  bool terminal_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace microvm
