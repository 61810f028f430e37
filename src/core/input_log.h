// Record and replay of a deterministic run's input: everything that enters the machine from
// outside (console bytes, the end of stdin, network frames), each with the point at which the
// run let it in. A deterministic machine is a function of its start state and this log, so
// replaying the log from the same start reproduces the run: the same output, the same end state.
//
// The file uses the snapshot container (core/snapshot.h; docs/snapshots.md describes both).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/snapshot.h"

namespace microvm {

// Where a deterministic run is: instructions retired by all harts, and the guest clock. Both
// only grow, and the pair changes from one round of turns to the next unless the machine is idle
// with nothing to wait for (then nothing changes at all, so any of those rounds is the same).
struct RunPoint {
  uint64_t insns = 0;
  uint64_t time = 0;
  bool operator==(const RunPoint&) const = default;
  // `other` is behind this point (some part of it is already past).
  bool passed(const RunPoint& other) const {
    return !(*this == other) && (insns > other.insns || time > other.time);
  }
};

struct InputEvent {
  enum Kind : uint8_t { kConsole = 1, kConsoleEnd = 2, kNetFrame = 3 };
  // Where the run let it in: between rounds, or inside a hart waiting for console input
  // (semihosting's blocking read).
  enum Site : uint8_t { kBetweenRounds = 0, kWaitingHart = 1 };
  Kind kind = kConsole;
  Site site = kBetweenRounds;
  RunPoint at;
  std::string bytes;
};

class InputLog {
 public:
  static constexpr uint32_t kVersion = 1;
  static constexpr size_t kMaxEventBytes = 1 << 20;

  enum class Mode { kRecord, kReplay };
  Mode mode() const { return mode_; }

  static InputLog recording(std::string path);
  // Reads and checks the whole file (one UserError naming it on any problem).
  static InputLog replaying(const std::string& path);

  // The state the run starts from (a digest of the machine's snapshot): recorded, or checked.
  void start(const Sha256& state, RunPoint at, const std::string& origin);
  void add(InputEvent event) { events_.push_back(std::move(event)); }

  // Replay: the next event, when it is due at `at` and `site`; nullptr otherwise. Throws
  // UserError when the run has gone past the next event (it is not the recorded run).
  const InputEvent* due(RunPoint at, InputEvent::Site site);
  // Replay: whether the run reached the point where the recorded one was stopped from outside.
  bool at_end(RunPoint at) const { return end_external_ && at == end_; }
  bool replayed_all() const { return next_ == events_.size(); }

  // Time travel: the run goes back to `from`; what was recorded from there on is replayed,
  // then live input is recorded again (and events after `from` are kept for that).
  void rewind(RunPoint from);
  // Time travel: the replay caught up with the present; record again.
  bool caught_up() const { return rewound_ && next_ == events_.size(); }
  void go_live() { mode_ = Mode::kRecord; }
  bool rewound() const { return rewound_; }

  // Record: writes the file, with where and how the run ended and a digest of its end state.
  void finish(const Sha256& state, RunPoint at, bool stopped_from_outside);
  // Replay: checks the end against the record; returns a line saying how it matched, or throws.
  std::string check_end(const Sha256& state, RunPoint at) const;

  const std::string& path() const { return path_; }
  const std::vector<InputEvent>& events() const { return events_; }
  const std::string& origin() const { return origin_; }
  RunPoint end() const { return end_; }

 private:
  Mode mode_ = Mode::kRecord;
  std::string path_;
  std::string origin_;  // "boot" or the snapshot's path, for messages
  Sha256 start_state_{};
  RunPoint start_;
  std::vector<InputEvent> events_;
  size_t next_ = 0;
  RunPoint end_;
  bool end_external_ = false;
  Sha256 end_state_{};
  bool rewound_ = false;
};

// A digest of a machine state: the SHA-256 of its snapshot's sections.
Sha256 state_digest(const Snapshot& snapshot);

// `microvm inspect` of a record file.
void print_input_log(const Snapshot& file);

}  // namespace microvm
